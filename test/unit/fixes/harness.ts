/**
 * Shared checks for the quick-fix tests: apply a fix's edits to an in-memory copy of the files and check
 * the properties every fix must have.
 *
 *   - no new syntax errors in any edited file (ts.createSourceFile's parseDiagnostics);
 *   - the handler is no longer flagged (guarded after add-guard/protect, public after mark-public);
 *   - the other handlers' functions are unchanged (except one that holds the fixed function);
 *   - the edits stay inside the function that runs, or the import block;
 *   - edits are sorted and do not overlap or touch;
 *   - applying the fix again offers no edit.
 */
import * as assert from 'node:assert/strict';
import * as ts from 'typescript';
import {
  Analyzer, applyEdits, editsByFile, FileReport, FileSystem, FixAction, memoryFileSystem, quickFixesFor,
} from '../../../src/core';
import type { ClerkApi } from '../../../src/core/templates';

/** Files edited in memory over a base file system (the disk, or a memory one). */
export class Workspace {
  constructor(
    readonly files: Readonly<Record<string, string>>,
    readonly base?: FileSystem,
  ) {}

  analyzer(): Analyzer {
    return new Analyzer(memoryFileSystem({ ...this.files }, this.base));
  }

  text(fileName: string): string {
    const text = this.files[fileName] ?? this.base?.readFile(fileName);
    assert.ok(text !== undefined, `no such file ${fileName}`);
    return text;
  }

  withEdits(edits: FixAction['edits']): Workspace {
    const files = { ...this.files };
    for (const [file, list] of editsByFile(edits)) files[file] = applyEdits(this.text(file), list);
    return new Workspace(files, this.base);
  }
}

