/**
 * The folders a project declares public or protected in Clerk's own ESLint rule
 * (`'@clerk/next/require-auth-protection': ['error', { protected: ['app/**'], public: ['app/blog/**'] }]`
 * in `eslint.config.*`): a statement of intent this analyzer reads the same way as the middleware's
 * public list. Only literal string lists are read; a computed list is not guessed.
 *
 * Clerk's globs name folders, relative to the folder of the nearest `eslint.config.*` (its default
 * `rootDir`), in a small dialect (`*` one segment, `**` any depth). When a folder matches both lists the
 * most specific pattern wins and `protected` wins ties.
 */
import * as path from 'path';
import picomatch from 'picomatch';
import ts = require('typescript');
import type { RelatedLocation } from '../findings';
import { nodeRange } from '../positions';
import type { FileSystem } from './fileSystem';
import { parseSource } from './project';

const CONFIG_NAMES = ['eslint.config.js', 'eslint.config.mjs', 'eslint.config.cjs', 'eslint.config.ts', 'eslint.config.mts', 'eslint.config.cts'];
const RULE_NAME = /(^|\/)require-auth-protection$/;

interface FolderGlob {
  readonly pattern: string;
  readonly matches: (folder: string) => boolean;
  /** Literal segments: the more, the more specific. */
  readonly specificity: number;
  readonly location: RelatedLocation;
}

export interface ClerkLintScopes {
  readonly rootDir: string;
  readonly publicGlobs: readonly FolderGlob[];
  readonly protectedGlobs: readonly FolderGlob[];
}

/** The nearest `eslint.config.*` at or above `projectRoot` that configures Clerk's rule with folder lists. */
export function readClerkLintScopes(fs: FileSystem, projectRoot: string): ClerkLintScopes | undefined {
  for (let dir = projectRoot; ; dir = path.dirname(dir)) {
    for (const name of CONFIG_NAMES) {
      const file = path.join(dir, name);
      const text = fs.readFile(file);
      // The nearest config is the one ESLint uses for these files, whether or not it names Clerk's rule.
      if (text !== undefined) return text.includes('require-auth-protection') ? scopesIn(file, text) : undefined;
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

function scopesIn(file: string, text: string): ClerkLintScopes | undefined {
  const sf = parseSource(file, text);
  const publicGlobs: FolderGlob[] = [];
  const protectedGlobs: FolderGlob[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAssignment(node) && ts.isStringLiteralLike(node.name) && RULE_NAME.test(node.name.text) && ts.isArrayLiteralExpression(node.initializer)) {
      for (const option of node.initializer.elements) {
        if (!ts.isObjectLiteralExpression(option)) continue;
        publicGlobs.push(...globsOf(option, 'public', sf, file));
        protectedGlobs.push(...globsOf(option, 'protected', sf, file));
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return publicGlobs.length ? { rootDir: path.dirname(file), publicGlobs, protectedGlobs } : undefined;
}

function globsOf(option: ts.ObjectLiteralExpression, key: 'public' | 'protected', sf: ts.SourceFile, file: string): FolderGlob[] {
  const property = option.properties.find((p) => ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteralLike(p.name)) && p.name.text === key);
  if (!property || !ts.isPropertyAssignment(property) || !ts.isArrayLiteralExpression(property.initializer)) return [];
  return property.initializer.elements.filter(ts.isStringLiteralLike).map((literal) => {
    const pattern = literal.text.replace(/^\.\//, '').replace(/\/+$/, '');
    return {
      pattern,
      matches: picomatch(pattern, { dot: true }),
      specificity: pattern.split('/').filter((s) => !s.includes('*')).length,
      location: { fileName: file, message: `${path.basename(file)} lists ${pattern} as public for Clerk's require-auth-protection rule`, ...nodeRange(sf, literal) },
    };
  });
}

/** The public glob that covers the resource file's folder, unless a protected glob is at least as specific. */
export function publicFolderGlob(scopes: ClerkLintScopes, fileName: string): FolderGlob | undefined {
  const folder = path.relative(scopes.rootDir, path.dirname(fileName)).split(path.sep).join('/');
  if (folder.startsWith('..')) return undefined;
  const best = (globs: readonly FolderGlob[]) =>
    globs.filter((g) => g.matches(folder)).sort((a, b) => b.specificity - a.specificity)[0];
  const open = best(scopes.publicGlobs);
  if (!open) return undefined;
  const closed = best(scopes.protectedGlobs);
  return closed && closed.specificity >= open.specificity ? undefined : open;
}
