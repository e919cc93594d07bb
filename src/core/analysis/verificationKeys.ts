/**
 * Lookups of the key a request is verified with: a multi-tenant webhook finds the tenant the request
 * claims to come from, then that tenant's secret, then checks the signature with it.
 *
 *   const orgId = await getOrgIdByStoreDomain(shopDomain);            // key lookup
 *   if (!orgId) return json({ error: 'Unknown shop' }, { status: 400 });
 *   const settings = await getShopifySettings(orgId);                  // key lookup
 *   if (!verifyHmac(body, hmacHeader, settings.webhook_secret)) return json(…, { status: 401 });
 *
 * Such a lookup reads what only the check needs and answers nothing to the caller: it is part of the
 * check, and what it returns is as unknown to the attacker as a secret from the environment. This file
 * only reads syntax: a refusal that names authentication and tests a signature, the chain of `const`
 * lookups its key is computed from, and no other use of them before the refusal.
 */
// import-equals compiles to a plain require, without a second getter layer over TypeScript's exports.
import ts = require('typescript');
import { stopSignal } from './gates';

const cache = new WeakMap<ts.SourceFile, ReadonlySet<ts.Node>>();
/** A cheap test before any walk: most files never check a signature. */
const MAY_VERIFY = /hmac|signature/i;
const SIGNATURE_NAME = /sig|hmac/i;
/** How many lookups may lead to the key (`shop → settings → secret`). */
const MAX_CHAIN = 3;
/** Calls on the request itself are reads of what the caller sent, never key lookups. */
const REQUEST_ROOT = /^(req|request|headers|cookies)$/;

/** The calls in `sf` that look up a key some later refusal verifies a signature with. */
export function verificationKeyLookups(sf: ts.SourceFile): ReadonlySet<ts.Node> {
  let found = cache.get(sf);
  if (found) return found;
  const out = new Set<ts.Node>();
  if (MAY_VERIFY.test(sf.text)) {
    const visit = (node: ts.Node): void => {
      if (ts.isBlock(node)) collectInBlock(node.statements, sf, out);
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  found = out;
  cache.set(sf, found);
  return found;
}

function collectInBlock(statements: readonly ts.Statement[], sf: ts.SourceFile, out: Set<ts.Node>): void {
  statements.forEach((s, i) => {
    if (!ts.isIfStatement(s) || stopSignal(s.thenStatement, sf) !== 'authentication') return;
    const before = statements.slice(0, i);
    // Only the parts of the test that read a signature: in `!user && !signatureOk`, `user` is who the
    // caller is, not a key.
    const signatureTests = operandsOf(s.expression).filter((operand) => testsSignature(operand, before, sf));
    if (signatureTests.length === 0) return;
    const chain = keyChain(signatureTests, before);
    if (chain && usedOnlyByTheCheck(chain, before, sf)) for (const link of chain) out.add(link.call);
  });
}

/** The refusal's test reads a value named for a signature (`hmacHeader`, `sig`) or one read from such a header. */
function testsSignature(test: ts.Expression, before: readonly ts.Statement[], sf: ts.SourceFile): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isIdentifier(n) && SIGNATURE_NAME.test(n.text)) found = true;
    else ts.forEachChild(n, visit);
  };
  visit(test);
  if (found) return true;
  // `const header = req.headers.get('x-shopify-hmac-sha256')` tested under another name.
  const names = rootsOf(test);
  return before.some((s) => ts.isVariableStatement(s) && s.declarationList.declarations.some((d) =>
    ts.isIdentifier(d.name) && names.has(d.name.text) && d.initializer !== undefined && SIGNATURE_NAME.test(d.initializer.getText(sf))));
}

interface Link {
  readonly name: string;
  readonly call: ts.CallExpression;
  readonly statement: ts.VariableStatement;
}

/**
 * The lookups the test's values come from: each a `const name = await call(…)` (not a read of the
 * request), and the lookups its arguments come from, up to MAX_CHAIN. Undefined when there are none.
 */
