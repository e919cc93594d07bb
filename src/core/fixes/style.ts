/**
 * The code style of a file, read from its syntax tree: indentation, quotes, semicolons, trailing commas
 * and line endings. A quick fix writes in the style of the file it edits.
 */
import * as ts from 'typescript';
import { CodeStyle, DEFAULT_STYLE } from '../templates';
import { indentAt, startsLine } from './edits';

/** Statement kinds that end with a semicolon when the file uses them. */
const SEMI_STATEMENTS: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.VariableStatement,
  ts.SyntaxKind.ExpressionStatement,
  ts.SyntaxKind.ReturnStatement,
  ts.SyntaxKind.ThrowStatement,
  ts.SyntaxKind.ImportDeclaration,
  ts.SyntaxKind.ExportDeclaration,
  ts.SyntaxKind.ExportAssignment,
  ts.SyntaxKind.BreakStatement,
  ts.SyntaxKind.ContinueStatement,
  ts.SyntaxKind.TypeAliasDeclaration,
]);

export function isTypeScriptFile(fileName: string): boolean {
  return !/\.(js|jsx|mjs|cjs)$/i.test(fileName);
}

/**
 * The file's style. Where the file shows nothing (no indented line, no string, no statement that could
 * end in a semicolon), `fallback` decides, then DEFAULT_STYLE: an editor passes its own tab settings.
 */
export function detectStyle(sf: ts.SourceFile, fallback: Partial<CodeStyle> = {}): CodeStyle {
  const text = sf.text;
  let single = 0;
  let double = 0;
  let withSemi = 0;
  let withoutSemi = 0;
  let trailing = 0;
  let noTrailing = 0;
  let tabs = 0;
  let spaces = 0;
  const deltas = new Map<number, number>();

  const countIndent = (child: ts.Node, container: ts.Node) => {
    const start = child.getStart(sf);
    if (!startsLine(text, start)) return;
    const inner = indentAt(text, start);
    const outer = indentAt(text, container.getStart(sf));
    if (inner.length <= outer.length || !inner.startsWith(outer)) return;
    const extra = inner.slice(outer.length);
    if (/^\t+$/.test(extra)) tabs++;
    else if (/^ +$/.test(extra)) {
      spaces++;
      deltas.set(extra.length, (deltas.get(extra.length) ?? 0) + 1);
    }
  };
  const countTrailing = (list: ts.NodeArray<ts.Node> | undefined, close: number) => {
    if (!list || list.length === 0) return;
    const last = list[list.length - 1];
    if (!/[\r\n]/.test(text.slice(last.end, close))) return; // single-line lists say nothing
    if (list.hasTrailingComma) trailing++;
    else noTrailing++;
  };

  // The analyzer parses without parent pointers, so the walk carries the parent itself.
  const visit = (node: ts.Node, parent?: ts.Node): void => {
    if (ts.isStringLiteral(node) && !(parent && ts.isJsxAttribute(parent))) {
      const q = text[node.getStart(sf)];
      if (q === "'") single++;
      else if (q === '"') double++;
    }
    if (SEMI_STATEMENTS.has(node.kind)) {
      if (text[node.end - 1] === ';') withSemi++;
      else withoutSemi++;
    }
    if (ts.isBlock(node) || ts.isModuleBlock(node)) node.statements.forEach((s) => countIndent(s, node));
    else if (ts.isCaseClause(node) || ts.isDefaultClause(node)) node.statements.forEach((s) => countIndent(s, node));
    else if (ts.isObjectLiteralExpression(node)) {
      node.properties.forEach((p) => countIndent(p, node));
      countTrailing(node.properties, node.end - 1);
    } else if (ts.isArrayLiteralExpression(node)) {
      node.elements.forEach((e) => countIndent(e, node));
      countTrailing(node.elements, node.end - 1);
    } else if (ts.isClassDeclaration(node) || ts.isInterfaceDeclaration(node)) {
      node.members.forEach((m) => countIndent(m, node));
    } else if (ts.isNamedImports(node) || ts.isNamedExports(node)) {
      countTrailing(node.elements, node.end - 1);
    } else if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      node.arguments?.forEach((a) => countIndent(a, node));
      countTrailing(node.arguments, node.end - 1);
    } else if (ts.isFunctionLike(node)) {
      node.parameters.forEach((p) => countIndent(p, node));
    }
    ts.forEachChild(node, (child) => visit(child, node));
  };
  visit(sf);

  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/\n/g) ?? []).length - crlf;
  let indent = fallback.indent ?? DEFAULT_STYLE.indent;
  if (tabs > spaces) indent = '\t';
  else if (spaces > 0) {
    // The most common step; ties go to the smaller one (a 4-space file has 8-space steps too, rarely).
    const [width] = [...deltas].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0];
    indent = ' '.repeat(width);
  }
  return {
    quote: single + double === 0 ? fallback.quote ?? DEFAULT_STYLE.quote : double > single ? '"' : "'",
    semicolons: withSemi + withoutSemi === 0 ? fallback.semicolons ?? DEFAULT_STYLE.semicolons : withSemi >= withoutSemi,
    indent,
    trailingCommas: trailing + noTrailing === 0 ? fallback.trailingCommas ?? DEFAULT_STYLE.trailingCommas : trailing >= noTrailing,
    eol: crlf + lf === 0 ? fallback.eol ?? '\n' : crlf > lf ? '\r\n' : '\n',
    typescript: isTypeScriptFile(sf.fileName),
  };
}
