// The protection map of the routes workspace, which holds three apps (app/, migrate/app/, typed/app/):
// one URL tree per app, and exactly the resources and states the core's buildProtectionMap gives for
// the files the checker reads (the view arranges, it does not judge). Sorts last: once shown, the view
// would recompute after every edit of the other tests.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { MapNode, checkedFilesOnDisk, extensionCore, extensionLogErrors, mapNodeAt, showProtectionMap, workspaceRoot } from '../util';

interface Mapped {
  fileName: string;
  kind: string;
  name: string;
  url?: string;
  state: string;
}

function key(root: string, r: Mapped): string {
  return `${path.relative(root, r.fileName).split(path.sep).join('/')} ${r.kind} ${r.name} ${r.url ?? '-'} ${r.state}`;
}

function leaves(nodes: readonly MapNode[]): Mapped[] {
  return nodes.flatMap((n) => (n.resource ? [n.resource] : leaves(n.children)));
}

describe('protection map (routes workspace)', () => {
  it("has one URL tree per app folder, holding exactly the core's map of the checked files", async function () {
    this.timeout(90_000);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const map = await showProtectionMap();
    const roots = await map.getChildren();
    assert.deepStrictEqual(roots.map((n) => [n.kind, n.label]),
      [['app', 'app'], ['app', 'migrate/app'], ['app', 'typed/app'], ['server-functions', 'Server Functions']]);
    for (const app of roots.filter((n) => n.kind === 'app')) assert.deepStrictEqual(app.children.map((c) => c.label), ['/'], app.label);
    // Route groups leave the URL: typed/app/(app)/layout.tsx is the layout of `/`.
    assert.deepStrictEqual(mapNodeAt(roots, 'typed/app', '/').children.filter((n) => n.kind === 'resource').map((n) => n.label), ['layout']);
    // A page's inline action is a Server Function of that file.
    assert.ok(mapNodeAt(roots, 'Server Functions').children.some((n) => n.label === 'typed/app/notes/page.tsx'));

    const core = extensionCore() as unknown as { Analyzer: new () => object; buildProtectionMap(analyzer: object, files: string[]): Mapped[] };
    const root = workspaceRoot().fsPath;
    const expected = core.buildProtectionMap(new core.Analyzer(), checkedFilesOnDisk(root)).map((r) => key(root, r));
    assert.ok(expected.length >= 15, `the core maps ${expected.length} resources`);
    assert.deepStrictEqual(leaves(roots).map((r) => key(root, r)).sort(), expected.sort());
    assert.deepStrictEqual(extensionLogErrors(), [], 'the extension logged errors');
  });
});
