/**
 * Fixture projects for middleware / proxy awareness (test/fixtures/middleware/<name>/): every route
 * file and every middleware-like file states all its findings in its header, and route files state
 * whether the middleware protects them (`// protected-by-middleware: yes|no`).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Analyzer, nodeFileSystem } from '../../src/core';
import { appFileKind } from '../../src/core/resources/kinds';
import { isMiddlewareFilePath } from '../../src/core/rules';
import { FIXTURES, formatExpectations, listFiles, parseHeader } from './support/fixtures';

const PROJECTS = path.join(FIXTURES, 'middleware');
/** Near-miss names are analysed too: they must not be mistaken for the middleware. */
const MIDDLEWARE_LIKE = (f: string) => isMiddlewareFilePath(f) || /[\\/](middlewares|_middleware)\.[jt]sx?$/.test(f);

function protectedHeader(text: string): 'yes' | 'no' | undefined {
  return /^\/\/ protected-by-middleware: (yes|no)$/m.exec(text)?.[1] as 'yes' | 'no' | undefined;
}

describe('middleware: fixture projects', () => {
  const projects = fs.readdirSync(PROJECTS).sort();

  it('has at least 14 projects', () => {
    assert.ok(projects.length >= 14, `only ${projects.length}`);
  });

  for (const project of projects) {
    const dir = path.join(PROJECTS, project);
    // Every App Router resource file (routes, pages, layouts…) and the middleware: each states its expectations.
    const files = listFiles(dir, (f) => appFileKind(f, { includeJs: true }) !== undefined || MIDDLEWARE_LIKE(f));
    describe(project, () => {
      const analyzer = new Analyzer(nodeFileSystem());
      for (const file of files) {
        it(path.relative(dir, file), () => {
          const text = fs.readFileSync(file, 'utf8');
          const report = analyzer.analyze(file);
          assert.strictEqual(report.skipped, undefined, `skipped: ${report.skipped}`);
          assert.deepStrictEqual(formatExpectations(report.findings), formatExpectations(parseHeader(text).expect), report.findings.map((f) => f.message).join('\n'));
          const expectedProtection = protectedHeader(text);
          const notes = report.findings
            .filter((f) => f.ruleId === 'missing-auth-guard')
            .flatMap((f) => f.related.filter((r) => r.fileName && MIDDLEWARE_LIKE(r.fileName) && !/declares .* public|leaves .* out/.test(r.message)));
          if (expectedProtection === 'yes') {
            assert.strictEqual(notes.length, 1, 'expected a middleware note');
            assert.match(notes[0].message, /stops signed-out requests to .*CVE-2025-29927/);
          } else {
            assert.deepStrictEqual(notes, [], 'expected no middleware note');
          }
        });
      }
    });
  }
});

describe('middleware: the middleware-not-covering finding', () => {
  const analyzer = new Analyzer(nodeFileSystem());
  const finding = (project: string, route: string) => {
    const file = path.join(PROJECTS, project, route);
    const text = fs.readFileSync(file, 'utf8');
    const f = analyzer.analyze(file).findings.find((x) => x.ruleId === 'middleware-not-covering')!;
    return { f, text, at: text.slice(f.start, f.end) };
  };

  it('sits on the first Clerk call and says why', () => {
    const cases: [string, string, RegExp, string][] = [
      ['missing-file', 'app/api/profile/route.ts', /No proxy\.ts \(or middleware\.ts\)/, 'auth()'],
      ['misplaced-in-app', 'app/api/settings/route.ts', /app\/middleware\.ts is not where Next\.js looks/, 'auth()'],
      ['misplaced-root-with-src', 'src/app/api/billing/route.ts', /move it to src\/middleware\.ts/, 'auth.protect()'],
      ['misnamed', 'app/api/me/route.ts', /does not load a file named middlewares\.ts/, 'currentUser()'],
      ['proxy-on-next15', 'app/api/me/route.ts', /only loaded by Next\.js 16 and later; this project uses Next\.js 15: rename it to middleware\.ts/, 'auth()'],
      ['no-clerk-middleware', 'app/api/account/route.ts', /does not call clerkMiddleware\(\)/, 'auth()'],
      ['auth-middleware-v6', 'app/api/invoices/route.ts', /authMiddleware, which was removed in Clerk v6/, 'auth()'],
      ['api-only-matcher', 'app/dashboard/export/route.ts', /config\.matcher in middleware\.ts does not match \/dashboard\/export/, 'auth()'],
      ['negative-lookahead', 'app/api/notes/route.js', /does not match \/api\/notes/, 'currentUser()'],
      ['auth-middleware-v5', 'src/app/api/status/route.ts', /ignoredRoutes/, 'auth()'],
    ];
    for (const [project, route, why, call] of cases) {
      const { f, at } = finding(project, route);
      assert.match(f.message, why, project);
      assert.match(f.message, /Clerk can't detect usage of clerkMiddleware\(\)/, project);
      assert.strictEqual(at, call, project);
      assert.strictEqual(f.severity, 'warning');
      assert.strictEqual(f.handler, undefined);
    }
  });

  it('points at the matcher that leaves the route out', () => {
    const { f } = finding('api-only-matcher', 'app/dashboard/export/route.ts');
    const related = f.related[0];
    const mw = fs.readFileSync(related.fileName!, 'utf8');
    assert.strictEqual(mw.slice(related.start, related.end), "matcher: '/api/:path*'");
  });
});

describe('middleware: middlewareProtectedSeverity', () => {
  const route = path.join(PROJECTS, 'protect-all-but-public', 'app/api/exports/route.ts');
  const publicRoute = path.join(PROJECTS, 'protect-all-but-public', 'app/api/public/pricing/route.ts');
  const guardOf = (analyzer: Analyzer, file: string) => analyzer.analyze(file).findings.filter((f) => f.ruleId === 'missing-auth-guard');

  it('warning by default, info or off when asked; unprotected routes keep warning', () => {
    assert.deepStrictEqual(guardOf(new Analyzer(nodeFileSystem()), route).map((f) => f.severity), ['warning']);
    const info = new Analyzer(nodeFileSystem(), { middlewareProtectedSeverity: 'info' });
    assert.deepStrictEqual(guardOf(info, route).map((f) => f.severity), ['info']);
    // The public pricing route only reads, and the middleware declares it public: information either way.
    assert.deepStrictEqual(guardOf(info, publicRoute).map((f) => f.severity), ['info']);
    const off = new Analyzer(nodeFileSystem(), { middlewareProtectedSeverity: 'off' });
    assert.deepStrictEqual(guardOf(off, route), []);
    assert.deepStrictEqual(guardOf(off, publicRoute).map((f) => f.severity), ['info']);
  });

  it('a route the middleware declares public: a reading GET is information, a writing POST stays a warning', () => {
    const products = path.join(PROJECTS, 'auth-middleware-public-api', 'app/api/stores/[storeId]/products/route.ts');
    const findings = guardOf(new Analyzer(nodeFileSystem()), products);
    assert.deepStrictEqual(findings.map((f) => `${f.handler} ${f.severity}`), ['GET info', 'POST warning']);
    assert.match(findings[0].related.at(-1)!.message, /middleware\.ts declares \/api\/stores\/\[storeId\]\/products public/);
  });
});
