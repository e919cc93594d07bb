/**
 * Gates: a call whose result is tested right away by an `if` with a branch that stops the request.
 *
 *   const session = await getServerSession(authOptions);   // the gate's call
 *   if (!session) return NextResponse.json({ error: 'Unauthorized' }, { status: 401 });
 *
 * When the call cannot be read (a library, an unreadable package) or does I/O, the attacker run would
 * report the call itself as protected work. But the code says what the call is for, in the branch it
 * stops with: an authentication failure (401/403, `unauthorized()`, a redirect to sign-in, "Unauthorized")
 * makes it an authentication check, which a caller with no session and no valid credential fails; a
 * 429 / "too many requests" makes it a rate limit, which is infrastructure that the attacker passes.
 * Either way the call is not the protected work. This file only reads syntax; the engine decides.
 */
// import-equals compiles to a plain require, without a second getter layer over TypeScript's exports.
import ts = require('typescript');
import { isCredentialName } from './values';

const { SyntaxKind } = ts;

/** What a stopping branch says about the test it ends. */
export type StopSignal = 'authentication' | 'rate-limit' | 'other';

export interface Gate {
  /** Statements before the `if` that compute what it tests (empty when the `if` calls by itself). */
  readonly setup: readonly ts.Statement[];
  readonly test: ts.IfStatement;
  /** The branch that stops, and what it says. */
  readonly stopBranch: 'then' | 'else';
  readonly signal: StopSignal;
}

/** How many statements may compute the tested value before the `if` (`const s = …; const id = s?.user?.id; if (!id) …`). */
const MAX_SETUP = 3;

const NEVER_RETURNING_CALLS = /^(redirect|permanentRedirect|notFound|unauthorized|forbidden|redirectToSignIn|redirectToSignUp)$/;
// Words a developer writes when refusing an unauthenticated caller. Text of the stopping branch only.
const AUTHENTICATION_WORDS =
  /\b40[13]\b|unauthori[sz]ed|unauthenticated|forbidden|authenticat|auth[_\s-]?required|not\s+(?:logged|signed|authori[sz]ed|allowed|permitted)|sign[-_]?(?:in|up)\b|signin|login|log[-_]in|permission|access\s+denied|invalid\s+(?:api[-_\s]?key|key|token|credential|session|signature)|missing\s+(?:api[-_\s]?key|token|credential|session)|redirectToSignIn/i;
const RATE_LIMIT_WORDS = /\b429\b|too\s+many|rate[-_\s]?limit|throttl/i;
// A failure of the server's own (500, `INTERNAL_SERVER_ERROR`): "Could not save your signup" names what
// failed, not a caller who must sign up. Words that only name a check still count there ("Authentication
// service error" is the check failing closed); the sign-in/sign-up/log-in words alone do not.
const SERVER_ERROR_WORDS = /\b50\d\b|internal[_\s]server[_\s]error|service\s+unavailable/i;
const EXPLICIT_REFUSAL =
  /\b40[13]\b|unauthori[sz]ed|unauthenticated|forbidden|authenticat|auth[_\s-]?required|permission|access\s+denied|invalid\s+(?:api[-_\s]?key|key|token|credential|session|signature)|missing\s+(?:api[-_\s]?key|token|credential|session)|redirectToSignIn/i;

function authenticationRefusal(text: string): boolean {
  if (!AUTHENTICATION_WORDS.test(text)) return false;
  return !SERVER_ERROR_WORDS.test(text) || EXPLICIT_REFUSAL.test(text);
}

/** The code's text says it refuses a caller for sending too many requests (a 429, "rate limit"). */
export function saysRateLimited(text: string): boolean {
  return RATE_LIMIT_WORDS.test(text);
}

const signals = new WeakMap<ts.Statement, StopSignal | null>();

