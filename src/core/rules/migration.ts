/**
 * Migration rules: code written for an older Clerk API that breaks (or is deprecated) on the version
 * the project uses. Each finding carries a quick fix as text edits.
 *
 * - auth-not-awaited        v6+: `auth()` used without `await`; `auth().protect()`; `auth.protect()`
 *                           without `await`. Any version: `await auth` without calling it.
 * - clerk-client-not-called v6+ (error) and 5.2–5.x (warning): the `clerkClient.users…` object form;
 *                           v6+: `clerkClient()` used without `await`.
 * - legacy-import           v5+: server helpers imported from `@clerk/nextjs` (or a removed subpath).
 * - relative-redirect       any version: `NextResponse.redirect('/path')` / `Response.redirect('/path')`.
 */
import ts = require('typescript');
import type { ResourceReport } from '../analysis/checkResources';
import type { ModuleContext } from '../analysis/module';
import type { ClerkVersionInfo } from '../clerk/version';
import { versionAtLeast } from '../clerk/version';
import type { RuleId, Severity } from '../findings';
import { clerkServerModule, CodeStyle, renderBackendClient } from '../templates';
import { makeAsyncEdits } from './asyncFix';
import { clerkImportName, enclosingFunction, FunctionLike, isClerkMiddlewareCallback, localDeclaration, outermostSameValue, walk } from './bindings';
import { CodeFix, FixableFinding, insertAt, replaceNode, FixEdit } from './fixes';
import { moveImportEdits } from './imports';
import { detectStyle } from '../fixes/style';
import { nodeRange } from '../positions';

export interface RuleContext {
  readonly module: ModuleContext;
  readonly clerk: ClerkVersionInfo;
  /** The file's resources (route handlers, pages, Server Functions): findings inside one name it. */
  readonly resources: readonly ResourceReport[];
  /** The file is a middleware.ts / proxy.ts. */
  readonly middlewareFile?: boolean;
}

/** Server helpers that live in `@clerk/nextjs/server` since v5. Client components stay in the root. */
export const SERVER_ONLY_NAMES: ReadonlySet<string> = new Set([
  'auth', 'currentUser', 'clerkClient', 'getAuth', 'buildClerkProps', 'redirectToSignIn', 'redirectToSignUp',
  'authMiddleware', 'clerkMiddleware', 'createRouteMatcher', 'verifyToken', 'createClerkClient',
]);

/** Modules whose server helpers moved to `@clerk/nextjs/server` in v5. */
export const LEGACY_CLERK_MODULES: ReadonlySet<string> = new Set([
  '@clerk/nextjs', '@clerk/nextjs/app-beta', '@clerk/nextjs/api', '@clerk/nextjs/edge-middleware', '@clerk/nextjs/ssr',
]);

const PROMISE_CHAIN = new Set(['then', 'catch', 'finally']);

interface Shared extends RuleContext {
  readonly sf: ts.SourceFile;
  readonly style: CodeStyle;
  readonly findings: FixableFinding[];
}

/** Runs the migration rules on a parsed file. */
export function checkMigrationRules(context: RuleContext): FixableFinding[] {
  const sf = context.module.sourceFile;
  let style: CodeStyle | undefined;
  // The style is only needed to write a fix: most files have no finding.
  const shared: Shared = { ...context, sf, get style() { return (style ??= detectStyle(sf)); }, findings: [] };
  walk(sf, (node) => {
    if (ts.isCallExpression(node)) {
      checkAuthCall(shared, node);
      checkClerkClientCall(shared, node);
      checkRelativeRedirect(shared, node);
    } else if (ts.isAwaitExpression(node)) {
      checkAwaitAuthNotCalled(shared, node);
    } else if (ts.isPropertyAccessExpression(node)) {
      checkClerkClientObject(shared, node);
    } else if (ts.isImportDeclaration(node)) {
      checkLegacyImport(shared, node);
    }
  });
  return shared.findings;
}

// ---------------------------------------------------------------------------------------------------
// Shared helpers.

function report(
  s: Shared,
  ruleId: RuleId,
  severity: Severity,
  node: ts.Node,
  message: string,
  fix?: CodeFix,
): void {
  s.findings.push({
    ruleId,
    severity,
    message,
    ...nodeRange(s.sf, node),
    handler: handlerAt(s, node),
    related: [],
    ...(fix ? { fix } : {}),
  });
}

