/**
 * Optional sign-in: a resource that asks who the caller is and then branches on the answer, serving
 * signed-out callers on purpose.
 *
 *   const { userId } = await auth();
 *   const events = await listEvents();                 // the same for everyone
 *   return json(events.map((e) => ({ ...e, mine: userId ? e.ownerId === userId : false })));
 *
 * Its author wrote the signed-out path: the identity decides what is added (a caller's own likes, their
 * drafts), not whether the caller may read. That is different from asking Clerk and ignoring the answer
 * (`const { userId } = await auth();` and nothing more), and from a check that forgets to stop
 * (`if (!userId) { console.warn('signed out') }`): neither states anything about signed-out callers.
 * This file only reads syntax; checkResources.ts decides what a read with optional sign-in is.
 */
// import-equals compiles to a plain require, without a second getter layer over TypeScript's exports.
import ts = require('typescript');

const { SyntaxKind } = ts;

/**
 * The function binds the identity call's answer to names (`const { userId } = await auth()`, `const user
 * = await currentUser()`), branches on one of them (`if (userId) { …its own rows… }`, `userId ? … : …`,
 * `userId && …`) with a signed-in side that does something for the caller (more than a log line), and
 * never tests for its absence (`if (!userId)`: a check, whether or not it remembers to stop).
 */
export function usesIdentityOptionally(fn: ts.SignatureDeclaration, identity: ts.Node, sf: ts.SourceFile): boolean {
  const body = (fn as ts.FunctionLikeDeclaration).body;
  if (!body || identity.pos < body.pos || identity.end > body.end) return false;
  const names = namesBoundFrom(body, identity);
  if (names.size === 0) return false;
  addOwnershipFlags(body, names);
  let personalises = false;
  let checksAbsence = false;
  const visit = (node: ts.Node): void => {
    if (checksAbsence) return;
    if (ts.isIfStatement(node) || ts.isConditionalExpression(node)) {
      const condition = ts.isIfStatement(node) ? node.expression : node.condition;
      const signedIn = ts.isIfStatement(node) ? node.thenStatement : node.whenTrue;
      if (negates(condition, names)) checksAbsence = true;
      else if (tests(condition, names) && doesWork(signedIn, sf)) personalises = true;
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === SyntaxKind.AmpersandAmpersandToken) {
      if (tests(node.left, names) && doesWork(node.right, sf)) personalises = true;
    }
    ts.forEachChild(node, visit);
  };
  visit(body);
  return personalises && !checksAbsence;
}

/** The branch computes something: a call other than logging, or a value other than a literal. */
function doesWork(branch: ts.Node, sf: ts.SourceFile): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(node)) found = !LOGGING.test(node.expression.getText(sf));
    else if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) || ts.isBinaryExpression(node)) found = true;
    else ts.forEachChild(node, visit);
  };
  if (ts.isExpression(branch)) visit(branch);
  else ts.forEachChild(branch, visit);
  return found;
}

const LOGGING = /^(console|logger|log)\b/;

/** Local names bound by the declaration whose initializer holds the identity call. */
function namesBoundFrom(body: ts.Node, identity: ts.Node): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (node.end < identity.pos || node.pos > identity.end) return;
    if (ts.isVariableDeclaration(node) && node.initializer && node.initializer.pos <= identity.pos && identity.end <= node.initializer.end) {
      collectNames(node.name, names);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(body);
  return names;
}

/**
 * `const isOwner = staff.gymId === userId`: a flag that holds only for a signed-in caller who owns what
 * was read, tested to show them more (`isOwner && <EditLink />`). It is tested like the identity itself.
 */
function addOwnershipFlags(body: ts.Node, names: Set<string>): void {
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      let init = node.initializer;
      while (ts.isParenthesizedExpression(init)) init = init.expression;
      if (ts.isBinaryExpression(init) && isEquality(init) && (names.has(rootName(init.left) ?? '') || names.has(rootName(init.right) ?? ''))) names.add(node.name.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(body);
}

function isEquality(e: ts.BinaryExpression): boolean {
  return e.operatorToken.kind === SyntaxKind.EqualsEqualsEqualsToken || e.operatorToken.kind === SyntaxKind.EqualsEqualsToken;
}

function collectNames(name: ts.BindingName, into: Set<string>): void {
  if (ts.isIdentifier(name)) into.add(name.text);
  else for (const e of name.elements) if (!ts.isOmittedExpression(e)) collectNames(e.name, into);
}

/** `userId`, `user.id`, `user?.id`, `(userId)`: the name the expression reads, if any. */
function rootName(e: ts.Expression): string | undefined {
  while (ts.isParenthesizedExpression(e) || ts.isPropertyAccessExpression(e) || ts.isNonNullExpression(e) || ts.isAwaitExpression(e)) e = e.expression;
  return ts.isIdentifier(e) ? e.text : undefined;
}

/** The condition tests a bound name's presence as it stands (`userId`, `user?.id`, `user && x`). */
function tests(e: ts.Expression, names: ReadonlySet<string>): boolean {
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  if (ts.isBinaryExpression(e)) {
    const op = e.operatorToken.kind;
    return (op === SyntaxKind.AmpersandAmpersandToken || op === SyntaxKind.BarBarToken) && (tests(e.left, names) || tests(e.right, names));
  }
  const name = rootName(e);
  return name !== undefined && names.has(name);
}

/** The condition holds for a signed-out caller by testing a bound name's absence (`!userId`, `user == null`). */
function negates(e: ts.Expression, names: ReadonlySet<string>): boolean {
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  if (ts.isPrefixUnaryExpression(e) && e.operator === SyntaxKind.ExclamationToken) return names.has(rootName(e.operand) ?? '');
  if (ts.isBinaryExpression(e)) {
    const op = e.operatorToken.kind;
    if (op === SyntaxKind.BarBarToken || op === SyntaxKind.AmpersandAmpersandToken) return negates(e.left, names) || negates(e.right, names);
    const nullish = (x: ts.Expression) => x.kind === SyntaxKind.NullKeyword || (ts.isIdentifier(x) && x.text === 'undefined');
    if (op === SyntaxKind.EqualsEqualsToken || op === SyntaxKind.EqualsEqualsEqualsToken) {
      return (nullish(e.right) && names.has(rootName(e.left) ?? '')) || (nullish(e.left) && names.has(rootName(e.right) ?? ''));
    }
  }
  return false;
}
