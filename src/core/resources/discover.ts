/**
 * Resource discovery, one step per kind, all producing the same `ResourceEntry` for the one attacker
 * run (see analysis/checkResources.ts):
 *   - route handlers: the exported HTTP methods of a route file (routeHandlers.ts);
 *   - pages, layouts, templates, defaults: the default export of the file;
 *   - Server Functions: every exported function of a `'use server'` module, and every function whose
 *     body starts with `'use server'` (inline actions), in any file that is not a `'use client'` module.
 */
// import-equals compiles to a plain require, without a second getter layer over TypeScript's exports.
import ts = require('typescript');
import { isFunctionNode } from '../analysis/engine';
import { ExportTarget, ModuleContext, hasDirective, hasExportModifier } from '../analysis/module';
import type { FunctionNode } from '../analysis/scope';
import { AValue, UNKNOWN } from '../analysis/values';
import { AppFileKind, ComponentKind, isComponentKind, mayHoldServerFunctions } from './kinds';
import { findHandlers, resolveExpression, ResolvedHandler, resolveTarget, ResourceEntry } from './routeHandlers';

/** Every resource a module holds, given the kind its path gives it (undefined: any other file). */
export function findResources(module: ModuleContext, fileKind: AppFileKind | undefined): ResourceEntry[] {
  const statements = module.sourceFile.statements;
  if (hasDirective(statements, 'use client')) return [];
  const entries: ResourceEntry[] = [];
  if (fileKind === 'route') entries.push(...findHandlers(module));
  else if (fileKind && isComponentKind(fileKind)) {
    const component = componentEntry(module, fileKind);
    // `export { default } from './login-form'` of a `'use client'` module: the page renders in the browser.
    const fn = component?.resolved?.fn;
    if (component && !(fn && hasDirective(fn.module.sourceFile.statements, 'use client'))) entries.push(component);
  }
  if (!mayHoldServerFunctions(module.sourceFile.text)) return entries;
  const serverModule = hasDirective(statements, 'use server');
  // A `'use server'` module exports only Server Functions (Next.js refuses anything else).
  if (serverModule) entries.push(...serverFunctionExports(module));
  const known = new Set(entries.map((e) => e.resolved?.fn.node));
  for (const inline of inlineServerFunctions(module)) if (!known.has(inline.resolved!.fn.node)) entries.push(inline);
  return entries;
}

// ---- pages, layouts, templates, defaults -------------------------------------------------------

/** The component a page/layout/template/default file exports as default. */
function componentEntry(module: ModuleContext, kind: ComponentKind): ResourceEntry | undefined {
  for (const statement of module.sourceFile.statements) {
    if (ts.isFunctionDeclaration(statement) && hasExportModifier(statement) && hasDefault(statement) && statement.body) {
      return entry(kind, 'default', statement.name ?? defaultKeyword(statement), [statement], { fn: fnRef(statement, module), wrappers: [] }, () =>
        statement.name ? module.scope.lookup(statement.name.text) ?? UNKNOWN : functionValue(statement, module),
      );
    }
    if (ts.isExportAssignment(statement) && !statement.isExportEquals) {
      return entry(kind, 'default', statement.expression, [statement], resolveExpression(statement.expression, module, new Set()), () =>
        ts.isIdentifier(statement.expression) ? module.exportValue('default') : resolvedValue(statement.expression, module),
      );
    }
    if (ts.isExportDeclaration(statement) && !statement.isTypeOnly && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      const spec = statement.exportClause.elements.find((e) => e.name.text === 'default' && !e.isTypeOnly);
      if (!spec) continue;
      const target = module.exportTarget('default');
      return entry(kind, 'default', spec.name, [statement], target ? resolveTarget(target, module, new Set()) : undefined, () => module.exportValue('default'));
    }
  }
  return undefined;
}

function hasDefault(node: ts.FunctionDeclaration): boolean {
  return node.modifiers?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword) === true;
}

function defaultKeyword(node: ts.FunctionDeclaration): ts.Node {
  return node.modifiers?.find((m) => m.kind === ts.SyntaxKind.DefaultKeyword) ?? node;
}

/** `export default withAuth(Page)`: the exported value is the wrapper's result; run what it resolves to. */
function resolvedValue(expr: ts.Expression, module: ModuleContext): AValue {
  const resolved = resolveExpression(expr, module, new Set());
  return resolved && resolved.wrappers.length === 0 ? functionValue(resolved.fn.node, resolved.fn.module) : UNKNOWN;
}

