/**
 * What a middleware.ts / proxy.ts does, read with the TypeScript parser: which Clerk middleware it
 * calls, its `config.matcher`, and for which paths it stops a signed-out request (`auth.protect()` for
 * a `createRouteMatcher` pattern, the protect-everything-but-public pattern, `authMiddleware`'s
 * protect-all default).
 */
import ts = require('typescript');
import { saysRateLimited } from '../analysis/gates';
import { ModuleContext } from '../analysis/module';
import { parseSource } from '../project/project';
import type { ClerkApi } from '../templates';
import { clerkImportName, ensureParents, localDeclaration, walk } from '../rules/bindings';
import { MatcherConfig, MatcherEntry } from './matcher';
import { either, firstMatch, isPathnameExpression, matchesAny, PathTest, pathTestOf, Patterns, patternsOf, routeMatcherCalls, routeMatchers, skipWrappers as skip } from './pathTests';
import { constInitializer, isStaticObject, StaticValue, staticValue, UNKNOWN_VALUE } from './staticValue';

export type MiddlewareKind = 'middleware' | 'proxy';

export interface MiddlewareAnalysis {
  readonly fileName: string;
  readonly kind: MiddlewareKind;
  readonly module: ModuleContext;
  /** The first `clerkMiddleware(…)` call. */
  readonly clerkMiddlewareCall?: ts.CallExpression;
  /** The first `authMiddleware(…)` call (v4/v5). */
  readonly authMiddlewareCall?: ts.CallExpression;
  readonly matcher: MatcherConfig;
  /**
   * The file imports or re-exports project files (`./lib/middleware`, `@/middlewares/chain`): the
   * Clerk middleware may be created there, where this analysis does not look.
   */
  readonly delegates: boolean;
  /** The `matcher` property or `config` export, for related information. */
  readonly matcherNode?: ts.Node;
  /** Patterns of authMiddleware's `ignoredRoutes`: Clerk does not run there. */
  ignored(pathname: string): boolean | undefined;
  /**
   * Where the middleware stops a signed-out request for `pathname`, if it surely does. `api` decides
   * which protect form works: `auth().protect()` up to v5, `auth.protect()` from v6 (the other throws).
   */
  protection(pathname: string, api: ClerkApi): Protection | undefined;
  /** The top-level `const x = createRouteMatcher([...])` calls, by the name they are bound to. */
  readonly routeMatcherCalls: ReadonlyMap<string, ts.CallExpression>;
  /**
   * The middleware protects positive `createRouteMatcher` lists and surely lets `pathname` through:
   * the project chose not to list it (the intent model's weakest statement, used for reads only).
   */
  outsideProtectedLists(pathname: string, api: ClerkApi): boolean;
  /**
   * Where the middleware declares `pathname` public, if it does: authMiddleware's `publicRoutes`, or a
   * `createRouteMatcher([...])` list used negated (`if (!isPublicRoute(req)) auth.protect()`) or
   * returned on early (`if (isPublicApi(req)) return`).
   */
  declaredPublic(pathname: string): PublicDeclaration | undefined;
}

/** How the middleware stops a signed-out request for one pathname. */
export interface Protection {
  /** The `auth.protect(…)` call, or the statement that returns a response (a redirect to sign-in). */
  readonly node: ts.Node;
  /** The `createRouteMatcher` lists (by name) the decision read: the matchers this URL relies on. */
  readonly matchers: readonly string[];
  /** `auth.protect(…)`'s argument when it asks for more than a session (`{ role: 'org:admin' }`), as written. */
  readonly condition?: ts.Expression;
}

/** Where the middleware says a pathname is public, and the string pattern that said it (when one did). */
export interface PublicDeclaration {
  readonly node: ts.Node;
  readonly pattern?: string;
}

const nullLoader = { load: () => undefined };

export function middlewareKindOf(fileName: string): MiddlewareKind {
  return /(^|[\\/])proxy\.[^\\/]+$/.test(fileName) ? 'proxy' : 'middleware';
}

