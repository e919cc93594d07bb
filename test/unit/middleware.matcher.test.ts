/** Next.js middleware matchers and Clerk route patterns, matched as the frameworks match them. */
import * as assert from 'assert';
import { compileRoutePattern, matcherCoverage, matchSource, samplePaths } from '../../src/core/middleware/matcher';

const CLERK_DEFAULT = '/((?!_next|[^?]*\\.(?:html?|css|js(?!on)|jpe?g|webp|png|gif|svg|ttf|woff2?|ico|csv|docx?|xlsx?|zip|webmanifest)).*)';
const CLERK_API = '/(api|trpc)(.*)';
const NEXT_EXAMPLE = '/((?!api|_next/static|_next/image|favicon.ico).*)';
const CORE1_DEFAULT = '/((?!.+\\.[\\w]+$|_next).*)';

type Row = [matcher: string | { source: string; has?: unknown; missing?: unknown }, path: string, expected: 'yes' | 'maybe' | 'no'];

const TABLE: Row[] = [
  // Clerk's recommended default matcher: everything but Next.js internals and static files.
  [CLERK_DEFAULT, '/', 'yes'],
  [CLERK_DEFAULT, '/dashboard', 'yes'],
  [CLERK_DEFAULT, '/api/users', 'yes'],
  [CLERK_DEFAULT, '/api/users/123', 'yes'],
  [CLERK_DEFAULT, '/api/data.json', 'yes'], // js(?!on): .json is not a static file
  [CLERK_DEFAULT, '/_next/static/chunk.js', 'no'],
  [CLERK_DEFAULT, '/logo.png', 'no'],
  [CLERK_DEFAULT, '/styles/site.css', 'no'],
  [CLERK_DEFAULT, '/feed.xml', 'yes'],
  [CLERK_DEFAULT, '/docs/report.docx', 'no'],
  // Always run for API routes.
  [CLERK_API, '/api', 'yes'],
  [CLERK_API, '/api/users', 'yes'],
  [CLERK_API, '/trpc/post.list', 'yes'],
  [CLERK_API, '/apix', 'yes'], // (.*) after the group: any suffix, as in Next.js
  [CLERK_API, '/dashboard', 'no'],
  [CLERK_API, '/v1/api/users', 'no'],
  // Negative lookahead (the Next.js docs' example): leaves out /api.
  [NEXT_EXAMPLE, '/dashboard', 'yes'],
  [NEXT_EXAMPLE, '/api/users', 'no'],
  [NEXT_EXAMPLE, '/favicon.ico', 'no'],
  [NEXT_EXAMPLE, '/apiary', 'no'], // the lookahead has no slash: /apiary is left out too
  // The Core 1 (authMiddleware) default.
  [CORE1_DEFAULT, '/api/users', 'yes'],
  [CORE1_DEFAULT, '/robots.txt', 'no'],
  // path-to-regexp v6 named parameters and modifiers.
  ['/api/:path*', '/api', 'yes'],
  ['/api/:path*', '/api/a/b/c', 'yes'],
  ['/api/:path*', '/apiary', 'no'],
  ['/api/:path+', '/api', 'no'],
  ['/api/:path+', '/api/a', 'yes'],
  ['/dashboard/:id', '/dashboard/42', 'yes'],
  ['/dashboard/:id', '/dashboard/42/edit', 'no'],
  ['/dashboard/:id?', '/dashboard', 'yes'],
  ['/items/:id(\\d+)', '/items/42', 'yes'],
  ['/items/:id(\\d+)', '/items/abc', 'no'],
  ['/api/admin', '/api/admin/', 'yes'], // trailing slash allowed (strict: false)
  ['/api/admin', '/api/admin/x', 'no'],
  ['/api/Admin', '/api/admin', 'no'], // Next.js rebuilds the RegExp without flags: case-sensitive
  ['/(.*)', '/anything/at/all', 'yes'],
  ['/', '/', 'yes'],
  ['/', '/api', 'no'],
  // Objects: has/missing depend on the request, so a path match only "may" match.
  [{ source: '/api/:path*' }, '/api/x', 'yes'],
  [{ source: '/api/:path*', has: [{ type: 'header', key: 'x-present' }] }, '/api/x', 'maybe'],
  [{ source: '/api/:path*', missing: [{ type: 'header', key: 'next-router-prefetch' }] }, '/api/x', 'maybe'],
  [{ source: '/api/:path*', missing: [{ type: 'header', key: 'purpose', value: 'prefetch' }] }, '/dashboard', 'no'],
  [{ source: CLERK_DEFAULT, missing: [{ type: 'header', key: 'next-action' }] }, '/api/users', 'maybe'],
  // Invalid sources break the Next.js build; never claimed either way.
  ['api/no-leading-slash', '/api/no-leading-slash', 'maybe'],
  ['/api/(unclosed', '/api/x', 'maybe'],
];

