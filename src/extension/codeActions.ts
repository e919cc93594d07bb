/**
 * Code actions on this extension's diagnostics: the core computes every edit; this file only turns
 * them into WorkspaceEdits. Offers per handler "Add Clerk auth check (401)" (preferred), "Protect with
 * auth.protect()", "Mark handler as public…", the migration rules' fixes, and a fix-all, also as the
 * `source.fixAll.clerkRouteGuard` action that `editor.codeActionsOnSave` can run, and on a
 * `route-matcher-protection` finding "Move protection into the resources" (the `migrate` command's plan,
 * computed only when chosen, shown in the refactor preview with one labelled change per file).
 */
import * as vscode from 'vscode';
import type { FileReport, MigrationPlan, TextEdit } from '../core';
import { loadCore } from './core';
import { DIAGNOSTIC_SOURCE, DiagnosticsController } from './diagnostics';
import { logError } from './log';

export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('clerkRouteGuard');
export const SELECT_COMMAND = 'clerkRouteGuard.selectAfterFix';
export const MOVE_PROTECTION_TITLE = 'Move protection into the resources';
const FIX_ALL_TITLE = 'Fix all missing Clerk auth checks in this file';

export class RouteGuardCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND];

  constructor(private readonly controller: DiagnosticsController) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    try {
      if (!this.controller.isCheckedDocument(document)) return [];
      const only = context.only;
      const actions: vscode.CodeAction[] = [];
      if (!only || only.intersects(vscode.CodeActionKind.QuickFix)) {
        actions.push(...this.quickFixes(document, context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE)));
      }
      if (only?.intersects(FIX_ALL_KIND)) actions.push(...this.fixAll(document, FIX_ALL_KIND, []));
      return actions;
    } catch (error) {
      logError('Computing code actions failed.', error);
      return [];
    }
  }

  private quickFixes(document: vscode.TextDocument, diagnostics: vscode.Diagnostic[]): vscode.CodeAction[] {
    if (diagnostics.length === 0) return [];
    const core = loadCore();
    const analyzer = this.controller.getAnalyzer(document.uri);
    const text = document.getText();
    const report = analyzer.analyze(filePath(document), text);
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of diagnostics) {
      const rule = ruleOf(diagnostic);
      if (rule === 'route-matcher-protection') {
        actions.push(new MoveProtectionAction(document.uri, diagnostic));
      } else if (rule === 'missing-auth-guard') {
        const handler = handlerAt(document, report, diagnostic.range);
        if (!handler) continue;
        const fallbackStyle = editorStyle(document);
        for (const fix of core.quickFixesFor(analyzer, report.fileName, text, handler, undefined, { fallbackStyle })) {
          const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
          action.diagnostics = [diagnostic];
          action.isPreferred = fix.isPreferred;
          action.edit = toWorkspaceEdit(document, report.fileName, fix.edits);
          if (fix.selection) {
            action.command = { title: 'Select the reason', command: SELECT_COMMAND, arguments: [document.uri, fix.selection.start, fix.selection.end] };
          }
          actions.push(action);
        }
      } else {
        const finding = report.findings.find((f) => f.ruleId === rule && sameRange(document, f.start, f.end, diagnostic.range));
        if (!finding?.fix) continue;
        const action = new vscode.CodeAction(finding.fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.isPreferred = true;
        action.edit = toWorkspaceEdit(document, report.fileName, finding.fix.edits);
        actions.push(action);
      }
    }
    const flagged = report.resources.filter((h) => h.status === 'unguarded').length;
    // Preferred fixes first (the editor's Ctrl+. list keeps this order within a kind).
    actions.sort((a, b) => Number(b.isPreferred ?? false) - Number(a.isPreferred ?? false));
    if (flagged > 1) actions.push(...this.fixAll(document, vscode.CodeActionKind.QuickFix, diagnostics));
    return actions;
  }

  /** The migration plan is computed here, when the action is chosen: it reads every resource of the app. */
  resolveCodeAction(action: vscode.CodeAction): vscode.CodeAction {
    if (!(action instanceof MoveProtectionAction)) return action;
    try {
      const analyzer = this.controller.getAnalyzer(action.middleware);
      const plan = loadCore().planMigration(analyzer.fs, action.middleware.fsPath);
      action.edit = migrationEdit(plan);
      if (plan.refused.length) action.command = { title: 'Show what was not moved', command: SHOW_REFUSALS_COMMAND, arguments: [refusalLines(plan)] };
    } catch (error) {
      logError('Planning the migration failed.', error);
    }
    return action;
  }

  private fixAll(document: vscode.TextDocument, kind: vscode.CodeActionKind, diagnostics: vscode.Diagnostic[]): vscode.CodeAction[] {
    const core = loadCore();
    const analyzer = this.controller.getAnalyzer(document.uri);
    const edits = core.fixAllInFile(analyzer, filePath(document), document.getText(), undefined, { fallbackStyle: editorStyle(document) });
    if (edits.length === 0) return [];
    const action = new vscode.CodeAction(FIX_ALL_TITLE, kind);
    action.diagnostics = diagnostics.filter((d) => ruleOf(d) === 'missing-auth-guard');
    action.edit = toWorkspaceEdit(document, filePath(document), edits);
    return [action];
  }
}

