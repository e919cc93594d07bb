/**
 * Where Next.js looks for the middleware: `middleware.{ts,tsx,js,jsx}` (Next.js 16 also `proxy.*`)
 * next to the `app` folder, i.e. at the project root or in `src/`. Files with those names elsewhere
 * (inside `app/`, at the root when the app lives in `src/`) or with near-miss names are never run.
 * Uses only `fileExists` on a fixed list of candidates: the FileSystem has no directory listing.
 */
import * as path from 'path';
import type { FileSystem } from '../project/fileSystem';
import type { MiddlewareKind } from './middlewareFile';

/** Next.js's default `pageExtensions`. */
export const MIDDLEWARE_EXTENSIONS = ['ts', 'tsx', 'js', 'jsx'] as const;
const NEAR_MISS_EXTENSIONS = ['mts', 'mjs', 'cts', 'cjs'];
const NEAR_MISS_NAMES = ['_middleware', 'middlewares', '_proxy'];

/** True for a file named like a middleware or proxy file (wherever it is). */
export function isMiddlewareFilePath(filePath: string): boolean {
  return /(^|[\\/])(middleware|proxy)\.(ts|tsx|js|jsx|mts|mjs|cts|cjs)$/.test(filePath);
}

export interface MiddlewareLocation {
  /** The folder Next.js reads the middleware from (the parent of the `app` folder). */
  readonly expectedDir: string;
  /** The file Next.js runs, if any. */
  readonly file?: string;
  readonly kind?: MiddlewareKind;
  /** Files that look like the middleware but that Next.js never loads, with why. */
  readonly ignored: readonly { readonly file: string; readonly reason: 'misplaced' | 'misnamed' | 'proxy-needs-next-16' }[];
}

/**
 * The folder that holds the `app` folder a route file is in (its last `app` ancestor). An absolute
 * path is taken as normalized (the analyzer's are), a relative one is resolved first.
 */
export function appParentDir(routeFile: string): string {
  const file = path.isAbsolute(routeFile) ? routeFile : path.resolve(routeFile);
  const at = file.lastIndexOf(`${path.sep}app${path.sep}`);
  return at > 0 ? file.slice(0, at) : at === 0 ? path.sep : path.dirname(file);
}

export function locateMiddleware(fs: FileSystem, projectRoot: string, expectedDir: string, nextMajor: number): MiddlewareLocation {
  const names: MiddlewareKind[] = nextMajor >= 16 ? ['proxy', 'middleware'] : ['middleware'];
  const ignored: { file: string; reason: 'misplaced' | 'misnamed' | 'proxy-needs-next-16' }[] = [];
  for (const name of names) {
    for (const ext of MIDDLEWARE_EXTENSIONS) {
      const file = path.join(expectedDir, `${name}.${ext}`);
      if (fs.fileExists(file)) return { expectedDir, file, kind: name, ignored };
    }
  }
  if (nextMajor < 16) {
    for (const ext of MIDDLEWARE_EXTENSIONS) {
      const file = path.join(expectedDir, `proxy.${ext}`);
      if (fs.fileExists(file)) ignored.push({ file, reason: 'proxy-needs-next-16' });
    }
  }
  for (const name of [...NEAR_MISS_NAMES, 'middleware', 'proxy']) {
    const exts = name === 'middleware' || name === 'proxy' ? NEAR_MISS_EXTENSIONS : [...MIDDLEWARE_EXTENSIONS];
    for (const ext of exts) {
      const file = path.join(expectedDir, `${name}.${ext}`);
      if (fs.fileExists(file)) ignored.push({ file, reason: 'misnamed' });
    }
  }
  const elsewhere = new Set([projectRoot, path.join(projectRoot, 'src'), path.join(expectedDir, 'app'), path.join(expectedDir, 'src'), path.join(projectRoot, 'src', 'app')]);
  elsewhere.delete(expectedDir);
  for (const dir of elsewhere) {
    for (const name of ['middleware', 'proxy']) {
      for (const ext of MIDDLEWARE_EXTENSIONS) {
        const file = path.join(dir, `${name}.${ext}`);
        if (fs.fileExists(file)) ignored.push({ file, reason: 'misplaced' });
      }
    }
  }
  return { expectedDir, ignored };
}
