/**
 * Quick fixes for `missing-auth-guard`: pure functions from a file's text and the analyzer's results to
 * text edits. No `vscode` here; the extension turns the edits into a WorkspaceEdit, the CLI writes them.
 *
 *   quickFixesFor(analyzer, file, text, 'GET')  the fixes offered on one handler's diagnostic:
 *     - 'add-guard' (preferred): `const { userId } = await auth()` + `if (!userId) return 401`, reusing an
 *       existing auth() call where there is one;
 *     - 'protect': `await auth.protect()` (signed-out callers get a 404), not on Clerk v4;
 *     - 'mark-public': a `// clerk-route-guard public: <reason>` line above the export, reason selected.
 *   fixAllInFile(analyzer, file, text)         the preferred fix for every flagged handler, as one edit set.
 *   applyEdits(text, edits)                    applies one file's edits.
 *
 * Edits are per file name: a handler reached through `export { h as GET } from './h'` or a wrapper is
 * fixed in the function that runs, which may live in another file (that file's edits are relative to
 * the text the analyzer read through its FileSystem). Edits never overlap and are computed from the
 * syntax trees the analyzer built. Every guard edit is checked before it is returned: the edited files
 * are analysed again, and when the handler is still flagged the next strategy is tried (see guard.ts).
 */
import * as path from 'path';
import * as ts from 'typescript';
import { Analyzer, FileReport } from '../analyzer';
import type { ResourceReport } from '../analysis/checkResources';
import { PUBLIC_ANNOTATION } from '../analysis/annotations';
import type { FunctionRef } from '../analysis/scope';
import { memoryFileSystem, stripBom } from '../project/fileSystem';
import { parseSource } from '../project/project';
import { isComponentKind, RESOURCE_NOUN, ResourceKind } from '../resources/kinds';
import { ClerkApi, CodeStyle, GuardOptions, NEXT_SERVER_MODULE, renderProtectStatement } from '../templates';
import { applyEdits, editsByFile, indentAt, lineStart, normalizeEdits, startsLine, TextEdit } from './edits';
import { FileContext, GuardPlan, guardCandidates, protectPlan, unfixable } from './guard';
import { clerkAuthName, hasValueImport } from './imports';
import { detectStyle } from './style';

export { applyEdits, editsByFile } from './edits';
export type { TextEdit } from './edits';
export { detectStyle } from './style';

export type FixId = 'add-guard' | 'protect' | 'redirect-sign-in' | 'mark-public';

export interface FixAction {
  readonly id: FixId;
  readonly title: string;
  /** The handler whose diagnostic offers the fix. */
  readonly handler: string;
  /** Other exports the same edits fix too (they share the function, or the annotated export statement). */
  readonly alsoFor: readonly string[];
  readonly edits: readonly TextEdit[];
  readonly isPreferred: boolean;
  /** Text to select after applying the edits (the placeholder reason of 'mark-public'), in the edited text. */
  readonly selection?: { readonly fileName: string; readonly start: number; readonly end: number };
}

export interface FixOptions {
  /**
   * Style for what the file does not show (one level of indentation in a file with no indented line):
   * the editor's settings. What the file shows always wins.
   */
  readonly fallbackStyle?: Partial<CodeStyle>;
}

export interface QuickFixOptions extends FixOptions {
  /** Offer the guard fixes for a handler that is not flagged (e.g. an "add a guard anyway" command). */
  readonly anyStatus?: boolean;
}

export const ADD_GUARD_TITLE = 'Add Clerk auth check (401)';
export const ADD_THROWING_GUARD_TITLE = 'Add Clerk auth check (throws when signed out)';
export const REDIRECT_SIGN_IN_TITLE = 'Redirect signed-out visitors to sign-in';
/** The reason written by 'mark-public', selected so that typing replaces it. */
export const PUBLIC_REASON_PLACEHOLDER = 'why signed-out callers may use this handler';

/**
 * The Clerk API generation fixes are written for: `api` when given, else the one of the route's project
 * (the installed or declared `@clerk/nextjs`, as the analyzer detects it). The one place that decides.
 */
export function clerkApiFor(analyzer: Analyzer, fileName: string, api?: ClerkApi): ClerkApi {
  return api ?? analyzer.clerkApi(fileName);
}

/**
 * The fixes for one handler of a route file: add-guard (preferred), protect (v5+), mark-public.
 * Empty when the handler is not flagged (unless `options.anyStatus`) or the file cannot be analysed.
 * `text` is the route file's current text; a leading byte-order mark is not counted in the offsets.
 */