export const SHOW_REFUSALS_COMMAND = 'clerkRouteGuard.showMigrationRefusals';
export const MOVE_PROTECTION_COMMAND = 'clerkRouteGuard.moveProtectionIntoResources';

/**
 * The command-palette form of the code action: picks the workspace's middleware/proxy file (asks when
 * there are several), plans the migration and opens its changes in the refactor preview.
 */
export async function moveProtectionCommand(controller: DiagnosticsController): Promise<boolean> {
  const core = loadCore();
  // The middleware files Next.js could run (isCheckedFilePath leaves out those inside an app folder).
  const candidates = (await vscode.workspace.findFiles(core.MIDDLEWARE_FILE_GLOB, `**/{${[...core.IGNORED_FOLDERS].join(',')}}/**`))
    .filter((uri) => core.isCheckedFilePath(uri.fsPath))
    .sort((a, b) => a.fsPath.localeCompare(b.fsPath));
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage('No middleware.ts or proxy.ts in this workspace: nothing to move.');
    return false;
  }
  const picked = candidates.length === 1
    ? candidates[0]
    : (await vscode.window.showQuickPick(candidates.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })), { placeHolder: 'Which middleware?' }))?.uri;
  if (!picked) return false;
  const plan = core.planMigration(controller.getAnalyzer(picked).fs, picked.fsPath);
  if (plan.changes.size === 0) {
    void vscode.window.showInformationMessage(plan.refused.length ? `Nothing can be moved: ${plan.refused.map((r) => r.reason).join(' · ')}` : 'Every resource already checks for itself.');
    return false;
  }
  const applied = await vscode.workspace.applyEdit(migrationEdit(plan));
  if (applied && plan.refused.length) showMigrationRefusals(refusalLines(plan));
  return applied;
}

class MoveProtectionAction extends vscode.CodeAction {
  constructor(readonly middleware: vscode.Uri, diagnostic: vscode.Diagnostic) {
    super(MOVE_PROTECTION_TITLE, vscode.CodeActionKind.QuickFix.append('moveProtection'));
    this.diagnostics = [diagnostic];
    this.isPreferred = true;
  }
}

