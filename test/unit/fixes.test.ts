/**
 * The quick fixes, case by case: what the edit looks like for the shapes the property tests cover only
 * by their properties (see fixes.fixtures.test.ts and fixes.generated.test.ts for those).
 */
import * as assert from 'node:assert/strict';
import * as ts from 'typescript';
import {
  Analyzer, applyEdits, detectStyle, FixAction, fixAllInFile, HttpMethod, memoryFileSystem, quickFixesFor,
} from '../../src/core';
import type { ClerkApi } from '../../src/core/templates';
import { CLERK_PACKAGE_JSON } from './support/fixtures';

const ROOT = '/virtual/unit';
const FILE = `${ROOT}/app/api/x/route.ts`;

function analyzer(files: Record<string, string> = {}): Analyzer {
  return new Analyzer(memoryFileSystem({ [`${ROOT}/package.json`]: CLERK_PACKAGE_JSON, ...files }));
}

/** The route after fix-all. */
function fixAll(text: string, api: ClerkApi = 'v6', file = FILE): string {
  return applyEdits(text, fixAllInFile(analyzer({ [file]: text }), file, text, api));
}

function actions(text: string, handler: HttpMethod = 'GET', api: ClerkApi = 'v6', extra: Record<string, string> = {}): FixAction[] {
  return quickFixesFor(analyzer({ [FILE]: text, ...extra }), FILE, text, handler, api);
}

function action(text: string, id: FixAction['id'], handler: HttpMethod = 'GET', api: ClerkApi = 'v6'): FixAction {
  const found = actions(text, handler, api).find((a) => a.id === id);
  assert.ok(found, `${id} offered`);
  return found;
}

const lines = (...l: string[]) => l.join('\n') + '\n';

