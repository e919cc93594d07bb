/**
 * Keeps the Problems panel in step with the editor: analyses route files when they open and as they
 * change (debounced), re-checks open routes when a helper they may import changes, and clears a file's
 * diagnostics when it closes. Every entry point catches its errors: a provider never throws.
 */
import * as vscode from 'vscode';
import type { Analyzer, FileReport, Finding } from '../core';
// kinds.ts has no TypeScript import, so esbuild inlines it here: path tests never load the core.
import { appFileKind, isCheckedFilePath, isSourceFilePath, mayHoldServerFunctions } from '../core/resources/kinds';
import { editorFileSystem, loadCore } from './core';
import { log, logError } from './log';
import { analyzerOptions, readSettings, Settings, toDiagnosticSeverity } from './settings';

export const DIAGNOSTIC_SOURCE = 'clerk-route-guard';
const TYPING_DELAY_MS = 150;
const HELPER_DELAY_MS = 300;

export class DiagnosticsController implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  /**
   * One analyzer per workspace folder (key: the folder's URI; '' for files outside every folder):
   * settings are read per folder, so two apps of a multi-root workspace keep their own `publicRoutes`
   * and severities.
   */
  private readonly analyzers = new Map<string, { analyzer: Analyzer; folder?: vscode.Uri }>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly reports = new Map<string, FileReport>();
  /** Closed files whose diagnostics came from the workspace check: kept until the next check. */
  private readonly fromWorkspaceCheck = new Set<string>();
  private readonly listeners: ((uri: vscode.Uri, report: FileReport | undefined) => void)[] = [];
  /** Helper and middleware files edited in an editor: closing one without saving reverts it to disk. */
  private readonly editedHelpers = new Set<string>();

  /**
   * The analyzer for a file's workspace folder, created on first use with that folder's settings (the
   * first one is where TypeScript gets loaded).
   */
  getAnalyzer(uri?: vscode.Uri): Analyzer {
    const folder = uri ? vscode.workspace.getWorkspaceFolder(uri)?.uri : undefined;
    const key = folder?.toString() ?? '';
    let entry = this.analyzers.get(key);
    if (!entry) {
      const core = loadCore();
      entry = { analyzer: new core.Analyzer(editorFileSystem(), analyzerOptions(readSettings(folder ?? uri))), folder };
      this.analyzers.set(key, entry);
      log(folder ? `Analyzer loaded for ${folder.fsPath}.` : 'Analyzer loaded.');
    }
    return entry.analyzer;
  }

  private allAnalyzers(): Analyzer[] {
    return [...this.analyzers.values()].map((e) => e.analyzer);
  }

  /** Latest report of an open checked file (for the status item and code actions). */
  reportFor(uri: vscode.Uri): FileReport | undefined {
    return this.reports.get(uri.toString());
  }

  onDidAnalyze(listener: (uri: vscode.Uri, report: FileReport | undefined) => void): void {
    this.listeners.push(listener);
  }

  /**
   * A document the extension diagnoses: an App Router resource file or the middleware (by its path), or
   * any source file whose text holds `'use server'` (Server Functions). Path and text tests only:
   * loading the core for every opened file would defeat lazy loading.
   */
  isCheckedDocument(document: vscode.TextDocument): boolean {
    const settings = readSettings(document.uri);
    if (!settings.enable) return false;
    const path = document.uri.scheme === 'file' ? document.uri.fsPath : document.uri.path;
    const options = { includeJs: settings.checkJavaScript };
    if (isCheckedFilePath(path, options)) return true;
    return isSourceFilePath(path, options) && mayHoldServerFunctions(document.getText());
  }

  /** Analyse now (document opened, settings changed). */
  analyzeNow(document: vscode.TextDocument): void {
    this.cancel(document.uri);
    this.analyze(document);
  }

  /** Analyse after the user pauses typing. */
  schedule(document: vscode.TextDocument, delay = TYPING_DELAY_MS): void {
    this.cancel(document.uri);
    const key = document.uri.toString();
    const version = document.version;
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        // A newer edit has its own timer; a closed document needs nothing.
        if (document.isClosed || document.version !== version) return;
        this.analyze(document);
      }, delay),
    );
  }

  /**
   * An open document was edited. A route file or page only needs itself re-checked (each keystroke must
   * not re-check every open resource); any other source file may be a helper or the middleware, and
   * may hold Server Functions itself.
   */
  documentEdited(document: vscode.TextDocument): void {
    if (document.uri.scheme !== 'file') {
      if (this.isCheckedDocument(document)) this.schedule(document);
      return;
    }
    if (appFileKind(document.uri.fsPath)) {
      for (const analyzer of this.allAnalyzers()) analyzer.fileChanged(document.uri.fsPath, 'edited');
      if (this.isCheckedDocument(document)) this.schedule(document);
      return;
    }
    this.editedHelpers.add(document.uri.fsPath);
    // helperChanged re-checks every reported document, this one included (analyze() clears it once it
    // no longer holds 'use server'); a file that just gained the directive is checked from now on.
    this.helperChanged(document.uri.fsPath, 'edited');
    if (!this.reports.has(document.uri.toString()) && this.isCheckedDocument(document)) this.schedule(document);
  }

  /** A non-route source file or a config file changed (edited in an editor, or on disk): re-check the open routes. */
  helperChanged(fileName: string, how: 'edited' | 'changed' = 'changed'): void {
    for (const analyzer of this.allAnalyzers()) analyzer.fileChanged(fileName, how);
    for (const document of vscode.workspace.textDocuments) {
      if (this.reports.has(document.uri.toString())) this.schedule(document, HELPER_DELAY_MS);
    }
  }

  /** Settings changed: rebuild options and re-check everything shown. */
  settingsChanged(): void {
    for (const { analyzer, folder } of this.analyzers.values()) analyzer.setOptions(analyzerOptions(readSettings(folder)));
    const open = new Set<string>();
    for (const document of vscode.workspace.textDocuments) {
      open.add(document.uri.toString());
      if (this.isCheckedDocument(document)) this.analyzeNow(document);
      else this.clear(document.uri);
    }
    // What the workspace check showed for files that are not open: drop it when the file is no longer
    // checked (e.g. `enable` turned off), else re-check it from disk under the new settings.
    for (const key of [...this.fromWorkspaceCheck]) {
      if (open.has(key)) continue;
      const uri = vscode.Uri.parse(key);
      const settings = readSettings(uri);
      if (!settings.enable || !isCheckedFilePath(uri.fsPath, { includeJs: settings.checkJavaScript })) {
        this.clear(uri);
        continue;
      }
      try {
        this.showWorkspaceReport(uri, this.getAnalyzer(uri).analyze(uri.fsPath));
      } catch (error) {
        logError(`Checking ${uri.fsPath} failed; the file is skipped.`, error);
      }
    }
  }

  closed(document: vscode.TextDocument): void {
    this.cancel(document.uri);
    if (document.uri.scheme === 'file') for (const analyzer of this.allAnalyzers()) analyzer.fileClosed(document.uri.fsPath);
    // The analyzer keeps what it parsed from the editor's text: after "Don't Save" the disk text counts again.
    if (this.editedHelpers.delete(document.uri.fsPath)) this.helperChanged(document.uri.fsPath, 'edited');
    const key = document.uri.toString();
    this.reports.delete(key);
    if (!this.fromWorkspaceCheck.has(key)) this.collection.delete(document.uri);
    this.notify(document.uri, undefined);
  }

  clear(uri: vscode.Uri): void {
    this.cancel(uri);
    this.reports.delete(uri.toString());
    this.fromWorkspaceCheck.delete(uri.toString());
    this.collection.delete(uri);
    this.notify(uri, undefined);
  }

  /** Shows a report produced by the workspace check for a file that may not be open. */
  showWorkspaceReport(uri: vscode.Uri, report: FileReport): void {
    this.fromWorkspaceCheck.add(uri.toString());
    this.collection.set(uri, this.toDiagnostics(uri, report.findings, readSettings(uri)));
  }

  resetWorkspaceReports(): void {
    for (const key of this.fromWorkspaceCheck) {
      if (!this.reports.has(key)) this.collection.delete(vscode.Uri.parse(key));
    }
    this.fromWorkspaceCheck.clear();
  }

  private analyze(document: vscode.TextDocument): void {
    try {
      if (!this.isCheckedDocument(document)) {
        if (this.reports.has(document.uri.toString())) this.clear(document.uri);
        return;
      }
      const path = document.uri.scheme === 'file' ? document.uri.fsPath : document.uri.path;
      const report = this.getAnalyzer(document.uri).analyze(path, document.getText());
      if (report.skipped) log(`Skipped ${path}: ${report.skipped}`);
      this.reports.set(document.uri.toString(), report);
      this.collection.set(document.uri, this.toDiagnostics(document.uri, report.findings, readSettings(document.uri)));
      this.notify(document.uri, report);
    } catch (error) {
      logError(`Analysing ${document.uri.fsPath} failed; the file is skipped.`, error);
    }
  }

  toDiagnostics(uri: vscode.Uri, findings: readonly Finding[], settings: Settings): vscode.Diagnostic[] {
    const core = loadCore();
    const diagnostics: vscode.Diagnostic[] = [];
    for (const finding of findings) {
      const diagnostic = new vscode.Diagnostic(toRange(finding.range), finding.message, toDiagnosticSeverity(finding.severity));
      diagnostic.source = DIAGNOSTIC_SOURCE;
      diagnostic.code = { value: finding.ruleId, target: vscode.Uri.parse(core.ruleDocsUrl(finding.ruleId, settings.ruleDocsBaseUrl)) };
      diagnostic.relatedInformation = finding.related.map(
        (r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(r.fileName ? vscode.Uri.file(r.fileName) : uri, toRange(r.range)), r.message),
      );
      diagnostics.push(diagnostic);
    }
    return diagnostics;
  }

  private cancel(uri: vscode.Uri): void {
    const key = uri.toString();
    const timer = this.timers.get(key);
    if (timer) clearTimeout(timer);
    this.timers.delete(key);
  }

  private notify(uri: vscode.Uri, report: FileReport | undefined): void {
    for (const listener of this.listeners) {
      try {
        listener(uri, report);
      } catch (error) {
        logError('A diagnostics listener failed.', error);
      }
    }
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.collection.dispose();
  }
}

export function toRange(range: { start: { line: number; character: number }; end: { line: number; character: number } }): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}
