/**
 * The static `basePath` of a Next.js project (`next.config.{js,mjs,cjs,ts,mts}`): every URL of the app
 * is served under it. Read from a string literal written in the file (`basePath: '/docs'`); a computed
 * or conditional value is not guessed (empty then).
 */
import * as path from 'path';
import ts = require('typescript');
import type { FileSystem } from './fileSystem';
import { parseSource } from './project';

const CONFIG_NAMES = ['next.config.js', 'next.config.mjs', 'next.config.cjs', 'next.config.ts', 'next.config.mts'];

export function readBasePath(fs: FileSystem, projectRoot: string): string {
  for (const name of CONFIG_NAMES) {
    const file = path.join(projectRoot, name);
    const text = fs.readFile(file);
    if (text === undefined) continue;
    return basePathIn(parseSource(file, text));
  }
  return '';
}

function basePathIn(sf: ts.SourceFile): string {
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAssignment(node) && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name)) && node.name.text === 'basePath') {
      found.push(ts.isStringLiteralLike(node.initializer) && /^\/[^\s]*[^/]$/.test(node.initializer.text) ? node.initializer.text : '');
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  // One literal, written once: anything else (two configs, a computed value) is not guessed.
  return found.length === 1 ? found[0] : '';
}