export function analyzeMiddleware(fileName: string, text: string): MiddlewareAnalysis {
  const sf = parseSource(fileName, text);
  ensureParents(sf);
  const module = new ModuleContext(fileName, sf, nullLoader);
  let clerkMiddlewareCall: ts.CallExpression | undefined;
  let authMiddlewareCall: ts.CallExpression | undefined;
  walk(module.sourceFile, (node) => {
    if (!ts.isCallExpression(node)) return;
    const name = clerkImportName(node.expression, module);
    if (name === 'clerkMiddleware') clerkMiddlewareCall ??= node;
    else if (name === 'authMiddleware') authMiddlewareCall ??= node;
  });
  const { matcher, node: matcherNode } = readMatcher(module);
  const matcherCalls = routeMatcherCalls(module);
  const runner = clerkMiddlewareCall ? clerkMiddlewareRunner(clerkMiddlewareCall, module) : undefined;
  const protection = runner
    ? clerkMiddlewareProtection(runner)
    : authMiddlewareCall
      ? authMiddlewareProtection(authMiddlewareCall, module)
      : () => undefined;
  const ignored = authMiddlewareCall && !clerkMiddlewareCall ? authMiddlewareIgnored(authMiddlewareCall, module) : () => false;
  const declaredPublic = clerkMiddlewareCall
    ? publicMatchers(clerkMiddlewareCall, module)
    : authMiddlewareCall
      ? authMiddlewarePublic(authMiddlewareCall, module)
      : () => undefined;
  return {
    fileName, kind: middlewareKindOf(fileName), module, clerkMiddlewareCall, authMiddlewareCall, matcher, matcherNode,
    protection, ignored, declaredPublic, delegates: delegates(module.sourceFile), routeMatcherCalls: matcherCalls,
    outsideProtectedLists: clerkMiddlewareCall && runner ? outsideProtectedLists(callbackOf(clerkMiddlewareCall, module), module, runner) : () => false,
  };
}

