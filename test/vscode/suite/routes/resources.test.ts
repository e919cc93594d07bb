// Every kind of server-side resource in a real VS Code host: a page, a layout, a Server Function module
// and an inline form action each get their diagnostic and their quick fix, and the fixed file
// type-checks against the real @clerk/nextjs and next types (typed/ links the repository's node_modules).
import * as assert from 'assert';
import * as vscode from 'vscode';
import { executeCodeActions, getDiagnosticsFor, linkTypePackages, openDocument, revertActiveEditor, ruleOf, typeScriptErrors } from '../util';

const flaggedOnce = (d: vscode.Diagnostic[]) => d.length === 1 && ruleOf(d[0]) === 'missing-auth-guard';
const none = (d: vscode.Diagnostic[]) => d.length === 0;

/** Opens a flagged resource file, checks the offered fixes, applies `apply` and checks the result. */
async function fixResource(
  relPath: string,
  expected: { titles: string[]; preferred: string; apply: string; word: string; after: RegExp },
): Promise<void> {
  const { document, editor } = await openDocument(relPath);
  const [diagnostic] = await getDiagnosticsFor(document.uri, undefined, { until: flaggedOnce, timeoutMs: 30_000 });
  assert.strictEqual(document.getText(diagnostic.range), expected.word, 'the diagnostic sits on the resource name');
  assert.deepStrictEqual(await typeScriptErrors(editor), [], 'the fixture has TypeScript errors before the fix (are the type packages linked?)');

  const actions = await executeCodeActions(document.uri, diagnostic.range);
  const titles = actions.map((a) => a.title);
  for (const title of expected.titles) assert.ok(titles.some((t) => t.startsWith(title)), `${title} in ${JSON.stringify(titles)}`);
  assert.deepStrictEqual(actions.filter((a) => a.isPreferred).map((a) => a.title), [expected.preferred], JSON.stringify(titles));

  const action = actions.find((a) => a.title.startsWith(expected.apply));
  assert.ok(action?.edit, `no ${expected.apply} action with an edit`);
  assert.ok(await vscode.workspace.applyEdit(action.edit), 'applyEdit refused');
  await getDiagnosticsFor(document.uri, undefined, { until: none, timeoutMs: 30_000 });
  assert.match(document.getText(), expected.after);
  assert.deepStrictEqual(await typeScriptErrors(editor), [], 'TypeScript errors after the fix');
}

describe('resources: pages, layouts and Server Functions', () => {
  before(linkTypePackages);
  afterEach(revertActiveEditor);

  it('a page gets its diagnostic and "Protect with `await auth.protect()`" (preferred)', async function () {
    this.timeout(120_000);
    await fixResource('typed/app/dashboard/page.tsx', {
      titles: ['Protect with `await auth.protect()`', 'Redirect signed-out visitors to sign-in', 'Mark this page as public'],
      preferred: 'Protect with `await auth.protect()`',
      apply: 'Protect with `await auth.protect()`',
      word: 'DashboardPage',
      after: /export default async function DashboardPage\(\) \{\n {2}await auth\.protect\(\);/,
    });
  });

  it('a layout gets its diagnostic and "Redirect signed-out visitors to sign-in"', async function () {
    this.timeout(120_000);
    await fixResource('typed/app/(app)/layout.tsx', {
      titles: ['Protect with `await auth.protect()`', 'Redirect signed-out visitors to sign-in', 'Mark this layout as public'],
      preferred: 'Protect with `await auth.protect()`',
      apply: 'Redirect signed-out visitors to sign-in',
      word: 'AppLayout',
      after: /const \{ userId, redirectToSignIn \} = await auth\(\);\n\s+if \(!userId\) \{\n\s+return redirectToSignIn\(\);/,
    });
  });

  it("a 'use server' module's action gets its diagnostic and the throwing guard", async function () {
    this.timeout(120_000);
    await fixResource('typed/app/actions/orders.ts', {
      titles: ['Add Clerk auth check (throws when signed out)', 'Mark removeOrder as public'],
      preferred: 'Add Clerk auth check (throws when signed out)',
      apply: 'Add Clerk auth check (throws when signed out)',
      word: 'removeOrder',
      after: /^'use server';\n[\s\S]*export async function removeOrder\(id: string\) \{\n {2}const \{ userId \} = await auth\(\);\n {2}if \(!userId\) \{\n {4}throw new Error\('Unauthorized'\);/m,
    });
  });

  it('an inline form action inside a guarded page gets its own diagnostic and guard, after its directive', async function () {
    this.timeout(120_000);
    await fixResource('typed/app/notes/page.tsx', {
      titles: ['Add Clerk auth check (throws when signed out)', 'Mark addOrder as public'],
      preferred: 'Add Clerk auth check (throws when signed out)',
      apply: 'Add Clerk auth check (throws when signed out)',
      word: 'addOrder',
      after: /'use server';\n\s+const \{ userId \} = await auth\(\);\n\s+if \(!userId\) \{\n\s+throw new Error\('Unauthorized'\);/,
    });
  });
});
