/**
 * The migration off middleware protection (`clerk-route-guard migrate`, the editor's "Move protection
 * into the resources"): every page, layout, template, default and route handler that the middleware
 * protects and that has no check of its own gets the check of its kind; then, when every one of them
 * checks itself and the middleware callback only protects, the middleware becomes `clerkMiddleware()`
 * with the same `config.matcher`. Pure: the result is the new text of each changed file; the adapters
 * preview and write it. What cannot be moved safely is listed with the reason.
 */
import * as path from 'path';
import ts = require('typescript');
import { Analyzer } from '../analyzer';
import { applyEdits, editsByFile, protectionMoveEdits, syntaxErrors } from '../fixes';
import { analyzeMiddleware, MiddlewareAnalysis } from '../middleware/middlewareFile';
import { protectionOf } from '../middleware/routeCheck';
import type { FileSystem } from '../project/fileSystem';
import { stripBom } from '../project/fileSystem';
import { RESOURCE_NOUN, ResourceKind, routeUrlPath } from '../resources/kinds';
import type { ClerkApi } from '../templates';
import { appResourceFiles, clientComponentKind } from './map';
import { checksItself } from './matcherRule';

export interface MovedCheck {
  readonly fileName: string;
  readonly kind: ResourceKind;
  readonly name: string;
  readonly url: string;
  /** What the resource now calls: `auth.protect()`, `auth.protect({ role: 'org:admin' })`, the 401 guard. */
  readonly check: string;
}

export interface Refusal {
  readonly fileName: string;
  /** The resource, when the refusal is about one (else the middleware itself). */
  readonly name?: string;
  readonly reason: string;
}

export interface MigrationPlan {
  readonly middlewareFile: string;
  /** The middleware's project (nearest package.json): nothing outside it is changed. */
  readonly projectRoot: string;
  /** The new text of every file the migration changes (the middleware included when it is reduced). */
  readonly changes: ReadonlyMap<string, { readonly before: string; readonly after: string }>;
  readonly moved: readonly MovedCheck[];
  readonly refused: readonly Refusal[];
  /** The middleware was reduced to `clerkMiddleware()` (or already does not protect anything). */
  readonly middlewareReduced: boolean;
}

/** A file system that serves the migration's new texts over the real ones. */
function overlay(base: FileSystem, texts: Map<string, string>): FileSystem {
  return {
    readFile: (p) => texts.get(p) ?? base.readFile(p),
    fileExists: (p) => texts.has(p) || base.fileExists(p),
    directoryExists: (p) => base.directoryExists(p),
    readDirectory: base.readDirectory ? (p) => base.readDirectory!(p) : undefined,
  };
}

