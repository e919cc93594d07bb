/** The code style of an existing file, so a fix writes the way the file is written. */
import ts = require('typescript');
import { CodeStyle, DEFAULT_STYLE } from '../templates';

export function detectStyle(sf: ts.SourceFile): CodeStyle {
  const text = sf.text;
  let quote: CodeStyle['quote'] = DEFAULT_STYLE.quote;
  for (const statement of sf.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      quote = text[statement.moduleSpecifier.getStart(sf)] === '"' ? '"' : "'";
      break;
    }
  }
  // Semicolons: most top-level statements that could end with one do.
  let withSemi = 0;
  let without = 0;
  for (const statement of sf.statements) {
    if (!(ts.isImportDeclaration(statement) || ts.isVariableStatement(statement) || ts.isExpressionStatement(statement) || ts.isExportDeclaration(statement))) continue;
    if (text[statement.end - 1] === ';') withSemi++;
    else without++;
  }
  const indentMatch = /^([ \t]+)\S/m.exec(text);
  let indent = DEFAULT_STYLE.indent;
  if (indentMatch) indent = indentMatch[1].startsWith('\t') ? '\t' : indentMatch[1].length >= 4 && indentMatch[1].length % 4 === 0 ? '    ' : '  ';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const typescript = !/\.(js|jsx|mjs|cjs)$/.test(sf.fileName);
  return { ...DEFAULT_STYLE, quote, semicolons: withSemi >= without, indent, eol, typescript };
}

/** The indentation of the line `pos` is on. */
export function lineIndent(sf: ts.SourceFile, pos: number): string {
  const lineStart = sf.getLineStarts()[sf.getLineAndCharacterOfPosition(pos).line];
  return /^[ \t]*/.exec(sf.text.slice(lineStart))![0];
}