/** One whole-file change per file, each labelled and confirmed in the refactor preview. */
export function migrationEdit(plan: MigrationPlan): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  const moved = new Map<string, string[]>();
  for (const m of plan.moved) moved.set(m.fileName, [...(moved.get(m.fileName) ?? []), `${loadCore().describeMoved(m)}: ${m.check}`]);
  for (const [file, { before, after }] of plan.changes) {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === file);
    const uri = open?.uri ?? vscode.Uri.file(file);
    const end = open ? open.positionAt(open.getText().length) : endOf(before);
    const label = file === plan.middlewareFile ? 'Reduce the middleware to clerkMiddleware()' : `Add ${moved.get(file)?.join('; ') ?? 'the check'}`;
    edit.replace(uri, new vscode.Range(new vscode.Position(0, 0), end), after, { label, needsConfirmation: true, description: vscode.workspace.asRelativePath(file) });
  }
  return edit;
}

function endOf(text: string): vscode.Position {
  const lines = text.split('\n');
  return new vscode.Position(lines.length - 1, lines[lines.length - 1].length);
}

function refusalLines(plan: MigrationPlan): string[] {
  return plan.refused.map((r) => `${vscode.workspace.asRelativePath(r.fileName)}${r.name ? ` ${r.name}` : ''}: ${r.reason}`);
}

/** After the migration: what it left alone, and why. */
export function showMigrationRefusals(lines: readonly string[]): void {
  void vscode.window.showWarningMessage(`${lines.length} thing${lines.length === 1 ? ' was' : 's were'} not moved: ${lines.join(' · ')}`);
}

/** After "Mark handler as public…": select the placeholder reason so typing replaces it. */
export function selectAfterFix(uri: vscode.Uri, start: number, end: number): void {
  const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
  if (!editor) return;
  editor.selection = new vscode.Selection(editor.document.positionAt(start), editor.document.positionAt(end));
  editor.revealRange(editor.selection);
}

function filePath(document: vscode.TextDocument): string {
  return document.uri.scheme === 'file' ? document.uri.fsPath : document.uri.path;
}

function ruleOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  return typeof code === 'object' ? String(code.value) : code === undefined ? undefined : String(code);
}

function handlerAt(document: vscode.TextDocument, report: FileReport, range: vscode.Range) {
  return report.resources.find((h) => h.status === 'unguarded' && sameRange(document, h.nameStart, h.nameEnd, range))?.name;
}

function sameRange(document: vscode.TextDocument, start: number, end: number, range: vscode.Range): boolean {
  return document.offsetAt(range.start) === start && document.offsetAt(range.end) === end;
}

/** The editor's indentation, for files too short to show their own. */
function editorStyle(document: vscode.TextDocument): { indent: string } {
  const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
  const insertSpaces = editor?.options.insertSpaces ?? true;
  const tabSize = Number(editor?.options.tabSize ?? 2);
  return { indent: insertSpaces === false ? '\t' : ' '.repeat(tabSize) };
}

/** Offsets → positions: through the open document when there is one, else through the file's text. */
function toWorkspaceEdit(document: vscode.TextDocument, documentPath: string, edits: readonly Pick<TextEdit, 'fileName' | 'start' | 'end' | 'newText'>[]): vscode.WorkspaceEdit {
  const workspaceEdit = new vscode.WorkspaceEdit();
  for (const edit of edits) {
    const target = edit.fileName === documentPath ? document : vscode.workspace.textDocuments.find((d) => d.uri.fsPath === edit.fileName);
    const uri = target?.uri ?? vscode.Uri.file(edit.fileName);
    const positionAt = target ? (o: number) => target.positionAt(o) : offsetsOf(edit.fileName);
    workspaceEdit.replace(uri, new vscode.Range(positionAt(edit.start), positionAt(edit.end)), edit.newText);
  }
  return workspaceEdit;
}

/** Position lookup for a file that is not open (a helper the fix edits), read the way the analyzer read it. */
function offsetsOf(fileName: string): (offset: number) => vscode.Position {
  const text = loadCore().nodeFileSystem().readFile(fileName) ?? '';
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset) => {
    let line = starts.length - 1;
    while (line > 0 && starts[line] > offset) line--;
    return new vscode.Position(line, offset - starts[line]);
  };
}