export function planMigration(fs: FileSystem, middlewareFile: string): MigrationPlan {
  const texts = new Map<string, string>();
  const before = new Map<string, string>();
  const analyzer = new Analyzer(overlay(fs, texts));
  const moved: MovedCheck[] = [];
  const refused: Refusal[] = [];
  const middlewareText = fs.readFile(middlewareFile);
  const result = (middlewareReduced: boolean): MigrationPlan => {
    const changes = new Map<string, { before: string; after: string }>();
    for (const [file, after] of texts) if (before.get(file) !== after) changes.set(file, { before: before.get(file)!, after });
    return { middlewareFile, projectRoot: analyzer.projectFor(middlewareFile).root, changes, moved, refused, middlewareReduced };
  };
  if (middlewareText === undefined) {
    refused.push({ fileName: middlewareFile, reason: 'the middleware file could not be read' });
    return result(false);
  }
  const analysis = analyzeMiddleware(middlewareFile, stripBom(middlewareText));
  const clerk = analyzer.clerkVersion(middlewareFile);
  if (clerk.api === 'v4') {
    refused.push({ fileName: middlewareFile, reason: 'Clerk v4 has no auth.protect(): upgrade to @clerk/nextjs 5 or later first' });
    return result(false);
  }
  if (!analysis.clerkMiddlewareCall && !analysis.authMiddlewareCall) {
    refused.push({ fileName: middlewareFile, reason: 'no clerkMiddleware() or authMiddleware() call in this file' });
    return result(false);
  }

  const write = (file: string, text: string) => {
    if (!before.has(file)) before.set(file, analyzer.fs.readFile(file) ?? '');
    texts.set(file, text);
    analyzer.fileChanged(file);
  };
  const relying: string[] = [];
  const appDir = path.join(path.dirname(middlewareFile), 'app');
  for (const file of appResourceFiles(fs, appDir)) {
    const url = routeUrlPath(file);
    const protection = protectionOf(analysis, url, clerk.api);
    if (!protection) continue;
    relying.push(file);
    moveInto(file, url, protection.condition?.getText(analysis.module.sourceFile));
  }

  function moveInto(file: string, url: string, condition: string | undefined): void {
    const text = analyzer.fs.readFile(file);
    if (text === undefined) return void refused.push({ fileName: file, reason: 'the file could not be read' });
    const report = analyzer.analyze(file, stripBom(text));
    if (report.skipped) return void refused.push({ fileName: file, reason: `not analysed: ${report.skipped}` });
    const kind = clientComponentKind(report);
    if (kind) {
      // A 'use client' page: the middleware is all that keeps signed-out visitors out, and it cannot call auth.protect().
      return void refused.push({ fileName: file, name: 'default', reason: `a client component ${RESOURCE_NOUN[kind]}: it cannot check for itself; wrap it in a server ${RESOURCE_NOUN[kind]} that calls auth.protect(), or keep the middleware for it` });
    }
    const needing = report.resources.filter((r) => r.kind !== 'server-function' && !checksItself(r));
    for (const r of needing.filter((r) => r.status === 'unresolved' || r.status === 'clerk-not-used')) {
      refused.push({ fileName: file, name: r.name, reason: 'its function could not be read: add the check by hand' });
    }
    const names = needing.filter((r) => r.status !== 'unresolved' && r.status !== 'clerk-not-used').map((r) => r.name);
    if (names.length === 0) return;
    const edits = protectionMoveEdits(analyzer, file, stripBom(text), names, condition);
    if (edits.length === 0) {
      for (const name of names) refused.push({ fileName: file, name, reason: 'no safe place to insert the check (a generator, no body)' });
      return;
    }
    const next = new Map<string, string>();
    for (const [target, list] of editsByFile(edits)) {
      const base = stripBom(analyzer.fs.readFile(target) ?? '');
      const after = applyEdits(base, list);
      if (syntaxErrors(target, after) > syntaxErrors(target, base)) {
        for (const name of names) refused.push({ fileName: file, name, reason: 'the check would not parse here: add it by hand' });
        return;
      }
      next.set(target, after);
    }
    for (const [target, after] of next) write(target, after);
    const check = analyzer.analyze(file);
    for (const name of names) {
      const r = check.resources.find((x) => x.name === name);
      const kind = r?.kind ?? report.resources.find((x) => x.name === name)!.kind;
      if (r && checksItself(r)) moved.push({ fileName: file, kind, name, url, check: checkText(clerk.api, kind, condition) });
      else refused.push({ fileName: file, name, reason: 'the inserted check was not accepted by the analysis: check it by hand' });
    }
  }

  const stillRelying = refused.some((r) => r.name !== undefined && relying.includes(r.fileName));
  const reduction = stillRelying ? { reason: 'some resources still rely on the middleware (above)' } : reduceMiddleware(analysis);
  if ('reason' in reduction) {
    refused.push({ fileName: middlewareFile, reason: `the middleware was not reduced to clerkMiddleware(): ${reduction.reason}` });
    return result(false);
  }
  if (reduction.text !== stripBom(middlewareText)) write(middlewareFile, reduction.text);
  return result(true);
}

function checkText(api: ClerkApi, kind: ResourceKind, condition: string | undefined): string {
  const protect = api === 'v6' ? `await auth.protect(${condition ?? ''})` : `auth().protect(${condition ?? ''})`;
  return kind === 'route' && !condition ? 'the 401 guard' : protect;
}