export function quickFixesFor(
  analyzer: Analyzer,
  fileName: string,
  text: string,
  handler: string,
  api?: ClerkApi,
  options: QuickFixOptions = {},
): FixAction[] {
  try {
    return quickFixes(analyzer, fileName, text, handler, api, options);
  } catch {
    return []; // like the analyzer, never throw at the editor: no fix rather than a broken one
  }
}

function quickFixes(analyzer: Analyzer, fileName: string, text: string, handler: string, api: ClerkApi | undefined, options: QuickFixOptions): FixAction[] {
  const source = stripBom(text);
  const report = analyzer.analyze(fileName, source);
  const target = report.resources.find((h) => h.name === handler);
  if (report.skipped || !target) return [];
  const flagged = target.status === 'unguarded';
  if (!flagged && !(options.anyStatus && target.status !== 'unresolved')) return [];
  const clerkApi = clerkApiFor(analyzer, report.fileName, api);
  const actions: FixAction[] = [];
  const fn = target.resolved?.fn;
  if (fn && !unfixable(fn.node)) {
    const shared = report.resources.filter((h) => h !== target && h.resolved?.fn.node === fn.node).map((h) => h.name);
    const where = fn.module.fileName === report.fileName ? '' : ` in ${path.relative(report.projectRoot, fn.module.fileName)}`;
    const guard = new FixPlanner(analyzer, report, source, clerkApi, [{ fn, kind: target.kind, methods: [handler, ...shared] }], options);
    const fix = (id: FixId, title: string, edits: TextEdit[], isPreferred: boolean) =>
      edits.length ? actions.push({ id, title: title + where, handler, alsoFor: shared, edits, isPreferred }) : undefined;
    const protect = renderProtectStatement(clerkApi, { quote: "'", semicolons: false, indent: '  ' });
    const protectEdits = () => guard.firstEdits((ctx, t, authName) => [protectPlan(t.fn.node, ctx, authName)].filter((p): p is GuardPlan => !!p));
    const guardEdits = () => guard.verifiedEdits((ctx, t, authName) => guardCandidates(t.fn.node, ctx, authName));
    if (isComponentKind(target.kind)) {
      // A page's visitors are people: Clerk's protect() sends them to sign-in, and so does the redirect.
      if (protect) fix('protect', `Protect with \`${protect}\``, protectEdits(), true);
      if (clerkApi !== 'v4') fix('redirect-sign-in', REDIRECT_SIGN_IN_TITLE, guardEdits(), !protect);
    } else if (target.kind === 'server-function') {
      fix('add-guard', ADD_THROWING_GUARD_TITLE, guardEdits(), true);
    } else {
      fix('add-guard', ADD_GUARD_TITLE, guardEdits(), true);
      if (protect) fix('protect', `Protect with \`${protect}\` (signed-out callers get a 404)`, protectEdits(), false);
    }
  }
  if (target.status !== 'public') {
    const mark = markPublic(report, source, target, options);
    if (mark) actions.push(mark);
  }
  return actions;
}

/**
 * The preferred fix for every flagged resource of a file, as one set of edits: the guard for route
 * handlers and Server Functions, `auth.protect()` for pages and layouts (the redirect on Clerk v4, which
 * has no protect()). Each function that runs is fixed once however many exports share it, and each
 * file gets one import. Empty when nothing is flagged.
 */
export function fixAllInFile(analyzer: Analyzer, fileName: string, text: string, api?: ClerkApi, options: FixOptions = {}): TextEdit[] {
  try {
    return fixAll(analyzer, fileName, text, api, options);
  } catch {
    return [];
  }
}

function fixAll(analyzer: Analyzer, fileName: string, text: string, api: ClerkApi | undefined, options: FixOptions): TextEdit[] {
  const source = stripBom(text);
  const report = analyzer.analyze(fileName, source);
  if (report.skipped) return [];
  const targets = targetsOf(report, (h) => h.status === 'unguarded');
  if (!targets.length) return [];
  const clerkApi = clerkApiFor(analyzer, report.fileName, api);
  const planner = new FixPlanner(analyzer, report, source, clerkApi, targets, options);
  return planner.verifiedEdits((ctx, t, authName) => {
    if (!isComponentKind(t.kind)) return guardCandidates(t.fn.node, ctx, authName);
    const protect = protectPlan(t.fn.node, ctx, authName);
    return protect ? [protect] : clerkApi === 'v4' ? [] : guardCandidates(t.fn.node, ctx, authName);
  });
}

