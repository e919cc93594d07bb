import { isMiddlewareFilePath } from '../middleware/locate';

/**
 * The server-side resources of a Next.js App Router app, and which files hold them. Path-only and free
 * of TypeScript (esbuild inlines this file into the extension's entry): cheap enough to run on every
 * document event.
 *
 *   route            exported HTTP methods of `app/**\/route.*`
 *   page, layout,    the default export of `app/**\/page.*`, `layout.*`, `template.*`, `default.*`
 *   template, default
 *   server-function  every export of a `'use server'` module, and every function whose body starts
 *                    with `'use server'` (an inline form action), in any file of the project
 */

export const RESOURCE_KINDS = ['route', 'page', 'layout', 'template', 'default', 'server-function'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/** Kinds found by their file name under `app/`. */
export type AppFileKind = Exclude<ResourceKind, 'server-function'>;

/** Kinds whose resource is the file's default export, rendered as a React Server Component. */
export type ComponentKind = Exclude<AppFileKind, 'route'>;

/** What a resource of each kind is called in messages. */
export const RESOURCE_NOUN: Readonly<Record<ResourceKind, string>> = {
  route: 'route handler',
  page: 'page',
  layout: 'layout',
  template: 'template',
  default: 'parallel-route default',
  'server-function': 'Server Function',
};

export function isComponentKind(kind: ResourceKind): kind is ComponentKind {
  return kind === 'page' || kind === 'layout' || kind === 'template' || kind === 'default';
}

/** Extensions Next.js accepts for `route.*` files. */
export const ROUTE_FILE_EXTENSIONS = ['ts', 'tsx', 'js', 'jsx', 'mts', 'mjs', 'cts', 'cjs'] as const;
/** Next.js's default `pageExtensions`, for pages, layouts, templates and defaults. */
export const COMPONENT_FILE_EXTENSIONS = ['tsx', 'ts', 'jsx', 'js'] as const;
/** Every source file a Server Function may live in. */
export const SOURCE_FILE_EXTENSIONS = ROUTE_FILE_EXTENSIONS;
/** Glob of every source file (the workspace check reads each for `'use server'`). */
export const SOURCE_FILE_GLOB = `**/*.{${SOURCE_FILE_EXTENSIONS.join(',')}}`;

const JS_EXTENSIONS = /\.(js|jsx|mjs|cjs)$/;

/** Glob for workspace searches and activation events (test/unit/manifest.test.ts keeps package.json equal). */
export const ROUTE_FILE_GLOB = `**/app/**/route.{${ROUTE_FILE_EXTENSIONS.join(',')}}`;
/** Pages, layouts, templates and parallel-route defaults. */
export const COMPONENT_FILE_GLOB = `**/app/**/{page,layout,template,default}.{${COMPONENT_FILE_EXTENSIONS.join(',')}}`;

function segments(filePath: string): string[] {
  return filePath.split(/[\\/]+/).filter(Boolean);
}

/** Folders never walked and never treated as source. */
export const IGNORED_FOLDERS: ReadonlySet<string> = new Set(['node_modules', '.next', '.git', 'dist', 'out']);

// Tests on the whole path, without splitting it: the analyzer asks for every file it analyses.
const ROUTE_BASENAME = new RegExp(`(?:^|[\\\\/])route\\.(?:${ROUTE_FILE_EXTENSIONS.join('|')})$`);
const COMPONENT_BASENAME = new RegExp(`(?:^|[\\\\/])(page|layout|template|default)\\.(?:${COMPONENT_FILE_EXTENSIONS.join('|')})$`);
const APP_FOLDER = /(?:^|[\\/])app[\\/]/;
const IGNORED_FOLDER = new RegExp(`(?:^|[\\\\/])(?:${[...IGNORED_FOLDERS].map((f) => f.replace(/\./g, '\\.')).join('|')})[\\\\/]`);
function inAppRouting(filePath: string): boolean {
  return APP_FOLDER.test(filePath) && !IGNORED_FOLDER.test(filePath) && !inPrivateFolder(filePath);
}

/** A private folder (`_components`) below the last `app` folder: Next.js leaves it out of routing. */
function inPrivateFolder(filePath: string): boolean {
  // Most paths have no folder starting with `_` at all: skip the split for them.
  if (!filePath.includes('/_') && !filePath.includes('\\_')) return false;
  const parts = segments(filePath);
  return parts.slice(parts.lastIndexOf('app') + 1, -1).some((p) => p.startsWith('_'));
}

/**
 * True for `…/app/…/route.ts` (and the other extensions): the basename is `route.<ext>`, some ancestor
 * folder is named `app`, and no folder below it is private (`_lib`). Folders named `node_modules`,
 * `.next`, `dist` or `out` rule a path out.
 */
export function isRouteFilePath(filePath: string, options: { includeJs?: boolean } = {}): boolean {
  if (!ROUTE_BASENAME.test(filePath)) return false;
  if (options.includeJs === false && JS_EXTENSIONS.test(filePath)) return false;
  return inAppRouting(filePath);
}

/** The kind of an App Router file by its path (`page`, `layout`, …, `route`), or undefined. */
export function appFileKind(filePath: string, options: { includeJs?: boolean } = {}): AppFileKind | undefined {
  if (isRouteFilePath(filePath, options)) return 'route';
  const m = COMPONENT_BASENAME.exec(filePath);
  if (!m || (options.includeJs === false && JS_EXTENSIONS.test(filePath))) return undefined;
  return inAppRouting(filePath) ? (m[1] as ComponentKind) : undefined;
}

/**
 * Text that may hold a Server Function: a `'use server'` directive anywhere (a module's first
 * statement, or the first statement of a function body). A cheap test before parsing.
 */
export function mayHoldServerFunctions(text: string): boolean {
  return text.includes('use server');
}

/** A source file by its extension (where Server Functions may be declared). */
export function isSourceFilePath(filePath: string, options: { includeJs?: boolean } = {}): boolean {
  if (options.includeJs === false && JS_EXTENSIONS.test(filePath)) return false;
  return /\.(ts|tsx|js|jsx|mts|mjs|cts|cjs)$/.test(filePath) && !/\.d\.[mc]?ts$/.test(filePath) && !IGNORED_FOLDER.test(filePath);
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

/** A dynamic segment of a route's URL: `[id]` (one), `[...slug]` (one or more), `[[...slug]]` (any, or none). */
export interface DynamicSegment {
  readonly name: string;
  /** `[[...slug]]`: the URL may leave it out, so its value may be undefined. */
  readonly optional: boolean;
}

/** The dynamic segments of the URL of an App Router file (`app/users/[userId]/route.ts` → `userId`). */
export function dynamicSegments(filePath: string): DynamicSegment[] {
  const parts = segments(filePath);
  const appIndex = parts.lastIndexOf('app');
  const found: DynamicSegment[] = [];
  for (const part of parts.slice(appIndex + 1, -1)) {
    const m = /^\[(\[)?(?:\.\.\.)?([^\]]+)\]\]?$/.exec(part);
    if (m) found.push({ name: m[2]!, optional: m[1] !== undefined });
  }
  return found;
}

const PRIVATE_AREA = /\/([^/]*(admin|internal|private|debug|staff|backoffice|dashboard|account|settings|billing)[^/]*|dev|me)(\/|$)/i;

/** The URL names an area only some callers may see (`/admin`, `/api/debug`, `/dashboard/…`, `/me`). */
export function namesPrivateArea(urlPath: string): boolean {
  return PRIVATE_AREA.test(urlPath);
}

/** Glob of middleware/proxy files (Next.js 16 names it `proxy`), for workspace searches. */
export const MIDDLEWARE_FILE_GLOB = '**/{middleware,proxy}.{ts,tsx,js,jsx,mts,mjs,cts,cjs}';

/**
 * Files the checker analyses by their path alone: App Router resource files, and middleware/proxy files
 * outside `app/` (where Next.js could load them), so that `deprecated-middleware` is reported in the
 * file that needs the change. Any other source file is analysed when its text holds `'use server'`.
 */
export function isCheckedFilePath(filePath: string, options: { includeJs?: boolean } = {}): boolean {
  if (appFileKind(filePath, options)) return true;
  if (!isMiddlewareFilePath(filePath)) return false;
  return !APP_FOLDER.test(filePath) && !IGNORED_FOLDER.test(filePath);
}