/** Imports or re-exports from project files rather than packages. */
function delegates(sf: ts.SourceFile): boolean {
  return sf.statements.some((s) => {
    const spec = (ts.isImportDeclaration(s) || ts.isExportDeclaration(s)) && s.moduleSpecifier && ts.isStringLiteral(s.moduleSpecifier) ? s.moduleSpecifier.text : undefined;
    return spec !== undefined && /^(\.|\/|@\/|~|#)/.test(spec);
  });
}

// ---------------------------------------------------------------------------------------------------
// config.matcher

function readMatcher(module: ModuleContext): { matcher: MatcherConfig; node?: ts.Node } {
  const target = module.exportTarget('config');
  if (!target || target.kind !== 'local') return { matcher: { kind: 'all' } };
  const init = constInitializer(target.local, module) ?? variableInitializer(target.local, module);
  if (!init) return { matcher: { kind: 'list', entries: [{ kind: 'unknown' }] } };
  const config = staticValue(init, module);
  const node = matcherProperty(init) ?? init;
  if (config === UNKNOWN_VALUE || !isStaticObject(config)) return { matcher: { kind: 'list', entries: [{ kind: 'unknown' }] }, node };
  if (!('matcher' in config)) return { matcher: { kind: 'all' }, node };
  const value = config.matcher;
  const list: readonly StaticValue[] = Array.isArray(value) ? (value as readonly StaticValue[]) : [value];
  return { matcher: { kind: 'list', entries: list.map((v) => matcherEntry(v)) }, node };
}

function variableInitializer(name: string, module: ModuleContext): ts.Expression | undefined {
  const d = module.declarationOf(name);
  return d?.kind === 'variable' ? d.decl.initializer : undefined;
}

function matcherProperty(init: ts.Expression): ts.Node | undefined {
  let e: ts.Expression = init;
  while (ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isParenthesizedExpression(e)) e = e.expression;
  if (!ts.isObjectLiteralExpression(e)) return undefined;
  return e.properties.find((p) => p.name && ts.isIdentifier(p.name) && p.name.text === 'matcher');
}

function matcherEntry(value: StaticValue): MatcherEntry {
  if (typeof value === 'string') return { kind: 'source', source: value, conditional: false };
  if (isStaticObject(value) && typeof value.source === 'string') {
    return { kind: 'source', source: value.source, conditional: value.has !== undefined || value.missing !== undefined };
  }
  return { kind: 'unknown' };
}

// ---------------------------------------------------------------------------------------------------
// Route patterns (createRouteMatcher, authMiddleware's publicRoutes / ignoredRoutes): see pathTests.ts.

function declaration(node: ts.Node, pattern: { source?: string } | null | undefined): PublicDeclaration | undefined {
  return pattern ? { node, pattern: pattern.source } : undefined;
}

// ---------------------------------------------------------------------------------------------------
// clerkMiddleware((auth, req) => { … }): a run of the callback for one pathname and a signed-out caller.

type Outcome =
  | { kind: 'protected'; node: ts.Node }
  /** The request goes on to the route (fell off the end, `return NextResponse.next()`). */
  | { kind: 'open' }
  | { kind: 'unknown' }
  | { kind: 'continue' };

const IDENTITY_FIELDS = new Set(['userId', 'sessionId', 'orgId', 'sessionClaims', 'isAuthenticated', 'orgRole', 'orgSlug']);

interface Run {
  readonly module: ModuleContext;
  readonly auth: string;
  readonly matchers: Map<string, Patterns>;
  readonly pathname: string;
  readonly api: ClerkApi;
  /** Names bound from `await auth()`: falsy for a signed-out caller. */
  readonly signedOut: Set<string>;
  /** Names bound to the auth object itself (`const authObj = auth()`): up to v5 it has `protect()`. */
  readonly authObjects: Set<string>;
  /**
   * A branch the run could not decide let the request through early (`if (testBypass) return
   * NextResponse.next()`): whatever comes after, the middleware does not surely protect.
   */
  opensOnSomePath: boolean;
  /** Names bound to `NextResponse.next()` (`const response = NextResponse.next(); … return response`). */
  readonly passThroughs: Set<string>;
  /** The route matchers whose answer decided a branch the run took to the protection. */
  readonly consulted: Set<string>;
  /** The route matchers whose answer skipped an early return that would have let the request through. */
  readonly skippedExits: string[];
  /** While a condition is evaluated: the matchers it reads, and the one whose answer is flipped. */
  reading?: Set<string>;
  flipped?: string;
}

function callbackOf(call: ts.CallExpression, module: ModuleContext): ts.ArrowFunction | ts.FunctionExpression | ts.FunctionDeclaration | undefined {
  const arg = call.arguments[0];
  if (!arg) return undefined;
  if (ts.isArrowFunction(arg) || ts.isFunctionExpression(arg)) return arg;
  if (ts.isIdentifier(arg)) {
    const d = module.declarationOf(arg.text);
    if (d?.kind === 'function' && ts.isFunctionDeclaration(d.node)) return d.node;
    const init = d?.kind === 'variable' ? d.decl.initializer : undefined;
    if (init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) return init;
  }
  return undefined;
}

type CallbackRunner = (pathname: string, api: ClerkApi) => { outcome: Outcome; run: Run } | undefined;

/** Runs the clerkMiddleware callback for one pathname and a signed-out caller (undefined: no readable callback). */
function clerkMiddlewareRunner(call: ts.CallExpression, module: ModuleContext): CallbackRunner {
  const fn = callbackOf(call, module);
  const authParam = fn?.parameters[0];
  if (!fn || !fn.body || !authParam || !ts.isIdentifier(authParam.name)) return () => undefined;
  const auth = authParam.name.text;
  const matchers = routeMatchers(module);
  const body = fn.body;
  return (pathname, api) => {
    const run: Run = { module, auth, matchers, pathname, api, signedOut: new Set(), authObjects: new Set(), opensOnSomePath: false, passThroughs: new Set(), consulted: new Set(), skippedExits: [] };
    // `(auth, req) => isProtected(req) && auth.protect()` or a bare protect call, or a block.
    const outcome = ts.isBlock(body) ? runStatements(run, body.statements) : expressionOutcome(run, body);
    return { outcome, run };
  };
}

function clerkMiddlewareProtection(runner: CallbackRunner): (pathname: string, api: ClerkApi) => Protection | undefined {
  return (pathname, api) => {
    const result = runner(pathname, api);
    if (result?.outcome.kind !== 'protected' || result.run.opensOnSomePath) return undefined;
    const { outcome, run } = result;
    // The createRouteMatcher lists among them (a list of paths written out by hand is no matcher to migrate).
    const matchers = [...new Set([...run.skippedExits, ...run.consulted])].filter((name) => run.matchers.has(name));
    return { node: outcome.node, matchers, condition: protectCondition(outcome.node) };
  };
}

/**
 * The callback protects the URLs of positive route lists (`if (isProtected(req)) auth.protect()`) and
 * surely lets this one through: the run falls off the end or passes the request on. Not said where no
 * positive list guards a protect call (a public list's URLs are declared instead).
 */
function outsideProtectedLists(fn: ReturnType<typeof callbackOf>, module: ModuleContext, runner: CallbackRunner): (pathname: string, api: ClerkApi) => boolean {
  const matchers = routeMatchers(module);
  const testsIn = (n: ts.Node, each: (test: PathTest, node: ts.Node) => void) =>
    walk(n, (c) => {
      const test = ts.isExpression(c) ? pathTestOf(c, module, matchers) : undefined;
      if (test) each(test, c);
    });
  const lists = fn?.body ? positiveProtectLists(fn.body, testsIn) : new Set<string>();
  if (lists.size === 0 || (fn?.body && idlePublicList(fn.body, testsIn))) return () => false;
  return (pathname, api) => {
    const kind = runner(pathname, api)?.outcome.kind;
    return kind === 'open' || kind === 'continue';
  };
}

type TestsIn = (node: ts.Node, each: (test: PathTest, node: ts.Node) => void) => void;

/**
 * A list the project calls public but never lets decide the protection (`isPublicRoute` only picks a
 * rate limit; API routes are "checked in the handler"): the project states its public URLs there, so
 * leaving a URL out of both lists says nothing. A public list that carves exceptions out of the
 * protected one (`if (isPublicApi(req)) return;`) is part of the same decision.
 */
function idlePublicList(body: ts.Node, testsIn: TestsIn): boolean {
  const deciding = new Set<string>();
  const all = new Set<string>();
  testsIn(body, (test) => all.add(test.name));
  walk(body, (n) => {
    if (ts.isIfStatement(n) && (protects(n.thenStatement) || returnsWithoutProtecting(n.thenStatement))) testsIn(n.expression, (test) => deciding.add(test.name));
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && protects(n.right)) testsIn(n.left, (test) => deciding.add(test.name));
  });
  return [...all].some((name) => /public/i.test(name) && !deciding.has(name));
}

