/** "Clerk Route Guard: Check all route handlers in the workspace": fills the Problems panel. */
import * as vscode from 'vscode';
import { loadCore } from './core';
import type { DiagnosticsController } from './diagnostics';
import { logError } from './log';
import { readSettings } from './settings';

export interface WorkspaceCheckResult {
  files: number;
  findings: number;
}

export async function checkWorkspace(controller: DiagnosticsController): Promise<WorkspaceCheckResult> {
  const core = loadCore();
  const exclude = `**/{${[...core.IGNORED_FOLDERS].join(',')}}/**`;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Clerk Route Guard: checking route handlers', cancellable: true },
    async (progress, token) => {
      const found = [
        ...(await vscode.workspace.findFiles(core.ROUTE_FILE_GLOB, exclude, undefined, token)),
        ...(await vscode.workspace.findFiles(core.MIDDLEWARE_FILE_GLOB, exclude, undefined, token)),
      ];
      const uris = found.filter((uri) => core.isCheckedFilePath(uri.fsPath, { includeJs: readSettings(uri).checkJavaScript }));
      controller.resetWorkspaceReports();
      const analyzer = controller.getAnalyzer();
      let findings = 0;
      for (let i = 0; i < uris.length && !token.isCancellationRequested; i++) {
        const uri = uris[i];
        progress.report({ message: `${i + 1}/${uris.length}`, increment: 100 / uris.length });
        try {
          const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
          const report = analyzer.analyze(uri.fsPath, open?.getText());
          findings += report.findings.length;
          controller.showWorkspaceReport(uri, report);
        } catch (error) {
          logError(`Checking ${uri.fsPath} failed; the file is skipped.`, error);
        }
        // Yield to the extension host between files so the editor stays responsive.
        if (i % 25 === 24) await new Promise((resolve) => setTimeout(resolve, 0));
      }
      return { files: uris.length, findings };
    },
  );
}
