/**
 * Which `@clerk/nextjs` a project uses, and so which server API its code must be written against.
 *
 * Order of evidence: the installed package (`node_modules/@clerk/nextjs/package.json`, walking up from
 * the project root for hoisted monorepo installs), else the range declared in the project's
 * package.json (its lowest admitted version), else the current major. Everything is read through the
 * project's FileSystem, never `fs`.
 */
import * as path from 'path';
import * as semver from 'semver';
import { FileSystem, readJsonObject as readJson } from '../project/fileSystem';
import type { ClerkApi } from '../templates';

export const CLERK_NEXTJS_PACKAGE = '@clerk/nextjs';
/** Assumed when nothing says otherwise: the current major. */
export const CURRENT_CLERK_MAJOR = 7;

export type VersionSource = 'installed' | 'declared' | 'default';

export interface ClerkVersionInfo {
  /** The exact version (installed) or the lowest one the declared range admits; absent for 'default'. */
  readonly version?: string;
  readonly api: ClerkApi;
  readonly source: VersionSource;
  /** Where the version came from (the package.json read), absent for 'default'. */
  readonly file?: string;
  /**
   * The project has a package.json, yet neither it nor one above it (a monorepo's root) declares
   * `@clerk/nextjs`, and none is installed: the app does not use Clerk.
   */
  readonly notUsed?: true;
}

export interface PackageVersion {
  readonly version?: string;
  readonly source: VersionSource;
  readonly file?: string;
}

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;

/** <5 → v4, 5.x → v5, ≥6 → v6 (v6 and v7 share the route-handler API). */
export function clerkApiOf(version: string | undefined): ClerkApi {
  const parsed = version ? semver.coerce(version) : null;
  if (!parsed) return 'v6';
  if (parsed.major < 5) return 'v4';
  if (parsed.major === 5) return 'v5';
  return 'v6';
}

/**
 * The lowest version a declared range admits (`^5.2.0` → 5.2.0), or undefined for ranges that say
 * nothing useful: `latest`, `*`, tags, git/file/workspace URLs, garbage.
 */
export function minVersionOfRange(range: string): string | undefined {
  const r = usableRange(range);
  if (r === undefined) return undefined;
  try {
    const min = semver.minVersion(r);
    // `*`, `x`, `>=0` admit everything: that is "whatever is newest", not 0.0.0.
    if (!min || min.version === '0.0.0') return undefined;
    return min.version;
  } catch {
    return undefined;
  }
}

/** The semver range inside a declared dependency value, or undefined when it holds none. */
function usableRange(range: string): string | undefined {
  let r = range.trim();
  // `npm:@clerk/nextjs@^6.0.0` aliases and `workspace:^6.0.0` carry a usable range after the prefix.
  const alias = /^npm:(?:@[^/]+\/)?[^@]+@(.*)$/.exec(r);
  if (alias) r = alias[1];
  if (r.startsWith('workspace:')) r = r.slice('workspace:'.length);
  return r && semver.validRange(r) ? r : undefined;
}

/** The range `packageJson` declares for `name` in any dependency field. */
export function declaredRange(packageJson: Record<string, unknown> | undefined, name: string): string | undefined {
  if (!packageJson) return undefined;
  for (const field of DEPENDENCY_FIELDS) {
    const deps = packageJson[field];
    if (deps && typeof deps === 'object' && !Array.isArray(deps)) {
      const range = (deps as Record<string, unknown>)[name];
      if (typeof range === 'string') return range;
    }
  }
  return undefined;
}

/**
 * The version of `name` a project (folder of its package.json) uses.
 *
 * An install in the project's own node_modules wins. One found above the project root (hoisted in a
 * monorepo) is only believed when the project declares the package and the copy satisfies the declared
 * range: a package manager that cannot hoist a matching version installs it nested instead, so a
 * mismatching copy higher up, or one the project never asked for, belongs to something else (a sibling
 * app, a stale checkout, the surrounding repository).
 */
export function detectPackageVersion(fs: FileSystem, projectRoot: string, name: string): PackageVersion {
  const manifest = path.join(projectRoot, 'package.json');
  const range = declaredRange(readJson(fs, manifest), name);
  const validRange = range !== undefined && minVersionOfRange(range) !== undefined ? usableRange(range) : undefined;
  for (let dir = projectRoot; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'node_modules', ...name.split('/'), 'package.json');
    if (fs.fileExists(file)) {
      const version = readJson(fs, file)?.version;
      if (typeof version === 'string' && semver.valid(version)) {
        const own = dir === projectRoot;
        if (own || (range !== undefined && (validRange === undefined || semver.satisfies(version, validRange, { includePrerelease: true })))) {
          return { version, source: 'installed', file };
        }
      }
    }
    if (path.dirname(dir) === dir) break;
  }
  const min = range !== undefined ? minVersionOfRange(range) : undefined;
  if (min) return { version: min, source: 'declared', file: manifest };
  return { source: 'default' };
}

/** The `@clerk/nextjs` version of a project and the API generation it implies. */
export function detectClerkVersion(fs: FileSystem, projectRoot: string): ClerkVersionInfo {
  const found = detectPackageVersion(fs, projectRoot, CLERK_NEXTJS_PACKAGE);
  if (found.source !== 'default') return { ...found, api: clerkApiOf(found.version) };
  const manifest = readJson(fs, path.join(projectRoot, 'package.json'));
  // Only a package.json that says what it depends on can say Clerk is not among it.
  const notUsed = manifest !== undefined && wellFormedDependencies(manifest) && declaredRange(manifest, CLERK_NEXTJS_PACKAGE) === undefined && !declaredAbove(fs, projectRoot, CLERK_NEXTJS_PACKAGE);
  return { ...found, api: clerkApiOf(String(CURRENT_CLERK_MAJOR)), ...(notUsed ? { notUsed } : {}) };
}

function wellFormedDependencies(packageJson: Record<string, unknown>): boolean {
  return DEPENDENCY_FIELDS.every((field) => {
    const deps = packageJson[field];
    return deps === undefined || (typeof deps === 'object' && deps !== null && !Array.isArray(deps));
  });
}

/**
 * Whether the nearest package.json above the project declares the package, when that one is a
 * workspace root (its `workspaces` field, or a pnpm-workspace.yaml beside it): a monorepo's root
 * dependencies serve its apps; any other package.json above belongs to something else.
 */
function declaredAbove(fs: FileSystem, projectRoot: string, name: string): boolean {
  for (let dir = path.dirname(projectRoot); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (!fs.fileExists(manifest)) continue;
    const json = readJson(fs, manifest);
    const workspaceRoot = json?.workspaces !== undefined || fs.fileExists(path.join(dir, 'pnpm-workspace.yaml'));
    return workspaceRoot && declaredRange(json, name) !== undefined;
  }
  return false;
}

/** True when `version` is at least `minimum` (both plain semver; an unknown version counts as current). */
export function versionAtLeast(version: string | undefined, minimum: string): boolean {
  const v = version ? semver.coerce(version) : null;
  return v ? semver.gte(v, minimum) : true;
}