/** The gate that starts at `statements[i]`, if any. Cheap: syntax of at most a few statements. */
export function gateAt(statements: readonly ts.Statement[], i: number, sf: ts.SourceFile): Gate | undefined {
  const first = statements[i];
  if (first.kind === SyntaxKind.IfStatement) return ifGate(first as ts.IfStatement, [], sf, false);
  // Runs before every statement the attacker executes: kind checks first, tree walks only near an `if`.
  let end = i;
  while (end < statements.length && end - i <= MAX_SETUP) {
    const s = statements[end];
    if (s.kind === SyntaxKind.IfStatement) {
      // `if (error || !data) return 500` on what the setup looked up, right before the `if` that refuses
      // the caller (`if (password !== data.value) return 401`): part of the check, not the check itself.
      const ahead = statements[end + 1];
      // The refusing test must weigh a credential the caller sent against it (`password`, `token`, `secret`):
      // one on the record alone (`if (order.status !== 'paid') return 403`) checks the record, and one
      // against an id the caller can learn (`partnership.storeId !== storeIdCookie`) checks nothing.
      if (end > i && checksSetupResult(s as ts.IfStatement, statements.slice(i, end), sf) && ahead?.kind === SyntaxKind.IfStatement
        && ifGate(ahead as ts.IfStatement, [], sf, true)?.signal === 'authentication'
        && weighsCredential((ahead as ts.IfStatement).expression, statements.slice(i, end))) end++;
      break;
    }
    if (!bindsNames(s)) return undefined;
    end++;
  }
  if (end === i || end >= statements.length || statements[end].kind !== SyntaxKind.IfStatement) return undefined;
  const setup = statements.slice(i, end);
  const test = statements[end] as ts.IfStatement;
  if (!computesFromCall(first) || !allConsumed(setup, test)) return undefined;
  return ifGate(test, setup, sf, true);
}

/** The expression reads a credential-named value that the setup did not bind (`password` in `password !== data.value`). */
function weighsCredential(expr: ts.Expression, setup: readonly ts.Statement[]): boolean {
  const bound = new Set<string>();
  for (const b of setup) boundNames(b, bound);
  const roots = new Set<string>();
  collectRoots(expr, roots);
  for (const name of roots) if (!bound.has(name) && isCredentialName(name)) return true;
  return false;
}

/** Identifiers read as values (`a` in `a.b.c`, never `b` or `c`). */
function collectRoots(node: ts.Node, into: Set<string>): void {
  if (ts.isIdentifier(node)) into.add(node.text);
  else if (ts.isPropertyAccessExpression(node)) collectRoots(node.expression, into);
  else if (!ts.isFunctionLike(node)) ts.forEachChild(node, (child) => collectRoots(child, into));
}

/**
 * An `if` with no `else` that stops for a reason other than authentication or a rate limit and tests
 * what earlier setup statements bound: a guard on the looked-up value.
 */
function checksSetupResult(s: ts.IfStatement, before: readonly ts.Statement[], sf: ts.SourceFile): boolean {
  if (s.elseStatement || stopSignal(s.thenStatement, sf) !== 'other') return false;
  const names = new Set<string>();
  for (const b of before) boundNames(b, names);
  return names.size > 0 && mentionsAny(s.expression, names);
}

/**
 * Every setup statement binds a name that the test or a later setup statement reads: otherwise a
 * statement in between is not part of the check (`const data = await db.all()` before `if (!userId)`
 * is work done before the check, not the check).
 */
function allConsumed(setup: readonly ts.Statement[], test: ts.IfStatement): boolean {
  return setup.every((s, k) => {
    if (ts.isIfStatement(s)) return true;
    const names = new Set<string>();
    boundNames(s, names);
    return mentionsAny(test.expression, names) || setup.slice(k + 1).some((later) => mentionsAny(later, names));
  });
}

function ifGate(test: ts.IfStatement, setup: ts.Statement[], sf: ts.SourceFile, hasSetup: boolean): Gate | undefined {
  if (!hasSetup && !containsCall(test.expression)) return undefined;
  // A branch that answers with what the check returned (`return json(auth.body, { status: auth.status })`)
  // says nothing itself; then the check's own name tells (`authProjectSecret`, `verifyApiKey`).
  const named = (signal: StopSignal | undefined) => (signal === 'other' && testedCallAuthenticates(setup, test)) ? 'authentication' : signal;
  const thenSignal = named(stopSignal(test.thenStatement, sf));
  if (thenSignal && thenSignal !== 'other') return { setup, test, stopBranch: 'then', signal: thenSignal };
  const elseSignal = test.elseStatement && named(stopSignal(test.elseStatement, sf));
  return elseSignal && elseSignal !== 'other' ? { setup, test, stopBranch: 'else', signal: elseSignal } : undefined;
}

// Names of functions that authenticate the caller: `authenticateRequest`, `authProjectSecret`,
// `requireAdmin`, `verifyApiKey`, `validateSessionToken` (not `verifyCaptcha`: a robot check anyone passes).
const AUTHENTICATING_NAME =
  /^(auth[A-Z_]|authenticat|authoriz|(?:require)(?:Auth|User|Admin|Session|Staff|Role|Permission)|(verify|validate|check)(Auth|Api|Key|Token|Secret|Session|Signature|Credential|Bearer|Admin|Access|Request))/;

/**
 * The call whose result the test reads has an authenticating name: the call in the setup statement that
 * binds a name the test reads (`const auth = await authProjectSecret(…); if (!auth.ok) …`), or the
 * test's own first call (`if (!(await verifyApiKey(req))) …`).
 */