/** Lists tested, not negated, in a condition whose true branch calls `protect`. */
function positiveProtectLists(body: ts.Node, testsIn: TestsIn): Set<string> {
  const found = new Set<string>();
  const positiveTests = (condition: ts.Expression) => {
    testsIn(condition, (test, node) => {
      if (!negatedWithin(node, condition)) found.add(test.name);
    });
  };
  const callsProtect = (n: ts.Node) => /\bprotect\s*\(/.test(n.getText());
  walk(body, (n) => {
    if (ts.isIfStatement(n) && callsProtect(n.thenStatement)) positiveTests(n.expression);
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && callsProtect(n.right)) positiveTests(n.left);
  });
  return found;
}

/** An odd number of `!` between the node and the condition's root. */
function negatedWithin(node: ts.Node, root: ts.Node): boolean {
  let negated = false;
  for (let n = node.parent; n && n !== root.parent; n = n.parent) {
    if (ts.isPrefixUnaryExpression(n) && n.operator === ts.SyntaxKind.ExclamationToken) negated = !negated;
  }
  return negated;
}

/** `auth.protect({ role: 'org:admin' })` → `{ role: 'org:admin' }` (an options object; not a callback or a redirect URL). */
function protectCondition(node: ts.Node): ts.Expression | undefined {
  const e = ts.isExpression(node) ? skip(node) : undefined;
  const arg = e && ts.isCallExpression(e) ? e.arguments[0] : undefined;
  return arg && !ts.isFunctionLike(arg) ? arg : undefined;
}

function runStatements(run: Run, statements: readonly ts.Statement[]): Outcome {
  for (const statement of statements) {
    const outcome = runStatement(run, statement);
    if (outcome.kind !== 'continue') return outcome;
  }
  return { kind: 'continue' };
}


/** `auth.protect(…)` / `auth().protect(…)`, awaited or not, for the callback's `auth`. */
function isProtectCall(run: Run, expr: ts.Expression): boolean {
  const e = skip(expr);
  if (!ts.isCallExpression(e) || !ts.isPropertyAccessExpression(e.expression) || e.expression.name.text !== 'protect') return false;
  let target = skip(e.expression.expression);
  const called = ts.isCallExpression(target);
  if (ts.isCallExpression(target)) target = skip(target.expression);
  if (!ts.isIdentifier(target)) return false;
  // Up to v5 the auth object has protect(): `const authObj = auth(); authObj.protect()`.
  if (!called && run.api !== 'v6' && run.authObjects.has(target.text) && !localShadow(target)) return true;
  // v6+: `auth.protect()` (auth() is a Promise there); before: `auth().protect()` (no static protect).
  return target.text === run.auth && called === (run.api !== 'v6');
}

/** `NextResponse.next()` lets the request through; any other response returned stops it. */
function isPassThrough(expr: ts.Expression | undefined): boolean {
  if (!expr) return true;
  const e = skip(expr);
  if (e.kind === ts.SyntaxKind.UndefinedKeyword || (ts.isIdentifier(e) && e.text === 'undefined')) return true;
  return ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'next';
}

/**
 * The returned response lets the request through: `NextResponse.next()`, a name bound to it, or a
 * helper handed one to decorate (`return withHeaders(req, NextResponse.next())`).
 */
function passesOn(run: Run, expr: ts.Expression | undefined): boolean {
  if (isPassThrough(expr)) return true;
  const e = skip(expr!);
  if (ts.isIdentifier(e)) return run.passThroughs.has(e.text) && !localShadow(e);
  return ts.isCallExpression(e) && e.arguments.some((a) => passesOn(run, a));
}

function expressionOutcome(run: Run, expr: ts.Expression): Outcome {
  if (isProtectCall(run, expr)) return { kind: 'protected', node: expr };
  const e = skip(expr);
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && isProtectCall(run, e.right)) {
    const { value: c, deciders } = branchCondition(run, e.left);
    if (c === true) return relyOn(run, deciders, { kind: 'protected', node: e.right });
    return c === false ? { kind: 'continue' } : { kind: 'unknown' };
  }
  return mayLeave(run, expr) ? { kind: 'unknown' } : { kind: 'continue' };
}

