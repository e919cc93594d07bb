/**
 * Next.js middleware matchers (`export const config = { matcher }`) and Clerk's `createRouteMatcher`
 * patterns, matched the way the frameworks do: path-to-regexp v6 (`/api/:path*`, `/(api|trpc)(.*)`,
 * `'/((?!_next|[^?]*\\.(?:html?|css|…)).*)'`), string or array, objects with `source` and
 * `has`/`missing` conditions. Conditions depend on the request, so a matching object only "may" match.
 */
import { Key, parse, Token, tokensToRegexp } from 'path-to-regexp';

export type Coverage = 'yes' | 'maybe' | 'no';

/** One entry of `config.matcher`, as far as it could be read statically. */
export type MatcherEntry =
  | { readonly kind: 'source'; readonly source: string; readonly conditional: boolean }
  /** Computed, spread, or otherwise unreadable. */
  | { readonly kind: 'unknown' };

/** The whole `config.matcher` of a middleware file. */
export type MatcherConfig =
  /** No config or no matcher: the middleware runs for every path. */
  | { readonly kind: 'all' }
  | { readonly kind: 'list'; readonly entries: readonly MatcherEntry[] };

/**
 * Next.js (`tryToParsePath`): path-to-regexp v6 `parse` + `tokensToRegexp` with default options, after
 * giving repeating parameters without a prefix a `/` prefix (path-to-regexp 6.3 rejects them). Like
 * Next.js, only the pattern's `.source` is kept, so the match is case-sensitive.
 * Undefined when the source is invalid (Next.js refuses to build then).
 */
export function compileMatcherSource(source: string): RegExp | undefined {
  if (!source.startsWith('/')) return undefined;
  try {
    const tokens = parse(source);
    let re: RegExp;
    try {
      re = tokensToRegexp(tokens);
    } catch {
      re = tokensToRegexp(tokens.map(normalizeRepeating));
    }
    // Next.js keeps only `.source` and rebuilds the RegExp without flags: matching is case-sensitive.
    return new RegExp(re.source);
  } catch {
    return undefined;
  }
}

function normalizeRepeating(token: Token): Token {
  if (typeof token === 'object' && (token.modifier === '*' || token.modifier === '+') && token.prefix === '' && token.suffix === '') {
    return { ...token, prefix: '/' } as Key;
  }
  return token;
}

const compiled = new Map<string, RegExp | undefined>();

function regexpOf(source: string): RegExp | undefined {
  if (!compiled.has(source)) {
    if (compiled.size > 500) compiled.clear();
    compiled.set(source, compileMatcherSource(source));
  }
  return compiled.get(source);
}

/** Does one matcher (string, or `{ source, has, missing }`) match a pathname? */
export function matchSource(matcher: string | { source: string; has?: unknown; missing?: unknown }, pathname: string): Coverage {
  const source = typeof matcher === 'string' ? matcher : matcher.source;
  const conditional = typeof matcher !== 'string' && (matcher.has !== undefined || matcher.missing !== undefined);
  return entryCoverage({ kind: 'source', source, conditional }, pathname);
}

function entryCoverage(entry: MatcherEntry, pathname: string): Coverage {
  if (entry.kind === 'unknown') return 'maybe';
  const re = regexpOf(entry.source);
  if (!re) return 'maybe';
  if (!re.test(pathname)) return 'no';
  return entry.conditional ? 'maybe' : 'yes';
}

/** Does the middleware run for `pathname`? */
export function matcherCoverage(config: MatcherConfig, pathname: string): Coverage {
  if (config.kind === 'all') return 'yes';
  let result: Coverage = 'no';
  for (const entry of config.entries) {
    const c = entryCoverage(entry, pathname);
    if (c === 'yes') return 'yes';
    if (c === 'maybe') result = 'maybe';
  }
  return result;
}

/** The best coverage over several concrete paths of one route. */
export function bestCoverage(values: Iterable<Coverage>): Coverage {
  let result: Coverage = 'no';
  for (const v of values) {
    if (v === 'yes') return 'yes';
    if (v === 'maybe') result = 'maybe';
  }
  return result;
}

/**
 * Concrete URL paths for a route's URL path with dynamic segments (`/api/items/[id]`): one with
 * numbers, one with words, so a matcher that only admits one kind still counts as covering.
 * `[...slug]` becomes one and two segments; `[[...slug]]` also disappears.
 */
export function samplePaths(urlPath: string): string[] {
  const segments = urlPath.split('/').filter(Boolean);
  // Most routes have no dynamic segment: both variants are the path itself.
  if (!urlPath.includes('[')) return ['/' + segments.join('/')];
  const numbers: string[] = [];
  const words: string[] = [];
  for (const segment of segments) {
    if (OPTIONAL_CATCH_ALL.test(segment)) words.push('a/b');
    else if (CATCH_ALL.test(segment)) numbers.push('1'), words.push('a/b');
    else if (DYNAMIC.test(segment)) numbers.push('1'), words.push('sample');
    else numbers.push(segment), words.push(segment);
  }
  return [...new Set(['/' + numbers.join('/'), '/' + words.join('/')])];
}

const OPTIONAL_CATCH_ALL = /^\[\[\.\.\..+\]\]$/;
const CATCH_ALL = /^\[\.\.\..+\]$/;
const DYNAMIC = /^\[.+\]$/;

/**
 * A `createRouteMatcher` pattern, as Clerk compiles it: a RegExp as is, a string with path-to-regexp
 * v6 `pathToRegexp` defaults (same defaults as Next.js's matcher).
 */
export function compileRoutePattern(pattern: string | RegExp): RegExp | undefined {
  if (pattern instanceof RegExp) return pattern;
  try {
    return tokensToRegexp(parse(pattern));
  } catch {
    return undefined;
  }
}
