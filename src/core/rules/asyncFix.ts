/** Edits that let a function body use `await`: make the function async (and its return type a Promise). */
import ts = require('typescript');
import { FunctionLike } from './bindings';
import { edit, insertAt, FixEdit } from './fixes';

/** Callbacks whose caller ignores a returned Promise: making them async would change what the code does. */
const SYNC_CALLBACK_METHODS = new Set([
  'map', 'forEach', 'filter', 'reduce', 'reduceRight', 'some', 'every', 'find', 'findIndex', 'findLast',
  'findLastIndex', 'sort', 'flatMap', 'toSorted',
]);

function isAsync(fn: FunctionLike): boolean {
  return ts.getModifiers(fn as ts.HasModifiers)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword) ?? false;
}

/**
 * Edits so that `await` may be used directly inside `fn`: none at top level (modules allow top-level
 * await) or when it is already async; `async` plus `Promise<…>` around a declared return type otherwise.
 * Undefined when that is not possible or would change behaviour (constructors, accessors, callbacks of
 * array methods such as `map`).
 */
export function makeAsyncEdits(sf: ts.SourceFile, fn: FunctionLike | undefined): FixEdit[] | undefined {
  if (!fn || isAsync(fn)) return [];
  if (ts.isConstructorDeclaration(fn) || ts.isGetAccessorDeclaration(fn) || ts.isSetAccessorDeclaration(fn)) return undefined;
  const parent = fn.parent;
  if (ts.isCallExpression(parent) && parent.arguments.includes(fn as ts.Expression)) {
    const callee = parent.expression;
    if (ts.isPropertyAccessExpression(callee) && SYNC_CALLBACK_METHODS.has(callee.name.text)) return undefined;
  }
  if (ts.isNewExpression(parent)) return undefined; // new Promise((resolve) => …)
  // Half-typed code: `import function POST() {…}` parses, without errors, as an import of a function
  // expression; `import async function` would not parse at all.
  if (ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent)) return undefined;
  let at: number;
  if (ts.isArrowFunction(fn)) at = fn.getStart(sf);
  else if (ts.isMethodDeclaration(fn)) at = (fn.asteriskToken ?? fn.name).getStart(sf);
  else {
    const keyword = fn.getChildren(sf).find((c) => c.kind === ts.SyntaxKind.FunctionKeyword);
    if (!keyword) return undefined;
    at = keyword.getStart(sf);
  }
  const edits = [insertAt(sf, at, 'async ')];
  const type = fn.type;
  if (type && !(ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && type.typeName.text === 'Promise')) {
    edits.push(edit(sf, type.getStart(sf), type.end, `Promise<${sf.text.slice(type.getStart(sf), type.end)}>`));
  }
  return edits;
}
