// "Move protection into the resources" on the route-matcher-protection finding of workspaces/protection-map:
// the action is offered on the createRouteMatcher call, its plan is computed when it is chosen (resolved),
// one labelled change per file for the refactor preview, and once applied the dashboard page checks
// for itself and the middleware is `clerkMiddleware()`. Runs after map.test.ts (it changes the workspace).
import * as assert from 'assert';
import * as vscode from 'vscode';
import { analyzedDiagnostics, openDocument, ruleOf, sleep, waitFor, workspaceUri } from '../util';

const TITLE = 'Move protection into the resources';

async function resolvedActions(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      // The fourth argument asks VS Code to resolve the actions (resolveCodeAction computes the plan).
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, undefined, 10);
      return actions ?? [];
    } catch (error) {
      if (attempt >= 5) throw error;
      await sleep(200 * attempt);
    }
  }
}

describe('Move protection into the resources', () => {
  it('is offered on the createRouteMatcher finding and moves the check into the dashboard page', async function () {
    this.timeout(60_000);
    const middleware = workspaceUri('middleware.ts');
    await openDocument('middleware.ts');
    const diagnostics = await analyzedDiagnostics(middleware);
    const finding = diagnostics.find((d) => ruleOf(d) === 'route-matcher-protection');
    assert.ok(finding, `no route-matcher-protection finding: ${diagnostics.map((d) => d.message).join('\n')}`);
    assert.match(finding.message, /1 resource relies on this matcher for protection; 1 of them has no check of its own/);

    const actions = await resolvedActions(middleware, finding.range);
    const move = actions.find((a) => a.title === TITLE);
    assert.ok(move?.edit, `offered: ${actions.map((a) => a.title).join(', ')}`);
    const entries = move.edit.entries();
    const byFile = new Map(entries.map(([uri, edits]) => [vscode.workspace.asRelativePath(uri), edits]));
    assert.deepStrictEqual([...byFile.keys()].sort(), ['app/dashboard/page.tsx', 'middleware.ts']);
    // One whole-file change per file (each labelled for the refactor preview).
    for (const [file, edits] of byFile) assert.strictEqual(edits.length, 1, file);
    const page = byFile.get('app/dashboard/page.tsx')![0].newText;
    assert.match(page, /import \{ auth \} from '@clerk\/nextjs\/server';/);
    assert.match(page, /export default async function DashboardPage\(\) \{\n  await auth\.protect\(\);/);
    assert.match(byFile.get('middleware.ts')![0].newText, /export default clerkMiddleware\(\);/);
    assert.doesNotMatch(byFile.get('middleware.ts')![0].newText, /createRouteMatcher/);

    // The action's edit asks for the refactor preview; a test applies the same changes without it.
    const plain = new vscode.WorkspaceEdit();
    for (const [uri, edits] of entries) for (const e of edits) plain.replace(uri, e.range, e.newText);
    assert.ok(await vscode.workspace.applyEdit(plain));
    await vscode.workspace.saveAll(false);

    const pageUri = workspaceUri('app/dashboard/page.tsx');
    await openDocument('app/dashboard/page.tsx');
    await waitFor(async () => (await analyzedDiagnostics(pageUri)).every((d) => ruleOf(d) !== 'missing-auth-guard'), 20_000, 'the dashboard page to check for itself');
    await openDocument('middleware.ts');
    await waitFor(async () => (await analyzedDiagnostics(middleware)).every((d) => ruleOf(d) !== 'route-matcher-protection'), 20_000, 'the finding to go once the middleware is reduced');
  });
});

describe('the command "Move protection from the middleware into the resources"', () => {
  it('is registered, and after the migration above finds nothing left to move (no edit, no preview)', async function () {
    this.timeout(30_000);
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('clerkRouteGuard.moveProtectionIntoResources'));
    const before = (await vscode.workspace.openTextDocument(workspaceUri('middleware.ts'))).getText();
    const applied = await vscode.commands.executeCommand<boolean>('clerkRouteGuard.moveProtectionIntoResources');
    assert.strictEqual(applied, false);
    assert.strictEqual((await vscode.workspace.openTextDocument(workspaceUri('middleware.ts'))).getText(), before);
  });
});