// ---- Server Functions --------------------------------------------------------------------------

/** Every export of a `'use server'` module that is a function, in every export form. */
function serverFunctionExports(module: ModuleContext): ResourceEntry[] {
  const entries: ResourceEntry[] = [];
  const add = (name: string, nameNode: ts.Node, statement: ts.Statement, resolved: ResolvedHandler | undefined, value: () => AValue) => {
    if (resolved) entries.push(entry('server-function', name, nameNode, [statement], resolved, value));
  };
  for (const statement of module.sourceFile.statements) {
    if (ts.isFunctionDeclaration(statement) && hasExportModifier(statement) && statement.body) {
      const name = hasDefault(statement) ? 'default' : statement.name?.text;
      if (name) add(name, statement.name ?? defaultKeyword(statement), statement, { fn: fnRef(statement, module), wrappers: [] }, () => module.exportValue(name));
    } else if (ts.isVariableStatement(statement) && hasExportModifier(statement)) {
      for (const d of statement.declarationList.declarations) {
        if (!ts.isIdentifier(d.name) || !d.initializer) continue;
        const name = d.name.text;
        add(name, d.name, statement, resolveExpression(d.initializer, module, new Set()), () => module.scope.lookup(name) ?? UNKNOWN);
      }
    } else if (ts.isExportAssignment(statement) && !statement.isExportEquals) {
      add('default', statement.expression, statement, resolveExpression(statement.expression, module, new Set()), () => module.exportValue('default'));
    } else if (ts.isExportDeclaration(statement) && !statement.isTypeOnly && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const spec of statement.exportClause.elements) {
        if (spec.isTypeOnly) continue;
        const name = spec.name.text;
        const target: ExportTarget | undefined = module.exportTarget(name);
        add(name, spec.name, statement, target ? resolveTarget(target, module, new Set()) : undefined, () => module.exportValue(name));
      }
    }
  }
  return entries;
}

/**
 * Functions whose body starts with `'use server'`: form actions declared inside a component, in
 * objects, or passed straight to JSX (`action={async () => { 'use server'; … }}`). Each runs with the
 * module's scope: the component's check does not run when the action is posted.
 */
function inlineServerFunctions(module: ModuleContext): ResourceEntry[] {
  const sf = module.sourceFile;
  const entries: ResourceEntry[] = [];
  const visit = (node: ts.Node, nameHint?: ts.Identifier): void => {
    if (isInlineServerFunction(node)) {
      const own = (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node)) && node.name ? node.name : nameHint;
      const directive = (node.body as ts.Block).statements.find((s) => ts.isExpressionStatement(s) && ts.isStringLiteral(s.expression) && s.expression.text === 'use server')!;
      const line = sf.getLineAndCharacterOfPosition(directive.getStart(sf)).line + 1;
      const fn = node as FunctionNode;
      entries.push(entry('server-function', own?.text ?? `action@${line}`, own ?? directive, [node], { fn: fnRef(fn, module), wrappers: [] }, () => functionValue(fn, module)));
    }
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      visit(node.initializer, node.name);
      return;
    }
    if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name)) {
      visit(node.initializer, node.name);
      return;
    }
    ts.forEachChild(node, (child) => visit(child));
  };
  visit(sf);
  return entries;
}

function isInlineServerFunction(node: ts.Node): node is ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration {
  if (!(ts.isFunctionDeclaration(node) || isFunctionNode(node) || ts.isMethodDeclaration(node))) return false;
  const body = node.body;
  return body !== undefined && ts.isBlock(body) && hasDirective(body.statements, 'use server');
}

// ---- shared ------------------------------------------------------------------------------------

function entry(
  kind: ResourceEntry['kind'], name: string, nameNode: ts.Node, annotationNodes: ts.Node[], resolved: ResolvedHandler | undefined, value: () => AValue,
): ResourceEntry {
  return { kind, name, nameNode, annotationNodes, resolved, value };
}

function fnRef(node: FunctionNode, module: ModuleContext) {
  return { node, module, scope: module.scope };
}

function functionValue(node: FunctionNode, module: ModuleContext): AValue {
  return { truth: 'truthy', call: { kind: 'function', fn: fnRef(node, module) } };
}
