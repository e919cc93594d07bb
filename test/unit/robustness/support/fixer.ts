/**
 * The quick fixes under fuzzing (src/core/fixes, through the core's exports). Looked up at run time so
 * the suite also runs on a core without them. For every edit set a fixer returns: the edits are in
 * range, do not overlap and apply; a file without syntax errors gets none from the fix; a file with
 * only CRLF line endings keeps them.
 */
// import-equals: a plain require, no getter per ts.X access (hot path under tsx).
import ts = require('typescript');
import * as core from '../../../../src/core';
import type { Analyzer, FileReport } from '../../../../src/core';
import { captureThrow } from './check';
import { stats } from './stats';

export interface Edit {
  readonly fileName: string;
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

export interface Action {
  readonly id: string;
  readonly edits: readonly Edit[];
  readonly selection?: { readonly fileName: string; readonly start: number; readonly end: number };
}

export interface FixApi {
  quickFixesFor(analyzer: Analyzer, fileName: string, text: string, handler: string): Action[];
  fixAllInFile(analyzer: Analyzer, fileName: string, text: string): Edit[];
  applyEdits(text: string, edits: readonly Edit[]): string;
}

/** The fix functions, when the core has them. */
export function fixApi(): FixApi | undefined {
  const c = core as unknown as Partial<FixApi>;
  return typeof c.quickFixesFor === 'function' && typeof c.fixAllInFile === 'function' && typeof c.applyEdits === 'function' ? (c as FixApi) : undefined;
}

/** Syntax errors as TypeScript's parser reports them (counted independently of the fix module). */
export function syntaxErrorCount(fileName: string, text: string): number {
  const kind = /\.tsx$/.test(fileName) ? ts.ScriptKind.TSX : /\.(jsx|js|mjs|cjs)$/.test(fileName) ? ts.ScriptKind.JSX : ts.ScriptKind.TS;
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, kind) as ts.SourceFile & { parseDiagnostics?: readonly unknown[] };
  return sf.parseDiagnostics?.length ?? 0;
}

const onlyCrlf = (text: string) => text.includes('\r\n') && !/(^|[^\r])\n/.test(text);

/** Applies non-overlapping edits (for the rules' finding fixes, independently of any fix module). */
export function applyPlainEdits(text: string, edits: readonly Edit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let at = 0;
  for (const e of sorted) {
    if (e.start < at) throw new Error(`overlapping edits at ${e.start}`);
    out += text.slice(at, e.start) + e.newText;
    at = e.end;
  }
  return out + text.slice(at);
}

type Apply = (text: string, edits: readonly Edit[]) => string;

/** Problems with one edit set; `baseOf` gives the text each edited file had. */
export function editSetProblems(
  apply: Apply,
  what: string,
  edits: readonly Edit[],
  baseOf: (fileName: string) => string | undefined,
  baseErrors: (fileName: string, text: string) => number = syntaxErrorCount,
): string[] {
  stats.fixChecks++;
  const problems: string[] = [];
  const byFile = new Map<string, Edit[]>();
  for (const e of edits) byFile.set(e.fileName, [...(byFile.get(e.fileName) ?? []), e]);
  for (const [file, list] of byFile) {
    const base = baseOf(file);
    if (base === undefined) {
      problems.push(`${what}: edit for a file the analyzer cannot read: ${file}`);
      continue;
    }
    const sorted = [...list].sort((a, b) => a.start - b.start || a.end - b.end);
    sorted.forEach((e, i) => {
      if (!(Number.isInteger(e.start) && Number.isInteger(e.end) && e.start >= 0 && e.start <= e.end && e.end <= base.length)) {
        problems.push(`${what}: edit ${e.start}-${e.end} outside ${file} (${base.length})`);
      }
      if (i > 0 && sorted[i - 1].end > e.start) problems.push(`${what}: overlapping edits at ${e.start} in ${file}`);
    });
    let after: string | undefined;
    problems.push(...captureThrow(() => (after = apply(base, list))).map((p) => `${what}: applying the edits ${p}`));
    if (after === undefined) continue;
    if (baseErrors(file, base) === 0 && syntaxErrorCount(file, after) > 0) {
      problems.push(`${what}: the fix introduced syntax errors in ${file}:\n${after}`);
    }
    if (onlyCrlf(base) && !onlyCrlf(after)) problems.push(`${what}: the fix wrote LF line endings into a CRLF file ${file}`);
  }
  return problems;
}

/**
 * Checks every fixer on a file: the fixes the rules attach to their findings, fixAllInFile, and
 * quickFixesFor on every flagged handler. The route file's edits are relative to `text` (without a
 * BOM); other files' to what the analyzer's file system reads.
 */
export function fixerProblems(analyzer: Analyzer, fileName: string, text: string, report: FileReport): string[] {
  if (report.skipped) return [];
  const problems: string[] = [];
  const route = report.fileName;
  const base = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const baseOf = (file: string) => (file === route ? base : analyzer.fs.readFile(file));
  // Each edited file's own syntax errors, counted once for all the edit sets.
  const counted = new Map<string, number>();
  const baseErrors = (file: string, t: string) => {
    const key = `${file}\0${t.length}`;
    if (!counted.has(key)) counted.set(key, syntaxErrorCount(file, t));
    return counted.get(key)!;
  };
  for (const finding of report.findings as ReadonlyArray<{ ruleId: string; fix?: { edits: readonly Edit[] } }>) {
    if (finding.fix?.edits.length) problems.push(...editSetProblems(applyPlainEdits, `${finding.ruleId} finding fix`, finding.fix.edits, baseOf, baseErrors));
  }
  const api = fixApi();
  if (!api) return problems;
  const apply: Apply = (t, e) => api.applyEdits(t, e);
  let all: Edit[] = [];
  problems.push(...captureThrow(() => (all = api.fixAllInFile(analyzer, fileName, text))).map((p) => `fixAllInFile ${p}`));
  if (all.length) problems.push(...editSetProblems(apply, 'fixAllInFile', all, baseOf, baseErrors));
  for (const h of report.resources) {
    if (h.status !== 'unguarded') continue;
    let actions: Action[] = [];
    problems.push(...captureThrow(() => (actions = api.quickFixesFor(analyzer, fileName, text, h.name))).map((p) => `quickFixesFor(${h.name}) ${p}`));
    for (const action of actions) problems.push(...editSetProblems(apply, `quickFixesFor(${h.name}) ${action.id}`, action.edits, baseOf, baseErrors));
  }
  return problems;
}