function keyChain(tests: readonly ts.Expression[], before: readonly ts.Statement[]): Link[] | undefined {
  const chain: Link[] = [];
  let frontier = new Set(tests.flatMap((test) => [...rootsOf(test)]));
  for (let depth = 0; depth < MAX_CHAIN && frontier.size > 0; depth++) {
    const next = new Set<string>();
    for (const name of frontier) {
      const link = lookupBinding(name, before);
      if (!link || chain.some((l) => l.name === link.name)) continue;
      chain.push(link);
      for (const arg of link.call.arguments) for (const root of rootsOf(arg)) next.add(root);
    }
    frontier = next;
  }
  return chain.length > 0 ? chain : undefined;
}

function lookupBinding(name: string, before: readonly ts.Statement[]): Link | undefined {
  for (let i = before.length - 1; i >= 0; i--) {
    const s = before[i];
    if (!ts.isVariableStatement(s)) continue;
    for (const d of s.declarationList.declarations) {
      // `const connection = await …`, `const [connection] = await db.select()…limit(1)`. (Not an object
      // pattern: `const { userId } = await auth()` is who the caller is, not a key.)
      if (!bindsName(d.name, name) || !d.initializer) continue;
      // A lookup is awaited I/O: `signature.split(' ').some(…)` computes, it looks nothing up.
      let e: ts.Expression = d.initializer;
      while (ts.isParenthesizedExpression(e)) e = e.expression;
      if (!ts.isAwaitExpression(e)) return undefined;
      e = e.expression;
      while (ts.isParenthesizedExpression(e)) e = e.expression;
      if (!ts.isCallExpression(e)) return undefined;
      const root = calleeRoot(e.expression);
      return root && !REQUEST_ROOT.test(root) ? { name, call: e, statement: s } : undefined;
    }
  }
  return undefined;
}

/**
 * Between its binding and the refusal, each looked-up name is only tested by an `if` that stops, or
 * passed to the next lookup: nothing looked up reaches the caller or any other call before the check.
 */
function usedOnlyByTheCheck(chain: readonly Link[], before: readonly ts.Statement[], sf: ts.SourceFile): boolean {
  const names = new Set(chain.map((l) => l.name));
  const chainStatements = new Set<ts.Statement>(chain.map((l) => l.statement));
  return before.every((s) => {
    if (chainStatements.has(s)) return true;
    if (ts.isIfStatement(s) && !s.elseStatement && stopSignal(s.thenStatement, sf) !== undefined) {
      return !mentions(s.thenStatement, names);
    }
    return !mentions(s, names);
  });
}

/** The operands of `&&` / `||` chains, under `!` and parentheses. */
function operandsOf(test: ts.Expression): ts.Expression[] {
  let e = test;
  while (ts.isParenthesizedExpression(e) || (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken)) e = ts.isParenthesizedExpression(e) ? e.expression : e.operand;
  if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken || e.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
    return [...operandsOf(e.left), ...operandsOf(e.right)];
  }
  return [e];
}

function bindsName(binding: ts.BindingName, name: string): boolean {
  if (ts.isIdentifier(binding)) return binding.text === name;
  return ts.isArrayBindingPattern(binding) && binding.elements.some((e) => !ts.isOmittedExpression(e) && bindsName(e.name, name));
}

function mentions(node: ts.Node, names: ReadonlySet<string>): boolean {
  if (ts.isIdentifier(node)) return names.has(node.text);
  if (ts.isPropertyAccessExpression(node)) return mentions(node.expression, names);
  return ts.forEachChild(node, (child) => mentions(child, names) || undefined) === true;
}

/** Identifiers read as values (`a` in `a.b?.c`, `f` and `x` in `f(x)`). */
function rootsOf(node: ts.Node): Set<string> {
  const out = new Set<string>();
  const visit = (n: ts.Node): void => {
    if (ts.isIdentifier(n)) out.add(n.text);
    else if (ts.isPropertyAccessExpression(n)) visit(n.expression);
    else if (!ts.isFunctionLike(n)) ts.forEachChild(n, visit);
  };
  visit(node);
  return out;
}

function calleeRoot(e: ts.Expression): string | undefined {
  while (ts.isPropertyAccessExpression(e) || ts.isCallExpression(e) || ts.isElementAccessExpression(e)) e = e.expression;
  return ts.isIdentifier(e) ? e.text : undefined;
}