describe('middleware: matcher table (matcher, path, expected)', () => {
  for (const [matcher, path, expected] of TABLE) {
    it(`${JSON.stringify(matcher)} × ${path} → ${expected}`, () => {
      assert.strictEqual(matchSource(matcher, path), expected);
    });
  }
});

describe('middleware: matcher lists', () => {
  it('no matcher: every path', () => {
    assert.strictEqual(matcherCoverage({ kind: 'all' }, '/api/x'), 'yes');
  });

  it('an array matches when any entry does; unknown entries make a miss a "maybe"', () => {
    const list = { kind: 'list' as const, entries: [{ kind: 'source' as const, source: NEXT_EXAMPLE, conditional: false }, { kind: 'source' as const, source: CLERK_API, conditional: false }] };
    assert.strictEqual(matcherCoverage(list, '/api/users'), 'yes');
    assert.strictEqual(matcherCoverage({ kind: 'list', entries: [list.entries[0]] }, '/api/users'), 'no');
    assert.strictEqual(matcherCoverage({ kind: 'list', entries: [list.entries[0], { kind: 'unknown' }] }, '/api/users'), 'maybe');
  });

  it('sample paths for dynamic segments', () => {
    assert.deepStrictEqual(samplePaths('/api/items'), ['/api/items']);
    assert.deepStrictEqual(samplePaths('/api/items/[id]'), ['/api/items/1', '/api/items/sample']);
    assert.deepStrictEqual(samplePaths('/docs/[...slug]'), ['/docs/1', '/docs/a/b']);
    assert.deepStrictEqual(samplePaths('/shop/[[...slug]]'), ['/shop', '/shop/a/b']);
    assert.deepStrictEqual(samplePaths('/'), ['/']);
  });
});

describe('middleware: createRouteMatcher patterns (Clerk: path-to-regexp v6 pathToRegexp, RegExp as is)', () => {
  const rows: [string | RegExp, string, boolean][] = [
    ['/dashboard(.*)', '/dashboard', true],
    ['/dashboard(.*)', '/dashboard/settings', true],
    ['/dashboard(.*)', '/dashboards', true],
    ['/api/admin/(.*)', '/api/admin', false],
    ['/api/admin/(.*)', '/api/admin/users', true],
    ['/api/:path*', '/api/x/y', true],
    ['/sign-in(.*)', '/sign-in/factor-one', true],
    ['/Dashboard(.*)', '/dashboard', true], // Clerk keeps pathToRegexp's case-insensitive flag
    [/^\/org\/[^/]+\/admin/, '/org/acme/admin/users', true],
    [/^\/org\/[^/]+\/admin/, '/org/acme/users', false],
  ];
  for (const [pattern, path, expected] of rows) {
    it(`${String(pattern)} × ${path} → ${expected}`, () => {
      assert.strictEqual(compileRoutePattern(pattern)!.test(path), expected);
    });
  }
});

describe('middleware: the table agrees with the installed Next.js', () => {
  // Next.js's own matcher compilation (internal modules: skipped when a Next.js upgrade moves them).
  let nextMatches: ((source: string, path: string) => boolean) | undefined;
  try {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { getMiddlewareMatchers } = require('next/dist/build/analysis/get-page-static-info');
    const { getMiddlewareRouteMatcher } = require('next/dist/shared/lib/router/utils/middleware-route-matcher');
    /* eslint-enable @typescript-eslint/no-require-imports */
    nextMatches = (source, path) => getMiddlewareRouteMatcher(getMiddlewareMatchers([source], {}))(path, { headers: {} }, {});
  } catch {
    nextMatches = undefined;
  }
  for (const [matcher, path, expected] of TABLE) {
    // Invalid sources make Next.js exit the process; conditional ones depend on the request.
    if (typeof matcher !== 'string' || expected === 'maybe') continue;
    it(`${matcher} × ${path}`, function () {
      if (!nextMatches) this.skip();
      assert.strictEqual(nextMatches!(matcher, path), expected === 'yes');
    });
  }
});