function runStatement(run: Run, statement: ts.Statement): Outcome {
  if (ts.isExpressionStatement(statement)) return expressionOutcome(run, statement.expression);
  if (ts.isVariableStatement(statement)) {
    for (const d of statement.declarationList.declarations) {
      if (d.initializer && isProtectCall(run, d.initializer)) return { kind: 'protected', node: d.initializer };
      if (d.initializer && isAuthCall(run, d.initializer) && ts.isIdentifier(d.name)) {
        run.authObjects.add(d.name.text);
        continue;
      }
      if (d.initializer && isPassThrough(d.initializer) && ts.isIdentifier(d.name)) {
        run.passThroughs.add(d.name.text);
        continue;
      }
      if (d.initializer && (isAuthCall(run, d.initializer) || isAuthObject(run, d.initializer)) && ts.isObjectBindingPattern(d.name)) {
        for (const el of d.name.elements) {
          const prop = el.propertyName && ts.isIdentifier(el.propertyName) ? el.propertyName.text : ts.isIdentifier(el.name) ? el.name.text : undefined;
          if (prop && IDENTITY_FIELDS.has(prop) && ts.isIdentifier(el.name)) run.signedOut.add(el.name.text);
        }
        continue;
      }
      // `const role = sessionClaims?.metadata?.role`: read through an optional chain from what a signed-out
      // caller lacks, it is undefined too.
      if (d.initializer && ts.isIdentifier(d.name) && readsFromSignedOut(run, d.initializer)) {
        run.signedOut.add(d.name.text);
        continue;
      }
      if (d.initializer && mayLeave(run, d.initializer)) return { kind: 'unknown' };
    }
    return { kind: 'continue' };
  }
  if (ts.isBlock(statement)) return runStatements(run, statement.statements);
  if (ts.isReturnStatement(statement)) {
    if (statement.expression && isProtectCall(run, statement.expression)) return { kind: 'protected', node: statement.expression };
    return passesOn(run, statement.expression) ? { kind: 'open' } : { kind: 'protected', node: statement };
  }
  if (ts.isTryStatement(statement)) return blocksThatMayRun(run, [statement.tryBlock, statement.catchClause?.block, statement.finallyBlock]);
  if (ts.isIfStatement(statement)) {
    const { value: c, deciders, surely } = branchCondition(run, statement.expression);
    if (c === true) return relyOn(run, deciders, runStatement(run, statement.thenStatement));
    if (c === false) {
      // A skipped early return (`if (isPublicRoute(req)) return`) is what sends the request on to the
      // protection below: the public list decides too.
      if (returnsWithoutProtecting(statement.thenStatement)) run.skippedExits.push(...surely);
      return statement.elseStatement ? relyOn(run, deciders, runStatement(run, statement.elseStatement)) : { kind: 'continue' };
    }
    // A rate limit (`if (!limit.success) return …429…`) lets a caller within the limit through: it
    // neither protects nor decides anything about signing in.
    if (!statement.elseStatement && saysRateLimited(statement.thenStatement.getText())) return { kind: 'continue' };
    return blocksThatMayRun(run, [statement.thenStatement, statement.elseStatement]);
  }
  return mayLeave(run, statement) ? { kind: 'unknown' } : { kind: 'continue' };
}

/**
 * Blocks that may each run, or stop part way: the branches of an `if` the run cannot decide (a test
 * bypass, a maintenance switch), a `try` block and its `catch`. Blocks that answer every caller alike (a
 * 503 page, a rewrite) decide nothing about signing in, so the run goes on; one that lets the request
 * through early is remembered (nothing after it surely protects); one that may protect, answers through
 * a helper (a redirect or `NextResponse.next()` in disguise), or cannot be read leaves the outcome unknown.
 */
function blocksThatMayRun(run: Run, branches: readonly (ts.Statement | undefined)[]): Outcome {
  for (const branch of branches) {
    if (!branch) continue;
    const outcome = runStatement(run, branch);
    if (outcome.kind === 'unknown' || (outcome.kind === 'protected' && (protects(branch) || !answersAlike(outcome.node)))) return { kind: 'unknown' };
    if (outcome.kind === 'open') run.opensOnSomePath = true;
  }
  return { kind: 'continue' };
}

/**
 * A response built on the spot (`new Response(…, { status: 503 })`, `NextResponse.json(…)`, a rewrite
 * or a redirect elsewhere): the request stops there whoever sends it. A helper's response might be
 * `NextResponse.next()` in disguise.
 */
