/**
 * Route handler discovery: which HTTP methods a route file exports, and which function actually runs
 * for each, through every way of writing it (declarations, arrows, aliases, `export { h as GET }`,
 * wrappers such as `withAuth(async (req) => …)`, and re-exports from project files). The resolution of
 * an export to its function is shared with the other resource kinds (see discover.ts).
 */
// import-equals compiles to a plain require, without a second getter layer over TypeScript's exports.
import ts = require('typescript');
import { isHttpMethod } from '../httpMethods';
import { isFunctionNode } from '../analysis/engine';
import { ExportTarget, ModuleContext, hasExportModifier } from '../analysis/module';
import { FunctionRef } from '../analysis/scope';
import { AValue, UNKNOWN } from '../analysis/values';
import type { ResourceKind } from './kinds';

/** A wrapper call around the handler: `withAuth(…)`. */
export interface WrapperCall {
  readonly call: ts.CallExpression;
  readonly module: ModuleContext;
  /** Which argument of the call is the wrapped handler. */
  readonly argumentIndex: number;
}

export interface ResolvedHandler {
  /** The function that runs last: the handler itself, or the innermost callback of its wrappers. */
  readonly fn: FunctionRef;
  /** Wrapper calls, outermost first. */
  readonly wrappers: readonly WrapperCall[];
}

/** One server-side resource of a file: a route handler, a page's component, a Server Function. */
export interface ResourceEntry {
  readonly kind: ResourceKind;
  /** How findings name it: the HTTP method, `default`, the Server Function's name, `action@LINE`. */
  readonly name: string;
  /** Where the diagnostic goes: the exported name, or the inline function's name or directive. */
  readonly nameNode: ts.Node;
  /** Nodes of the file whose preceding comment lines may mark the resource public (see annotations.ts). */
  readonly annotationNodes: readonly ts.Node[];
  /**
   * The function written in the project that runs for this export (innermost callback of wrappers);
   * undefined when none could be found (e.g. `export const { GET } = handlers` of a library).
   */
  readonly resolved?: ResolvedHandler;
  /** The exported value, evaluated with wrappers applied: what the attacker run calls. */
  value(): AValue;
}

/** The parts of an entry discovery fills in; the kind and name are set by the caller. */
export type RouteHandlerEntry = ResourceEntry & { readonly kind: 'route' };

/** Every exported HTTP-method handler of a route module, in source order. */
export function findHandlers(module: ModuleContext): RouteHandlerEntry[] {
  const handlers: RouteHandlerEntry[] = [];
  for (const statement of module.sourceFile.statements) {
    if (ts.isFunctionDeclaration(statement) && hasExportModifier(statement) && statement.name && isHttpMethod(statement.name.text)) {
      if (!statement.body) continue; // an overload signature
      handlers.push({
        kind: 'route',
        name: statement.name.text,
        nameNode: statement.name,
        annotationNodes: [statement],
        resolved: { fn: { node: statement, module, scope: module.scope }, wrappers: [] },
        value: () => module.scope.lookup(statement.name!.text) ?? UNKNOWN,
      });
    } else if (ts.isVariableStatement(statement) && hasExportModifier(statement)) {
      for (const decl of statement.declarationList.declarations) {
        if (!ts.isIdentifier(decl.name) || !isHttpMethod(decl.name.text)) continue;
        const name = decl.name.text;
        handlers.push({
          kind: 'route',
          name,
          nameNode: decl.name,
          annotationNodes: [statement],
          resolved: decl.initializer ? resolveExpression(decl.initializer, module, new Set()) : undefined,
          value: () => module.scope.lookup(name) ?? UNKNOWN,
        });
      }
    } else if (ts.isExportDeclaration(statement) && !statement.isTypeOnly) {
      handlers.push(...exportDeclarationHandlers(statement, module));
    }
  }
  return handlers;
}