/**
 * Moving the middleware's protection into a file's resources (`migrate`): the named resources get the
 * check of their kind whatever their status (the middleware kept visitors out of a page that does no
 * protected work too): `auth.protect()` in pages and layouts, the 401 guard in route handlers, and
 * `auth.protect(options)` in every kind when the middleware asked for a role or permission. Empty when
 * none of them can be fixed.
 */
export function protectionMoveEdits(
  analyzer: Analyzer, fileName: string, text: string, names: readonly string[], protectOptions?: string, options: FixOptions = {},
): TextEdit[] {
  try {
    const source = stripBom(text);
    const report = analyzer.analyze(fileName, source);
    if (report.skipped) return [];
    const targets = targetsOf(report, (h) => names.includes(h.name));
    if (!targets.length) return [];
    const clerkApi = clerkApiFor(analyzer, report.fileName);
    const planner = new FixPlanner(analyzer, report, source, clerkApi, targets, options);
    return planner.verifiedEdits((ctx, t, authName) => {
      const protect = isComponentKind(t.kind) || protectOptions ? protectPlan(t.fn.node, ctx, authName, protectOptions) : undefined;
      return protect ? [protect] : guardCandidates(t.fn.node, ctx, authName);
    });
  } catch {
    return [];
  }
}

/** The functions to fix for the chosen resources: each once, however many exports share it. */
function targetsOf(report: FileReport, chosen: (resource: ResourceReport) => boolean): Target[] {
  const targets: Target[] = [];
  for (const h of report.resources) {
    const fn = h.resolved?.fn;
    if (!chosen(h) || !fn || unfixable(fn.node)) continue;
    const same = targets.find((t) => t.fn.node === fn.node);
    if (same) same.methods.push(h.name);
    else targets.push({ fn, kind: h.kind, methods: [h.name] });
  }
  return targets;
}

// ---- planning -------------------------------------------------------------------------------------

interface Target {
  readonly fn: FunctionRef;
  /** The kind of the resources it runs for: what a signed-out caller gets depends on it. */
  readonly kind: ResourceKind;
  /** The exports this function runs for. */
  readonly methods: string[];
}

type Candidates = (ctx: FileContext, target: Target, authName: string) => GuardPlan[];

/** Plans fixes for functions in one or more files and checks them with a fresh analysis. */
class FixPlanner {
  private readonly contexts = new Map<string, { ctx: FileContext; authName: ReturnType<typeof clerkAuthName> }>();

  constructor(
    private readonly analyzer: Analyzer,
    private readonly report: FileReport,
    private readonly routeText: string,
    api: ClerkApi,
    private readonly targets: readonly Target[],
    options: FixOptions,
  ) {
    for (const t of targets) {
      const module = t.fn.module;
      if (this.contexts.has(module.fileName)) continue;
      const sf = module.sourceFile;
      const style = detectStyle(sf, options.fallbackStyle);
      const ctx: FileContext = {
        fileName: module.fileName,
        sf,
        module,
        style,
        api,
        response: hasValueImport(sf, NEXT_SERVER_MODULE, 'NextResponse') ? 'NextResponse' : 'Response',
      };
      const fns = targets.filter((x) => x.fn.module.fileName === module.fileName).map((x) => x.fn.node);
      this.contexts.set(module.fileName, { ctx, authName: clerkAuthName(sf, module.fileName, api, fns, style) });
    }
  }

  /** The first candidate of each target, unchecked. */
  firstEdits(candidates: Candidates): TextEdit[] {
    const lists = this.candidateLists(candidates);
    return this.assemble(lists, lists.map(() => 0));
  }

  /**
   * For each target, the first candidate after which the analyzer no longer flags its handlers
   * (the last candidate when none passes), combined into one edit set.
   */
  verifiedEdits(candidates: Candidates): TextEdit[] {
    const lists = this.candidateLists(candidates);
    const choice = lists.map(() => 0);
    for (;;) {
      const edits = this.assemble(lists, choice);
      const flagged = this.stillFlagged(edits);
      let advanced = false;
      this.targets.forEach((t, i) => {
        if (t.methods.some((m) => flagged.has(m)) && choice[i] + 1 < lists[i].length) {
          choice[i]++;
          advanced = true;
        }
      });
      if (!advanced) return edits;
    }
  }

  private candidateLists(candidates: Candidates): GuardPlan[][] {
    return this.targets.map((t) => {
      const { ctx, authName } = this.contexts.get(t.fn.module.fileName)!;
      return candidates({ ...ctx, response: signedOutAnswer(t.kind, ctx.response) }, t, authName.name);
    });
  }