/** The method whose function (in this file) contains `node`. */
function handlerAt(s: Shared, node: ts.Node): string | undefined {
  for (const h of s.resources) {
    const fn = h.resolved?.fn;
    if (fn && fn.module.sourceFile === s.sf && fn.node.pos <= node.pos && node.end <= fn.node.end) return h.name;
  }
  return undefined;
}

const text = (s: Shared, node: ts.Node) => s.sf.text.slice(node.getStart(s.sf), node.end);

/** How the value of a Promise-returning expression is used. */
type Use = 'awaited' | 'passed' | 'statement' | 'sync';

function isReference(id: ts.Identifier): boolean {
  const p = id.parent;
  if (ts.isPropertyAccessExpression(p) && p.name === id) return false;
  if ((ts.isPropertyAssignment(p) || ts.isMethodDeclaration(p) || ts.isPropertyDeclaration(p) || ts.isPropertySignature(p)) && p.name === id) return false;
  if (ts.isBindingElement(p) && p.propertyName === id) return false;
  if ((ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isFunctionDeclaration(p) || ts.isBindingElement(p)) && p.name === id) return false;
  if (ts.isImportSpecifier(p) || ts.isExportSpecifier(p) || ts.isImportClause(p) || ts.isNamespaceImport(p)) return false;
  return true;
}

function useOf(expr: ts.Expression, depth = 0): Use {
  const outer = outermostSameValue(expr);
  const p = outer.parent;
  if (ts.isAwaitExpression(p)) return 'awaited';
  if (ts.isExpressionStatement(p)) return 'statement';
  if (ts.isPropertyAccessExpression(p) && p.expression === outer) return PROMISE_CHAIN.has(p.name.text) ? 'passed' : 'sync';
  if (ts.isElementAccessExpression(p) && p.expression === outer) return 'sync';
  if (ts.isVariableDeclaration(p) && p.initializer === outer) {
    return ts.isIdentifier(p.name) ? (depth < 3 ? variableUse(p, p.name, depth) : 'passed') : 'sync';
  }
  if (ts.isBinaryExpression(p)) {
    const op = p.operatorToken.kind;
    if (op === ts.SyntaxKind.EqualsToken && p.right === outer) {
      return ts.isObjectLiteralExpression(p.left) || ts.isArrayLiteralExpression(p.left) ? 'sync' : 'passed';
    }
    if (
      op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken ||
      op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsEqualsToken ||
      op === ts.SyntaxKind.EqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken
    ) {
      return 'sync';
    }
  }
  if (ts.isPrefixUnaryExpression(p) && p.operator === ts.SyntaxKind.ExclamationToken) return 'sync';
  if (ts.isIfStatement(p) || ts.isWhileStatement(p) || (ts.isConditionalExpression(p) && p.condition === outer)) return 'sync';
  if (ts.isTemplateSpan(p)) return 'sync';
  return 'passed';
}

/** `const session = auth()`: how the variable is used where it is visible. */
function variableUse(decl: ts.VariableDeclaration, name: ts.Identifier, depth: number): Use {
  const scope = enclosingFunction(decl)?.body ?? decl.getSourceFile();
  let sync = false;
  let other = false;
  walk(scope, (node) => {
    if (!ts.isIdentifier(node) || node === name || node.text !== name.text || !isReference(node)) return;
    if (localDeclaration(node) !== (enclosingFunction(decl) ? decl : undefined)) return;
    const use = useOf(node, depth + 1);
    if (use === 'sync') sync = true;
    else if (use !== 'statement') other = true;
  });
  return sync && !other ? 'sync' : 'passed';
}

/** Does `call` need parentheses around `await call` where it stands? */
function needsParens(call: ts.Expression): boolean {
  const p = call.parent;
  if (ts.isTaggedTemplateExpression(p)) return p.tag === call;
  return (
    (ts.isPropertyAccessExpression(p) || ts.isElementAccessExpression(p) || ts.isNonNullExpression(p) || ts.isCallExpression(p)) && p.expression === call
  );
}

