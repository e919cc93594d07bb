/** Import edits shared by the fixes: move named imports to another module, merging with an existing import. */
import ts = require('typescript');
import { CodeStyle, renderImport } from '../templates';
import { edit, insertAt, replaceNode, FixEdit } from './fixes';

const specifierText = (sf: ts.SourceFile, s: ts.ImportSpecifier) => sf.text.slice(s.getStart(sf), s.end);
const localName = (s: ts.ImportSpecifier) => s.name.text;
/** The local name a specifier text such as `auth as clerkAuth` or `type X` binds. */
const localOfText = (text: string) => text.trim().split(/\s+/).pop()!;

/** The value import `import { … } from module` with named bindings, if the file has one. */
export function findNamedImport(sf: ts.SourceFile, module: string): ts.ImportDeclaration | undefined {
  for (const s of sf.statements) {
    if (!ts.isImportDeclaration(s) || !ts.isStringLiteral(s.moduleSpecifier) || s.moduleSpecifier.text !== module) continue;
    const clause = s.importClause;
    if (clause && !clause.isTypeOnly && clause.namedBindings && ts.isNamedImports(clause.namedBindings)) return s;
  }
  return undefined;
}

/** The range of a whole statement with its line break, for deleting it. */
function statementWithLineBreak(sf: ts.SourceFile, node: ts.Node): [number, number] {
  let end = node.end;
  if (sf.text.startsWith('\r\n', end)) end += 2;
  else if (sf.text[end] === '\n') end += 1;
  return [node.getStart(sf), end];
}

/**
 * Removes `remove` from `decl` and makes `add` (specifier texts such as `auth` or `auth as a`) come from
 * `target`: appended to an existing import of `target` (names it already has are skipped), else a new
 * import written in the file's style, which takes `decl`'s place when nothing else is left in it.
 */
export function moveImportEdits(
  sf: ts.SourceFile,
  style: CodeStyle,
  decl: ts.ImportDeclaration,
  remove: readonly ts.ImportSpecifier[],
  add: readonly string[],
  target: string,
): FixEdit[] {
  const clause = decl.importClause!;
  const named = clause.namedBindings as ts.NamedImports;
  const remaining = named.elements.filter((e) => !remove.includes(e));
  const sameModule = ts.isStringLiteral(decl.moduleSpecifier) && decl.moduleSpecifier.text === target;
  if (sameModule) {
    const texts = remaining.map((e) => specifierText(sf, e));
    for (const a of add) if (!texts.some((t) => localOfText(t) === localOfText(a))) texts.push(a);
    return [replaceNode(sf, named, `{ ${texts.join(', ')} }`)];
  }
  const edits: FixEdit[] = [];
  const existing = findNamedImport(sf, target);
  const existingNamed = existing ? ((existing.importClause!.namedBindings as ts.NamedImports)) : undefined;
  const have = new Set([...(existingNamed?.elements.map(localName) ?? [])]);
  const toAdd = add.filter((a) => !have.has(localOfText(a)));
  const keepDecl = remaining.length > 0 || !!clause.name;
  if (!keepDecl) {
    if (!existing) {
      edits.push(replaceNode(sf, decl, renderImport({ module: target, names: toAdd }, style)));
      return edits;
    }
    const [start, end] = statementWithLineBreak(sf, decl);
    edits.push(edit(sf, start, end, ''));
  } else if (remaining.length > 0) {
    edits.push(replaceNode(sf, named, `{ ${remaining.map((e) => specifierText(sf, e)).join(', ')} }`));
  } else {
    // `import Default, { auth } from …` → `import Default from …`
    edits.push(edit(sf, clause.name!.end, named.end, ''));
  }
  if (toAdd.length === 0) return edits;
  if (existingNamed) {
    const last = existingNamed.elements[existingNamed.elements.length - 1];
    edits.push(last ? insertAt(sf, last.end, `, ${toAdd.join(', ')}`) : replaceNode(sf, existingNamed, `{ ${toAdd.join(', ')} }`));
  } else {
    edits.push(insertAt(sf, decl.end, `${style.eol ?? '\n'}${renderImport({ module: target, names: toAdd }, style)}`));
  }
  return edits;
}