function answersAlike(node: ts.Node): boolean {
  let e = ts.isReturnStatement(node) && node.expression ? skip(node.expression) : undefined;
  // `const redirectResponse = NextResponse.redirect(url); …; return redirectResponse`.
  const bound = e && ts.isIdentifier(e) ? localDeclaration(e) : undefined;
  if (bound && ts.isVariableDeclaration(bound) && bound.initializer) e = skip(bound.initializer);
  if (!e) return false;
  if (ts.isNewExpression(e)) return /^(Next)?Response$/.test(e.expression.getText());
  return ts.isCallExpression(e) && /^(Next)?Response\.(json|redirect|rewrite)$/.test(e.expression.getText());
}

/** A string, number or boolean written out: `'admin'`, `1`, `true`. */
function isLiteralValue(e: ts.Expression): boolean {
  return ts.isStringLiteralLike(e) || ts.isNumericLiteral(e) || e.kind === ts.SyntaxKind.TrueKeyword || e.kind === ts.SyntaxKind.FalseKeyword;
}

/**
 * What a signed-out caller has no value for: a name bound from the auth object (`userId`, `role` read
 * from `sessionClaims?.…`), or an identity field read off the auth call itself (`(await auth()).userId`,
 * `(await auth()).sessionClaims?.metadata?.role`).
 */
function isSignedOutValue(run: Run, expr: ts.Expression): boolean {
  const e = skip(expr);
  if (ts.isIdentifier(e)) return run.signedOut.has(e.text) && !localShadow(e);
  if (readsFromSignedOut(run, e)) return true;
  let root: ts.Expression = e;
  let first: string | undefined;
  while (ts.isPropertyAccessExpression(root)) {
    first = root.name.text;
    root = skip(root.expression);
  }
  if (ts.isAwaitExpression(root)) root = skip(root.expression);
  return first !== undefined && IDENTITY_FIELDS.has(first) && isAuthCall(run, root);
}

/** An optional chain (`sessionClaims?.metadata?.role`) from a name a signed-out caller has no value for. */
function readsFromSignedOut(run: Run, expr: ts.Expression): boolean {
  let e = skip(expr);
  if (!ts.isPropertyAccessExpression(e) || !e.questionDotToken) return false;
  while (ts.isPropertyAccessExpression(e) || ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
  return ts.isIdentifier(e) && run.signedOut.has(e.text) && !localShadow(e);
}

function isAuthObject(run: Run, expr: ts.Expression): boolean {
  const e = skip(expr);
  return ts.isIdentifier(e) && run.authObjects.has(e.text) && !localShadow(e);
}

function isAuthCall(run: Run, expr: ts.Expression): boolean {
  const e = skip(expr);
  return ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === run.auth;
}

/** Could this code leave the callback or stop the request (return, throw, protect) outside nested functions? */
function mayLeave(run: Run, node: ts.Node): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found || ts.isFunctionLike(n)) return;
    if (ts.isReturnStatement(n) || ts.isThrowStatement(n) || (ts.isExpression(n) && isProtectCall(run, n))) {
      found = true;
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
  return found;
}

/**
 * A branch condition's value, noting the route matchers that decided it: those whose opposite answer
 * would change the value (`isMarketingRoot(req) && userId` is false for a signed-out caller whatever
 * the matcher says, so nothing relies on that matcher there).
 */
function branchCondition(run: Run, expr: ts.Expression): { value: boolean | undefined; deciders: string[]; surely: string[] } {
  const reading = new Set<string>();
  run.reading = reading;
  const value = condition(run, expr);
  run.reading = undefined;
  const deciders: string[] = [];
  /** Those whose opposite answer surely gives the opposite value (not merely an unknown one). */
  const surely: string[] = [];
  for (const name of reading) {
    run.flipped = name;
    const flipped = condition(run, expr);
    run.flipped = undefined;
    if (flipped !== value) deciders.push(name);
    if (value !== undefined && flipped === !value) surely.push(name);
  }
  return { value, deciders, surely };
}

/** The matchers decided a branch that led to protection. */
function relyOn(run: Run, deciders: readonly string[], outcome: Outcome): Outcome {
  if (outcome.kind === 'protected') for (const name of deciders) run.consulted.add(name);
  return outcome;
}

