// The "Clerk: protection map" view in the Explorer, on workspaces/protection-map: a middleware that
// protects '/dashboard(.*)' through createRouteMatcher, a dashboard page that relies on it, an API route
// with its own check, one without, a static home page and a Server Function. The tests read the tree
// through the provider the view itself uses (the extension's API), after opening the view.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import {
  EXTENSION_ID, MapNode, PROTECTION_MAP_VIEW, extensionApi, extensionLogErrors, mapNodeAt, mapResources, showProtectionMap, sleep, waitFor,
  waitForExtensionActive, workspaceUri,
} from '../util';

const EXPECTED = [
  '/ page no-work',
  '/api/notes GET own-check',
  '/api/notes POST own-check',
  '/api/open POST unguarded',
  '/dashboard page middleware-only',
  'actions.ts renameNote unguarded',
];

function icon(item: vscode.TreeItem): string | undefined {
  return item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : undefined;
}

function tooltip(item: vscode.TreeItem): string {
  return typeof item.tooltip === 'string' ? item.tooltip : item.tooltip?.value ?? '';
}

describe('protection map view', () => {
  it('is contributed to the Explorer, and nothing is computed before it is shown', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed`);
    const views = extension.packageJSON.contributes.views.explorer as { id: string; name: string; when?: string }[];
    assert.deepStrictEqual(views.map((v) => [v.id, v.name]), [[PROTECTION_MAP_VIEW, 'Clerk: protection map']]);
    const menus = extension.packageJSON.contributes.menus['view/title'] as { command: string; when: string }[];
    assert.ok(menus.some((m) => m.command === 'clerkRouteGuard.refreshProtectionMap' && m.when === `view == ${PROTECTION_MAP_VIEW}`));
    await waitForExtensionActive();
    const map = (await extensionApi()).protectionMap;
    assert.ok(map.treeView, 'no tree view');
    assert.strictEqual(map.treeView.visible, false, 'the view starts collapsed');
    assert.strictEqual(map.computations, 0, 'the map was computed before the view was shown');
    await showProtectionMap();
    await waitFor(() => map.computations > 0, 20_000, 'the map to be computed once the view is shown');
  });

  it('is the URL tree, each resource with its state; Server Functions under their own node, by file', async function () {
    this.timeout(60_000);
    const map = await showProtectionMap();
    const roots = await map.getChildren();
    assert.deepStrictEqual(roots.map((n) => [n.kind, n.label]), [['segment', '/'], ['server-functions', 'Server Functions']]);
    assert.deepStrictEqual(mapResources(roots), EXPECTED);
    assert.deepStrictEqual(mapNodeAt(roots, '/').children.map((n) => n.label), ['page', 'api', 'dashboard']);
    assert.deepStrictEqual(mapNodeAt(roots, '/', 'api').children.map((n) => n.label), ['notes', 'open']);
    assert.deepStrictEqual(mapNodeAt(roots, '/', 'api', 'notes').children.map((n) => [n.label, n.description]), [['GET', 'own check'], ['POST', 'own check']]);
    assert.deepStrictEqual(mapNodeAt(roots, 'Server Functions').children.map((n) => n.label), ['app/notes/actions.ts']);
    assert.deepStrictEqual(mapNodeAt(roots, 'Server Functions', 'app/notes/actions.ts', 'renameNote').description, 'unguarded');

    // Tree items: an icon per state, the file and the middleware's decision in the tooltip.
    const items = (labels: string[]) => map.getTreeItem(mapNodeAt(roots, ...labels));
    assert.strictEqual(icon(items(['/', 'api', 'open', 'POST'])), 'error');
    assert.strictEqual(icon(items(['/', 'dashboard', 'page'])), 'warning');
    assert.strictEqual(icon(items(['/', 'api', 'notes', 'GET'])), 'pass');
    assert.strictEqual(icon(items(['/', 'page'])), 'circle-outline');
    const dashboard = tooltip(items(['/', 'dashboard', 'page']));
    for (const part of ['`page /dashboard`', 'middleware only', '`app/dashboard/page.tsx:4`', 'Only the middleware stops signed-out requests', '`middleware.ts:6`', '`isProtectedRoute`']) {
      assert.ok(dashboard.includes(part), `${JSON.stringify(part)} not in the tooltip:\n${dashboard}`);
    }
    const open = tooltip(items(['/', 'api', 'open', 'POST']));
    assert.ok(open.includes('`app/api/open/route.ts:3`') && open.includes('does not stop signed-out requests'), open);
  });

  it("a folder's description counts the states below it, most severe first", async () => {
    const map = await showProtectionMap();
    const roots = await map.getChildren();
    const description = (...labels: string[]) => mapNodeAt(roots, ...labels).description;
    assert.strictEqual(description('/'), '1 unguarded · 1 middleware only · 2 own check · 1 no protected work');
    assert.strictEqual(description('/', 'api'), '1 unguarded · 2 own check');
    assert.strictEqual(description('/', 'api', 'notes'), '2 own check');
    assert.strictEqual(description('/', 'dashboard'), '1 middleware only');
    assert.strictEqual(description('Server Functions'), '1 unguarded');
    assert.strictEqual(map.getTreeItem(mapNodeAt(roots, '/', 'api', 'notes')).collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    assert.strictEqual(map.getTreeItem(mapNodeAt(roots, '/', 'api', 'open')).collapsibleState, vscode.TreeItemCollapsibleState.Expanded);
  });

  it("clicking a resource opens its file at the resource's line", async () => {
    const map = await showProtectionMap();
    const item = map.getTreeItem(mapNodeAt(await map.getChildren(), '/', 'dashboard', 'page'));
    assert.ok(item.command, 'no command on the leaf');
    await vscode.commands.executeCommand(item.command.command, ...(item.command.arguments ?? []));
    const editor = await waitFor(() => {
      const active = vscode.window.activeTextEditor;
      return active?.document.uri.fsPath === workspaceUri('app/dashboard/page.tsx').fsPath ? active : undefined;
    }, 10_000, 'app/dashboard/page.tsx to open');
    assert.strictEqual(editor.selection.active.line, 3);
    assert.ok(editor.document.lineAt(3).text.includes('DashboardPage'));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('refreshes after a saved edit: the route that gains a check becomes own-check', async function () {
    this.timeout(60_000);
    const map = await showProtectionMap();
    const before = await map.getChildren();
    assert.strictEqual(mapNodeAt(before, '/', 'api', 'open', 'POST').resource?.state, 'unguarded');
    let refreshes = 0;
    const subscription = map.onDidChangeTreeData(() => refreshes++);
    try {
      const uri = workspaceUri('app/api/open/route.ts');
      const text = fs.readFileSync(uri.fsPath, 'utf8');
      const line = text.split('\n').findIndex((l) => l.includes('await req.json()'));
      assert.ok(line > 0, 'fixture changed');
      const edit = new vscode.WorkspaceEdit();
      edit.insert(uri, new vscode.Position(0, 0), "import { auth } from '@clerk/nextjs/server';\n");
      edit.insert(uri, new vscode.Position(line, 0), '  const { userId } = await auth();\n  if (!userId) return new Response(null, { status: 401 });\n');
      assert.ok(await vscode.workspace.applyEdit(edit), 'the edit was not applied');
      assert.ok(await (await vscode.workspace.openTextDocument(uri)).save(), 'not saved');
      assert.ok(fs.readFileSync(uri.fsPath, 'utf8').includes('if (!userId)'), 'the file on disk has no check');

      await waitFor(() => refreshes > 0, 15_000, 'the view to be told to refresh');
      const after = await waitFor(async () => {
        const roots = await map.getChildren();
        return mapNodeAt(roots, '/', 'api', 'open', 'POST').resource?.state === 'own-check' ? roots : undefined;
      }, 15_000, 'POST /api/open to become own-check');
      assert.deepStrictEqual(mapResources(after), EXPECTED.map((e) => (e.startsWith('/api/open') ? '/api/open POST own-check' : e)));
      assert.strictEqual(mapNodeAt(after, '/').description, '1 middleware only · 3 own check · 1 no protected work');
      assert.strictEqual(mapNodeAt(after, '/', 'api').description, '3 own check');
      assert.strictEqual(map.getTreeItem(mapNodeAt(after, '/', 'api', 'open', 'POST')).description, 'own check');

      // The Refresh button recomputes too.
      const computed = new Promise<readonly MapNode[]>((resolve) => {
        const once = map.onDidCompute((roots) => {
          once.dispose();
          resolve(roots);
        });
      });
      const seen = refreshes;
      await vscode.commands.executeCommand('clerkRouteGuard.refreshProtectionMap');
      assert.ok(refreshes > seen, 'Refresh did not refresh the view');
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the view did not ask for the map again after Refresh')), 15_000));
      assert.deepStrictEqual(mapResources(await Promise.race([computed, timeout])), mapResources(after));
    } finally {
      subscription.dispose();
    }
    assert.deepStrictEqual(extensionLogErrors(), [], 'the extension logged errors');
  });

  it('while the view is hidden, a change waits for it: the map is computed again when it is shown', async function () {
    this.timeout(60_000);
    const map = await showProtectionMap();
    await vscode.commands.executeCommand('workbench.view.search');
    await waitFor(() => map.treeView?.visible === false, 10_000, 'the protection map view to be hidden');
    await sleep(500); // a refresh already on its way lands while hidden
    const computations = map.computations;

    // Take the check out of POST /api/open again.
    const uri = workspaceUri('app/api/open/route.ts');
    const document = await vscode.workspace.openTextDocument(uri);
    const start = document.getText().indexOf('  const { userId }');
    const end = document.getText().indexOf('  const { title }');
    assert.ok(start > 0 && end > start, 'the check is not in the file');
    const edit = new vscode.WorkspaceEdit();
    edit.delete(uri, new vscode.Range(document.positionAt(start), document.positionAt(end)));
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await document.save());
    await sleep(1_500);
    assert.strictEqual(map.computations, computations, 'the map was computed while its view was hidden');

    await showProtectionMap();
    const roots = await waitFor(async () => {
      if (map.computations === computations) return undefined; // wait for the view's own refresh
      const current = await map.getChildren();
      return mapNodeAt(current, '/', 'api', 'open', 'POST').resource?.state === 'unguarded' ? current : undefined;
    }, 15_000, 'the shown view to recompute the map, POST /api/open unguarded again');
    assert.deepStrictEqual(mapResources(roots), EXPECTED);
    assert.deepStrictEqual(extensionLogErrors(), [], 'the extension logged errors');
  });
});