describe('quick fixes: add-guard', () => {
  it('inserts the guard at the top, imports auth, answers with Response when NextResponse is not imported', () => {
    const text = lines("import { db } from '@/lib/db';", '', 'export async function GET() {', '  return Response.json(await db.list());', '}');
    assert.equal(
      fixAll(text),
      lines(
        "import { db } from '@/lib/db';",
        "import { auth } from '@clerk/nextjs/server';",
        '',
        'export async function GET() {',
        '  const { userId } = await auth();',
        '  if (!userId) {',
        "    return new Response('Unauthorized', { status: 401 });",
        '  }',
        '',
        '  return Response.json(await db.list());',
        '}',
      ),
    );
  });

  it('merges auth into an existing Clerk import (single-line and multi-line), never a second import', () => {
    const one = lines("import { currentUser } from '@clerk/nextjs/server';", "import { db } from '@/lib/db';", '', 'export async function GET() {', '  return Response.json(await db.list());', '}');
    assert.match(fixAll(one), /^import \{ currentUser, auth \} from '@clerk\/nextjs\/server';\n/);
    const multi = lines('import {', '  clerkClient,', '  currentUser,', "} from '@clerk/nextjs/server';", "import { db } from '@/lib/db';", '', 'export async function GET() {', '  return Response.json(await db.list());', '}');
    assert.match(fixAll(multi), /^import \{\n {2}clerkClient,\n {2}currentUser,\n {2}auth,\n\} from '@clerk\/nextjs\/server';\n/);
    // A type-only import cannot take a value: a new import is added instead.
    const typeOnly = lines("import type { WebhookEvent } from '@clerk/nextjs/server';", "import { db } from '@/lib/db';", '', 'export async function GET() {', '  return Response.json(await db.list());', '}');
    assert.match(fixAll(typeOnly), /import type \{ WebhookEvent \} from '@clerk\/nextjs\/server';\nimport \{ db \} from '@\/lib\/db';\nimport \{ auth \} from '@clerk\/nextjs\/server';/);
  });

  it('imports from @clerk/nextjs on v4 and @clerk/nextjs/server on v5 and v6; awaits only on v6', () => {
    const text = lines("import { db } from '@/lib/db';", '', 'export function GET() {', '  return Response.json(db.list());', '}');
    assert.match(fixAll(text, 'v4'), /import \{ auth \} from '@clerk\/nextjs';[\s\S]*export function GET\(\) \{\n {2}const \{ userId \} = auth\(\);/);
    assert.match(fixAll(text, 'v5'), /import \{ auth \} from '@clerk\/nextjs\/server';[\s\S]*export function GET\(\) \{\n {2}const \{ userId \} = auth\(\);/);
    assert.match(fixAll(text, 'v6'), /export async function GET\(\) \{\n {2}const \{ userId \} = await auth\(\);/);
  });

  it("writes for the project's Clerk version when no API is given (the analyzer's detection)", () => {
    const text = lines("import { db } from '@/lib/db';", '', 'export async function GET() {', '  return Response.json(await db.list());', '}');
    const fixedFor = (range: string) => {
      const a = new Analyzer(memoryFileSystem({ [`${ROOT}/package.json`]: JSON.stringify({ dependencies: { '@clerk/nextjs': range } }), [FILE]: text }));
      return applyEdits(text, fixAllInFile(a, FILE, text));
    };
    assert.match(fixedFor('^4.29.0'), /import \{ auth \} from '@clerk\/nextjs';[\s\S]*const \{ userId \} = auth\(\);/);
    assert.match(fixedFor('^5.2.0'), /import \{ auth \} from '@clerk\/nextjs\/server';[\s\S]*const \{ userId \} = auth\(\);/);
    assert.match(fixedFor('^7.9.0'), /import \{ auth \} from '@clerk\/nextjs\/server';[\s\S]*const \{ userId \} = await auth\(\);/);
  });

  it("uses Clerk's auth under another name when `auth` is NextAuth's, or reuses an existing alias", () => {
    const nextAuth = lines("import { auth } from '@/auth';", "import { db } from '@/lib/db';", '', 'export async function GET() {', '  const session = await auth();', '  return Response.json(await db.list(session));', '}');
    const fixed = fixAll(nextAuth);
    assert.match(fixed, /import \{ auth as clerkAuth \} from '@clerk\/nextjs\/server';/);
    assert.match(fixed, /const \{ userId \} = await clerkAuth\(\);/);
    const aliased = lines("import { auth as getClerkAuth } from '@clerk/nextjs/server';", "import { db } from '@/lib/db';", '', 'export async function GET() {', '  return Response.json(await db.list());', '}');
    const fixed2 = fixAll(aliased);
    assert.match(fixed2, /const \{ userId \} = await getClerkAuth\(\);/);
    assert.equal((fixed2.match(/^import/gm) ?? []).length, 2, 'no new import');
  });

  it('picks another name when userId is taken in the handler (declared, a parameter, or an outer name it uses)', () => {
    const text = lines("import { db } from '@/lib/db';", "const userId = 'system';", '', 'export async function POST(req: Request) {', '  return Response.json(await db.add(userId, await req.json()));', '}');
    const fixed = fixAll(text);
    assert.match(fixed, /const \{ userId: clerkUserId \} = await auth\(\);\n {2}if \(!clerkUserId\) \{/);
    assert.match(fixed, /db\.add\(userId, /, 'the outer userId is still the one used');
  });

  it('reuses an existing auth() call: destructured, renamed, kept whole, without userId, with a rest element', () => {
    const handler = (decl: string, use: string) =>
      lines("import { auth } from '@clerk/nextjs/server';", "import { db } from '@/lib/db';", '', 'export async function GET() {', `  ${decl}`, `  return Response.json(await db.list(${use}));`, '}');
    assert.match(fixAll(handler('const { userId } = await auth();', 'userId')), /= await auth\(\);\n {2}if \(!userId\) \{/);
    assert.match(fixAll(handler('const { userId: clerkId } = await auth();', 'clerkId')), /= await auth\(\);\n {2}if \(!clerkId\) \{/);
    assert.match(fixAll(handler('const session = await auth();', 'session')), /= await auth\(\);\n {2}if \(!session\.userId\) \{/);
    assert.match(fixAll(handler('const { orgId, has } = await auth();', 'orgId, has')), /const \{ userId, orgId, has \} = await auth\(\);\n {2}if \(!userId\) \{/);
    // A rest element keeps the other properties (`session.userId`), so it is reused like a whole binding.
    assert.match(fixAll(handler('const { ...session } = await auth();', 'session')), /const \{ \.\.\.session \} = await auth\(\);\n {2}if \(!session\.userId\) \{/);
    for (const [decl, use] of [['const { userId } = await auth();', 'userId'], ['const session = await auth();', 'session']]) {
      assert.equal((fixAll(handler(decl, use)).match(/auth\(\)/g) ?? []).length, 1, 'auth() is not called again');
    }
  });

  it('adds the missing await on v6 (and async)', () => {
    const text = lines("import { auth } from '@clerk/nextjs/server';", "import { db } from '@/lib/db';", '', 'export function GET() {', '  const { userId } = auth();', '  return Response.json(db.list(userId));', '}');
    assert.match(fixAll(text), /export async function GET\(\) \{\n {2}const \{ userId \} = await auth\(\);\n {2}if \(!userId\) \{/);
  });

  it('makes a check that only logs return, whether its branch is a block or one statement', () => {
    const withBlock = lines("import { auth } from '@clerk/nextjs/server';", "import { db } from '@/lib/db';", '', 'export async function GET() {', '  const { userId } = await auth();', "  if (!userId) { console.warn('anon'); }", '  return Response.json(await db.list(userId));', '}');
    assert.match(fixAll(withBlock), /if \(!userId\) \{ console\.warn\('anon'\);\n {4}return new Response\('Unauthorized', \{ status: 401 \}\);\n {2}\}/);
    const single = lines("import { auth } from '@clerk/nextjs/server';", "import { db } from '@/lib/db';", '', 'export async function GET() {', '  const { userId } = await auth();', "  if (!userId) console.warn('anon');", '  return Response.json(await db.list(userId));', '}');
    assert.match(fixAll(single), /if \(!userId\) \{\n {4}console\.warn\('anon'\);\n {4}return new Response\('Unauthorized', \{ status: 401 \}\);\n {2}\}\n/);
  });

  it('moves a check that comes after the work (with its auth() call) to the top, leaving the work where it was', () => {
    const text = lines(
      "import { auth } from '@clerk/nextjs/server';",
      "import { db } from '@/lib/db';",
      '',
      'export async function POST(req: Request) {',
      '  const note = await db.save(await req.json());',
      '',
      '  // who is this?',
      '  const { userId } = await auth(); // Clerk',
      '  if (!userId) {',
      "    return new Response('Unauthorized', { status: 401 });",
      '  }',
      '',
      '  return Response.json({ note, userId });',
      '}',
    );
    assert.equal(
      fixAll(text),
      lines(
        "import { auth } from '@clerk/nextjs/server';",
        "import { db } from '@/lib/db';",
        '',
        'export async function POST(req: Request) {',
        '  // who is this?',
        '  const { userId } = await auth(); // Clerk',
        '  if (!userId) {',
        "    return new Response('Unauthorized', { status: 401 });",
        '  }',
        '',
        '  const note = await db.save(await req.json());',
        '',
        '  return Response.json({ note, userId });',
        '}',
      ),
    );
  });

  it('reuses an auth() call inside a try block where it stands', () => {
    const text = lines(
      "import { auth } from '@clerk/nextjs/server';",
      "import { db } from '@/lib/db';",
      '',
      'export async function GET() {',
      '  try {',
      '    const { userId } = await auth();',
      '    return Response.json(await db.list(userId));',
      '  } catch {',
      "    return new Response('error', { status: 500 });",
      '  }',
      '}',
    );
    assert.match(fixAll(text), / {4}const \{ userId \} = await auth\(\);\n {4}if \(!userId\) \{\n {6}return/);
  });

  it('turns an expression body into a block and a one-line body into lines; keeps comments, types and the return type', () => {
    const expr = lines("import { db } from '@/lib/db';", '', 'export const GET = (): Promise<Response> => /* list */ db.list().then((r) => Response.json(r));');
    assert.match(fixAll(expr), /export const GET = async \(\): Promise<Response> => \{\n {2}\/\* list \*\/\n {2}const \{ userId \} = await auth\(\);[\s\S]*\n {2}return db\.list\(\)\.then\(\(r\) => Response\.json\(r\)\);\n\};\n$/);
    const oneLine = lines("import { db } from '@/lib/db';", '', 'export async function GET() { return Response.json(await db.list()); }');
    assert.match(fixAll(oneLine), /export async function GET\(\) \{\n {2}const \{ userId \}[\s\S]*\n {2}\}\n {2}return Response\.json\(await db\.list\(\)\);\n\}\n$/);
    const comment = lines("import { db } from '@/lib/db';", '', 'export async function GET() { // eslint-disable-line', '  return Response.json(await db.list());', '}');
    assert.match(fixAll(comment), /GET\(\) \{ \/\/ eslint-disable-line\n {2}const \{ userId \}/);
    const typed = lines("import { db } from '@/lib/db';", '', 'export function GET(req: Request): Response {', '  void db.log(req.url);', "  return new Response('ok');", '}');
    assert.match(fixAll(typed), /export async function GET\(req: Request\): Promise<Response> \{/);
  });

  it('fixes a function shared by several exports once, and each function of the file with one import', () => {
    const text = lines(
      "import { db } from '@/lib/db';",
      '',
      'async function handler() {',
      '  return Response.json(await db.list());',
      '}',
      '',
      'export { handler as GET, handler as POST };',
      '',
      'export const PUT = handler;',
      '',
      'export async function DELETE() {',
      '  await db.clear();',
      '  return new Response(null, { status: 204 });',
      '}',
    );
    const fixed = fixAll(text);
    assert.equal((fixed.match(/await auth\(\)/g) ?? []).length, 2);
    assert.equal((fixed.match(/from '@clerk\/nextjs\/server'/g) ?? []).length, 1);
    const guard = action(text, 'add-guard', 'POST');
    assert.deepEqual([...guard.alsoFor].sort(), ['GET', 'PUT']);
  });

  it('edits the file the handler lives in when it is re-exported from there', () => {
    const lib = `${ROOT}/lib/handlers.ts`;
    const libText = lines("import { db } from './db';", '', 'export async function archive() {', '  return Response.json(await db.archive());', '}');
    const route = "export { archive as POST } from '../../../lib/handlers';\n";
    const found = actions(route, 'POST', 'v6', { [lib]: libText });
    const guard = found.find((a) => a.id === 'add-guard')!;
    assert.equal(guard.title, 'Add Clerk auth check (401) in lib/handlers.ts');
    assert.deepEqual([...new Set(guard.edits.map((e) => e.fileName))], [lib]);
    assert.match(applyEdits(libText, guard.edits), /export async function archive\(\) \{\n {2}const \{ userId \} = await auth\(\);/);
    // Marking it public still annotates the route's export.
    const mark = found.find((a) => a.id === 'mark-public')!;
    assert.deepEqual(mark.edits.map((e) => e.fileName), [FILE]);
  });

  it('keeps CRLF, tabs, double quotes and no semicolons; a byte-order mark is kept and not counted', () => {
    const text = '\uFEFF' + ['import { db } from "@/lib/db"', '', 'export async function GET() {', '\tconst rows = await db.list()', '\treturn Response.json(rows)', '}', ''].join('\r\n');
    const fixed = fixAll(text);
    assert.ok(fixed.startsWith('\uFEFF'));
    assert.equal(
      fixed,
      '\uFEFF' +
        [
          'import { db } from "@/lib/db"',
          'import { auth } from "@clerk/nextjs/server"',
          '',
          'export async function GET() {',
          '\tconst { userId } = await auth()',
          '\tif (!userId) {',
          '\t\treturn new Response("Unauthorized", { status: 401 })',
          '\t}',
          '',
          '\tconst rows = await db.list()',
          '\treturn Response.json(rows)',
          '}',
          '',
        ].join('\r\n'),
    );
  });

  it('answers with NextResponse.json when the file imports NextResponse', () => {
    const text = lines("import { NextResponse } from 'next/server';", "import { db } from '@/lib/db';", '', 'export async function GET() {', '  return NextResponse.json(await db.list());', '}');
    assert.match(fixAll(text), /return NextResponse\.json\(\{ error: 'Unauthorized' \}, \{ status: 401 \}\);/);
  });

  it('offers nothing for a guarded handler, an unknown one, or a file it cannot analyse', () => {
    const guarded = lines("import { auth } from '@clerk/nextjs/server';", '', 'export async function GET() {', '  await auth.protect();', '  return Response.json({});', '}');
    assert.deepEqual(actions(guarded), []);
    assert.deepEqual(actions(guarded, 'POST'), []);
    assert.deepEqual(fixAllInFile(analyzer(), FILE, '\u0000binary'), []);
  });

  it('offers no guard for a plain function that uses `await` as a name: made async, it would not parse', () => {
    const text = lines("import { db } from '@/lib/db';", '', 'export function POST() {', '  const await = db;', '  await.lead.create({ data: {} });', '  return Response.json({});', '}');
    assert.ok(new Analyzer(memoryFileSystem({ [`${ROOT}/package.json`]: CLERK_PACKAGE_JSON, [FILE]: text })).analyze(FILE).findings.some((f) => f.handler === 'POST'));
    assert.deepEqual(actions(text, 'POST').filter((a) => a.id !== 'mark-public'), []);
  });
});

describe('quick fixes: protect and mark-public', () => {
  const text = lines("import { db } from '@/lib/db';", '', '/** Lists. */', 'export async function GET() {', '  return Response.json(await db.list());', '}');

  it('protect: await auth.protect() on v6, auth().protect() on v5, not offered on v4', () => {
    assert.match(applyEdits(text, action(text, 'protect', 'GET', 'v6').edits), /GET\(\) \{\n {2}await auth\.protect\(\);\n\n/);
    assert.match(applyEdits(text, action(text, 'protect', 'GET', 'v5').edits), /GET\(\) \{\n {2}auth\(\)\.protect\(\);\n\n/);
    assert.equal(action(text, 'protect', 'GET', 'v6').title, 'Protect with `await auth.protect()` (signed-out callers get a 404)');
    assert.deepEqual(actions(text, 'GET', 'v4').map((a) => a.id), ['add-guard', 'mark-public']);
  });

  it('mark-public: a comment line above the export (below its JSDoc), with the placeholder reason selected', () => {
    const mark = action(text, 'mark-public');
    const fixed = applyEdits(text, mark.edits);
    assert.match(fixed, /\/\*\* Lists\. \*\/\n\/\/ clerk-route-guard public: why signed-out callers may use this handler\nexport async function GET/);
    assert.equal(fixed.slice(mark.selection!.start, mark.selection!.end), 'why signed-out callers may use this handler');
    assert.equal(analyzer().analyze(FILE, fixed).resources[0].status, 'public');
  });

  it('mark-public on an export list names every handler it marks', () => {
    const list = lines("import { db } from '@/lib/db';", '', 'async function h() {', '  return Response.json(await db.list());', '}', '', 'export { h as GET, h as HEAD };');
    const mark = action(list, 'mark-public');
    assert.deepEqual(mark.alsoFor, ['HEAD']);
    assert.equal(mark.title, 'Mark GET, HEAD as public (add a clerk-route-guard public comment with the reason)');
  });

  it('every offered edit set is sorted and non-overlapping, and the preferred one is add-guard', () => {
    for (const a of actions(text)) {
      for (let i = 1; i < a.edits.length; i++) assert.ok(a.edits[i].start > a.edits[i - 1].end);
      assert.equal(a.isPreferred, a.id === 'add-guard');
    }
  });
});

describe('quick fixes: style detection', () => {
  const style = (text: string, fileName = 'x.ts') => detectStyle(ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false));

  it('reads indentation, quotes, semicolons, trailing commas and line endings from the code', () => {
    assert.deepEqual(style('const a = {\n    b: "c",\n    d: [\n        1,\n    ],\n};\nfunction f() {\n    return 1;\n}\n'), {
      quote: '"', semicolons: true, indent: '    ', trailingCommas: true, eol: '\n', typescript: true,
    });
    assert.deepEqual(style("const a = {\r\n\tb: 'c'\r\n}\r\nfunction f() {\r\n\treturn 1\r\n}\r\n", 'x.js'), {
      quote: "'", semicolons: false, indent: '\t', trailingCommas: false, eol: '\r\n', typescript: false,
    });
  });

  it('is not fooled by template literals and comments, and falls back to the editor when the file shows nothing', () => {
    assert.equal(style('const s = `\n        deep\n`;\nfunction f() {\n   return 1;\n}\n').indent, '   ');
    assert.equal(style('export const x = 1;\n', 'x.ts').indent, '  ');
    assert.equal(detectStyle(ts.createSourceFile('x.ts', 'export const x = 1;\n', ts.ScriptTarget.Latest), { indent: '\t' }).indent, '\t');
  });
});