function testedCallAuthenticates(setup: readonly ts.Statement[], test: ts.IfStatement): boolean {
  const source = [...setup].reverse().find((s) => {
    const names = new Set<string>();
    boundNames(s, names);
    return mentionsAny(test.expression, names);
  });
  const call = firstCall(source ?? test.expression);
  if (!call) return false;
  const callee = call.expression;
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
  return AUTHENTICATING_NAME.test(name);
}

function firstCall(node: ts.Node): ts.CallExpression | undefined {
  if (ts.isFunctionLike(node)) return undefined;
  if (ts.isCallExpression(node)) return node;
  return ts.forEachChild(node, firstCall);
}

/** `const x = await f()`, `x = await f()`: a statement that binds the result of a call. */
function computesFromCall(s: ts.Statement): boolean {
  if (ts.isVariableStatement(s)) return s.declarationList.declarations.some((d) => d.initializer !== undefined && containsCall(d.initializer));
  if (ts.isExpressionStatement(s)) {
    const e = s.expression;
    return ts.isBinaryExpression(e) && e.operatorToken.kind === SyntaxKind.EqualsToken && containsCall(e.right);
  }
  return false;
}

function bindsNames(s: ts.Statement): boolean {
  return ts.isVariableStatement(s) || (ts.isExpressionStatement(s) && ts.isBinaryExpression(s.expression) && s.expression.operatorToken.kind === SyntaxKind.EqualsToken);
}

/** Adds the names a setup statement binds (`const { a, b: c } = …`, `x = …`). */
function boundNames(s: ts.Statement, into: Set<string>): void {
  if (ts.isVariableStatement(s)) {
    for (const d of s.declarationList.declarations) collectBindingNames(d.name, into);
  } else if (ts.isExpressionStatement(s) && ts.isBinaryExpression(s.expression)) {
    collectIdentifiers(s.expression.left, into);
  }
}

// module.ts has bindingNames too, but importing it here would close an import cycle (module → engine → gates).
function collectBindingNames(name: ts.BindingName, into: Set<string>): void {
  if (ts.isIdentifier(name)) into.add(name.text);
  else for (const e of name.elements) if (!ts.isOmittedExpression(e)) collectBindingNames(e.name, into);
}

/**
 * What a branch stops with, or undefined when it does not always stop: its last statement returns,
 * throws, or calls a never-returning function (`redirect('/sign-in')`).
 */
export function stopSignal(branch: ts.Statement, sf: ts.SourceFile): StopSignal | undefined {
  const cached = signals.get(branch);
  if (cached !== undefined) return cached ?? undefined;
  let signal: StopSignal | null = null;
  if (alwaysStops(branch)) {
    const text = sf.text.slice(branch.pos, branch.end);
    signal = RATE_LIMIT_WORDS.test(text) ? 'rate-limit' : authenticationRefusal(text) ? 'authentication' : 'other';
  }
  signals.set(branch, signal);
  return signal ?? undefined;
}

/** The statement ends by leaving: its last statement returns, throws, or calls `redirect()`-like functions. */
export function alwaysStops(s: ts.Statement): boolean {
  if (ts.isBlock(s)) {
    const last = s.statements[s.statements.length - 1];
    return last !== undefined && alwaysStops(last);
  }
  if (ts.isReturnStatement(s) || ts.isThrowStatement(s)) return true;
  if (ts.isExpressionStatement(s)) {
    let e = s.expression;
    if (ts.isAwaitExpression(e)) e = e.expression;
    if (!ts.isCallExpression(e)) return false;
    const callee = e.expression;
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    return name !== undefined && NEVER_RETURNING_CALLS.test(name);
  }
  return false;
}

function containsCall(node: ts.Node): boolean {
  if (ts.isCallExpression(node) || ts.isTaggedTemplateExpression(node)) return true;
  if (ts.isFunctionLike(node)) return false;
  return ts.forEachChild(node, containsCall) === true;
}

/** The node reads one of the names as a value (`x` in `x.user`, never the property `user`). */
export function mentionsAny(node: ts.Node, names: ReadonlySet<string>): boolean {
  if (ts.isIdentifier(node)) return names.has(node.text);
  // `x.user`: only the object can be a bound name, never the property.
  if (ts.isPropertyAccessExpression(node)) return mentionsAny(node.expression, names);
  return ts.forEachChild(node, (child) => mentionsAny(child, names) || undefined) === true;
}

function collectIdentifiers(node: ts.Node, into: Set<string>): void {
  if (ts.isIdentifier(node)) into.add(node.text);
  else ts.forEachChild(node, (child) => collectIdentifiers(child, into));
}