/** A resource, for messages: `GET /api/notes`, `page /dashboard`. */
export function describeMoved(m: { kind: ResourceKind; name: string; url: string }): string {
  return m.kind === 'route' ? `${m.name} ${m.url}` : `${RESOURCE_NOUN[m.kind]} ${m.url}`;
}

// ---------------------------------------------------------------------------------------------------
// Reducing the middleware

/**
 * The middleware's text with `clerkMiddleware(callback)` → `clerkMiddleware()` (options kept), the
 * route matchers and imports nothing uses any more removed, or why that is not safe: a callback that
 * does more than protect (redirects, headers, rate limits) is left to a person.
 */
function reduceMiddleware(analysis: MiddlewareAnalysis): { text: string } | { reason: string } {
  const sf = analysis.module.sourceFile;
  const call = analysis.clerkMiddlewareCall;
  if (!call) return { reason: 'it uses authMiddleware(): apply the deprecated-middleware fix first' };
  const callback = call.arguments[0];
  // `clerkMiddleware()` or `clerkMiddleware({ debug: true })`: nothing left to reduce.
  if (!callback || ts.isObjectLiteralExpression(callback)) return { text: sf.text };
  if (!ts.isArrowFunction(callback) && !ts.isFunctionExpression(callback)) return { reason: 'its callback is not written inline' };
  const extra = extraWork(callback, analysis);
  if (extra) return { reason: `its callback does more than protect (line ${sf.getLineAndCharacterOfPosition(extra.getStart(sf)).line + 1}): remove the protection by hand` };
  const rest = call.arguments.slice(1).map((a) => a.getText(sf)).join(', ');
  const edits = [{ fileName: sf.fileName, start: call.arguments.pos, end: call.arguments.end, newText: rest }];
  let text = applyEdits(sf.text, edits);
  text = removeUnused(text, sf.fileName);
  return { text };
}

/** The first statement of the callback that is not part of the protection; undefined when it only protects. */
function extraWork(callback: ts.ArrowFunction | ts.FunctionExpression, analysis: MiddlewareAnalysis): ts.Node | undefined {
  const body = callback.body;
  if (!ts.isBlock(body)) return onlyProtects(body, analysis) ? undefined : body;
  for (const statement of body.statements) if (!statementOnlyProtects(statement, analysis)) return statement;
  return undefined;
}

function statementOnlyProtects(s: ts.Statement, analysis: MiddlewareAnalysis): boolean {
  if (ts.isExpressionStatement(s)) return onlyProtects(s.expression, analysis);
  if (ts.isBlock(s)) return s.statements.every((x) => statementOnlyProtects(x, analysis));
  if (ts.isReturnStatement(s)) return !s.expression || isPassThrough(s.expression) || onlyProtects(s.expression, analysis);
  if (ts.isIfStatement(s)) {
    return onlyReadsRequest(s.expression, analysis) && statementOnlyProtects(s.thenStatement, analysis) && (!s.elseStatement || statementOnlyProtects(s.elseStatement, analysis));
  }
  // `const { userId } = await auth()`: reading the session decides nothing by itself.
  if (ts.isVariableStatement(s)) return s.declarationList.declarations.every((d) => d.initializer && /^\s*(await\s+)?auth\s*\(\s*\)\s*$/.test(d.initializer.getText()));
  return false;
}

/** `auth.protect(…)`, `auth().protect(…)`, `matcher(req) && auth.protect()`, awaited or not. */
function onlyProtects(e: ts.Expression, analysis: MiddlewareAnalysis): boolean {
  let x = e;
  while (ts.isAwaitExpression(x) || ts.isParenthesizedExpression(x)) x = x.expression;
  if (ts.isBinaryExpression(x) && x.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) return onlyReadsRequest(x.left, analysis) && onlyProtects(x.right, analysis);
  return ts.isCallExpression(x) && ts.isPropertyAccessExpression(x.expression) && x.expression.name.text === 'protect';
}

function isPassThrough(e: ts.Expression): boolean {
  return /^(NextResponse\.next\(\)|undefined)$/.test(e.getText().replace(/\s+/g, ''));
}

