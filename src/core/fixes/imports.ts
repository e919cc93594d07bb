/** Finding and adding the import of Clerk's `auth`: merged into an existing import, never duplicated. */
import * as ts from 'typescript';
import { CLERK_SERVER_MODULES } from '../analysis/knownModules';
import { directivePrologue } from '../analysis/module';
import { authImportName, ClerkApi, clerkServerModule, CodeStyle, renderImport } from '../templates';
import { indentAt, TextEdit } from './edits';
import { freshName, namesDeclaredIn, namesUsedIn } from './names';

export interface AuthName {
  /** The local name to call: `auth`, or `clerkAuth` when the file has another `auth` (NextAuth). */
  readonly name: string;
  /** The import to add when the file does not import Clerk's `auth` yet. */
  readonly importEdit?: TextEdit;
}

/**
 * The name under which Clerk's `auth` can be called inside every function of `fns`: an existing import
 * (any Clerk server module, the API's own preferred) unless a function shadows it, else a new import as
 * `auth`, or as `clerkAuth` when `auth` already means something else in the file.
 */
export function clerkAuthName(sf: ts.SourceFile, fileName: string, api: ClerkApi, fns: readonly ts.Node[], style: CodeStyle): AuthName {
  const shadowed = (name: string) => fns.some((fn) => namesDeclaredIn(fn).has(name));
  const existing = existingClerkImports(sf)
    .sort((a, b) => Number(b.module === clerkServerModule(api)) - Number(a.module === clerkServerModule(api)))
    .find((i) => !shadowed(i.local));
  if (existing) return { name: existing.local };
  const used = namesUsedIn(sf);
  const name = freshName(authImportName, 'clerkAuth', (n) => used.has(n));
  return { name, importEdit: addNamedImport(sf, fileName, clerkServerModule(api), authImportName, name, style) };
}

/** Local names of value imports of Clerk's `auth` (`import { auth as a } from '@clerk/nextjs/server'`). */
export function existingClerkImports(sf: ts.SourceFile): Array<{ local: string; module: string }> {
  const found: Array<{ local: string; module: string }> = [];
  for (const s of sf.statements) {
    if (!ts.isImportDeclaration(s) || !ts.isStringLiteral(s.moduleSpecifier) || !CLERK_SERVER_MODULES.has(s.moduleSpecifier.text)) continue;
    const clause = s.importClause;
    if (!clause || clause.isTypeOnly || !clause.namedBindings || !ts.isNamedImports(clause.namedBindings)) continue;
    for (const e of clause.namedBindings.elements) {
      if (!e.isTypeOnly && (e.propertyName ?? e.name).text === authImportName) found.push({ local: e.name.text, module: s.moduleSpecifier.text });
    }
  }
  return found;
}

/** True when `name` is a value import from `module` in this file (`import { NextResponse } from 'next/server'`). */
export function hasValueImport(sf: ts.SourceFile, module: string, name: string): boolean {
  return sf.statements.some((s) => {
    if (!ts.isImportDeclaration(s) || !ts.isStringLiteral(s.moduleSpecifier) || s.moduleSpecifier.text !== module) return false;
    const clause = s.importClause;
    if (!clause || clause.isTypeOnly || !clause.namedBindings || !ts.isNamedImports(clause.namedBindings)) return false;
    return clause.namedBindings.elements.some((e) => !e.isTypeOnly && e.name.text === name && (e.propertyName ?? e.name).text === name);
  });
}

/**
 * `import { imported as local } from 'module'`: added to an existing value import of that module when
 * there is one (keeping its layout), else as a new import after the last import of the file.
 */
export function addNamedImport(sf: ts.SourceFile, fileName: string, module: string, imported: string, local: string, style: CodeStyle): TextEdit {
  const text = sf.text;
  const spec = local === imported ? imported : `${imported} as ${local}`;
  const eol = style.eol ?? '\n';
  for (const s of sf.statements) {
    if (!ts.isImportDeclaration(s) || !ts.isStringLiteral(s.moduleSpecifier) || s.moduleSpecifier.text !== module) continue;
    const clause = s.importClause;
    if (!clause || clause.isTypeOnly) continue;
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamedImports(bindings)) {
      const elements = bindings.elements;
      if (elements.length === 0) {
        const open = bindings.getStart(sf) + 1;
        return { fileName, start: open, end: bindings.end - 1, newText: ` ${spec} ` };
      }
      const last = elements[elements.length - 1];
      const multiline = /[\r\n]/.test(text.slice(bindings.getStart(sf), last.getStart(sf)));
      const newText = multiline ? `,${eol}${indentAt(text, last.getStart(sf))}${spec}` : `, ${spec}`;
      return { fileName, start: last.end, end: last.end, newText };
    }
    if (!bindings && clause.name) return { fileName, start: clause.name.end, end: clause.name.end, newText: `, { ${spec} }` };
  }
  const line = renderImport({ module, names: [spec] }, style);
  // `'use server'` and friends at the top of a file: an import must come after them.
  const directives = directivePrologue(sf.statements).length;
  const anchors = sf.statements.filter((s, i) => ts.isImportDeclaration(s) || ts.isImportEqualsDeclaration(s) || i < directives);
  const lastAnchor = anchors.length ? anchors[anchors.length - 1] : undefined;
  if (lastAnchor) {
    const comments = ts.getTrailingCommentRanges(text, lastAnchor.end) ?? [];
    const at = comments.length ? comments[comments.length - 1].end : lastAnchor.end;
    // After directives only (`'use server'`): the import gets a blank line of its own above, and below
    // when the code follows right away.
    const afterDirectives = anchors.every((s) => !ts.isImportDeclaration(s) && !ts.isImportEqualsDeclaration(s));
    const next = sf.statements[sf.statements.indexOf(lastAnchor) + 1];
    const codeFollows = next !== undefined && !/\r?\n[ \t]*\r?\n/.test(text.slice(at, next.getStart(sf, true)));
    const newText = `${eol}${afterDirectives ? eol : ''}${line}${afterDirectives && codeFollows ? eol : ''}`;
    return { fileName, start: at, end: at, newText };
  }
  const first = sf.statements[0];
  if (first) {
    const at = first.getStart(sf, true);
    return { fileName, start: at, end: at, newText: `${line}${eol}${eol}` };
  }
  return { fileName, start: text.length, end: text.length, newText: `${text.length && !/[\r\n]$/.test(text) ? eol : ''}${line}${eol}` };
}
