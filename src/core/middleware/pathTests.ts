/**
 * The tests a middleware makes on the request's path: a `createRouteMatcher([...])` matcher called on
 * the request (`isPublicRoute(req)`), or a list of paths written out by hand and searched
 * (`publicRoutes.includes(pathname)`, `publicRoutes.some((route) => pathname.startsWith(route))`), also
 * through a name the callback gives the answer (`const isPublic = …; if (isPublic) …`).
 */
import ts = require('typescript');
import type { ModuleContext } from '../analysis/module';
import { clerkImportName, localDeclaration } from '../rules/bindings';
import { compileRoutePattern } from './matcher';
import { StaticValue, staticValue } from './staticValue';

/** One compiled route pattern, with its text when it was written as a string. */
export interface Pattern {
  readonly re: RegExp;
  readonly source?: string;
}

/** A set of route patterns, or undefined when they cannot be read (a function, a computed list). */
export type Patterns = Pattern[] | undefined;

export function patternsOf(value: StaticValue): Patterns {
  const list: readonly StaticValue[] = Array.isArray(value) ? (value as readonly StaticValue[]) : [value];
  const out: Pattern[] = [];
  for (const v of list) {
    if (typeof v !== 'string' && !(v instanceof RegExp)) return undefined;
    const re = compileRoutePattern(v);
    if (!re) return undefined;
    out.push({ re, source: typeof v === 'string' ? v : undefined });
  }
  return out;
}

/** The first pattern that matches; Clerk normalizes the path before matching (decodes, collapses slashes). */
export function firstMatch(patterns: Pattern[], pathname: string): Pattern | undefined {
  const normalized = pathname.replace(/\/\/+/g, '/');
  return patterns.find(({ re }) => {
    re.lastIndex = 0;
    return re.test(normalized);
  });
}

export function matchesAny(patterns: Pattern[], pathname: string): boolean {
  return firstMatch(patterns, pathname) !== undefined;
}

/** `const isProtected = createRouteMatcher([...])` at top level: name → the call. */
export function routeMatcherCalls(module: ModuleContext): Map<string, ts.CallExpression> {
  const out = new Map<string, ts.CallExpression>();
  for (const statement of module.sourceFile.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const d of statement.declarationList.declarations) {
      const init = d.initializer;
      if (!ts.isIdentifier(d.name) || !init || !ts.isCallExpression(init)) continue;
      if (clerkImportName(init.expression, module) === 'createRouteMatcher') out.set(d.name.text, init);
    }
  }
  return out;
}

/** The top-level route matchers: name → patterns. */
export function routeMatchers(module: ModuleContext): Map<string, Patterns> {
  const out = new Map<string, Patterns>();
  for (const [name, call] of routeMatcherCalls(module)) {
    const arg = call.arguments[0];
    out.set(name, arg ? patternsOf(staticValue(arg, module)) : []);
  }
  return out;
}

/**
 * A test on the path: its list's name, and for a pathname the entry that matches it (`null`: none
 * does; `undefined`: it cannot be told).
 */
export interface PathTest {
  readonly name: string;
  match(pathname: string): { source?: string } | null | undefined;
}

/** How deep a name given to a test is followed (`const isPublic = isPublicRoute(req)`). */
const MAX_ALIASES = 4;

/** The test on the path this expression makes, if it is one. */
export function pathTestOf(expr: ts.Expression, module: ModuleContext, matchers: ReadonlyMap<string, Patterns>, depth = 0): PathTest | undefined {
  const e = skipWrappers(expr);
  if (ts.isIdentifier(e)) return depth < MAX_ALIASES ? aliasedTest(e, module, matchers, depth) : undefined;
  if (!ts.isCallExpression(e)) return undefined;
  const callee = skipWrappers(e.expression);
  if (ts.isIdentifier(callee) && matchers.has(callee.text) && !localDeclaration(callee)) {
    const patterns = matchers.get(callee.text);
    return { name: callee.text, match: (pathname) => (patterns ? (firstMatch(patterns, pathname) ?? null) : undefined) };
  }
  if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.expression)) return undefined;
  const list = pathList(callee.expression, module);
  if (!list) return undefined;
  const name = callee.expression.text;
  const method = callee.name.text;
  const arg = e.arguments[0];
  // `publicRoutes.includes(req.nextUrl.pathname)`: the path is one of the entries.
  if (method === 'includes' && arg && isPathnameExpression(skipWrappers(arg))) {
    return { name, match: (pathname) => (list.includes(pathname) ? { source: pathname } : null) };
  }
  // `publicRoutes.some((route) => pathname === route || pathname.startsWith(route + '/'))`.
  if ((method === 'some' || method === 'find') && arg && (ts.isArrowFunction(arg) || ts.isFunctionExpression(arg))) {
    const param = arg.parameters[0]?.name;
    const test = callbackTest(arg.body);
    if (!param || !ts.isIdentifier(param) || !test) return undefined;
    return {
      name,
      match: (pathname) => {
        let unknown = false;
        for (const entry of list) {
          const value = pathCondition(test, pathname, new Map([[param.text, entry]]));
          if (value === true) return { source: entry };
          if (value === undefined) unknown = true;
        }
        return unknown ? undefined : null;
      },
    };
  }
  return undefined;
}

/** `const isPublic = publicRoutes.includes(pathname)` in the callback (or at top level): the test it names. */
function aliasedTest(id: ts.Identifier, module: ModuleContext, matchers: ReadonlyMap<string, Patterns>, depth: number): PathTest | undefined {
  const d = localDeclaration(id) ?? declarationAtTop(id, module);
  if (!d || !ts.isVariableDeclaration(d) || !ts.isIdentifier(d.name) || !d.initializer || !isConst(d)) return undefined;
  return pathTestOf(d.initializer, module, matchers, depth + 1);
}