/** A condition's value for this run's pathname and a signed-out caller; undefined when unknown. */
function condition(run: Run, expr: ts.Expression): boolean | undefined {
  const e = skip(expr);
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) {
    const v = condition(run, e.operand);
    return v === undefined ? undefined : !v;
  }
  if (ts.isBinaryExpression(e)) {
    const op = e.operatorToken.kind;
    if (op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken) {
      return either(op, condition(run, e.left), condition(run, e.right));
    }
    if (op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsEqualsToken) {
      const equal = op === ts.SyntaxKind.EqualsEqualsEqualsToken;
      // `role !== 'admin'`, `(await auth()).sessionClaims?.metadata?.backstage !== true`: a signed-out
      // caller has no value there, which equals no literal.
      const literalSide = isLiteralValue(e.right) ? e.right : isLiteralValue(e.left) ? e.left : undefined;
      const other = literalSide && skip(literalSide === e.right ? e.left : e.right);
      if (!literalSide || !other) return undefined;
      if (isSignedOutValue(run, other)) return !equal;
      if (!ts.isStringLiteralLike(literalSide) || !isPathnameExpression(other)) return undefined;
      return (run.pathname === literalSide.text) === equal;
    }
    return undefined;
  }
  if (isSignedOutValue(run, e)) return false;
  // `isProtectedRoute(req)`, `publicRoutes.includes(pathname)`, or a name given the answer.
  const test = pathTestOf(e, run.module, run.matchers);
  if (test) {
    const match = test.match(run.pathname);
    if (match === undefined) return undefined;
    run.reading?.add(test.name);
    return (match !== null) !== (run.flipped === test.name);
  }
  if (ts.isCallExpression(e)) {
    const callee = skip(e.expression);
    if (ts.isPropertyAccessExpression(callee)) {
      const method = callee.name.text;
      const arg = e.arguments[0];
      // req.nextUrl.pathname.startsWith('/api/admin')
      if (arg && ts.isStringLiteralLike(arg) && isPathnameExpression(skip(callee.expression))) {
        if (method === 'startsWith') return run.pathname.startsWith(arg.text);
        if (method === 'endsWith') return run.pathname.endsWith(arg.text);
        if (method === 'includes') return run.pathname.includes(arg.text);
      }
      // /^\/api\/admin/.test(req.nextUrl.pathname)
      const receiver = skip(callee.expression);
      if (method === 'test' && arg && ts.isRegularExpressionLiteral(receiver) && isPathnameExpression(skip(arg))) {
        const re = staticValue(receiver, run.module);
        return re instanceof RegExp ? re.test(run.pathname) : undefined;
      }
    }
  }
  return undefined;
}

function localShadow(id: ts.Identifier): boolean {
  const d = localDeclaration(id);
  return !!d && !ts.isBindingElement(d) && !ts.isVariableDeclaration(d);
}


// ---------------------------------------------------------------------------------------------------
// authMiddleware({ publicRoutes, ignoredRoutes, afterAuth }): protects every route that is not public,
// unless afterAuth takes over the decision.

function authMiddlewareOptions(call: ts.CallExpression, module: ModuleContext): StaticValue {
  const arg = call.arguments[0];
  return arg ? staticValueLoose(arg, module) : {};
}

/** Like staticValue, but an object with function-valued properties keeps its other keys. */
function staticValueLoose(expr: ts.Expression, module: ModuleContext): StaticValue {
  let e = expr;
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e)) e = e.expression;
  if (!ts.isObjectLiteralExpression(e)) return staticValue(e, module);
  const out: Record<string, StaticValue> = {};
  for (const p of e.properties) {
    if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) out[p.name.text] = staticValue(p.initializer, module);
    else if (ts.isShorthandPropertyAssignment(p)) out[p.name.text] = staticValue(p.name, module);
    else if (ts.isMethodDeclaration(p) && p.name && ts.isIdentifier(p.name)) out[p.name.text] = UNKNOWN_VALUE;
    else return UNKNOWN_VALUE;
  }
  return out;
}

function authMiddlewareProtection(call: ts.CallExpression, module: ModuleContext): (pathname: string, api: ClerkApi) => Protection | undefined {
  const options = authMiddlewareOptions(call, module);
  if (!isStaticObject(options) || 'afterAuth' in options) return () => undefined;
  const publicRoutes = 'publicRoutes' in options ? patternsOf(options.publicRoutes) : [];
  return (pathname) => (publicRoutes && !matchesAny(publicRoutes, pathname) ? { node: call, matchers: [] } : undefined);
}

function authMiddlewarePublic(call: ts.CallExpression, module: ModuleContext): (pathname: string) => PublicDeclaration | undefined {
  const options = authMiddlewareOptions(call, module);
  if (!isStaticObject(options) || !('publicRoutes' in options)) return () => undefined;
  const publicRoutes = patternsOf(options.publicRoutes);
  const arg = call.arguments[0];
  const property = arg && ts.isObjectLiteralExpression(arg) ? arg.properties.find((p) => p.name && ts.isIdentifier(p.name) && p.name.text === 'publicRoutes') : undefined;
  return (pathname) => (publicRoutes ? declaration(property ?? call, firstMatch(publicRoutes, pathname)) : undefined);
}

