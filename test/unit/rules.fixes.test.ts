/**
 * The migration rules' quick fixes: on every single-file fixture, each fix removes its finding, leaves
 * text that parses, and fixing until nothing is left is idempotent. Plus exact rewrites for each form.
 */
import * as assert from 'assert';
import * as path from 'path';
import ts = require('typescript');
import { Analyzer, memoryFileSystem } from '../../src/core';
import { applyFixEdits, FixableFinding } from '../../src/core/rules';
import { loadResourceFixtures } from './support/fixtures';

const FIXABLE = new Set(['auth-not-awaited', 'clerk-client-not-called', 'legacy-import', 'relative-redirect', 'deprecated-middleware']);
const ROOT = '/virtual/project';

function analyzerFor(clerk: string | undefined, fileName: string, text: string): Analyzer {
  const pkg = JSON.stringify({ dependencies: { '@clerk/nextjs': clerk ?? '^7.0.0', next: '^16.0.0' } });
  return new Analyzer(memoryFileSystem({ [`${ROOT}/package.json`]: pkg, [fileName]: text }));
}

function ruleFindings(analyzer: Analyzer, fileName: string, text: string): FixableFinding[] {
  const report = analyzer.analyze(fileName, text);
  assert.strictEqual(report.skipped, undefined, `skipped: ${report.skipped}`);
  return report.findings.filter((f) => FIXABLE.has(f.ruleId));
}

function syntaxErrors(fileName: string, text: string): string[] {
  const out = ts.transpileModule(text, { fileName, reportDiagnostics: true, compilerOptions: { jsx: ts.JsxEmit.Preserve, allowJs: true } });
  return (out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

/** Applies the first available fix until none is left; returns the final text and how many were applied. */
function fixAll(analyzer: Analyzer, fileName: string, text: string): { text: string; applied: number } {
  let current = text;
  let applied = 0;
  for (let i = 0; i < 20; i++) {
    const fix = ruleFindings(analyzer, fileName, current).find((f) => f.fix)?.fix;
    if (!fix) return { text: current, applied };
    current = applyFixEdits(current, fix.edits);
    applied++;
  }
  throw new Error('fixes did not converge');
}

/** `// severity: <rule> <severity>` header lines of a fixture. */
function severities(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/^\/\/ severity: (\S+) (\S+)$/gm)) out.set(m[1], m[2]);
  return out;
}

describe('rules: quick fixes on the fixture corpus', () => {
  const fixtures = loadResourceFixtures();
  let fixed = 0;

  for (const fixture of fixtures) {
    const fileName = path.posix.join(ROOT, fixture.virtualPath);
    const analyzer = analyzerFor(fixture.clerkVersion, fileName, fixture.text);
    const findings = ruleFindings(analyzer, fileName, fixture.text);
    if (findings.length === 0) continue;
    it(`${fixture.name}: every fix removes its finding and parses`, () => {
      for (const [rule, severity] of severities(fixture.text)) {
        const of = findings.filter((f) => f.ruleId === rule);
        assert.ok(of.length > 0, `no ${rule} finding`);
        for (const f of of) assert.strictEqual(f.severity, severity, `${rule} severity`);
      }
      for (const finding of findings) {
        if (!finding.fix) continue;
        fixed++;
        const after = applyFixEdits(fixture.text, finding.fix.edits);
        assert.deepStrictEqual(syntaxErrors(fileName, after), [], `${finding.fix.title} left a syntax error:\n${after}`);
        const remaining = ruleFindings(analyzer, fileName, after).filter((f) => f.ruleId === finding.ruleId);
        const before = findings.filter((f) => f.ruleId === finding.ruleId);
        assert.ok(remaining.length < before.length, `${finding.fix.title} did not remove the ${finding.ruleId} finding:\n${after}`);
      }
      const once = fixAll(analyzer, fileName, fixture.text);
      assert.deepStrictEqual(syntaxErrors(fileName, once.text), []);
      const left = ruleFindings(analyzer, fileName, once.text).filter((f) => f.fix);
      assert.deepStrictEqual(left, [], 'fixable findings left after fixing all');
      const twice = fixAll(analyzer, fileName, once.text);
      assert.strictEqual(twice.applied, 0);
      assert.strictEqual(twice.text, once.text);
    });
  }

  it('had fixes to check', () => {
    assert.ok(fixed >= 25, `only ${fixed} fixes checked`);
  });
});

