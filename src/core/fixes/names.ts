/** Which names code already uses, so a fix can pick ones that neither clash nor capture. */
import * as ts from 'typescript';

/**
 * Every identifier text used as a name inside `node`: declarations and references alike (property keys
 * and `.member` names excluded). Over-approximates on purpose: a fix only needs to avoid these.
 */
export function namesUsedIn(node: ts.Node): Set<string> {
  const names = new Set<string>();
  // The analyzer parses without parent pointers, so the walk carries the parent itself.
  const visit = (n: ts.Node, parent: ts.Node | undefined): void => {
    if (ts.isIdentifier(n) && !(parent && isMemberName(n, parent))) names.add(n.text);
    ts.forEachChild(n, (child) => visit(child, n));
  };
  visit(node, undefined);
  return names;
}

function isMemberName(id: ts.Identifier, p: ts.Node): boolean {
  if ((ts.isPropertyAccessExpression(p) || ts.isQualifiedName(p)) && (ts.isPropertyAccessExpression(p) ? p.name : p.right) === id) return true;
  if ((ts.isPropertyAssignment(p) || ts.isMethodDeclaration(p) || ts.isPropertyDeclaration(p) || ts.isPropertySignature(p) ||
    ts.isMethodSignature(p) || ts.isGetAccessorDeclaration(p) || ts.isSetAccessorDeclaration(p) || ts.isEnumMember(p) ||
    ts.isJsxAttribute(p)) && p.name === id) return true;
  if ((ts.isBindingElement(p) || ts.isImportSpecifier(p) || ts.isExportSpecifier(p)) && p.propertyName === id) return true;
  if ((ts.isLabeledStatement(p) || ts.isBreakStatement(p) || ts.isContinueStatement(p)) && p.label === id) return true;
  return false;
}

/** Names declared anywhere inside `node` (parameters, variables, functions, classes, catch bindings). */
export function namesDeclaredIn(node: ts.Node): Set<string> {
  const names = new Set<string>();
  const addBinding = (name: ts.BindingName): void => {
    if (ts.isIdentifier(name)) names.add(name.text);
    else for (const e of name.elements) if (!ts.isOmittedExpression(e)) addBinding(e.name);
  };
  const visit = (n: ts.Node): void => {
    if (ts.isVariableDeclaration(n) || ts.isParameter(n) || ts.isBindingElement(n)) addBinding(n.name);
    else if ((ts.isFunctionDeclaration(n) || ts.isClassDeclaration(n) || ts.isFunctionExpression(n) || ts.isClassExpression(n)) && n.name) {
      names.add(n.name.text);
    } else if (ts.isImportClause(n) && n.name) names.add(n.name.text);
    else if ((ts.isImportSpecifier(n) || ts.isNamespaceImport(n)) && n.name) names.add(n.name.text);
    ts.forEachChild(n, visit);
  };
  visit(node);
  return names;
}

/** `base` if unused, else the first of `alternates`, then `alternate2`, `alternate3`, … that is unused. */
export function freshName(base: string, alternate: string, used: (name: string) => boolean): string {
  if (!used(base)) return base;
  if (!used(alternate)) return alternate;
  for (let i = 2; ; i++) if (!used(`${alternate}${i}`)) return `${alternate}${i}`;
}
