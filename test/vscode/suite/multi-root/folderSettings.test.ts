// Settings are per workspace folder: in a multi-root workspace each app's own `.vscode/settings.json`
// decides how its files are reported (one analyzer per folder in the extension).
import * as assert from 'assert';
import * as vscode from 'vscode';
import { analyzedDiagnostics, ruleOf } from '../util';

function fileIn(folderName: string, relPath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.name === folderName);
  assert.ok(folder, `no workspace folder ${folderName} (folders: ${vscode.workspace.workspaceFolders?.map((f) => f.name).join(', ')})`);
  return vscode.Uri.joinPath(folder.uri, relPath);
}

describe('multi-root workspace: settings per folder', () => {
  it("each folder's publicRoutes and severities apply to its own files only", async function () {
    this.timeout(60_000);
    const admin = fileIn('admin', 'app/api/catalog/route.ts');
    const shop = fileIn('shop', 'app/api/catalog/route.ts');

    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(admin));
    const adminDiagnostics = await analyzedDiagnostics(admin, 30_000);
    assert.deepStrictEqual(adminDiagnostics.map((d) => [ruleOf(d), d.severity]), [['missing-auth-guard', vscode.DiagnosticSeverity.Error]]);

    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(shop));
    assert.deepStrictEqual(await analyzedDiagnostics(shop, 30_000), [], 'the shop declares its catalog public');

    // The admin file, analysed again after the shop's analyzer was made, keeps its own settings.
    assert.deepStrictEqual((await analyzedDiagnostics(admin, 30_000)).map((d) => d.severity), [vscode.DiagnosticSeverity.Error]);
  });
});
