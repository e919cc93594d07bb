// Clerk-version-aware rules in the editor: `auth-not-awaited` on a v7 project and its quick fix, and the
// diagnostics following a change of the project's declared Clerk version on disk, without a reload.
// migrate/ is a project of its own (its own package.json, no node_modules/@clerk/nextjs of its own).
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import {
  completionLabel, completionsAt, executeCodeActions, getDiagnosticsFor, openDocument, revertActiveEditor, ruleOf, setText, waitFor, workspaceUri,
} from '../util';

const ROUTE = 'migrate/app/api/session/route.ts';
const notAwaited = (d: vscode.Diagnostic[]) => d.length === 1 && ruleOf(d[0]) === 'auth-not-awaited';
const none = (d: vscode.Diagnostic[]) => d.length === 0;

describe('Clerk version rules', () => {
  afterEach(revertActiveEditor);

  it('reports auth() without await as an error on Clerk v7, and "Add await" fixes it', async () => {
    const { document } = await openDocument(ROUTE);
    const [diagnostic] = await getDiagnosticsFor(document.uri, undefined, { until: notAwaited });
    assert.strictEqual(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.strictEqual(document.getText(diagnostic.range), 'auth()');
    assert.match(diagnostic.message, /auth\(\) returns a Promise since Clerk v6/);

    const actions = await executeCodeActions(document.uri, diagnostic.range);
    assert.strictEqual(actions[0]?.title, 'Add await', JSON.stringify(actions.map((a) => a.title)));
    assert.strictEqual(actions[0].isPreferred, true);
    assert.ok(await vscode.workspace.applyEdit(actions[0].edit!));
    assert.match(document.getText(), /const \{ userId \} = await auth\(\);/);
    await getDiagnosticsFor(document.uri, undefined, { until: none });
  });

  it('drops the error when package.json on disk moves the project to Clerk ^5.7.0, and brings it back on ^7', async () => {
    const manifest = workspaceUri('migrate/package.json').fsPath;
    const original = fs.readFileSync(manifest, 'utf8');
    assert.match(original, /"@clerk\/nextjs": "\^7\.0\.0"/);
    const { document } = await openDocument(ROUTE);
    await getDiagnosticsFor(document.uri, undefined, { until: notAwaited });
    try {
      // Not through an editor: the extension must notice the file change on disk by itself.
      fs.writeFileSync(manifest, original.replace('"^7.0.0"', '"^5.7.0"'));
      await getDiagnosticsFor(document.uri, undefined, { until: none, timeoutMs: 15_000 });
    } finally {
      fs.writeFileSync(manifest, original);
    }
    await getDiagnosticsFor(document.uri, undefined, { until: notAwaited, timeoutMs: 15_000 });
  });

  it('offers the snippets in the Clerk v5 form when the project is on ^5.7.0, and none extra on ^7', async () => {
    const manifest = workspaceUri('migrate/package.json').fsPath;
    const original = fs.readFileSync(manifest, 'utf8');
    const { document, editor } = await openDocument(ROUTE);
    const versioned = async () => {
      await setText(editor, 'clerk-route');
      const items = await completionsAt(document.uri, new vscode.Position(0, 'clerk-route'.length));
      return items.filter((i) => completionLabel(i) === 'clerk-route-protected' && /Clerk v5/.test(String(i.detail ?? '')));
    };
    try {
      assert.deepStrictEqual(await versioned(), [], 'no v5 items on a v7 project');
      fs.writeFileSync(manifest, original.replace('"^7.0.0"', '"^5.7.0"'));
      const found = await waitFor(async () => {
        const items = await versioned();
        return items.length === 1 ? items[0] : undefined;
      }, 15_000, 'the v5 form of clerk-route-protected');
      const body = (found.insertText as vscode.SnippetString).value;
      assert.match(body, /import \{ auth \} from '@clerk\/nextjs\/server'/);
      assert.match(body, /const \{ userId \} = auth\(\)/, 'sync auth() on v5');
      assert.doesNotMatch(body, /await auth\(\)/);
    } finally {
      fs.writeFileSync(manifest, original);
    }
  });
});
