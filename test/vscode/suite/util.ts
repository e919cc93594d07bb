// Helpers for tests that run inside the real VS Code extension host (see test/vscode/run.mjs).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'clerk-route-guard.clerk-route-guard';
export const DIAGNOSTIC_SOURCE = 'clerk-route-guard';

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls `predicate` until it returns a truthy value and returns that value. Everything in the host is
 * asynchronous (activation, diagnostics, snippet loading), so tests wait for a state, never for a
 * fixed time; the bound turns "never happens" into a failure with a readable message.
 */
export async function waitFor<T>(
  predicate: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = 10_000,
  what: string | (() => string) = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await predicate();
      if (value) return value;
      lastError = undefined;
    } catch (error) {
      lastError = error; // e.g. a command that is not registered yet; keep polling
    }
    if (Date.now() > deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'function' ? what() : what}${cause}`);
    }
    await sleep(50);
  }
}

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open');
  return folder.uri;
}

export function workspaceUri(relPath: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...relPath.split('/'));
}

/** Opens a workspace file (path relative to the workspace root) in an editor and returns both. */
export async function openDocument(relPath: string): Promise<{ document: vscode.TextDocument; editor: vscode.TextEditor }> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(relPath));
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  return { document, editor };
}

/** Replaces the whole text of the editor's document. */
export async function setText(editor: vscode.TextEditor, text: string): Promise<void> {
  const document = editor.document;
  const whole = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
  const ok = await editor.edit((edit) => edit.replace(whole, text));
  if (!ok) throw new Error(`could not edit ${document.uri.toString()}`);
}

/** Throws away unsaved edits of the active editor, so the next test sees the fixture as on disk. */
export async function revertActiveEditor(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.files.revert');
}

export async function waitForExtensionActive(id = EXTENSION_ID, timeoutMs = 20_000): Promise<vscode.Extension<unknown>> {
  return waitFor(() => {
    const extension = vscode.extensions.getExtension(id);
    return extension?.isActive ? extension : undefined;
  }, timeoutMs, `extension ${id} to be active`);
}

// Diagnostics ---------------------------------------------------------------------------------------

// Per URI: the latest edit (with a copy of the diagnostics as they were at that moment) and the latest
// diagnostics event. The listeners are installed when this module loads, i.e. before any test runs.
interface EditMark {
  time: number;
  diagnosticsThen: readonly vscode.Diagnostic[];
}
const lastEdit = new Map<string, EditMark>();
const lastPublish = new Map<string, number>();
vscode.workspace.onDidChangeTextDocument((event) => {
  if (event.contentChanges.length === 0) return;
  const uri = event.document.uri;
  lastEdit.set(uri.toString(), { time: Date.now(), diagnosticsThen: vscode.languages.getDiagnostics(uri) });
});
vscode.languages.onDidChangeDiagnostics((event) => {
  for (const uri of event.uris) lastPublish.set(uri.toString(), Date.now());
});

function signature(diagnostics: readonly vscode.Diagnostic[]): string {
  const key = (d: vscode.Diagnostic) => {
    const code = typeof d.code === 'object' ? d.code.value : d.code;
    const { start, end } = d.range;
    return JSON.stringify([start.line, start.character, end.line, end.character, d.severity, code, d.message]);
  };
  return diagnostics.map(key).sort().join('\n');
}

export interface DiagnosticsOptions {
  /** Overall bound. */
  timeoutMs?: number;
  /** How long no diagnostics event may arrive for the URI before the current ones count as settled. */
  quietMs?: number;
  /**
   * After an edit, how long the source's diagnostics may stay exactly as they were before the edit
   * until that is taken as the answer (the provider republished the same set, or nothing).
   */
  unchangedMs?: number;
  /** Keep waiting until the (filtered) diagnostics satisfy this, e.g. `(d) => d.length === 1`. */
  until?: (diagnostics: vscode.Diagnostic[]) => boolean;
}

/**
 * The diagnostics of `source` for `uri` once they are not stale:
 *  - some diagnostics event for the URI has been seen (after the latest edit, if there was one);
 *  - after an edit, the source's diagnostics differ from those at the time of the edit, or `unchangedMs`
 *    has passed. Other providers (the TypeScript service, in phases) publish for the same URI, so "an
 *    event after the edit" alone does not mean this source has caught up;
 *  - no event for `quietMs` (debounced or multi-phase providers).
 * With `until`, also waits until the predicate holds: prefer it whenever the expected set is known.
 * In particular right after opening a document (no edit yet), any provider's first event counts, so
 * a test that expects findings should say so with `until` rather than trust the first answer.
 */
export async function getDiagnosticsFor(
  uri: vscode.Uri,
  source: string = DIAGNOSTIC_SOURCE,
  options: DiagnosticsOptions = {},
): Promise<vscode.Diagnostic[]> {
  const { timeoutMs = 15_000, quietMs = 500, unchangedMs = 3_000, until } = options;
  const key = uri.toString();
  const ofSource = (list: readonly vscode.Diagnostic[]) => list.filter((d) => d.source === source);
  const current = () => ofSource(vscode.languages.getDiagnostics(uri));
  return waitFor(() => {
    const now = Date.now();
    const edit = lastEdit.get(key);
    const published = lastPublish.get(key) ?? 0;
    if (published === 0 || (edit && published <= edit.time)) return undefined; // nothing published (since the edit)
    const diagnostics = current();
    if (edit && now - edit.time < unchangedMs && signature(diagnostics) === signature(ofSource(edit.diagnosticsThen))) {
      return undefined; // maybe this source has not republished yet
    }
    if (now - Math.max(edit?.time ?? 0, published) < quietMs) return undefined; // still settling
    if (until && !until(diagnostics)) return undefined;
    return diagnostics;
  }, timeoutMs, () => `settled ${source} diagnostics for ${path.basename(uri.path)}${until ? ' matching the expectation' : ''}` +
    ` (now: ${JSON.stringify(current().map((d) => d.message))})`);
}

// Code actions --------------------------------------------------------------------------------------

function isCanceled(error: unknown): boolean {
  return error instanceof Error && (error.name === 'Canceled' || error.message === 'Canceled');
}

/**
 * `vscode.executeCodeActionProvider`, retried when (and only when) it is rejected with `Canceled`: the
 * first call right after the window opens is sometimes canceled by the workbench for no reason a test
 * controls. Any other error, and every assertion, is left alone.
 */
export async function executeCodeActions(
  uri: vscode.Uri,
  range: vscode.Range | vscode.Selection,
  kind?: string,
  attempts = 5,
): Promise<vscode.CodeAction[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
        'vscode.executeCodeActionProvider', uri, range, kind);
      // Providers may return plain Commands; tests care about CodeActions (they have a title and maybe an edit).
      return (actions ?? []).filter((a): a is vscode.CodeAction => !('command' in a && typeof a.command === 'string'));
    } catch (error) {
      if (!isCanceled(error) || attempt >= attempts) throw error;
      await sleep(200 * attempt);
    }
  }
}

// Completions ---------------------------------------------------------------------------------------

export function completionLabel(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

export async function completionsAt(uri: vscode.Uri, position: vscode.Position): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position);
  return list?.items ?? [];
}

// Screenshots ---------------------------------------------------------------------------------------

/**
 * Asks the runner for a screenshot of the whole workbench and waits until it has been written. Returns
 * the PNG's path, or undefined when the runner was started without a screenshot directory.
 *
 * Protocol: the test creates `<CRG_SCREENSHOT_DIR>/<name>.request`; run.mjs polls that directory, takes
 * the page screenshot, writes `<name>.png` (atomically) and deletes the request.
 */
export async function screenshot(name: string, timeoutMs = 20_000): Promise<string | undefined> {
  const dir = process.env.CRG_SCREENSHOT_DIR;
  if (!dir) return undefined;
  if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new Error(`screenshot name must be [A-Za-z0-9._-]+: ${name}`);
  const png = path.join(dir, `${name}.png`);
  fs.mkdirSync(dir, { recursive: true });
  fs.rmSync(png, { force: true });
  fs.writeFileSync(path.join(dir, `${name}.request`), '');
  await waitFor(() => fs.existsSync(png), timeoutMs, `screenshot ${name}.png from the runner`);
  return png;
}

// The extension under test ------------------------------------------------------------------------

/** What activate() returns: the controller behind the diagnostics (see src/extension/extension.ts). */
export interface ExtensionApi {
  diagnostics: { reportFor(uri: vscode.Uri): { findings: readonly unknown[] } | undefined };
  /** The protection map's tree data provider (src/extension/protectionMap.ts). */
  protectionMap: ProtectionMapApi;
}

export type ProtectionState = 'unguarded' | 'middleware-only' | 'own-check' | 'public' | 'no-work' | 'not-judged';

/** A node of the protection map, as the provider hands it to the view. */
export interface MapNode {
  kind: 'workspace-folder' | 'app' | 'segment' | 'server-functions' | 'file' | 'resource';
  id: string;
  label: string;
  description: string;
  counts: Partial<Record<ProtectionState, number>>;
  children: readonly MapNode[];
  path?: string;
  resource?: {
    fileName: string;
    kind: string;
    name: string;
    url?: string;
    state: ProtectionState;
    line: number;
    reason?: string;
    middleware?: { fileName: string; line: number; matchers: readonly string[]; condition?: string };
  };
}

export interface ProtectionMapApi {
  getChildren(node?: MapNode): Promise<MapNode[]>;
  getTreeItem(node: MapNode): vscode.TreeItem;
  onDidChangeTreeData: vscode.Event<unknown>;
  /** Fires with the new top nodes each time the map has been computed. */
  onDidCompute: vscode.Event<readonly MapNode[]>;
  /** How many times the map has been computed (it must wait for the view to be shown). */
  readonly computations: number;
  readonly treeView: vscode.TreeView<MapNode> | undefined;
}

export const PROTECTION_MAP_VIEW = 'clerkRouteGuard.protectionMap';

/** Opens the Explorer's "Clerk: protection map" view (once its `when` holds) and returns the provider. */
export async function showProtectionMap(timeoutMs = 20_000): Promise<ProtectionMapApi> {
  const map = (await extensionApi()).protectionMap;
  await waitFor(async () => {
    await vscode.commands.executeCommand(`${PROTECTION_MAP_VIEW}.focus`);
    return map.treeView?.visible;
  }, timeoutMs, 'the protection map view to be visible');
  return map;
}

/** The node reached from `nodes` by following labels (`'/'`, `'api'`, `'notes'`). */
export function mapNodeAt(nodes: readonly MapNode[], ...labels: string[]): MapNode {
  let node: MapNode | undefined;
  let level = nodes;
  for (const label of labels) {
    node = level.find((n) => n.label === label);
    assert.ok(node, `no node ${label} among ${JSON.stringify(level.map((n) => n.label))} (path ${labels.join(' > ')})`);
    level = node.children;
  }
  assert.ok(node, 'no labels given');
  return node;
}

/** Every resource below `nodes` as `url-or-file name state`, in tree order. */
export function mapResources(nodes: readonly MapNode[]): string[] {
  return nodes.flatMap((node) => {
    const r = node.resource;
    if (!r) return mapResources(node.children);
    const where = r.url ?? path.basename(r.fileName);
    return [`${where} ${r.kind === 'route' || r.kind === 'server-function' ? r.name : r.kind} ${r.state}`];
  });
}

export async function extensionApi(): Promise<ExtensionApi> {
  const extension = await waitForExtensionActive();
  return extension.exports as ExtensionApi;
}

/** This extension's diagnostics on `uri` as they are now. */
export function clerkDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === DIAGNOSTIC_SOURCE);
}

export function ruleOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  return typeof code === 'object' ? String(code.value) : code === undefined ? undefined : String(code);
}

/**
 * The diagnostics of a route document that was just opened, once the extension has analysed it (its
 * controller holds a report for the URI). Use this to assert "no findings" right after opening, where
 * getDiagnosticsFor could take another provider's first event for the answer.
 */
export async function analyzedDiagnostics(uri: vscode.Uri, timeoutMs = 15_000): Promise<vscode.Diagnostic[]> {
  const api = await extensionApi();
  await waitFor(() => api.diagnostics.reportFor(uri), timeoutMs, `the extension to analyse ${path.basename(uri.path)}`);
  return clerkDiagnostics(uri);
}

/**
 * The analysis core of the extension under test, loaded from its own dist/ (a fresh Analyzer on the
 * disk's files is the oracle for "the diagnostics are not stale").
 */
export interface CoreFinding {
  ruleId: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}
interface CoreModule {
  Analyzer: new () => { analyze(fileName: string, text?: string): { findings: CoreFinding[] } };
  isRouteFilePath(fileName: string, options?: { includeJs?: boolean }): boolean;
  /** Resource files by path and the middleware/proxy files the checker also analyses (absent in older cores). */
  isCheckedFilePath?(fileName: string, options?: { includeJs?: boolean }): boolean;
  /** Source files that may hold Server Functions: a path test and a text test (absent in older cores). */
  isSourceFilePath?(fileName: string, options?: { includeJs?: boolean }): boolean;
  mayHoldServerFunctions?(text: string): boolean;
}
export function extensionCore(): CoreModule {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(extension.extensionPath, 'dist', 'analyzer.js')) as CoreModule;
}
/**
 * The files the check should analyse: every file on disk outside node_modules that the core's own
 * tests accept (resource files by path, middleware/proxy files, and source files with `'use server'`).
 */
export function checkedFilesOnDisk(dir: string): string[] {
  const core = extensionCore();
  const options = { includeJs: true };
  const serverFunctions = (file: string) =>
    core.isSourceFilePath?.(file, options) === true && core.mayHoldServerFunctions?.(fs.readFileSync(file, 'utf8')) === true;
  const checked = (file: string) => (core.isCheckedFilePath ?? core.isRouteFilePath)(file, options) || serverFunctions(file);
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...checkedFilesOnDisk(full));
    else if (checked(full)) found.push(full);
  }
  return found.sort();
}

export function freshFindings(fsPath: string, text?: string): CoreFinding[] {
  return new (extensionCore().Analyzer)().analyze(fsPath, text).findings;
}

/** Diagnostics and core findings as comparable `rule@line:col-line:col` keys, sorted. */
export function findingKeys(items: readonly (vscode.Diagnostic | CoreFinding)[]): string[] {
  return items
    .map((item) => {
      const rule = item instanceof vscode.Diagnostic ? ruleOf(item) : item.ruleId;
      const { start, end } = item.range;
      return `${rule}@${start.line}:${start.character}-${end.line}:${end.character}`;
    })
    .sort();
}

// The TypeScript service ----------------------------------------------------------------------------

let sentinels = 0;

/**
 * The errors the built-in TypeScript service reports for the editor's current text, known to be fresh:
 * appends a line with a unique type error (a sentinel), waits until TypeScript reports that very
 * error, i.e. until it has checked exactly this text, then removes the line again. Returned as
 * `code: message` strings, without the sentinel's own error.
 */
export async function typeScriptErrors(editor: vscode.TextEditor, timeoutMs = 45_000): Promise<string[]> {
  const n = ++sentinels;
  const marker = `crg-sentinel-${n}`;
  const line = `\nconst __crgTypeCheck${n}: 'crg-expected' = '${marker}';\n`;
  const document = editor.document;
  const at = document.getText().length;
  if (!(await editor.edit((edit) => edit.insert(document.positionAt(at), line)))) throw new Error('could not add the sentinel line');
  try {
    const diagnostics = await waitFor(() => {
      const ts = vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'ts');
      return ts.some((d) => d.message.includes(marker)) ? ts : undefined;
    }, timeoutMs, `TypeScript to check ${path.basename(document.uri.path)} (sentinel ${n})`);
    return diagnostics
      .filter((d) => d.severity === vscode.DiagnosticSeverity.Error && !d.message.includes(marker))
      .map((d) => `${typeof d.code === 'object' ? d.code.value : d.code}: ${d.message}`);
  } finally {
    const text = document.getText();
    const start = text.lastIndexOf(line);
    if (start >= 0) await editor.edit((edit) => edit.delete(new vscode.Range(document.positionAt(start), document.positionAt(start + line.length))));
  }
}

// Settings ------------------------------------------------------------------------------------------

/** Sets `clerkRouteGuard.<key>` in the workspace settings; `undefined` removes it. */
export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('clerkRouteGuard').update(key, value, vscode.ConfigurationTarget.Workspace);
}

// The extension's output channel ------------------------------------------------------------------

/**
 * Lines of the "Clerk Route Guard" output channel that report a failure (the adapter logs every error
 * it catches as "… failed …"). The channel is read from the host's log folder, which run.mjs puts next
 * to the results file (<temp>/user-data/logs/…/output_logging_*\/N-Clerk Route Guard.log).
 */
export function extensionLogErrors(): string[] {
  const results = process.env.CRG_RESULTS_FILE;
  if (!results) return [];
  const logs = path.join(path.dirname(results), 'user-data', 'logs');
  if (!fs.existsSync(logs)) throw new Error(`no log folder at ${logs}`);
  const files = (fs.readdirSync(logs, { recursive: true }) as string[]).filter((f) => f.endsWith('Clerk Route Guard.log'));
  if (files.length === 0) throw new Error(`no "Clerk Route Guard" output log under ${logs}`);
  return files.flatMap((f) => fs.readFileSync(path.join(logs, f), 'utf8').split('\n')).filter((line) => /\bfailed\b/i.test(line));
}

/**
 * typed/ is a project of its own (package.json, tsconfig.json) whose node_modules is the repository's,
 * linked in here before any of its files opens, so the TypeScript service resolves `@clerk/nextjs/server`,
 * `next/server` and React's JSX types to their real types and a fixed file can be held to zero errors.
 */
export function linkTypePackages(): void {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed`);
  const target = path.join(extension.extensionPath, 'node_modules');
  for (const pkg of ['@clerk/nextjs', 'next', '@types/node', '@types/react']) {
    assert.ok(fs.existsSync(path.join(target, pkg, 'package.json')), `${pkg} is not installed in ${target}`);
  }
  const link = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'typed', 'node_modules');
  if (!fs.existsSync(link)) fs.symlinkSync(target, link, 'dir');
}