  private assemble(lists: GuardPlan[][], choice: number[]): TextEdit[] {
    let edits: TextEdit[] = [];
    const importsFor = new Set<string>();
    lists.forEach((plans, i) => {
      const plan = plans[choice[i]];
      if (!plan) return;
      try {
        edits = normalizeEdits([...edits, ...plan.edits]);
      } catch {
        return; // overlaps an earlier target's edits (nested functions): leave this one for a second run
      }
      if (plan.usesAuthName) importsFor.add(this.targets[i].fn.module.fileName);
    });
    for (const file of importsFor) {
      const edit = this.contexts.get(file)!.authName.importEdit;
      if (edit) edits = normalizeEdits([...edits, edit]);
    }
    return edits;
  }

  /** The methods still flagged (or broken) after applying `edits`. */
  private stillFlagged(edits: readonly TextEdit[]): Set<string> {
    const all = new Set(this.targets.flatMap((t) => t.methods));
    const files: Record<string, string> = {};
    for (const [file, list] of editsByFile(edits)) {
      const base = file === this.report.fileName ? this.routeText : this.contexts.get(file)?.ctx.sf.text;
      if (base === undefined) return all;
      const next = applyEdits(base, list);
      if (syntaxErrors(file, next) > syntaxErrors(file, base)) return all;
      files[file] = next;
    }
    const check = new Analyzer(memoryFileSystem(files, this.analyzer.fs));
    const after = check.analyze(this.report.fileName, files[this.report.fileName] ?? this.routeText);
    if (after.skipped) return all;
    return new Set(after.resources.filter((h) => h.status === 'unguarded').map((h) => h.name));
  }
}

/** What the guard gives a signed-out caller, by the kind of resource (a route handler: the file's response class). */
function signedOutAnswer(kind: ResourceKind, routeResponse: GuardOptions['response']): GuardOptions['response'] {
  if (kind === 'server-function') return 'throw';
  return isComponentKind(kind) ? 'redirectToSignIn' : routeResponse;
}

/** The number of syntax errors in a file's text. */
export function syntaxErrors(fileName: string, text: string): number {
  const sf = parseSource(fileName, text) as ts.SourceFile & { parseDiagnostics?: readonly ts.Diagnostic[] };
  return sf.parseDiagnostics?.length ?? 0;
}

// ---- mark public ------------------------------------------------------------------------------------

/** `// clerk-route-guard public: <reason>` on the line above the resource's export statement (or inline function). */
function markPublic(report: FileReport, routeText: string, target: ResourceReport, options: FixOptions): FixAction | undefined {
  const sf = parseSource(report.fileName, routeText);
  const statement = sf.statements.find((s) => s.getStart(sf) <= target.nameStart && target.nameEnd <= s.end);
  if (!statement) return undefined;
  const text = sf.text;
  // A resource nested in the statement (an inline Server Function) is annotated where it starts.
  const start = target.annotationStart !== undefined && target.annotationStart > statement.getStart(sf) ? target.annotationStart : statement.getStart(sf);
  const eol = detectStyle(sf, options.fallbackStyle).eol ?? '\n';
  const indent = indentAt(text, start);
  const prefix = `// ${PUBLIC_ANNOTATION} `;
  const comment = prefix + PUBLIC_REASON_PLACEHOLDER;
  const ownLine = startsLine(text, start);
  const at = ownLine ? lineStart(text, start) : start;
  const newText = ownLine ? `${indent}${comment}${eol}` : `${comment}${eol}${indent}`;
  const selectionStart = at + (ownLine ? indent.length : 0) + prefix.length;
  const alsoFor = report.resources
    .filter((h) => h !== target && h.status !== 'public' && h.nameStart >= start && h.nameEnd <= statement.end)
    .map((h) => h.name);
  const names = isComponentKind(target.kind) ? `this ${RESOURCE_NOUN[target.kind]}` : [target.name, ...alsoFor].join(', ');
  return {
    id: 'mark-public',
    title: `Mark ${names} as public (add a ${PUBLIC_ANNOTATION.replace(/:$/, '')} comment with the reason)`,
    handler: target.name,
    alsoFor,
    edits: [{ fileName: report.fileName, start: at, end: at, newText }],
    isPreferred: false,
    selection: { fileName: report.fileName, start: selectionStart, end: selectionStart + PUBLIC_REASON_PLACEHOLDER.length },
  };
}