/** Edits that put `await` before `call` (and make its function async), or undefined when that is unsafe. */
function awaitEdits(s: Shared, call: ts.Expression): FixEdit[] | undefined {
  const asyncEdits = makeAsyncEdits(s.sf, enclosingFunction(call));
  if (!asyncEdits) return undefined;
  const start = call.getStart(s.sf);
  const edits = needsParens(call)
    ? [insertAt(s.sf, start, '(await '), insertAt(s.sf, call.end, ')')]
    : [insertAt(s.sf, start, 'await ')];
  return [...edits, ...asyncEdits];
}

function fixOf(title: string, edits: FixEdit[] | undefined): CodeFix | undefined {
  return edits && edits.length ? { title, edits } : undefined;
}

function asyncNote(fn: FunctionLike | undefined, edits: FixEdit[] | undefined): string {
  return fn && edits?.some((e) => e.newText === 'async ') ? ' and make the function async' : '';
}

// ---------------------------------------------------------------------------------------------------
// auth-not-awaited

function checkAuthCall(s: Shared, call: ts.CallExpression): void {
  if (s.clerk.api !== 'v6') return;
  const callee = call.expression;
  if (clerkImportName(callee, s.module) === 'auth') {
    const outer = outermostSameValue(call);
    const p = outer.parent;
    if (ts.isPropertyAccessExpression(p) && p.name.text === 'protect' && ts.isCallExpression(p.parent) && p.parent.expression === p) {
      // v5's auth().protect(): on v6 auth() is a Promise, so `.protect` is undefined and the call throws.
      const protectCall = p.parent;
      const awaited = useOf(protectCall) === 'awaited';
      const addAwait = awaited ? [] : awaitEdits(s, protectCall);
      const edits = addAwait && [replaceNode(s.sf, outer, text(s, callee)), ...addAwait];
      report(s, 'auth-not-awaited', 'error', protectCall,
        `auth().protect() is the Clerk v5 form: since v6 auth() returns a Promise, so .protect is undefined and this call throws. Use \`await ${text(s, callee)}.protect()\`.`,
        fixOf(`Rewrite as await ${text(s, callee)}.protect()`, edits));
      return;
    }
    if (useOf(call) !== 'sync') return;
    const edits = awaitEdits(s, call);
    report(s, 'auth-not-awaited', 'error', call,
      'auth() returns a Promise since Clerk v6: without await, userId and every other field are undefined (in TypeScript: "Property \'userId\' does not exist on type \'Promise<…>\'").',
      fixOf(`Add await${asyncNote(enclosingFunction(call), edits)}`, edits));
    return;
  }
  // `auth.protect()` without await: the check runs after the handler has carried on.
  if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'protect' && clerkImportName(callee.expression, s.module) === 'auth') {
    const use = useOf(call);
    if (use !== 'sync' && use !== 'statement') return;
    const edits = awaitEdits(s, call);
    report(s, 'auth-not-awaited', 'error', call,
      'auth.protect() returns a Promise since Clerk v6: without await a signed-out request is not stopped before the code that follows.',
      fixOf(`Add await${asyncNote(enclosingFunction(call), edits)}`, edits));
  }
}

function checkAwaitAuthNotCalled(s: Shared, node: ts.AwaitExpression): void {
  const operand = node.expression;
  if (!(ts.isIdentifier(operand) || ts.isPropertyAccessExpression(operand))) return;
  if (clerkImportName(operand, s.module) !== 'auth') return;
  report(s, 'auth-not-awaited', 'error', node,
    '`await auth` awaits the function itself, not its result: userId is always undefined. Call it: `await auth()`.',
    { title: 'Call auth()', edits: [insertAt(s.sf, operand.end, '()')] });
}

// ---------------------------------------------------------------------------------------------------
// clerk-client-not-called

/** The expression that gets the backend client on `api`, spelled by the templates, with the file's local name. */
function clientExpression(s: Shared, local: string): string {
  const statement = renderBackendClient(s.clerk.api, { ...s.style, semicolons: false }).statements[0];
  const init = statement.slice(statement.indexOf('=') + 1).trim(); // `await clerkClient()` / `clerkClient()`
  return init.replace(/\bclerkClient\b/, local);
}