/** A condition made of route matchers, `req.method`/pathname tests and the session's fields. */
function onlyReadsRequest(e: ts.Expression, analysis: MiddlewareAnalysis): boolean {
  let ok = true;
  const visit = (n: ts.Node): void => {
    if (!ok) return;
    if (ts.isCallExpression(n)) {
      const callee = n.expression;
      const matcher = ts.isIdentifier(callee) && analysis.routeMatcherCalls.has(callee.text);
      const pathTest = ts.isPropertyAccessExpression(callee) && /^(startsWith|endsWith|includes|test|has)$/.test(callee.name.text);
      if (!matcher && !pathTest) ok = false;
    } else if (ts.isFunctionLike(n) || ts.isBinaryExpression(n) && isAssignment(n.operatorToken.kind)) {
      ok = false;
    }
    ts.forEachChild(n, visit);
  };
  visit(e);
  return ok;
}

function isAssignment(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

/** Drops top-level `const x = createRouteMatcher(…)` and import specifiers that nothing references any more. */
function removeUnused(text: string, fileName: string): string {
  for (let round = 0; round < 3; round++) {
    const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
    const uses = identifierCounts(sf);
    const removals: { start: number; end: number; newText: string }[] = [];
    for (const s of sf.statements) {
      if (ts.isVariableStatement(s) && s.declarationList.declarations.length === 1) {
        const d = s.declarationList.declarations[0];
        if (ts.isIdentifier(d.name) && (uses.get(d.name.text) ?? 0) <= 1 && d.initializer && /^createRouteMatcher\s*\(/.test(d.initializer.getText(sf))) {
          removals.push(wholeLines(text, s.getFullStart(), s.end));
        }
      } else if (ts.isImportDeclaration(s) && s.importClause?.namedBindings && ts.isNamedImports(s.importClause.namedBindings) && !s.importClause.isTypeOnly) {
        const elements = s.importClause.namedBindings.elements;
        const kept = elements.filter((el) => el.isTypeOnly || (uses.get(el.name.text) ?? 0) > 1);
        if (kept.length === elements.length) continue;
        if (kept.length === 0 && !s.importClause.name) removals.push(wholeLines(text, s.getFullStart(), s.end));
        else {
          const bindings = s.importClause.namedBindings;
          removals.push({ start: bindings.getStart(sf), end: bindings.end, newText: kept.length ? `{ ${kept.map((k) => k.getText(sf)).join(', ')} }` : '' });
        }
      }
    }
    if (removals.length === 0) return text;
    text = applyEdits(text, mergeAdjacent(text, removals).map((r) => ({ fileName, ...r })));
  }
  return text;
}

function identifierCounts(sf: ts.SourceFile): Map<string, number> {
  const counts = new Map<string, number>();
  const visit = (n: ts.Node): void => {
    if (ts.isIdentifier(n)) counts.set(n.text, (counts.get(n.text) ?? 0) + 1);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return counts;
}

/** A statement's whole lines. */
function wholeLines(text: string, fullStart: number, end: number): { start: number; end: number; newText: string } {
  let start = fullStart;
  while (start < end && /\s/.test(text[start])) start++;
  start = text.lastIndexOf('\n', start - 1) + 1;
  let stop = end;
  while (stop < text.length && text[stop] !== '\n') stop++;
  return { start, end: Math.min(text.length, stop + 1), newText: '' };
}

/**
 * Deletions separated only by blank lines become one, and a deletion between two blank lines takes
 * one of them along, so no run of blank lines is left behind.
 */
function mergeAdjacent(text: string, edits: { start: number; end: number; newText: string }[]): { start: number; end: number; newText: string }[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  const out: { start: number; end: number; newText: string }[] = [];
  for (const e of sorted) {
    const last = out[out.length - 1];
    if (last && last.newText === '' && e.newText === '' && /^\s*$/.test(text.slice(last.end, e.start))) last.end = Math.max(last.end, e.end);
    else out.push({ ...e });
  }
  for (const e of out) {
    if (e.newText === '' && text[e.end] === '\n' && (e.start === 0 || text.slice(0, e.start).endsWith('\n\n'))) e.end++;
  }
  return out;
}
