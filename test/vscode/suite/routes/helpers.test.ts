// The suite's own helpers, checked against the built-in TypeScript service (a real diagnostics and
// code-action provider that is always there), so tests of the extension can rely on them.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { executeCodeActions, getDiagnosticsFor, openDocument, revertActiveEditor } from '../util';

const errorsOnly = (diagnostics: vscode.Diagnostic[]) =>
  diagnostics.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).map((d) => [d.code, d.range.start.line]);

describe('harness helpers (against the built-in TypeScript service)', () => {
  afterEach(revertActiveEditor);

  it('getDiagnosticsFor does not return the diagnostics from before the latest edit', async () => {
    const { document, editor } = await openDocument('app/api/items/route.ts');
    await getDiagnosticsFor(document.uri, 'ts', { until: (d) => errorsOnly(d).length === 0, timeoutMs: 30_000 });

    // The TypeScript service may be cold here, so wait for the error itself.
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), "const wrong: number = 'text';\n"));
    const broken = await getDiagnosticsFor(document.uri, 'ts', { until: (d) => errorsOnly(d).length > 0, timeoutMs: 30_000 });
    assert.deepStrictEqual(errorsOnly(broken), [[2322, 0]]);

    // Without `until`: until TypeScript republishes, the URI still carries the old error; the helper
    // must wait for the answer to this edit (TypeScript publishes in phases: syntax, semantic, hints).
    await editor.edit((edit) => edit.delete(new vscode.Range(0, 0, 1, 0)));
    const fixed = await getDiagnosticsFor(document.uri, 'ts', { timeoutMs: 30_000 });
    assert.deepStrictEqual(errorsOnly(fixed), []);
  });

  it('executeCodeActions returns the refactorings offered for a range', async () => {
    const { document, editor } = await openDocument('app/api/items/route.ts');
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), 'const total = 40 + 2;\n'));
    const start = document.getText().indexOf('40 + 2');
    const range = new vscode.Range(document.positionAt(start), document.positionAt(start + '40 + 2'.length));
    const actions = await executeCodeActions(document.uri, range, vscode.CodeActionKind.RefactorExtract.value);
    const titles = actions.map((a) => a.title);
    assert.ok(titles.some((t) => /^Extract to constant/.test(t)), `refactorings offered: ${JSON.stringify(titles)}`);
  });
});
