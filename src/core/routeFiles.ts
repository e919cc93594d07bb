import { isMiddlewareFilePath } from './middleware/locate';

/**
 * Which files are Next.js App Router route handlers (and middleware/proxy files, which are checked too). Path-only checks: no file system access, so they
 * are cheap enough to run on every document event.
 */

/** Extensions Next.js accepts for `route.*` files. */
export const ROUTE_FILE_EXTENSIONS = ['ts', 'tsx', 'js', 'jsx', 'mts', 'mjs', 'cts', 'cjs'] as const;

const JS_EXTENSIONS = /\.(js|jsx|mjs|cjs)$/;

/** Glob for workspace searches and activation events (test/unit/manifest.test.ts keeps package.json equal). */
export const ROUTE_FILE_GLOB = `**/app/**/route.{${ROUTE_FILE_EXTENSIONS.join(',')}}`;

function segments(filePath: string): string[] {
  return filePath.split(/[\\/]+/).filter(Boolean);
}

/** Folders never walked and never treated as source. */
export const IGNORED_FOLDERS: ReadonlySet<string> = new Set(['node_modules', '.next', '.git', 'dist', 'out']);

// Tests on the whole path, without splitting it: the analyzer asks for every file it analyses.
const ROUTE_BASENAME = new RegExp(`(?:^|[\\\\/])route\\.(?:${ROUTE_FILE_EXTENSIONS.join('|')})$`);
const APP_FOLDER = /(?:^|[\\/])app[\\/]/;
const IGNORED_FOLDER = new RegExp(`(?:^|[\\\\/])(?:${[...IGNORED_FOLDERS].map((f) => f.replace(/\./g, '\\.')).join('|')})[\\\\/]`);

/**
 * True for `…/app/…/route.ts` (and the other extensions): the basename is `route.<ext>` and some
 * ancestor folder is named `app`. Folders named `node_modules`, `.next`, `dist` or `out` rule a path out.
 */
export function isRouteFilePath(filePath: string, options: { includeJs?: boolean } = {}): boolean {
  if (!ROUTE_BASENAME.test(filePath)) return false;
  if (options.includeJs === false && JS_EXTENSIONS.test(filePath)) return false;
  return APP_FOLDER.test(filePath) && !IGNORED_FOLDER.test(filePath);
}

/**
 * The URL path a route file serves, as Next.js computes it: the part after the last `app` folder, with
 * route groups `(x)` and parallel-route slots `@x` dropped and the `route.*` basename removed. Dynamic
 * segments are kept as written (`[id]`, `[...slug]`, `[[...slug]]`).
 */
export function routeUrlPath(filePath: string): string {
  const parts = segments(filePath);
  const appIndex = parts.lastIndexOf('app');
  const routeParts = parts
    .slice(appIndex + 1, -1)
    .filter((p) => !(p.startsWith('(') && p.endsWith(')')) && !p.startsWith('@'));
  return '/' + routeParts.join('/');
}

/** Glob of middleware/proxy files (Next.js 16 names it `proxy`), for workspace searches. */
export const MIDDLEWARE_FILE_GLOB = '**/{middleware,proxy}.{ts,tsx,js,jsx,mts,mjs,cts,cjs}';

/**
 * Files the checker analyses: route handlers, and middleware/proxy files outside `app/` (where Next.js
 * could load them), so that `deprecated-middleware` is reported in the file that needs the change.
 */
export function isCheckedFilePath(filePath: string, options: { includeJs?: boolean } = {}): boolean {
  if (isRouteFilePath(filePath, options)) return true;
  if (!isMiddlewareFilePath(filePath)) return false;
  return !APP_FOLDER.test(filePath) && !IGNORED_FOLDER.test(filePath);
}
