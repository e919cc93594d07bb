/**
 * Which Clerk export an expression denotes: `auth` imported from a Clerk server module (renamed or
 * not, through a namespace import, through `require`), or `auth` as the first parameter of a
 * `clerkMiddleware((auth, req) => …)` callback. Local declarations that shadow the import are honoured.
 */
import ts = require('typescript');
import { CLERK_SERVER_MODULES } from '../analysis/knownModules';
import { bindingNames, ModuleContext } from '../analysis/module';

export type FunctionLike = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration
  | ts.ConstructorDeclaration | ts.GetAccessorDeclaration | ts.SetAccessorDeclaration;

export function isFunctionLike(node: ts.Node): node is FunctionLike {
  return ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isMethodDeclaration(node)
    || ts.isConstructorDeclaration(node) || ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node);
}

/** A name declared by `node` itself or directly in its statement list. */
function declaresName(node: ts.Node, name: string): ts.Node | undefined {
  if (isFunctionLike(node)) {
    for (const p of node.parameters) if (bindingNames(p.name).includes(name)) return p;
    if (ts.isFunctionExpression(node) && node.name?.text === name) return node;
    return undefined;
  }
  if (ts.isCatchClause(node)) {
    const d = node.variableDeclaration;
    return d && bindingNames(d.name).includes(name) ? d : undefined;
  }
  if ((ts.isForStatement(node) || ts.isForOfStatement(node) || ts.isForInStatement(node)) && node.initializer && ts.isVariableDeclarationList(node.initializer)) {
    for (const d of node.initializer.declarations) if (bindingNames(d.name).includes(name)) return d;
    return undefined;
  }
  const statements = ts.isBlock(node) || ts.isModuleBlock(node) || ts.isCaseClause(node) || ts.isDefaultClause(node) ? node.statements : undefined;
  if (!statements) return undefined;
  for (const s of statements) {
    if (ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) if (bindingNames(d.name).includes(name)) return d;
    } else if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)) && s.name?.text === name) return s;
  }
  return undefined;
}

/** The nearest local (non top-level) declaration of `id`'s name in scope at `id`, if any. */
export function localDeclaration(id: ts.Identifier): ts.Node | undefined {
  for (let node: ts.Node = id.parent; node && !ts.isSourceFile(node); node = node.parent) {
    const found = declaresName(node, id.text);
    if (found) return found;
  }
  return undefined;
}

/** Does the file import Clerk's clerkMiddleware (so a callback parameter may be Clerk's `auth`)? */
const importsClerkMiddleware = new WeakMap<ModuleContext, boolean>();

function hasClerkMiddlewareImport(module: ModuleContext): boolean {
  let known = importsClerkMiddleware.get(module);
  if (known === undefined) {
    known = /\bclerkMiddleware\b/.test(module.sourceFile.text);
    importsClerkMiddleware.set(module, known);
  }
  return known;
}

/** The Clerk server export an identifier or `ns.name` refers to through the file's imports. */
export function clerkImportName(expr: ts.Expression, module: ModuleContext): string | undefined {
  if (ts.isIdentifier(expr)) {
    const d = module.declarationOf(expr.text);
    const imported = d?.kind === 'import' && CLERK_SERVER_MODULES.has(d.module) && d.name !== '*' && d.name !== 'default' ? d.name : undefined;
    // Cheap exits first: most identifiers are neither Clerk imports nor a middleware callback's auth.
    if (!imported && !hasClerkMiddlewareImport(module)) return undefined;
    const local = localDeclaration(expr);
    if (local) return middlewareAuthParam(local, module) ? 'auth' : undefined;
    return imported;
  }
  if (ts.isPropertyAccessExpression(expr) && ts.isIdentifier(expr.expression)) {
    const d = module.declarationOf(expr.expression.text);
    if (d?.kind === 'import' && CLERK_SERVER_MODULES.has(d.module) && (d.name === '*' || d.name === 'default') && !localDeclaration(expr.expression)) return expr.name.text;
  }
  return undefined;
}

/** True for the first parameter of a function passed to Clerk's `clerkMiddleware(…)`. */
function middlewareAuthParam(decl: ts.Node, module: ModuleContext): boolean {
  if (!ts.isParameter(decl) || !ts.isIdentifier(decl.name)) return false;
  const fn = decl.parent;
  if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) || fn.parameters[0] !== decl) return false;
  return isClerkMiddlewareCallback(fn, module);
}

/** `clerkMiddleware(fn)`: the callback Clerk calls with `(auth, req, event)`. */
export function isClerkMiddlewareCallback(fn: ts.Node, module: ModuleContext): boolean {
  const call = fn.parent;
  return !!call && ts.isCallExpression(call) && call.arguments[0] === fn && clerkImportName(call.expression, module) === 'clerkMiddleware';
}

/** The innermost function containing `node` (undefined at top level). */
export function enclosingFunction(node: ts.Node): FunctionLike | undefined {
  for (let n = node.parent; n && !ts.isSourceFile(n); n = n.parent) if (isFunctionLike(n)) return n;
  return undefined;
}

/** Skips parentheses, `!`, `as` and `satisfies` upward: the outermost node that is the same value. */
export function outermostSameValue(node: ts.Expression): ts.Expression {
  let e = node;
  while (
    e.parent &&
    (ts.isParenthesizedExpression(e.parent) || ts.isNonNullExpression(e.parent) || ts.isAsExpression(e.parent) || ts.isSatisfiesExpression(e.parent))
  ) {
    e = e.parent;
  }
  return e;
}

/** Calls every node of the tree in source order. */
export function walk(node: ts.Node, visit: (node: ts.Node) => void): void {
  const recurse = (n: ts.Node): undefined => {
    visit(n);
    ts.forEachChild(n, recurse);
    return undefined;
  };
  recurse(node);
}

/** The first node in source order for which `test` holds; stops walking as soon as it is found. */
export function findFirst<T extends ts.Node>(node: ts.Node, test: (node: ts.Node) => node is T): T | undefined {
  const recurse = (n: ts.Node): T | undefined => (test(n) ? n : ts.forEachChild(n, recurse));
  return recurse(node);
}

/**
 * The project parses without parent pointers (cheaper for the attacker run); the rules walk upward,
 * so they set them once per tree.
 */
export function ensureParents(sf: ts.SourceFile): void {
  const first = sf.statements[0];
  // An incrementally re-parsed tree reuses nodes whose parent is the previous tree: compare, not test.
  if (!first || first.parent === sf) return;
  let parent: ts.Node = sf;
  const visit = (child: ts.Node): undefined => {
    (child as { parent: ts.Node }).parent = parent;
    const saved = parent;
    parent = child;
    ts.forEachChild(child, visit);
    parent = saved;
    return undefined;
  };
  ts.forEachChild(sf, visit);
}