function checkClerkClientObject(s: Shared, access: ts.PropertyAccessExpression): void {
  const object = access.expression;
  if (access.name.text === 'call' || access.name.text === 'apply' || access.name.text === 'bind') return;
  if (!(ts.isIdentifier(object) || ts.isPropertyAccessExpression(object))) return;
  if (clerkImportName(object, s.module) !== 'clerkClient') return;
  const api = s.clerk.api;
  const v52 = api === 'v5' && versionAtLeast(s.clerk.version, '5.2.0');
  if (api !== 'v6' && !v52) return;
  const local = text(s, object);
  const expression = clientExpression(s, local);
  let edits: FixEdit[] | undefined;
  if (api === 'v6') {
    const asyncEdits = makeAsyncEdits(s.sf, enclosingFunction(access));
    edits = asyncEdits && [replaceNode(s.sf, object, `(${expression})`), ...asyncEdits];
  } else {
    edits = [replaceNode(s.sf, object, expression)];
  }
  const message = api === 'v6'
    ? `clerkClient is an async function since Clerk v6: \`${local}.${access.name.text}\` is undefined. Use \`(${expression}).${access.name.text}\` or \`const client = ${expression}\`.`
    : `The clerkClient object form is deprecated since Clerk 5.2.0 and removed in v6: call it, \`${expression}.${access.name.text}\`.`;
  report(s, 'clerk-client-not-called', api === 'v6' ? 'error' : 'warning', object, message,
    fixOf(`Use ${expression}${api === 'v6' ? asyncNote(enclosingFunction(access), edits) : ''}`, edits));
}

function checkClerkClientCall(s: Shared, call: ts.CallExpression): void {
  if (s.clerk.api !== 'v6' || clerkImportName(call.expression, s.module) !== 'clerkClient') return;
  if (useOf(call) !== 'sync') return;
  const edits = awaitEdits(s, call);
  report(s, 'clerk-client-not-called', 'error', call,
    'clerkClient() returns a Promise since Clerk v6: await it before using the client.',
    fixOf(`Add await${asyncNote(enclosingFunction(call), edits)}`, edits));
}

// ---------------------------------------------------------------------------------------------------
// legacy-import

function checkLegacyImport(s: Shared, decl: ts.ImportDeclaration): void {
  if (s.clerk.api === 'v4') return;
  if (!ts.isStringLiteral(decl.moduleSpecifier) || !LEGACY_CLERK_MODULES.has(decl.moduleSpecifier.text)) return;
  const clause = decl.importClause;
  if (!clause || clause.isTypeOnly || !clause.namedBindings || !ts.isNamedImports(clause.namedBindings)) return;
  const moved = clause.namedBindings.elements.filter((e) => SERVER_ONLY_NAMES.has((e.propertyName ?? e.name).text));
  if (moved.length === 0) return;
  const target = clerkServerModule(s.clerk.api);
  const names = moved.map((e) => (e.propertyName ?? e.name).text);
  const edits = moveImportEdits(s.sf, s.style, decl, moved, moved.map((e) => text(s, e)), target);
  const from = decl.moduleSpecifier.text;
  report(s, 'legacy-import', 'error', decl.moduleSpecifier,
    `${names.join(', ')} ${names.length > 1 ? 'are' : 'is'} exported from '${target}' since Clerk v5, not from '${from}'.`,
    fixOf(`Import ${names.join(', ')} from '${target}'`, edits));
}

// ---------------------------------------------------------------------------------------------------
// relative-redirect

/** `NextResponse` from next/server, or the global `Response`. */
function isRedirectReceiver(s: Shared, expr: ts.Expression): boolean {
  if (!ts.isIdentifier(expr) || localDeclaration(expr)) return false;
  const d = s.module.declarationOf(expr.text);
  if (!d) return expr.text === 'Response';
  return d.kind === 'import' && d.module === 'next/server' && d.name === 'NextResponse';
}

/**
 * The leading literal text of a URL argument (a string, a template, `'…' + x`), and whether that is
 * the whole value. Undefined when nothing literal leads.
 */
function leadingText(expr: ts.Expression): { text: string; complete: boolean } | undefined {
  if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) return { text: expr.text, complete: true };
  if (ts.isTemplateExpression(expr)) return { text: expr.head.text, complete: false };
  if (ts.isBinaryExpression(expr) && expr.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = leadingText(expr.left);
    return left && { text: left.text, complete: false };
  }
  if (ts.isParenthesizedExpression(expr)) return leadingText(expr.expression);
  return undefined;
}

