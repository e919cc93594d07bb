/** A language status item on route files: the detected Clerk version and the handler counts. */
import * as vscode from 'vscode';
import type { FileReport } from '../core';
import type { DiagnosticsController } from './diagnostics';
import { ROUTE_SELECTOR } from './selector';


export function createStatusItem(controller: DiagnosticsController): vscode.Disposable {
  const item = vscode.languages.createLanguageStatusItem('clerkRouteGuard.status', ROUTE_SELECTOR);
  item.name = 'Clerk Route Guard';
  item.command = { title: 'Check workspace', command: 'clerkRouteGuard.checkWorkspace' };
  const update = () => {
    const editor = vscode.window.activeTextEditor;
    const report = editor ? controller.reportFor(editor.document.uri) : undefined;
    render(item, report);
  };
  controller.onDidAnalyze(update);
  const subscription = vscode.window.onDidChangeActiveTextEditor(update);
  update();
  return vscode.Disposable.from(item, subscription);
}

function render(item: vscode.LanguageStatusItem, report: FileReport | undefined): void {
  if (!report) {
    item.text = 'Clerk Route Guard';
    item.detail = 'Not analysed yet';
    item.severity = vscode.LanguageStatusSeverity.Information;
    return;
  }
  const handlers = report.handlers.length;
  const unguarded = report.handlers.filter((h) => h.status === 'unguarded').length;
  const clerk = report.clerk.notUsed ? 'Clerk not used by this project' : `Clerk ${report.clerk.version ?? report.clerk.api}`;
  item.text = `${clerk} · ${handlers} handler${handlers === 1 ? '' : 's'}, ${unguarded} unguarded`;
  item.detail = report.skipped ? `Skipped: ${report.skipped}` : 'Route handlers in this file';
  item.severity = unguarded > 0 ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
}
