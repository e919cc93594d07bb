/**
 * The VS Code adapter: translates editor events into calls on the analysis core and its results into
 * diagnostics, code actions, a status item and the protection map view. It holds no analysis logic of
 * its own. Activation is cheap on purpose: the core (and TypeScript inside it) loads when the first route
 * file is analysed or the protection map is first shown.
 */
import * as vscode from 'vscode';
import {
  MOVE_PROTECTION_COMMAND, moveProtectionCommand, RouteGuardCodeActions, SELECT_COMMAND, SHOW_REFUSALS_COMMAND, selectAfterFix, showMigrationRefusals,
} from './codeActions';
import { DiagnosticsController } from './diagnostics';
import { disposeLog, logError, outputChannel } from './log';
import { fileCreated, MapNode, PROTECTION_MAP_VIEW, ProtectionMapProvider, REFRESH_PROTECTION_MAP_COMMAND, showViewForAppRouter } from './protectionMap';
import { SECTION } from './settings';
import { CHECKED_SELECTOR, ROUTE_SELECTOR } from './selector';
import { VersionedSnippetCompletions } from './snippetCompletions';
import { createStatusItem } from './status';
import { checkWorkspace } from './workspaceCheck';

/** Source files whose edits can change a route's verdict (helpers), and the config files. */
const WATCHED = '**/{*.ts,*.tsx,*.js,*.jsx,*.mts,*.mjs,*.cts,*.cjs,package.json,tsconfig*.json,jsconfig*.json,*.prisma,sitemap.xml}';

export interface ExtensionApi {
  /** For the integration tests: the controller behind the diagnostics. */
  readonly diagnostics: DiagnosticsController;
  /** For the integration tests: the protection map's tree data provider (its view is `treeView`). */
  readonly protectionMap: ProtectionMapProvider;
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const controller = new DiagnosticsController();
  // Created empty: the map is computed when its view is first shown, never during activation.
  const protectionMap = new ProtectionMapProvider(controller);
  const mapView = vscode.window.createTreeView<MapNode>(PROTECTION_MAP_VIEW, { treeDataProvider: protectionMap, showCollapseAll: true });
  protectionMap.attach(mapView);
  context.subscriptions.push(controller, protectionMap, mapView, { dispose: disposeLog });

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
    vscode.workspace.onDidChangeConfiguration(
      safely('Applying settings', (e) => {
        if (!e.affectsConfiguration(SECTION)) return;
        controller.settingsChanged();
        protectionMap.invalidate();
      }),
    ),
    vscode.workspace.onDidChangeWorkspaceFolders(
      safely('Handling workspace folders', () => {
        void showViewForAppRouter();
        protectionMap.invalidate();
      }),
    ),
    vscode.commands.registerCommand('clerkRouteGuard.checkWorkspace', () => checkWorkspace(controller)),
    vscode.commands.registerCommand('clerkRouteGuard.showOutput', () => outputChannel().show()),
    vscode.commands.registerCommand(SELECT_COMMAND, selectAfterFix),
    vscode.commands.registerCommand(SHOW_REFUSALS_COMMAND, showMigrationRefusals),
    vscode.commands.registerCommand(MOVE_PROTECTION_COMMAND, () => moveProtectionCommand(controller)),
    vscode.commands.registerCommand(REFRESH_PROTECTION_MAP_COMMAND, () => protectionMap.refresh()),
    vscode.languages.registerCodeActionsProvider(CHECKED_SELECTOR, new RouteGuardCodeActions(controller), {
      providedCodeActionKinds: RouteGuardCodeActions.kinds,
    }),
    vscode.languages.registerCompletionItemProvider(ROUTE_SELECTOR, new VersionedSnippetCompletions(controller), '-'),
    createStatusItem(controller),
  );

  // Helper and config files changed on disk (saves, branch switches, deletes): re-check open routes.
  const watcher = vscode.workspace.createFileSystemWatcher(WATCHED);
  // The protection map follows both: analysed edits (the controller's reports) and files on disk.
  const onDisk = safely('Handling a file change', (uri: vscode.Uri) => {
    controller.helperChanged(uri.fsPath);
    protectionMap.invalidate();
  });
  const onCreate = safely('Handling a new file', (uri: vscode.Uri) => {
    onDisk(uri);
    fileCreated(uri);
  });
  controller.onDidAnalyze(() => protectionMap.invalidate());
  context.subscriptions.push(watcher, watcher.onDidChange(onDisk), watcher.onDidCreate(onCreate), watcher.onDidDelete(onDisk));

  // Route files already open when the extension activates.
  for (const document of vscode.workspace.textDocuments) safely('Opening a document', (d: vscode.TextDocument) => controller.isCheckedDocument(d) && controller.analyzeNow(d))(document);

  // The view's `when`: shown once the workspace is known to hold App Router files (a file search, not awaited).
  void showViewForAppRouter();

  return { diagnostics: controller, protectionMap };
}

export function deactivate(): void {}