/** The text after applying the fix of the only finding of `rule` (asserting there is exactly one). */
function fixOnce(source: string, rule: string, options: { clerk?: string; file?: string } = {}): string {
  const fileName = path.posix.join(ROOT, options.file ?? 'app/api/x/route.ts');
  const analyzer = analyzerFor(options.clerk ?? '6.9.0', fileName, source);
  const found = ruleFindings(analyzer, fileName, source).filter((f) => f.ruleId === rule);
  assert.strictEqual(found.length, 1, `expected one ${rule} finding, got ${found.length}`);
  assert.ok(found[0].fix, 'no fix');
  return applyFixEdits(source, found[0].fix!.edits);
}

function findingsOf(source: string, options: { clerk?: string; file?: string } = {}): FixableFinding[] {
  const fileName = path.posix.join(ROOT, options.file ?? 'app/api/x/route.ts');
  return ruleFindings(analyzerFor(options.clerk ?? '6.9.0', fileName, source), fileName, source);
}

const lines = (...l: string[]) => l.join('\n') + '\n';

describe('rules: auth-not-awaited rewrites', () => {
  const imp = "import { auth } from '@clerk/nextjs/server';";

  it('destructuring: adds await', () => {
    assert.strictEqual(
      fixOnce(lines(imp, 'export async function GET() {', '  const { userId } = auth();', '  return Response.json({ userId });', '}'), 'auth-not-awaited'),
      lines(imp, 'export async function GET() {', '  const { userId } = await auth();', '  return Response.json({ userId });', '}'),
    );
  });

  it('property access: parenthesizes', () => {
    assert.strictEqual(
      fixOnce(lines(imp, 'export async function GET() {', '  if (!auth().userId) return new Response(null, { status: 401 });', '}'), 'auth-not-awaited'),
      lines(imp, 'export async function GET() {', '  if (!(await auth()).userId) return new Response(null, { status: 401 });', '}'),
    );
  });

  it('auth().protect() becomes await auth.protect(), keeping arguments and the binding', () => {
    assert.strictEqual(
      fixOnce(lines(imp, 'export async function GET() {', "  const { userId } = auth().protect({ role: 'org:admin' });", '  return Response.json({ userId });', '}'), 'auth-not-awaited'),
      lines(imp, 'export async function GET() {', "  const { userId } = await auth.protect({ role: 'org:admin' });", '  return Response.json({ userId });', '}'),
    );
    assert.strictEqual(
      fixOnce(lines(imp, 'export async function GET() {', '  await auth().protect();', '}'), 'auth-not-awaited'),
      lines(imp, 'export async function GET() {', '  await auth.protect();', '}'),
    );
    assert.strictEqual(
      fixOnce(lines(imp, 'export async function GET() {', '  const id = auth().protect().userId;', '}'), 'auth-not-awaited'),
      lines(imp, 'export async function GET() {', '  const id = (await auth.protect()).userId;', '}'),
    );
  });

  it('makes a sync function async, wrapping a declared return type in Promise', () => {
    assert.strictEqual(
      fixOnce(lines(imp, 'export function userIdOrNull(): string | null {', '  return auth().userId;', '}'), 'auth-not-awaited'),
      lines(imp, 'export async function userIdOrNull(): Promise<string | null> {', '  return (await auth()).userId;', '}'),
    );
    assert.strictEqual(
      fixOnce(lines(imp, 'export const GET = () => {', '  const { userId } = auth();', '  return Response.json({ userId });', '};'), 'auth-not-awaited'),
      lines(imp, 'export const GET = async () => {', '  const { userId } = await auth();', '  return Response.json({ userId });', '};'),
    );
    assert.strictEqual(
      fixOnce(lines(imp, 'class Repo {', '  owner() {', '    return auth().userId;', '  }', '}'), 'auth-not-awaited'),
      lines(imp, 'class Repo {', '  async owner() {', '    return (await auth()).userId;', '  }', '}'),
    );
  });

  it('await auth → await auth(), on any version', () => {
    const src = lines(imp, 'export async function GET() {', '  const { userId } = await auth;', '}');
    assert.strictEqual(fixOnce(src, 'auth-not-awaited', { clerk: '5.7.5' }), lines(imp, 'export async function GET() {', '  const { userId } = await auth();', '}'));
  });

  it('auth.protect() statement without await', () => {
    assert.strictEqual(
      fixOnce(lines(imp, 'export async function GET() {', '  auth.protect();', '}'), 'auth-not-awaited'),
      lines(imp, 'export async function GET() {', '  await auth.protect();', '}'),
    );
  });

  it('reports but does not rewrite inside an array callback (async would change what map returns)', () => {
    const found = findingsOf(lines(imp, 'export async function GET() {', '  return Response.json([1].map(() => auth().userId));', '}'));
    assert.strictEqual(found.length, 1);
    assert.strictEqual(found[0].fix, undefined);
  });

  it('not on v4/v5, not when awaited, passed on, or chained', () => {
    const sync = lines(imp, 'export async function GET() {', '  const { userId } = auth();', '  return Response.json({ userId });', '}');
    assert.deepStrictEqual(findingsOf(sync, { clerk: '5.7.5' }), []);
    assert.deepStrictEqual(findingsOf(sync.replace('/server', ''), { clerk: '4.29.0' }), []);
    const fine = lines(
      imp,
      'const pending = auth();',
      'export async function GET() {',
      '  const a = await auth();',
      '  const b = await pending;',
      '  const all = await Promise.all([auth()]);',
      '  const org = await auth().then((x) => x.orgId);',
      '  return Response.json({ a, b, all, org });',
      '}',
    );
    assert.deepStrictEqual(findingsOf(fine), []);
  });

  it('a local named auth is not Clerk', () => {
    const src = lines(imp, 'export async function GET() {', '  const auth = () => ({ userId: 1 });', '  return Response.json({ id: auth().userId });', '}');
    assert.deepStrictEqual(findingsOf(src), []);
  });

  it('namespace imports and require() count', () => {
    assert.strictEqual(findingsOf(lines("import * as clerk from '@clerk/nextjs/server';", 'export async function GET() {', '  return Response.json(clerk.auth().userId);', '}')).length, 1);
    assert.strictEqual(findingsOf(lines("const { auth } = require('@clerk/nextjs/server');", 'exports.GET = async function () {', '  return Response.json(auth().userId);', '};'), { file: 'app/api/x/route.js' }).length, 1);
  });
});