/**
 * Route lists the clerkMiddleware callback treats as public: tested negated around the protection
 * (`if (!isPublicRoute(req)) auth.protect()`, `if (!userId && !isPublic) return redirect(signIn)`), or
 * tested by an `if` that returns before it (`if (isPublicApi(req)) return;`,
 * `if (publicRoutes.includes(pathname) || isWebhook) return NextResponse.next()`).
 */
function publicMatchers(call: ts.CallExpression, module: ModuleContext): (pathname: string) => PublicDeclaration | undefined {
  const fn = callbackOf(call, module);
  const matchers = routeMatchers(module);
  if (!fn?.body) return () => undefined;
  const lists: { node: ts.Node; test: PathTest }[] = [];
  const testOf = (e: ts.Expression) => pathTestOf(e, module, matchers);
  // `!isPublicRoute(req)` in the condition of a branch that protects: the list's URLs skip the protection.
  const negatedLists = (condition: ts.Node) =>
    walk(condition, (n) => {
      if (!ts.isPrefixUnaryExpression(n) || n.operator !== ts.SyntaxKind.ExclamationToken) return;
      const test = testOf(n.operand);
      if (test) lists.push({ node: n, test });
    });
  walk(fn.body, (node) => {
    if (ts.isIfStatement(node) && protects(node.thenStatement)) {
      negatedLists(node.expression);
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && protects(node.right)) {
      negatedLists(node.left);
    }
    if (ts.isIfStatement(node) && returnsWithoutProtecting(node.thenStatement)) {
      // `if (isPublic(req)) return …`, also under a further condition (`&& req.method === 'GET'`) or
      // beside another (`isPublic || isWebhook`): either way the project lists these URLs as public.
      for (const operand of operands(node.expression)) {
        const test = testOf(operand);
        if (test) lists.push({ node: node.expression, test });
      }
    }
  });
  if (lists.length === 0) return () => undefined;
  return (pathname) => {
    for (const m of lists) {
      const match = declaration(m.node, m.test.match(pathname));
      if (match) return match;
    }
    return undefined;
  };
}

/**
 * The code stops a signed-out request: `auth.protect()`, `redirectToSignIn()`, a redirect to a sign-in
 * URL, or a 401. A redirect elsewhere (another host, a locale) protects nothing: `if (!isAdminHostPath(req))
 * return redirect(marketingHost)` lists the URLs served on a host, not public ones.
 */
function protects(node: ts.Node): boolean {
  return /\bprotect\s*\(|redirectToSignIn|sign-?in|log-?in|\b401\b|unauthori[sz]ed/i.test(node.getText());
}

/** The operands of `&&` and `||` chains, not negated: `isPublic(req) && method === 'GET'`, `isPublic || isWebhook`. */
function operands(e: ts.Expression): ts.Expression[] {
  const inner = skip(e);
  if (ts.isBinaryExpression(inner) && (inner.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken || inner.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
    return [...operands(inner.left), ...operands(inner.right)];
  }
  return [inner];
}

/**
 * The branch ends by letting the request through: `return`, `return NextResponse.next()` (also wrapped:
 * `return withHeaders(NextResponse.next())`) or a rewrite. A redirect, a 401/403 answer or a protect
 * call stops it: `if (isAdminRoute(req) && !isAdmin) return NextResponse.redirect(…)` declares nothing public.
 */
function returnsWithoutProtecting(branch: ts.Statement): boolean {
  const last = ts.isBlock(branch) ? branch.statements[branch.statements.length - 1] : branch;
  if (last === undefined || !ts.isReturnStatement(last) || /\bprotect\b|redirectToSignIn/.test(branch.getText())) return false;
  // Anything but a clear denial: `applyHeaders(req)` and other helpers hand back NextResponse.next().
  // A project helper named for a redirect (`crossHostRedirect(req, host)`) redirects too.
  const returned = last.expression ? skip(last.expression) : undefined;
  if (returned && DENIAL.test(returned.getText())) return false;
  // `const redirectResponse = NextResponse.redirect(url); …; return redirectResponse`.
  const bound = returned && ts.isIdentifier(returned) ? localDeclaration(returned) : undefined;
  return !(bound && ts.isVariableDeclaration(bound) && bound.initializer && DENIAL.test(bound.initializer.getText()));
}

const DENIAL = /redirect\w*\s*\(|\.json\s*\(|new\s+(Next)?Response\b|\b(deny|forbid|unauthori[sz]ed)\w*\s*\(|status\s*:\s*40[13]/i;

function authMiddlewareIgnored(call: ts.CallExpression, module: ModuleContext): (pathname: string) => boolean | undefined {
  const options = authMiddlewareOptions(call, module);
  if (!isStaticObject(options) || !('ignoredRoutes' in options)) return () => false;
  const ignored = patternsOf(options.ignoredRoutes);
  return (pathname) => (ignored ? matchesAny(ignored, pathname) : undefined);
}
