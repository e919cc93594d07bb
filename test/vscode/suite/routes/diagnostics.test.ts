// Diagnostics in the real extension host: they appear on unguarded handlers only, follow edits of the
// route and of helper files (in editors and on disk), go away when the document closes, and always
// end up matching the final text.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import {
  analyzedDiagnostics, clerkDiagnostics, extensionLogErrors, findingKeys, freshFindings, getDiagnosticsFor, openDocument,
  revertActiveEditor, ruleOf, sleep, waitFor, workspaceUri,
} from '../util';

const ORDERS = 'app/api/orders/route.ts';
const GUARD_IMPORT = "import { auth } from '@clerk/nextjs/server';\n";
const GUARD_LINES = "  const { userId } = await auth();\n  if (!userId) return new Response('Unauthorized', { status: 401 });\n";

/** The range of the first `export async function <name>` name in the text. */
function handlerNameRange(document: vscode.TextDocument, name: string): vscode.Range {
  const at = document.getText().indexOf(`function ${name}(`);
  assert.ok(at >= 0, `no handler ${name} in ${document.uri.path}`);
  const start = at + 'function '.length;
  return new vscode.Range(document.positionAt(start), document.positionAt(start + name.length));
}

const one = (rule: string) => (d: vscode.Diagnostic[]) => d.length === 1 && ruleOf(d[0]) === rule;
const none = (d: vscode.Diagnostic[]) => d.length === 0;

/** Adds the Clerk check to the first handler (import on top, check as the handler's first lines). */
async function addGuard(editor: vscode.TextEditor): Promise<void> {
  const document = editor.document;
  const body = document.getText().indexOf('{\n', document.getText().indexOf('export async function')) + 2;
  const ok = await editor.edit((edit) => {
    edit.insert(new vscode.Position(0, 0), GUARD_IMPORT);
    edit.insert(document.positionAt(body), GUARD_LINES);
  });
  assert.ok(ok, 'edit refused');
}

async function removeGuard(editor: vscode.TextEditor): Promise<void> {
  const document = editor.document;
  const text = document.getText();
  const ranges = [GUARD_IMPORT, GUARD_LINES].map((part) => {
    const at = text.indexOf(part);
    assert.ok(at >= 0, `guard text not found: ${part}`);
    return new vscode.Range(document.positionAt(at), document.positionAt(at + part.length));
  });
  assert.ok(await editor.edit((edit) => ranges.forEach((r) => edit.delete(r))), 'edit refused');
}