describe('rules: clerk-client-not-called rewrites', () => {
  const imp = "import { clerkClient } from '@clerk/nextjs/server';";
  const object = lines(imp, 'export async function GET() {', "  const user = await clerkClient.users.getUser('u');", '  return Response.json(user);', '}');

  it('v6: (await clerkClient()).users', () => {
    assert.strictEqual(fixOnce(object, 'clerk-client-not-called'), object.replace('clerkClient.users', '(await clerkClient()).users'));
  });

  it('5.2+: clerkClient().users, a warning', () => {
    assert.strictEqual(fixOnce(object, 'clerk-client-not-called', { clerk: '5.2.0' }), object.replace('clerkClient.users', 'clerkClient().users'));
    assert.strictEqual(findingsOf(object, { clerk: '5.2.0' })[0].severity, 'warning');
    assert.deepStrictEqual(findingsOf(object, { clerk: '5.1.9' }), []);
    assert.deepStrictEqual(findingsOf(object.replace('/server', ''), { clerk: '4.29.0' }), []);
  });

  it('keeps a renamed import', () => {
    const src = object.replace('{ clerkClient }', '{ clerkClient as backend }').replace('clerkClient.users', 'backend.users');
    assert.strictEqual(fixOnce(src, 'clerk-client-not-called'), src.replace('backend.users', '(await backend()).users'));
  });

  it('v6: clerkClient() without await', () => {
    const src = lines(imp, 'export async function GET() {', '  const client = clerkClient();', "  return Response.json(await client.users.getUser('u'));", '}');
    assert.strictEqual(fixOnce(src, 'clerk-client-not-called'), src.replace('= clerkClient()', '= await clerkClient()'));
  });

  it('bind/call/apply on the function are not the object form', () => {
    assert.deepStrictEqual(findingsOf(lines(imp, 'export const make = clerkClient.bind(null);')), []);
  });
});

