/**
 * Workspace packages of a monorepo (`"workspaces"` in the root package.json, or pnpm-workspace.yaml):
 * `import { db } from '@acme/db'` in apps/web is project code, read from packages/db's source. The
 * packages are usually not built in a checkout, so an entry point under `dist/` or `build/` is looked
 * for under `src/` with a source extension.
 */
import * as path from 'path';
import { FileSystem, readJsonObject as readJson } from './fileSystem';

const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.js', '.jsx', '.mjs', '.cjs'];
/** Folders of built output that stand for the package's `src/` in a checkout. */
const BUILD_FOLDER = /^(dist|build|lib|out)\//;

/** Package name → its folder, for every workspace package around a project (empty outside a monorepo). */
export function findWorkspacePackages(fs: FileSystem, projectRoot: string): Map<string, string> {
  const packages = new Map<string, string>();
  const root = workspaceRoot(fs, projectRoot);
  if (!root || !fs.readDirectory) return packages;
  for (const pattern of root.patterns) {
    for (const dir of expandPattern(fs, root.dir, pattern)) {
      const name = readJson(fs, path.join(dir, 'package.json'))?.name;
      if (typeof name === 'string' && !packages.has(name)) packages.set(name, dir);
    }
  }
  return packages;
}

/** The package name of a bare specifier: `@acme/db/schema` → `@acme/db`, `utils/x` → `utils`. */
export function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** The source file a specifier of a workspace package stands for, if one exists. */
export function resolveWorkspaceImport(fs: FileSystem, packageDir: string, specifier: string): string | undefined {
  const subpath = specifier.slice(packageNameOf(specifier).length).replace(/^\//, '');
  const manifest = readJson(fs, path.join(packageDir, 'package.json')) ?? {};
  const candidates = [...entryPoints(manifest, subpath), ...(subpath ? [subpath, `src/${subpath}`] : ['src/index', 'index'])];
  for (const candidate of candidates) {
    const file = sourceFileFor(fs, packageDir, candidate);
    if (file) return file;
  }
  return undefined;
}

/** Paths package.json names for a subpath: `exports` (every condition), then `main`/`module`/`types`. */
function entryPoints(manifest: Record<string, unknown>, subpath: string): string[] {
  const out: string[] = [];
  const exportsField = manifest.exports;
  const key = subpath ? `./${subpath}` : '.';
  if (typeof exportsField === 'string' && !subpath) out.push(exportsField);
  else if (exportsField && typeof exportsField === 'object') {
    const map = exportsField as Record<string, unknown>;
    const entry = key in map ? map[key] : !subpath && !Object.keys(map).some((k) => k.startsWith('.')) ? map : wildcard(map, subpath);
    collectStrings(entry, out);
  }
  if (!subpath) for (const field of ['source', 'main', 'module', 'types']) if (typeof manifest[field] === 'string') out.push(manifest[field] as string);
  return out.map((p) => p.replace(/^\.\//, ''));
}

/** `"./*": "./src/*.ts"` patterns. */
function wildcard(map: Record<string, unknown>, subpath: string): unknown {
  for (const [key, value] of Object.entries(map)) {
    const star = key.indexOf('*');
    if (star < 0) continue;
    const prefix = key.slice(2, star);
    if (!subpath.startsWith(prefix)) continue;
    const rest = subpath.slice(prefix.length);
    const replaced: string[] = [];
    collectStrings(value, replaced);
    return replaced.map((p) => p.replace('*', rest));
  }
  return undefined;
}

function collectStrings(value: unknown, into: string[]): void {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) value.forEach((v) => collectStrings(v, into));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => collectStrings(v, into));
}

/** A source file for a path in the package: as written, with a source extension, as a folder index, or under src/. */
function sourceFileFor(fs: FileSystem, packageDir: string, relative: string): string | undefined {
  const withoutExtension = relative.replace(/\.d\.ts$/, '').replace(/\.(m|c)?(j|t)sx?$/, '');
  const bases = [withoutExtension];
  if (BUILD_FOLDER.test(withoutExtension)) bases.push(withoutExtension.replace(BUILD_FOLDER, 'src/'));
  for (const base of bases) {
    for (const candidate of [base, path.join(base, 'index')]) {
      for (const ext of SOURCE_EXTENSIONS) {
        const file = path.join(packageDir, candidate + ext);
        if (fs.fileExists(file)) return file;
      }
    }
  }
  return undefined;
}

function workspaceRoot(fs: FileSystem, projectRoot: string): { dir: string; patterns: string[] } | undefined {
  for (let dir = projectRoot; ; dir = path.dirname(dir)) {
    const json = readJson(fs, path.join(dir, 'package.json'));
    const patterns = workspacePatterns(json, fs.readFile(path.join(dir, 'pnpm-workspace.yaml')));
    if (patterns.length) return { dir, patterns };
    if (path.dirname(dir) === dir) return undefined;
  }
}

function workspacePatterns(json: Record<string, unknown> | undefined, pnpmYaml: string | undefined): string[] {
  const field = json?.workspaces;
  const list = Array.isArray(field) ? field : field && typeof field === 'object' ? (field as { packages?: unknown }).packages : undefined;
  const patterns = Array.isArray(list) ? list.filter((p): p is string => typeof p === 'string') : [];
  if (pnpmYaml) {
    // The `packages:` list of pnpm-workspace.yaml: `  - 'apps/*'` lines (exclusions start with `!`).
    const block = /^packages:\s*\n((?:[ \t]*(?:-.*|#.*)?\n?)*)/m.exec(pnpmYaml);
    for (const m of block?.[1].matchAll(/^[ \t]*-[ \t]*['"]?([^'"\n#]+?)['"]?[ \t]*$/gm) ?? []) patterns.push(m[1]);
  }
  return patterns.filter((p) => !p.startsWith('!'));
}

/** `apps/*`, `packages/**`, `tooling/eslint`: folders under the workspace root (two levels for `**`). */
function expandPattern(fs: FileSystem, root: string, pattern: string): string[] {
  const clean = pattern.replace(/^\.\//, '').replace(/\/+$/, '');
  const star = clean.indexOf('*');
  if (star < 0) return [path.join(root, clean)];
  const base = path.join(root, clean.slice(0, star).replace(/\/$/, ''));
  const children = subfolders(fs, base);
  return clean.endsWith('**') ? [...children, ...children.flatMap((c) => subfolders(fs, c))] : children;
}

function subfolders(fs: FileSystem, dir: string): string[] {
  return (fs.readDirectory?.(dir) ?? []).filter((e) => e.isDirectory && e.name !== 'node_modules' && !e.name.startsWith('.')).map((e) => path.join(dir, e.name));
}
