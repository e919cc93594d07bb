// Helpers for tests that run inside the real VS Code extension host (see test/vscode/run.mjs).
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