describe('rules: legacy-import rewrites', () => {
  it('moves server helpers to /server, keeping client names in the root import', () => {
    const src = lines("import { ClerkProvider, auth, type User } from '@clerk/nextjs';", 'export const x = [ClerkProvider, auth];');
    assert.strictEqual(
      fixOnce(src, 'legacy-import', { file: 'app/providers.ts' }),
      lines("import { ClerkProvider, type User } from '@clerk/nextjs';", "import { auth } from '@clerk/nextjs/server';", 'export const x = [ClerkProvider, auth];'),
    );
  });

  it('replaces the import when nothing is left, keeping aliases, quotes and semicolons', () => {
    const src = lines('import { auth as clerkAuth, currentUser } from "@clerk/nextjs"', 'export const x = [clerkAuth, currentUser]');
    assert.strictEqual(
      fixOnce(src, 'legacy-import', { file: 'app/x.ts' }),
      lines('import { auth as clerkAuth, currentUser } from "@clerk/nextjs/server"', 'export const x = [clerkAuth, currentUser]'),
    );
  });

  it('merges into an existing /server import and skips names it already has', () => {
    const src = lines("import { auth } from '@clerk/nextjs/server';", "import { auth as _a, currentUser } from '@clerk/nextjs';", 'export const x = [auth, _a, currentUser];');
    assert.strictEqual(
      fixOnce(src, 'legacy-import', { file: 'app/x.ts' }),
      lines("import { auth, auth as _a, currentUser } from '@clerk/nextjs/server';", 'export const x = [auth, _a, currentUser];'),
    );
  });

  it('keeps a default import', () => {
    const src = lines("import Clerk, { auth } from '@clerk/nextjs';", 'export const x = [Clerk, auth];');
    assert.strictEqual(
      fixOnce(src, 'legacy-import', { file: 'app/x.ts' }),
      lines("import Clerk from '@clerk/nextjs';", "import { auth } from '@clerk/nextjs/server';", 'export const x = [Clerk, auth];'),
    );
  });

  it('client-only imports and type-only imports are left alone', () => {
    assert.deepStrictEqual(findingsOf(lines("import { ClerkProvider, SignIn, useUser } from '@clerk/nextjs';", 'export const x = [ClerkProvider, SignIn, useUser];'), { file: 'app/x.ts' }), []);
    assert.deepStrictEqual(findingsOf(lines("import type { auth } from '@clerk/nextjs';"), { file: 'app/x.ts' }), []);
  });
});

describe('rules: relative-redirect rewrites', () => {
  const imp = "import { NextResponse } from 'next/server';";

  it('adds the request parameter when the handler has none (typed in .ts, untyped in .js)', () => {
    const src = lines(imp, 'export async function GET() {', "  return NextResponse.redirect('/sign-in');", '}');
    assert.strictEqual(
      fixOnce(src, 'relative-redirect'),
      lines(imp, 'export async function GET(req: Request) {', "  return NextResponse.redirect(new URL('/sign-in', req.url));", '}'),
    );
    assert.strictEqual(
      fixOnce(src, 'relative-redirect', { file: 'app/api/x/route.js' }),
      lines(imp, 'export async function GET(req) {', "  return NextResponse.redirect(new URL('/sign-in', req.url));", '}'),
    );
  });

  it('uses the existing request parameter, whatever its name', () => {
    const src = lines(imp, 'export const POST = async (_request: Request) => NextResponse.redirect(`/done?x=${1}`, 303);');
    assert.strictEqual(fixOnce(src, 'relative-redirect'), lines(imp, 'export const POST = async (_request: Request) => NextResponse.redirect(new URL(`/done?x=${1}`, _request.url), 303);'));
  });

  it('in middleware: the clerkMiddleware callback’s second parameter, added when missing', () => {
    const src = lines(
      "import { clerkMiddleware } from '@clerk/nextjs/server';",
      imp,
      'export default clerkMiddleware(async (auth) => {',
      '  const { userId } = await auth();',
      "  if (!userId) return NextResponse.redirect('/sign-in');",
      '});',
    );
    assert.strictEqual(fixOnce(src, 'relative-redirect', { file: 'middleware.ts' }), src.replace('async (auth)', 'async (auth, req)').replace("redirect('/sign-in')", "redirect(new URL('/sign-in', req.url))"));
  });

  it('absolute URLs and URL objects are fine; a local Response is not the global one', () => {
    assert.deepStrictEqual(findingsOf(lines(imp, 'export async function GET(req: Request) {', "  if (req) return NextResponse.redirect('https://example.com/a');", '  return NextResponse.redirect(new URL("/a", req.url));', '}')), []);
    assert.deepStrictEqual(findingsOf(lines('const Response = { redirect: (x: string) => x };', "export const GET = () => Response.redirect('/a');")), []);
  });
});

