/**
 * The VS Code adapter: translates editor events into calls on the analysis core and its results into
 * diagnostics, code actions and a status item. It holds no analysis logic of its own. Activation is
 * cheap on purpose: the core (and TypeScript inside it) loads when the first route file is analysed.
 */
import * as vscode from 'vscode';
import { RouteGuardCodeActions, SELECT_COMMAND, selectAfterFix } from './codeActions';
import { DiagnosticsController } from './diagnostics';
import { disposeLog, logError, outputChannel } from './log';
import { SECTION } from './settings';
import { CHECKED_SELECTOR, ROUTE_SELECTOR } from './selector';
import { VersionedSnippetCompletions } from './snippetCompletions';
import { createStatusItem } from './status';
import { checkWorkspace } from './workspaceCheck';

/** Source files whose edits can change a route's verdict (helpers), and the config files. */
const WATCHED = '**/{*.ts,*.tsx,*.js,*.jsx,*.mts,*.mjs,*.cts,*.cjs,package.json,tsconfig*.json,jsconfig*.json}';

export interface ExtensionApi {
  /** For the integration tests: the controller behind the diagnostics. */
  readonly diagnostics: DiagnosticsController;
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const controller = new DiagnosticsController();
  context.subscriptions.push(controller, { dispose: disposeLog });

  const safely = <T>(what: string, f: (arg: T) => void) => (arg: T) => {
    try {
      f(arg);
    } catch (error) {
      logError(`${what} failed.`, error);
    }
  };

  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument(safely('Opening a document', (d) => controller.isCheckedDocument(d) && controller.analyzeNow(d))),
    vscode.workspace.onDidChangeTextDocument(
      safely('Handling an edit', (e) => {
        if (e.contentChanges.length > 0) controller.documentEdited(e.document);
      }),
    ),
    vscode.workspace.onDidCloseTextDocument(safely('Closing a document', (d) => controller.closed(d))),
    vscode.workspace.onDidChangeConfiguration(safely('Applying settings', (e) => e.affectsConfiguration(SECTION) && controller.settingsChanged())),
    vscode.commands.registerCommand('clerkRouteGuard.checkWorkspace', () => checkWorkspace(controller)),
    vscode.commands.registerCommand('clerkRouteGuard.showOutput', () => outputChannel().show()),
    vscode.commands.registerCommand(SELECT_COMMAND, selectAfterFix),
    vscode.languages.registerCodeActionsProvider(CHECKED_SELECTOR, new RouteGuardCodeActions(controller), {
      providedCodeActionKinds: RouteGuardCodeActions.kinds,
    }),
    vscode.languages.registerCompletionItemProvider(ROUTE_SELECTOR, new VersionedSnippetCompletions(controller), '-'),
    createStatusItem(controller),
  );

  // Helper and config files changed on disk (saves, branch switches, deletes): re-check open routes.
  const watcher = vscode.workspace.createFileSystemWatcher(WATCHED);
  const onDisk = safely('Handling a file change', (uri: vscode.Uri) => controller.helperChanged(uri.fsPath));
  context.subscriptions.push(watcher, watcher.onDidChange(onDisk), watcher.onDidCreate(onDisk), watcher.onDidDelete(onDisk));

  // Route files already open when the extension activates.
  for (const document of vscode.workspace.textDocuments) safely('Opening a document', (d: vscode.TextDocument) => controller.isCheckedDocument(d) && controller.analyzeNow(d))(document);

  return { diagnostics: controller };
}

export function deactivate(): void {}
