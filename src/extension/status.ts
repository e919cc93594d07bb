/** A language status item on App Router files: the detected Clerk version and the resource counts by kind. */
import * as vscode from 'vscode';
import type { FileReport } from '../core';
import { RESOURCE_NOUN } from '../core/resources/kinds';
import type { DiagnosticsController } from './diagnostics';
import { APP_FILE_SELECTOR } from './selector';


export function createStatusItem(controller: DiagnosticsController): vscode.Disposable {
  const item = vscode.languages.createLanguageStatusItem('clerkRouteGuard.status', APP_FILE_SELECTOR);
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
  const unguarded = report.resources.filter((h) => h.status === 'unguarded').length;
  const clerk = report.clerk.notUsed ? 'Clerk not used by this project' : `Clerk ${report.clerk.version ?? report.clerk.api}`;
  item.text = `${clerk} · ${resourceCounts(report)}, ${unguarded} unguarded`;
  item.detail = report.skipped ? `Skipped: ${report.skipped}` : 'Server-side resources in this file';
  item.severity = unguarded > 0 ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
}

/** `2 route handlers, 1 Server Function`: the file's resources counted by kind. */
function resourceCounts(report: FileReport): string {
  const counts = new Map<string, number>();
  for (const r of report.resources) counts.set(r.kind, (counts.get(r.kind) ?? 0) + 1);
  if (!counts.size) return 'no resources';
  return [...counts].map(([kind, n]) => `${n} ${RESOURCE_NOUN[kind as keyof typeof RESOURCE_NOUN]}${n === 1 ? '' : 's'}`).join(', ');
}