function declarationAtTop(id: ts.Identifier, module: ModuleContext): ts.Node | undefined {
  const d = module.declarationOf(id.text);
  return d?.kind === 'variable' ? d.decl : undefined;
}

function isConst(d: ts.VariableDeclaration): boolean {
  return ts.isVariableDeclarationList(d.parent) && (d.parent.flags & ts.NodeFlags.Const) !== 0;
}

/** A `const` array of strings, at top level or in the callback: `const publicRoutes = ['/', '/api/public']`. */
function pathList(id: ts.Identifier, module: ModuleContext): string[] | undefined {
  const d = localDeclaration(id) ?? declarationAtTop(id, module);
  if (!d || !ts.isVariableDeclaration(d) || !d.initializer || !isConst(d)) return undefined;
  const value = staticValue(d.initializer, module);
  if (!Array.isArray(value) || value.length === 0) return undefined;
  return value.every((v): v is string => typeof v === 'string') ? (value as string[]) : undefined;
}

/** The condition a callback computes: its expression body, or a block that only returns one. */
function callbackTest(body: ts.ConciseBody): ts.Expression | undefined {
  if (!ts.isBlock(body)) return body;
  const only = body.statements.length === 1 ? body.statements[0] : undefined;
  return only && ts.isReturnStatement(only) ? only.expression : undefined;
}

/**
 * A condition on the path with names bound to strings (a list entry): `pathname === route`,
 * `pathname.startsWith(route + '/')`, `pathname.match(route)`, combined with `!`, `&&`, `||`.
 * Undefined when it says something else.
 */
function pathCondition(expr: ts.Expression, pathname: string, bound: ReadonlyMap<string, string>): boolean | undefined {
  const e = skipWrappers(expr);
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) {
    const v = pathCondition(e.operand, pathname, bound);
    return v === undefined ? undefined : !v;
  }
  if (ts.isBinaryExpression(e)) {
    const op = e.operatorToken.kind;
    if (op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken) {
      return either(op, pathCondition(e.left, pathname, bound), pathCondition(e.right, pathname, bound));
    }
    const equal = op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsToken;
    if (equal || op === ts.SyntaxKind.ExclamationEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken) {
      const [path, other] = isPathnameExpression(skipWrappers(e.left)) ? [e.left, e.right] : [e.right, e.left];
      const text = stringOf(other, bound);
      if (!isPathnameExpression(skipWrappers(path)) || text === undefined) return undefined;
      return (pathname === text) === equal;
    }
    return undefined;
  }
  if (!ts.isCallExpression(e) || !ts.isPropertyAccessExpression(e.expression)) return undefined;
  const method = e.expression.name.text;
  const receiver = skipWrappers(e.expression.expression);
  const arg = e.arguments[0];
  if (!arg) return undefined;
  if (isPathnameExpression(receiver)) {
    const text = stringOf(arg, bound);
    if (text === undefined) return undefined;
    if (method === 'startsWith') return pathname.startsWith(text);
    if (method === 'endsWith') return pathname.endsWith(text);
    if (method === 'includes') return pathname.includes(text);
    // `pathname.match(route)`: the entry is a regular expression's source.
    if (method === 'match') return testsAsRegExp(text, pathname);
    return undefined;
  }
  // `new RegExp(route).test(pathname)`
  if (method === 'test' && isPathnameExpression(skipWrappers(arg)) && ts.isNewExpression(receiver) && receiver.expression.getText() === 'RegExp' && receiver.arguments?.[0]) {
    const text = stringOf(receiver.arguments[0], bound);
    return text === undefined ? undefined : testsAsRegExp(text, pathname);
  }
  return undefined;
}

/** `l && r` or `l || r` where either side may be unknown (`undefined`). */
export function either(op: ts.SyntaxKind, l: boolean | undefined, r: boolean | undefined): boolean | undefined {
  if (op === ts.SyntaxKind.AmpersandAmpersandToken) return l === false || r === false ? false : l && r ? true : undefined;
  return l === true || r === true ? true : l === false && r === false ? false : undefined;
}

function testsAsRegExp(source: string, pathname: string): boolean | undefined {
  try {
    return new RegExp(source).test(pathname);
  } catch {
    return undefined;
  }
}

/** A string built from literals and bound names: `route`, `route + '/'`, `` `${route}/` ``. */
function stringOf(expr: ts.Expression, bound: ReadonlyMap<string, string>): string | undefined {
  const e = skipWrappers(expr);
  if (ts.isStringLiteralLike(e)) return e.text;
  if (ts.isIdentifier(e)) return bound.get(e.text);
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const l = stringOf(e.left, bound);
    const r = stringOf(e.right, bound);
    return l !== undefined && r !== undefined ? l + r : undefined;
  }
  if (ts.isTemplateExpression(e)) {
    let out = e.head.text;
    for (const span of e.templateSpans) {
      const v = stringOf(span.expression, bound);
      if (v === undefined) return undefined;
      out += v + span.literal.text;
    }
    return out;
  }
  return undefined;
}

export function skipWrappers(e: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(e) || ts.isAwaitExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
  return e;
}

/** `req.nextUrl.pathname`, `request.nextUrl.pathname`, `url.pathname`, or a local named `pathname`. */
export function isPathnameExpression(e: ts.Expression): boolean {
  if (ts.isIdentifier(e)) return e.text === 'pathname';
  return ts.isPropertyAccessExpression(e) && e.name.text === 'pathname';
}