export function parseErrors(fileName: string, text: string): string[] {
  const kind = /\.(jsx|js|mjs|cjs)$/.test(fileName) ? ts.ScriptKind.JSX : /\.tsx$/.test(fileName) ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, kind) as ts.SourceFile & {
    parseDiagnostics: readonly ts.Diagnostic[];
  };
  return sf.parseDiagnostics.map((d) => `${d.start}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

/** The source text of the function that runs for each handler (keyed by method), and where it is. */
export function handlerFunctions(report: FileReport): Map<string, { fileName: string; node: ts.Node; text: string; start: number; end: number }> {
  const out = new Map<string, { fileName: string; node: ts.Node; text: string; start: number; end: number }>();
  for (const h of report.resources) {
    const fn = h.resolved?.fn;
    if (!fn) continue;
    const sf = fn.module.sourceFile;
    const start = fn.node.getStart(sf);
    out.set(h.name, { fileName: fn.module.fileName, node: fn.node, text: sf.text.slice(start, fn.node.end), start, end: fn.node.end });
  }
  return out;
}

/** Where imports may be edited: from the file start to the end of the line of the last import. */
function importZoneEnd(fileName: string, text: string): number {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false);
  let end = 0;
  sf.statements.forEach((s, i) => {
    const directive = sf.statements.slice(0, i + 1).every((x) => ts.isExpressionStatement(x) && ts.isStringLiteral(x.expression));
    if (ts.isImportDeclaration(s) || directive) end = s.end;
  });
  if (end === 0) return sf.statements.length ? sf.statements[0].getStart(sf, true) : text.length;
  const nl = text.indexOf('\n', end);
  return nl < 0 ? text.length : nl;
}

export interface CheckOptions {
  /** The handler's status after the fix. */
  expect: 'guarded' | 'public';
  api: ClerkApi;
  /** Quick-fix options for the second application (none: the handler is no longer flagged). */
}

/**
 * Applies `action` to `ws` and checks the properties above for `handler` of `routeFile`.
 * Returns the edited workspace.
 */
export function checkAction(ws: Workspace, routeFile: string, handler: string, action: FixAction, opts: CheckOptions): Workspace {
  const label = `${action.id} on ${handler}`;
  const before = ws.analyzer().analyze(routeFile);
  const fnsBefore = handlerFunctions(before);
  const target = fnsBefore.get(handler);
  assert.ok(action.edits.length > 0, `${label}: no edits`);

  // Sorted, non-overlapping, not touching (VS Code's WorkspaceEdit rejects overlaps).
  for (const [, list] of editsByFile(action.edits)) {
    for (let i = 1; i < list.length; i++) assert.ok(list[i].start > list[i - 1].end, `${label}: edits overlap or touch at ${list[i].start}`);
  }
  // Confined to the function that runs (or, for mark-public, the export statement's line) and the imports.
  for (const e of action.edits) {
    const text = ws.text(e.fileName).replace(/^\uFEFF/, '');
    const inImports = e.end <= importZoneEnd(e.fileName, text);
    const inFunction = !!target && e.fileName === target.fileName && e.start >= lineStartOf(text, target.start) && e.end <= target.end;
    const isAnnotation = action.id === 'mark-public' && e.start === e.end && /clerk-route-guard public:/.test(e.newText);
    assert.ok(inImports || inFunction || isAnnotation, `${label}: edit outside the handler and imports: ${JSON.stringify(e)}`);
  }

  const after = ws.withEdits(action.edits);
  for (const file of new Set(action.edits.map((e) => e.fileName))) {
    const errorsBefore = parseErrors(file, ws.text(file));
    const errorsAfter = parseErrors(file, after.text(file));
    assert.ok(errorsAfter.length <= errorsBefore.length, `${label}: new syntax errors in ${file}:\n${errorsAfter.join('\n')}\n---\n${after.text(file)}`);
  }

  const report = after.analyzer().analyze(routeFile);
  assert.equal(report.skipped, undefined, `${label}: skipped after the fix: ${report.skipped}`);
  const status = findResource(report, handler)?.status;
  assert.equal(status, opts.expect, `${label}: status after the fix\n---\n${dump(after, action)}`);
  assert.ok(
    !report.findings.some((f) => f.ruleId === 'missing-auth-guard' && f.handler === findResource(report, handler)?.name),
    `${label}: still reported`,
  );

  // Other handlers: same function text, unless they share the function (or the annotated statement),
  // or hold the fixed function (an inline Server Function declared inside a page).
  const fnsAfter = handlerFunctions(report);
  const holds = (fn: { fileName: string; start: number; end: number }) =>
    target !== undefined && fn.fileName === target.fileName && fn.start <= target.start && target.end <= fn.end;
  for (const [method, fn] of fnsBefore) {
    if (method === handler || action.alsoFor.includes(method) || (target && fn.node === target.node) || holds(fn)) continue;
    assert.equal(fnsAfter.get(method)?.text, fn.text, `${label}: ${method} changed`);
  }

  // A second application: the handler is not flagged any more, so nothing is offered.
  const again = quickFixesFor(after.analyzer(), routeFile, after.text(routeFile), handler, opts.api);
  assert.deepEqual(again.map((a) => a.id), [], `${label}: offered again after the fix`);
  return after;
}

function lineStartOf(text: string, pos: number): number {
  let i = pos;
  while (i > 0 && text[i - 1] !== '\n') i--;
  return i;
}

function dump(ws: Workspace, action: FixAction): string {
  return [...new Set(action.edits.map((e) => e.fileName))].map((f) => `${f}:\n${ws.text(f)}`).join('\n---\n');
}

/** Clerk API generation for a fixture's `// clerk:` version (none: current). */
export function apiOfVersion(version: string | undefined): ClerkApi {
  const major = version ? Number(/\d+/.exec(version)?.[0]) : 7;
  return major < 5 ? 'v4' : major === 5 ? 'v5' : 'v6';
}

/**
 * The resource named `name` after a fix. An anonymous inline action is named by its line
 * (`action@10`), which an added import moves down: the first one at or below that line.
 */
function findResource(report: FileReport, name: string) {
  const exact = report.resources.find((r) => r.name === name);
  const line = /^action@(\d+)$/.exec(name);
  if (exact || !line) return exact;
  return report.resources.find((r) => r.name.startsWith('action@') && Number(r.name.slice(7)) >= Number(line[1]));
}