describe('rules: deprecated-middleware rewrite', () => {
  it('v6: clerkMiddleware protecting everything but the public routes and the sign-in pages', () => {
    const src = lines(
      "import { authMiddleware } from '@clerk/nextjs/server';",
      '',
      '// Public pages need no session.',
      "export default authMiddleware({ publicRoutes: ['/', '/api/webhooks(.*)'], debug: true });",
      '',
      "export const config = { matcher: ['/((?!.+\\\\.[\\\\w]+$|_next).*)', '/', '/(api|trpc)(.*)'] };",
    );
    assert.strictEqual(
      fixOnce(src, 'deprecated-middleware', { file: 'middleware.ts' }),
      lines(
        "import { clerkMiddleware, createRouteMatcher } from '@clerk/nextjs/server';",
        '',
        "const isPublicRoute = createRouteMatcher(['/', '/api/webhooks(.*)', '/sign-in(.*)', '/sign-up(.*)']);",
        '',
        '// Public pages need no session.',
        'export default clerkMiddleware(async (auth, req) => {',
        '  if (!isPublicRoute(req)) {',
        '    await auth.protect();',
        '  }',
        '}, { debug: true });',
        '',
        "export const config = { matcher: ['/((?!.+\\\\.[\\\\w]+$|_next).*)', '/', '/(api|trpc)(.*)'] };",
      ),
    );
  });

  it('v5: auth().protect() in a sync callback, imports moved from the root to /server', () => {
    const src = lines("import { authMiddleware } from '@clerk/nextjs';", 'export default authMiddleware();');
    const found = findingsOf(src, { clerk: '5.7.5', file: 'middleware.ts' });
    assert.deepStrictEqual(found.map((f) => `${f.ruleId} ${f.severity}`).sort(), ['deprecated-middleware warning', 'legacy-import error']);
    assert.strictEqual(
      fixOnce(src, 'deprecated-middleware', { clerk: '5.7.5', file: 'middleware.ts' }),
      lines(
        "import { clerkMiddleware, createRouteMatcher } from '@clerk/nextjs/server';",
        "const isPublicRoute = createRouteMatcher(['/sign-in(.*)', '/sign-up(.*)']);",
        '',
        'export default clerkMiddleware((auth, req) => {',
        '  if (!isPublicRoute(req)) {',
        '    auth().protect();',
        '  }',
        '});',
      ),
    );
  });

  it('afterAuth, ignoredRoutes and computed options get a finding but no fix', () => {
    for (const options of ['{ afterAuth() {} }', "{ ignoredRoutes: ['/x'] }", '{ publicRoutes: routes }']) {
      const found = findingsOf(lines("import { authMiddleware } from '@clerk/nextjs/server';", 'const routes = ["/"];', `export default authMiddleware(${options});`), { file: 'middleware.ts' });
      assert.strictEqual(found.length, 1, options);
      assert.strictEqual(found[0].fix, undefined, options);
    }
  });

  it('only in middleware and proxy files', () => {
    assert.deepStrictEqual(findingsOf(lines("import { authMiddleware } from '@clerk/nextjs/server';", 'export const m = authMiddleware();'), { file: 'lib/clerk.ts' }), []);
    assert.strictEqual(findingsOf(lines("import { authMiddleware } from '@clerk/nextjs/server';", 'export default authMiddleware();'), { file: 'src/proxy.ts' }).length, 1);
  });
});