function exportDeclarationHandlers(statement: ts.ExportDeclaration, module: ModuleContext): RouteHandlerEntry[] {
  const clause = statement.exportClause;
  if (!clause) return starReexportHandlers(statement, module);
  if (!ts.isNamedExports(clause)) return [];
  const handlers: RouteHandlerEntry[] = [];
  for (const spec of clause.elements) {
    if (spec.isTypeOnly || !isHttpMethod(spec.name.text)) continue;
    const name = spec.name.text;
    const target = module.exportTarget(name);
    handlers.push({
      kind: 'route',
      name,
      nameNode: spec.name,
      annotationNodes: [statement],
      resolved: target ? resolveTarget(target, module, new Set()) : undefined,
      value: () => module.exportValue(name),
    });
  }
  return handlers;
}

/** `export * from './handlers'`: every method that module exports. */
function starReexportHandlers(statement: ts.ExportDeclaration, module: ModuleContext): RouteHandlerEntry[] {
  const from = statement.moduleSpecifier;
  if (!from || !ts.isStringLiteral(from)) return [];
  const target = module.loader.load(from.text, module.fileName);
  if (!target || expandingStars.has(target)) return []; // `export *` cycle
  expandingStars.add(target);
  try {
    return findHandlers(target).map((h) => ({ ...h, nameNode: from, annotationNodes: [statement] }));
  } finally {
    expandingStars.delete(target);
  }
}

/** Modules whose handlers are being collected through `export *`, to stop at a re-export cycle. */
const expandingStars = new Set<ModuleContext>();

export function resolveTarget(target: ExportTarget, module: ModuleContext, seen: Set<string>): ResolvedHandler | undefined {
  if (target.kind === 'reexport') {
    // `export { GET } from './b'` in a and `export { GET } from './a'` in b: stop at the cycle.
    const key = `${target.module.fileName}#export ${target.name}`;
    if (seen.has(key)) return undefined;
    seen.add(key);
    const next = target.module.exportTarget(target.name);
    return next ? resolveTarget(next, target.module, seen) : undefined;
  }
  return target.kind === 'local' ? resolveName(target.local, module, seen) : undefined;
}

/** Follows a local name to the function it denotes. */
export function resolveName(name: string, module: ModuleContext, seen: Set<string>): ResolvedHandler | undefined {
  const key = `${module.fileName}#${name}`;
  if (seen.has(key)) return undefined;
  seen.add(key);
  const declaration = module.declarationOf(name);
  if (!declaration) return undefined;
  switch (declaration.kind) {
    case 'function':
      return { fn: { node: declaration.node, module, scope: module.scope }, wrappers: [] };
    case 'variable':
      return declaration.decl.initializer && ts.isIdentifier(declaration.decl.name)
        ? resolveExpression(declaration.decl.initializer, module, seen)
        : undefined;
    case 'import': {
      if (declaration.name === '*') return undefined;
      const target = module.loader.load(declaration.module, module.fileName);
      const exported = target?.exportTarget(declaration.name);
      return target && exported ? resolveTarget(exported, target, seen) : undefined;
    }
    default:
      return undefined;
  }
}

export function resolveExpression(expr: ts.Expression, module: ModuleContext, seen: Set<string>): ResolvedHandler | undefined {
  const e = skipOuterExpressions(expr);
  if (isFunctionNode(e)) return { fn: { node: e, module, scope: module.scope }, wrappers: [] };
  if (ts.isIdentifier(e)) return resolveName(e.text, module, seen);
  if (ts.isCallExpression(e)) return resolveWrapperCall(e, module, seen);
  return undefined;
}

/** `withAuth(async (req) => …, options)`: the handler is the argument that resolves to a function. */
function resolveWrapperCall(call: ts.CallExpression, module: ModuleContext, seen: Set<string>): ResolvedHandler | undefined {
  for (let i = 0; i < call.arguments.length; i++) {
    const inner = resolveExpression(call.arguments[i], module, seen);
    if (inner) return { fn: inner.fn, wrappers: [{ call, module, argumentIndex: i }, ...inner.wrappers] };
  }
  return undefined;
}

export function skipOuterExpressions(expr: ts.Expression): ts.Expression {
  let e = expr;
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isNonNullExpression(e) || ts.isTypeAssertionExpression(e)) {
    e = e.expression;
  }
  return e;
}
