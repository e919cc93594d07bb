// "Clerk Route Guard: Check every server-side resource in the workspace" fills the Problems panel for
// resource files that are not open and returns the counts. (The language status item it also feeds is not
// readable through the API.) Sorts last among the diagnostics tests: its results for closed files stay
// until the next check.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { checkedFilesOnDisk, clerkDiagnostics, ruleOf, findingKeys, freshFindings, setSetting, waitFor, workspaceRoot, workspaceUri } from '../util';

interface CheckResult {
  files: number;
  findings: number;
}

describe('workspace check', () => {
    afterEach(async () => {
    await setSetting('enable', undefined);
    await setSetting('severity.missingAuthGuard', undefined);
  });

  it('fills diagnostics for route files that are not open and returns the counts', async () => {
    const reports = workspaceUri('app/api/reports/route.ts'); // no test opens it
    const session = workspaceUri('migrate/app/api/session/route.ts');
    const me = workspaceUri('app/api/me/route.ts');
    const isOpen = (uri: vscode.Uri) => vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
    assert.ok(!isOpen(reports), 'reports/route.ts is open');
    assert.deepStrictEqual(clerkDiagnostics(reports), [], 'diagnostics on reports/route.ts before the check');

    const result = await vscode.commands.executeCommand<CheckResult>('clerkRouteGuard.checkWorkspace');
    const files = checkedFilesOnDisk(workspaceRoot().fsPath);
    const routes = files.filter((f) => /[\\/]route\.(ts|js)$/.test(f));
    assert.strictEqual(routes.length, 14, `fixture route files: ${JSON.stringify(routes)}`);
    const expectedFindings = files.reduce((sum, file) => sum + freshFindings(file).length, 0);
    assert.deepStrictEqual(result, { files: files.length, findings: expectedFindings });

    // The closed file now carries its findings, on the handler names.
    assert.ok(!isOpen(reports), 'the check opened reports/route.ts');
    const lines = fs.readFileSync(reports.fsPath, 'utf8').split('\n');
    const flagged = clerkDiagnostics(reports).map((d) => `${ruleOf(d)} ${lines[d.range.start.line].slice(d.range.start.character, d.range.end.character)}`);
    assert.deepStrictEqual(flagged.sort(), ['missing-auth-guard DELETE', 'missing-auth-guard GET']);
    // Every route file shows what a fresh analysis of it reports.
    for (const file of files) {
      assert.deepStrictEqual(findingKeys(clerkDiagnostics(vscode.Uri.file(file))), findingKeys(freshFindings(file)), path.relative(workspaceRoot().fsPath, file));
    }
    assert.strictEqual(clerkDiagnostics(session)[0]?.severity, vscode.DiagnosticSeverity.Error, 'auth-not-awaited on the migrate project');
    assert.deepStrictEqual(clerkDiagnostics(me), []);
  });

  it('settings apply to what the workspace check reported for files that are not open (severity, then enable=false)', async () => {
    const reports = workspaceUri('app/api/reports/route.ts');
    await vscode.commands.executeCommand('clerkRouteGuard.checkWorkspace');
    const severities = () => clerkDiagnostics(reports).map((d) => d.severity);
    assert.deepStrictEqual(severities(), [vscode.DiagnosticSeverity.Warning, vscode.DiagnosticSeverity.Warning]);

    await setSetting('severity.missingAuthGuard', 'error');
    await waitFor(() => severities().length === 2 && severities().every((s) => s === vscode.DiagnosticSeverity.Error), 10_000,
      () => `the closed reports/route.ts to show errors (now ${JSON.stringify(severities())})`);

    await setSetting('enable', false);
    const stillShown = () => vscode.languages.getDiagnostics().filter(([, list]) => list.some((d) => d.source === 'clerk-route-guard'))
      .map(([uri]) => path.relative(workspaceRoot().fsPath, uri.fsPath));
    await waitFor(() => stillShown().length === 0, 10_000, () => `clerk-route-guard diagnostics to go (still on ${JSON.stringify(stillShown())})`);
  });
});
