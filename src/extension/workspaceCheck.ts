/** "Clerk Route Guard: Check the workspace": every server-side resource, into the Problems panel. */
import * as fs from 'fs';
import * as vscode from 'vscode';
import { loadCore } from './core';
import type { DiagnosticsController } from './diagnostics';
import { logError } from './log';
import { readSettings } from './settings';

export interface WorkspaceCheckResult {
  files: number;
  findings: number;
}

/** Whether a file may declare Server Functions: its open editor's text, else its text on disk. */
function holdsServerFunctions(uri: vscode.Uri): boolean {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  try {
    return loadCore().mayHoldServerFunctions(open ? open.getText() : fs.readFileSync(uri.fsPath, 'utf8'));
  } catch {
    return false;
  }
}

/**
 * Every file of the workspace the checker analyses: App Router resource files and middleware/proxy
 * files by their path, and source files whose text holds `'use server'`. The workspace check and the
 * protection map both read this list.
 */
export async function findCheckedFiles(token?: vscode.CancellationToken): Promise<vscode.Uri[]> {
  const core = loadCore();
  const exclude = `**/{${[...core.IGNORED_FOLDERS].join(',')}}/**`;
  const found = await vscode.workspace.findFiles(core.SOURCE_FILE_GLOB, exclude, undefined, token);
  return found.filter((uri) => {
    const options = { includeJs: readSettings(uri).checkJavaScript };
    return core.isCheckedFilePath(uri.fsPath, options) || (core.isSourceFilePath(uri.fsPath, options) && holdsServerFunctions(uri));
  });
}

export async function checkWorkspace(controller: DiagnosticsController): Promise<WorkspaceCheckResult> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Clerk Route Guard: checking server-side resources', cancellable: true },
    async (progress, token) => {
      const uris = await findCheckedFiles(token);
      controller.resetWorkspaceReports();
      let findings = 0;
      for (let i = 0; i < uris.length && !token.isCancellationRequested; i++) {
        const uri = uris[i];
        progress.report({ message: `${i + 1}/${uris.length}`, increment: 100 / uris.length });
        try {
          const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
          const report = controller.getAnalyzer(uri).analyze(uri.fsPath, open?.getText());
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