/** Certainly relative: no scheme, and (for a partial value) no way for what follows to complete one. */
function isRelativeUrl(lead: { text: string; complete: boolean }): boolean {
  if (/^[a-z][a-z\d+.-]*:/i.test(lead.text)) return false;
  // `${origin}/x`, `'http' + (secure ? 's' : '') + '://…'`: the rest may make it absolute.
  if (!lead.complete && /^[a-z\d+.-]*$/i.test(lead.text)) return false;
  return true;
}

function checkRelativeRedirect(s: Shared, call: ts.CallExpression): void {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'redirect' || !isRedirectReceiver(s, callee.expression)) return;
  const arg = call.arguments[0];
  if (!arg) return;
  const lead = leadingText(arg);
  // Absolute: a scheme (`https:`, `mailto:`). Everything else is relative and throws in `new URL(x)`.
  if (lead === undefined || !isRelativeUrl(lead)) return;
  const request = requestParameter(s, call);
  let edits: FixEdit[] | undefined;
  if (request) {
    edits = [replaceNode(s.sf, arg, `new URL(${text(s, arg)}, ${request.name}.url)`), ...request.edits];
  }
  report(s, 'relative-redirect', 'warning', arg,
    `${text(s, callee)}() needs an absolute URL: a relative one throws "URL is malformed" at run time. Use \`new URL(${text(s, arg)}, ${request?.name ?? 'req'}.url)\`.`,
    fixOf(`Wrap in new URL(…, ${request?.name ?? 'req'}.url)${request?.edits.length ? ` and add the ${request.name} parameter` : ''}`, edits));
}

/**
 * The request the redirect can be resolved against: the parameter of the route handler (or of the
 * middleware, or of a clerkMiddleware callback: its second) that contains the call, added when absent.
 */
function requestParameter(s: Shared, call: ts.Node): { name: string; edits: FixEdit[] } | undefined {
  let fn: FunctionLike | undefined;
  let index = 0;
  const handlerFns = new Set(s.resources.map((h) => h.resolved?.fn.node).filter((n): n is NonNullable<typeof n> => !!n));
  for (let f = enclosingFunction(call); f; f = enclosingFunction(f)) {
    if (handlerFns.has(f as never)) {
      fn = f;
      break;
    }
    if (isClerkMiddlewareCallback(f, s.module)) {
      fn = f;
      index = 1;
      break;
    }
    if (s.middlewareFile && isExportedMiddlewareFunction(f)) {
      fn = f;
      break;
    }
  }
  if (!fn) return undefined;
  const param = fn.parameters[index];
  if (param) return ts.isIdentifier(param.name) ? { name: param.name.text, edits: [] } : undefined;
  if (fn.parameters.length !== index) return undefined;
  const used = new Set<string>();
  walk(fn, (n) => {
    if (ts.isIdentifier(n)) used.add(n.text);
  });
  const name = used.has('req') ? (used.has('request') ? undefined : 'request') : 'req';
  if (!name) return undefined;
  const typed = s.style.typescript !== false ? `${name}: Request` : name;
  if (index === 0) return { name, edits: [insertAt(s.sf, fn.parameters.pos, typed)] };
  // A clerkMiddleware callback with only `auth`: `auth => …` needs parentheses to take a second parameter.
  const first = fn.parameters[0];
  const parenthesized = s.sf.text[fn.getStart(s.sf)] === '(' || !ts.isArrowFunction(fn) || fn.getStart(s.sf) !== first.getStart(s.sf);
  if (!parenthesized) return { name, edits: [replaceNode(s.sf, first, `(${text(s, first)}, ${name})`)] };
  return { name, edits: [insertAt(s.sf, first.end, `, ${name}`)] };
}

function isExportedMiddlewareFunction(fn: FunctionLike): boolean {
  if (ts.isFunctionDeclaration(fn)) {
    const mods = ts.getModifiers(fn);
    const exported = mods?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    return !!exported && (!fn.name || fn.name.text === 'middleware' || fn.name.text === 'proxy' || !!mods?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword));
  }
  const p = fn.parent;
  if (ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return p.name.text === 'middleware' || p.name.text === 'proxy';
  return ts.isExportAssignment(p);
}