describe('diagnostics', () => {
  afterEach(revertActiveEditor);

  it('flags an unguarded handler on its name, with the rule, a docs link and related locations', async () => {
    const { document } = await openDocument(ORDERS);
    const [diagnostic] = await getDiagnosticsFor(document.uri, undefined, { until: one('missing-auth-guard') });
    assert.deepStrictEqual(diagnostic.range, handlerNameRange(document, 'GET'));
    assert.strictEqual(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(diagnostic.message, /^GET does its work without checking for a signed-in Clerk user/);
    const code = diagnostic.code as { value: string; target: vscode.Uri };
    assert.strictEqual(code.value, 'missing-auth-guard');
    assert.match(code.target.toString(), /\/missing-auth-guard\.md$/);
    // Where the work happens: the fetch inside lib/db.ts, reached through db.orders.list() in the route.
    const related = (diagnostic.relatedInformation ?? []).map((r) => [r.location.uri.path.split('/').slice(-2).join('/'), r.message]);
    assert.ok(related.some(([file, message]) => file === 'lib/db.ts' && /Protected work runs here.*fetch/.test(message)), JSON.stringify(related));
    assert.ok(related.some(([file, message]) => file === 'orders/route.ts' && /Reached through this call: db\.orders\.list/.test(message)), JSON.stringify(related));
  });

  it('does not flag guarded handlers (Clerk check inline, or in a helper that throws)', async () => {
    for (const relPath of ['app/api/me/route.ts', 'app/api/account/route.ts', 'app/api/profile/route.ts']) {
      const { document } = await openDocument(relPath);
      assert.deepStrictEqual(findingKeys(await analyzedDiagnostics(document.uri)), [], relPath);
    }
  });

  it('updates after an edit that adds the guard, and after one that removes it again', async () => {
    const { document, editor } = await openDocument(ORDERS);
    await getDiagnosticsFor(document.uri, undefined, { until: one('missing-auth-guard') });

    await addGuard(editor);
    assert.deepStrictEqual(findingKeys(await getDiagnosticsFor(document.uri, undefined, { until: none })), []);

    await removeGuard(editor);
    const back = await getDiagnosticsFor(document.uri, undefined, { until: one('missing-auth-guard') });
    assert.deepStrictEqual(back[0].range, handlerNameRange(document, 'GET'));
  });

  it('re-checks an open route when a helper it imports is edited in another editor (unsaved)', async () => {
    const { document: route } = await openDocument('app/api/account/route.ts');
    assert.deepStrictEqual(await analyzedDiagnostics(route.uri), []);

    // requireUser() stops throwing for signed-out callers: the route is no longer guarded.
    const { document: helper, editor } = await openDocument('lib/auth.ts');
    const line = "  if (!userId) throw new Error('Unauthorized');\n";
    const at = helper.getText().indexOf(line);
    assert.ok(at >= 0, 'lib/auth.ts changed');
    await editor.edit((edit) => edit.replace(new vscode.Range(helper.positionAt(at), helper.positionAt(at + line.length)),
      "  if (!userId) console.warn('signed out');\n"));
    const flagged = await getDiagnosticsFor(route.uri, undefined, { until: one('missing-auth-guard') });
    assert.deepStrictEqual(flagged[0].range, handlerNameRange(route, 'GET'));

    // Reverting the helper's unsaved edit restores the guard.
    await revertActiveEditor();
    assert.strictEqual(editor.document.isDirty, false);
    await getDiagnosticsFor(route.uri, undefined, { until: none });
  });

  it('re-checks an open route when proxy.ts is edited (unsaved): a matcher that leaves out /api is reported', async () => {
    const { document: route } = await openDocument('app/api/me/route.ts');
    assert.deepStrictEqual(await analyzedDiagnostics(route.uri), []);

    const { document: proxy, editor } = await openDocument('proxy.ts');
    const matcher = "'/(api|trpc)(.*)'";
    const at = proxy.getText().indexOf(matcher);
    assert.ok(at >= 0, 'proxy.ts changed');
    await editor.edit((edit) => edit.replace(new vscode.Range(proxy.positionAt(at), proxy.positionAt(at + matcher.length)), "'/trpc(.*)'"));
    // The first matcher skips paths with a dot only; make it skip /api too so nothing covers the route.
    const first = proxy.getText().indexOf('(?!_next|');
    await editor.edit((edit) => edit.insert(proxy.positionAt(first + '(?!'.length), 'api|'));
    const flagged = await getDiagnosticsFor(route.uri, undefined, { until: one('middleware-not-covering') });
    assert.match(flagged[0].message, /config\.matcher in proxy\.ts does not match \/api\/me/);

    await revertActiveEditor();
    assert.strictEqual(editor.document.isDirty, false);
    await getDiagnosticsFor(route.uri, undefined, { until: none });
  });

  it('clears the diagnostics of a document when it is closed', async () => {
    // Opened through the workbench, not workspace.openTextDocument: a document an extension opened stays
    // open in the extension host (up to minutes) after its editor closes, so no close event would come.
    const uri = workspaceUri('app/api/export/route.ts');
    await vscode.commands.executeCommand('vscode.open', uri);
    const document = await waitFor(() => vscode.window.activeTextEditor?.document.uri.toString() === uri.toString() && vscode.window.activeTextEditor.document,
      10_000, 'the editor of export/route.ts');
    await getDiagnosticsFor(uri, undefined, { until: one('missing-auth-guard') });
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await waitFor(() => document.isClosed && clerkDiagnostics(uri).length === 0, 15_000,
      () => `the closed export/route.ts to lose its diagnostics (isClosed=${document.isClosed}, diagnostics: ${clerkDiagnostics(uri).length})`);
  });

  it('follows a helper file being renamed, deleted and restored on disk (no stale diagnostics)', async () => {
    const { document: route } = await openDocument('app/api/profile/route.ts');
    assert.deepStrictEqual(await analyzedDiagnostics(route.uri), []);
    const helper = workspaceUri('lib/session.ts');
    const moved = workspaceUri('lib/session-moved.ts');
    const original = fs.readFileSync(helper.fsPath, 'utf8');
    // The diagnostics must equal a fresh analysis of what is on disk now, and be flagged or not as expected.
    const expectState = async (flagged: boolean, what: string) => {
      const diagnostics = await getDiagnosticsFor(route.uri, undefined, {
        until: (d) => (flagged ? one('missing-auth-guard')(d) : none(d)),
        timeoutMs: 15_000,
      }).catch((error: Error) => assert.fail(`${what}: ${error.message}`));
      assert.deepStrictEqual(findingKeys(diagnostics), findingKeys(freshFindings(route.uri.fsPath)), `${what}: differs from a fresh analysis`);
    };
    try {
      await vscode.workspace.fs.rename(helper, moved);
      await expectState(true, 'after renaming lib/session.ts away');
      await vscode.workspace.fs.rename(moved, helper);
      await expectState(false, 'after renaming it back');
      await vscode.workspace.fs.delete(helper);
      await expectState(true, 'after deleting lib/session.ts');
      fs.writeFileSync(helper.fsPath, original);
      await expectState(false, 'after restoring lib/session.ts');
      assert.deepStrictEqual(extensionLogErrors(), [], 'the extension logged failures');
    } finally {
      if (fs.existsSync(moved.fsPath)) fs.renameSync(moved.fsPath, helper.fsPath);
      if (!fs.existsSync(helper.fsPath)) fs.writeFileSync(helper.fsPath, original);
    }
  });

  it('ends with diagnostics that match the final text after rapid successive edits', async () => {
    const { document, editor } = await openDocument(ORDERS);
    await getDiagnosticsFor(document.uri, undefined, { until: one('missing-auth-guard') });

    // Twelve edits without waiting, ending guarded; then twelve more ending unguarded with the handler
    // moved down, so a stale answer from any intermediate text would show as a wrong set or range.
    for (let i = 0; i < 12; i++) {
      if (i % 2 === 0) await addGuard(editor);
      else await removeGuard(editor);
      await sleep(i * 7);
    }
    await addGuard(editor);
    assert.deepStrictEqual(findingKeys(await getDiagnosticsFor(document.uri, undefined, { until: none })), []);

    for (let i = 0; i < 12; i++) {
      if (i % 2 === 0) await removeGuard(editor);
      else await addGuard(editor);
      assert.ok(await editor.edit((edit) => edit.insert(new vscode.Position(1, 0), `// edit ${i}\n`)));
      await sleep(i * 7);
    }
    await removeGuard(editor);
    const final = await getDiagnosticsFor(document.uri, undefined, { until: one('missing-auth-guard') });
    assert.deepStrictEqual(final[0].range, handlerNameRange(document, 'GET'));
    assert.deepStrictEqual(findingKeys(final), findingKeys(freshFindings(document.uri.fsPath, document.getText())));
    // And it stays that way: no late answer for an older version replaces it.
    await sleep(600);
    assert.deepStrictEqual(findingKeys(clerkDiagnostics(document.uri)), findingKeys(final));
  });
});
