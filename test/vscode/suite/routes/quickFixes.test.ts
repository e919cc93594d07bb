// Quick fixes through VS Code's own code-action machinery: the order and preference the lightbulb
// shows, applying the edits, the fix-all source action, "Mark <handler> as public", and — checked by the
// real TypeScript service against the real @clerk/nextjs and next types — that fixed files compile.
import * as assert from 'assert';
import * as vscode from 'vscode';
import {
  executeCodeActions, getDiagnosticsFor, linkTypePackages, openDocument, revertActiveEditor, ruleOf, typeScriptErrors,
} from '../util';

const ADD_GUARD = 'Add Clerk auth check (401)';
const FIX_ALL_KIND = 'source.fixAll.clerkRouteGuard';
const FIX_ALL_TITLE = 'Fix all missing Clerk auth checks in this file';
const PLACEHOLDER = 'why signed-out callers may use this handler';

const flagged = (methods: string[]) => (d: vscode.Diagnostic[]) =>
  d.length === methods.length && d.every((x) => ruleOf(x) === 'missing-auth-guard');
const none = (d: vscode.Diagnostic[]) => d.length === 0;

describe('quick fixes', () => {
  before(linkTypePackages);
  afterEach(revertActiveEditor);

  it("offers 'Add Clerk auth check (401)' first and preferred; applying it clears the diagnostic and TypeScript stays at zero errors", async function () {
    this.timeout(90_000); // a cold TypeScript service loads the next and @clerk/nextjs types
    const { document, editor } = await openDocument('typed/app/api/orders/route.ts');
    const [diagnostic] = await getDiagnosticsFor(document.uri, undefined, { until: flagged(['GET']) });
    assert.deepStrictEqual(await typeScriptErrors(editor), [], 'the fixture has TypeScript errors before the fix (are the type packages linked?)');

    const actions = await executeCodeActions(document.uri, diagnostic.range);
    const titles = actions.map((a) => a.title);
    assert.strictEqual(titles[0], ADD_GUARD, `actions in order: ${JSON.stringify(titles)}`);
    assert.strictEqual(actions[0].isPreferred, true);
    assert.strictEqual(actions[0].kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.deepStrictEqual(actions.filter((a) => a.isPreferred).map((a) => a.title), [ADD_GUARD], 'only one preferred fix');
    assert.ok(titles.some((t) => t.startsWith('Protect with `await auth.protect()`')), JSON.stringify(titles));
    assert.ok(titles.some((t) => t.startsWith('Mark GET as public')), JSON.stringify(titles));
    assert.ok(!titles.includes(FIX_ALL_TITLE), 'fix-all offered as a quick fix for a single flagged handler');

    assert.ok(await vscode.workspace.applyEdit(actions[0].edit!), 'applyEdit refused');
    await getDiagnosticsFor(document.uri, undefined, { until: none });
    const text = document.getText();
    assert.match(text, /^import \{ auth \} from '@clerk\/nextjs\/server';$/m);
    assert.match(text, /const \{ userId \} = await auth\(\);\n\s+if \(!userId\) \{\n\s+return NextResponse\.json\(\{ error: 'Unauthorized' \}, \{ status: 401 \}\);/);
    assert.deepStrictEqual(await typeScriptErrors(editor), [], 'TypeScript errors after the fix');
  });

  it('the fix-all source action fixes every handler of a file; TypeScript stays at zero errors', async function () {
    this.timeout(90_000);
    const { document, editor } = await openDocument('typed/app/api/bulk/route.ts');
    const diagnostics = await getDiagnosticsFor(document.uri, undefined, { until: flagged(['GET', 'POST', 'DELETE']) });
    assert.deepStrictEqual(await typeScriptErrors(editor), [], 'the fixture has TypeScript errors before the fix');

    // With several handlers flagged, each handler's quick fixes also include the fix-all (after the preferred fix).
    const quickFixes = await executeCodeActions(document.uri, diagnostics[0].range);
    assert.strictEqual(quickFixes[0].title, ADD_GUARD);
    assert.ok(quickFixes.some((a) => a.title === FIX_ALL_TITLE && a.kind?.value === 'quickfix'), JSON.stringify(quickFixes.map((a) => a.title)));

    const whole = new vscode.Range(0, 0, document.lineCount, 0);
    const sourceActions = await executeCodeActions(document.uri, whole, FIX_ALL_KIND);
    const fixAll = sourceActions.filter((a) => a.kind?.value === FIX_ALL_KIND);
    assert.deepStrictEqual(fixAll.map((a) => a.title), [FIX_ALL_TITLE], JSON.stringify(sourceActions.map((a) => [a.title, a.kind?.value])));
    assert.ok(await vscode.workspace.applyEdit(fixAll[0].edit!), 'applyEdit refused');

    await getDiagnosticsFor(document.uri, undefined, { until: none });
    const text = document.getText();
    assert.strictEqual(text.match(/await auth\(\);/g)?.length, 3, text);
    assert.strictEqual(text.match(/^import \{ auth \} from '@clerk\/nextjs\/server';$/gm)?.length, 1, 'one import');
    assert.deepStrictEqual(await typeScriptErrors(editor), [], 'TypeScript errors after the fix-all');

    // Nothing left to fix: the source action is no longer offered.
    assert.deepStrictEqual((await executeCodeActions(document.uri, whole, FIX_ALL_KIND)).filter((a) => a.kind?.value === FIX_ALL_KIND), []);
  });

  it("'Mark GET as public' inserts the annotation with the reason selected; only a reason keeps the handler unflagged", async () => {
    const { document, editor } = await openDocument('app/api/feed/route.ts');
    const [diagnostic] = await getDiagnosticsFor(document.uri, undefined, { until: flagged(['GET']) });
    const actions = await executeCodeActions(document.uri, diagnostic.range);
    const mark = actions.find((a) => a.title.startsWith('Mark GET as public'));
    assert.ok(mark?.edit, `no mark-public fix in ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.strictEqual(mark.isPreferred, false);

    // What the lightbulb does: apply the edit, then run the action's command (selects the placeholder).
    assert.ok(await vscode.workspace.applyEdit(mark.edit));
    assert.ok(mark.command, 'the fix has no follow-up command to select the reason');
    await vscode.commands.executeCommand(mark.command.command, ...(mark.command.arguments ?? []));
    const annotationLine = document.lineAt(editor.selection.start.line).text;
    assert.strictEqual(annotationLine, `// clerk-route-guard public: ${PLACEHOLDER}`);
    assert.strictEqual(document.getText(editor.selection), PLACEHOLDER, 'the placeholder reason is not selected');
    assert.strictEqual(document.lineAt(editor.selection.start.line + 1).text, 'export async function GET() {');
    await getDiagnosticsFor(document.uri, undefined, { until: none });

    // No reason: the annotation does not count, the handler is flagged again.
    assert.ok(await editor.edit((edit) => edit.delete(editor.selection)));
    await getDiagnosticsFor(document.uri, undefined, { until: flagged(['GET']) });

    // Typing a reason (where the selection was) makes it public again.
    assert.ok(await editor.edit((edit) => edit.insert(editor.selection.active, 'anonymous totals for the landing page')));
    assert.match(document.getText(), /\/\/ clerk-route-guard public: anonymous totals for the landing page\nexport async function GET/);
    await getDiagnosticsFor(document.uri, undefined, { until: none });
  });
});
