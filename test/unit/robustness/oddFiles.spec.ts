/**
 * Odd files: huge, deeply nested, empty, binary, invalid UTF-8, BOM, CRLF, folders and dangling links
 * named route.ts, unreadable files, FIFOs and devices behind helper imports, malformed package.json
 * and tsconfig.json, re-export cycles. The analyzer returns a report for each, with `skipped` and a
 * reason when it could not analyse the file.
 */
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Analyzer, DEFAULT_MAX_FILE_SIZE, FileReport, memoryFileSystem, nodeFileSystem } from '../../../src/core';
import { CLERK_PACKAGE_JSON, loadResourceFixtures } from '../support/fixtures';
import { reportProblems } from './support/check';
import { generatedRoute, Scratch, UNGUARDED_ROUTE } from './support/tmp';

const PACKAGE_JSON = JSON.stringify({ dependencies: { '@clerk/nextjs': '^7.0.0', next: '^16.0.0' } });

function assertSound(report: FileReport, text?: string, allowDeep = false): void {
  assert.deepStrictEqual(reportProblems(report, text, { allowDeep }), []);
}

/** Only `missing-auth-guard`: the other rules (middleware coverage, Clerk versions) are not what these tests are about. */
function guardFindings(report: FileReport) {
  return report.findings.filter((f) => f.ruleId === 'missing-auth-guard');
}

function guardHandlers(report: FileReport): (string | undefined)[] {
  return guardFindings(report).map((f) => f.handler);
}

function methodsOf(report: FileReport): string[] {
  return guardFindings(report).map((f) => `${f.ruleId} ${f.handler}@${f.range.start.line}:${f.range.start.character}`).sort();
}

describe('odd files', function () {
  this.timeout(60_000);
  let scratch: Scratch;
  before(() => {
    scratch = new Scratch('odd');
    scratch.write('package.json', PACKAGE_JSON);
  });
  after(() => scratch.remove());

  describe('a 5 MB generated route file', function () {
    let file: string;
    let text: string;
    before(() => {
      text = generatedRoute(5 * 1024 * 1024);
      file = scratch.write('app/api/huge/route.ts', text);
    });

    it(`is skipped with the reason under the default limit (${DEFAULT_MAX_FILE_SIZE} characters)`, function () {
      const started = Date.now();
      const report = new Analyzer(nodeFileSystem()).analyze(file);
      assert.match(report.skipped ?? '', new RegExp(`larger than the ${DEFAULT_MAX_FILE_SIZE}-character limit`));
      assert.deepStrictEqual(report.findings, []);
      assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms to skip`);
    });

    it('is analysed with a raised limit, in reasonable time, and its unguarded GET found', function () {
      const started = Date.now();
      const report = new Analyzer(nodeFileSystem(), { maxFileSize: 8 * 1024 * 1024 }).analyze(file);
      const ms = Date.now() - started;
      console.log(`        (${text.length} characters analysed in ${ms} ms)`);
      assertSound(report, text);
      assert.deepStrictEqual(guardHandlers(report), ['GET']);
      assert.ok(ms < 20_000, `took ${ms} ms`);
    });

    it('the unsaved-text path applies the same limit', function () {
      const report = new Analyzer(memoryFileSystem({ '/p/package.json': CLERK_PACKAGE_JSON })).analyze('/p/app/api/huge/route.ts', text);
      assert.match(report.skipped ?? '', /larger than/);
    });
  });

  describe('5,000-deep nesting returns normally (skipped with a reason, or a result)', function () {
    const N = 5000;
    const shapes: Record<string, string> = {
      'parenthesised expression': `export async function GET() { return ${'('.repeat(N)}await db.x()${')'.repeat(N)}; }`,
      'blocks': `export async function GET() { ${'{'.repeat(N)}await db.x();${'}'.repeat(N)} }`,
      'if statements': `export async function GET() { ${'if (a) {'.repeat(N)}await db.x();${'}'.repeat(N)} }`,
      'nested calls': `export async function GET() { return ${'f('.repeat(N)}await db.x()${')'.repeat(N)}; }`,
      'nested arrows': `export const GET = ${'async () => '.repeat(N)}db.x();`,
      'nested wrappers': `export const GET = ${'withAuth('.repeat(N)}async () => db.x()${')'.repeat(N)};`,
      'nested functions': `export async function GET() { ${'function f() {'.repeat(N)}${'}'.repeat(N)} await db.x(); }`,
      'arrays': `export async function GET() { return ${'['.repeat(N)}${']'.repeat(N)}; }`,
      'objects': `export async function GET() { return ${'{ a: '.repeat(N)}1${' }'.repeat(N)}; }`,
      'conditional chain': `export async function GET() { return ${'a ? b : '.repeat(N)}await db.x(); }`,
      'a + b + … (flat in source, deep in the tree)': `export async function GET() { return ${Array(N).fill('a').join(' + ')} + await db.x(); }`,
      'method chain': `export async function GET() { return db${'.x()'.repeat(N)}; }`,
      'template literals': `export async function GET() { return \`${'${`'.repeat(N)}${'`}'.repeat(N)}\`; }`,
      'JSX elements': `export function GET() { return ${'<div>'.repeat(N)}${'</div>'.repeat(N)}; }`,
      'types': `type T = ${'Array<'.repeat(N)}string${'>'.repeat(N)};\nexport async function GET() { await db.x(); }`,
      'unclosed braces': `export async function GET() { ${'{'.repeat(N)}`,
      'unclosed parentheses': `export async function GET() { return ${'('.repeat(N)}`,
    };
    for (const [name, text] of Object.entries(shapes)) {
      it(name, function () {
        const fileName = name === 'JSX elements' ? '/p/app/api/deep/route.tsx' : '/p/app/api/deep/route.ts';
        const report = new Analyzer(memoryFileSystem({ '/p/package.json': CLERK_PACKAGE_JSON })).analyze(fileName, text);
        assertSound(report, text, true);
        if (report.skipped) assert.match(report.skipped, /nested too deeply/);
      });
    }

    it('after a stack overflow, the next file is analysed correctly (no parser or engine state left behind)', function () {
      const analyzer = new Analyzer(memoryFileSystem({ '/p/package.json': CLERK_PACKAGE_JSON }));
      const deep = analyzer.analyze('/p/app/api/deep/route.ts', shapes['blocks']);
      assert.match(deep.skipped ?? '', /nested too deeply/);
      const fixture = loadResourceFixtures().find((f) => f.name === 'forms/all-methods-mixed.ts')!;
      const report = analyzer.analyze(`/p/${fixture.virtualPath}`, fixture.text);
      assert.strictEqual(report.skipped, undefined);
      assert.deepStrictEqual(guardHandlers(report).sort(), ['DELETE', 'PUT']);
    });
  });

  describe('content', function () {
    const analyze = (relative: string, content: string | Buffer) => {
      const file = scratch.write(relative, content);
      return new Analyzer(nodeFileSystem()).analyze(file);
    };

    it('an empty file: no handlers, no findings, not skipped', function () {
      const report = analyze('app/api/empty/route.ts', '');
      assert.deepStrictEqual([report.resources, report.findings, report.skipped], [[], [], undefined]);
      assertSound(new Analyzer(memoryFileSystem({ '/p/package.json': CLERK_PACKAGE_JSON })).analyze('/p/app/route.ts', ''), '');
    });

    it('a file TypeScript\'s own parser fails on is skipped with that reason, not an internal error', function () {
      // `const = @  user await f()`: TypeScript 5.9 asserts (Debug Failure) instead of reporting a syntax error.
      const report = analyze('app/api/broken/route.ts', 'export async function GET() {\n  const = @  user await f();\n}\n');
      assert.match(report.skipped ?? '', /^TypeScript could not parse route\.ts/);
      assert.deepStrictEqual(report.findings, []);
      // A helper the parser fails on skips the route that imports it the same way.
      const helper = 'export async function load() {\n  const = @  user await f();\n}\n';
      const fsm = memoryFileSystem({ '/p/package.json': CLERK_PACKAGE_JSON, '/p/lib/load.ts': helper,
        '/p/app/api/x/route.ts': "import { load } from '../../../lib/load';\nexport async function GET() { return Response.json(await load()); }\n" });
      const viaHelper = new Analyzer(fsm).analyze('/p/app/api/x/route.ts');
      assert.doesNotMatch(viaHelper.skipped ?? '', /internal error/);
    });

    it('only whitespace and comments', function () {
      const report = analyze('app/api/blank/route.ts', '\n\n  // nothing here\n/* still nothing */\n\t\n');
      assert.deepStrictEqual([report.findings, report.skipped], [[], undefined]);
    });

    it('binary content named route.ts (a PNG) is skipped as binary', function () {
      const png = fs.readFileSync(path.resolve(__dirname, '../../../images/icon.png'));
      const report = analyze('app/api/png/route.ts', png);
      assert.strictEqual(report.skipped, 'the file is binary');
    });

    it('random bytes without NUL named route.ts return normally', function () {
      const bytes = Buffer.alloc(64 * 1024);
      let x = 12345;
      for (let i = 0; i < bytes.length; i++) {
        x = (Math.imul(x, 1103515245) + 12345) >>> 0;
        bytes[i] = 1 + ((x >>> 16) % 255);
      }
      const report = analyze('app/api/noise/route.ts', bytes);
      assertSound(report, fs.readFileSync(report.fileName, 'utf8'));
    });

    it('invalid UTF-8 (read as U+FFFD): the handler is still found, at the right place', function () {
      const bad = Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x90, 0x28, 0xbc, 0xff, 0xfe, 0xed, 0xa0, 0x80]);
      const content = Buffer.concat([
        Buffer.from('// caf'),
        bad,
        Buffer.from(`\nimport { prisma } from '@/lib/prisma';\nconst label = "`),
        bad,
        Buffer.from(`";\nexport async function GET() {\n  return Response.json(await prisma.x.findMany({ where: { label } }));\n}\n`),
      ]);
      const report = analyze('app/api/utf8/route.ts', content);
      const text = fs.readFileSync(report.fileName, 'utf8');
      assertSound(report, text);
      assert.deepStrictEqual(guardHandlers(report), ['GET']);
      const f = guardFindings(report)[0];
      assert.strictEqual(text.slice(f.start, f.end), 'GET');
      assert.strictEqual(f.range.start.line, 3);
    });

    it('lone surrogates and unusual line terminators (U+2028, lone CR) in the text', function () {
      const text = `const s = "\ud800\udc00\udfff";\u2028import { prisma } from '@/lib/prisma';\rexport async function GET() {\u2029  return Response.json(await prisma.x.findMany());\r}\n`;
      const report = new Analyzer(memoryFileSystem({ '/p/package.json': CLERK_PACKAGE_JSON })).analyze('/p/app/api/x/route.ts', text);
      assertSound(report, text);
      assert.deepStrictEqual(guardHandlers(report), ['GET']);
    });

    it('a BOM: same findings and positions as without it (on disk and as unsaved text)', function () {
      const plain = analyze('app/api/nobom/route.ts', UNGUARDED_ROUTE);
      const withBom = analyze('app/api/bom/route.ts', '\ufeff' + UNGUARDED_ROUTE);
      assert.deepStrictEqual(methodsOf(withBom), methodsOf(plain));
      assert.strictEqual(methodsOf(plain).length, 1);
      const unsaved = new Analyzer(nodeFileSystem()).analyze(withBom.fileName, '\ufeff' + UNGUARDED_ROUTE);
      assert.deepStrictEqual(methodsOf(unsaved), methodsOf(plain));
    });

    it('CRLF line endings: same findings on the same lines as LF', function () {
      for (const fixture of loadResourceFixtures().filter((f) => f.expect.length > 0).slice(0, 40)) {
        const lf = fixture.text.replace(/\r\n/g, '\n');
        const crlf = lf.replace(/\n/g, '\r\n');
        const analyzer = new Analyzer(memoryFileSystem({ '/p/package.json': PACKAGE_JSON }));
        const a = analyzer.analyze(`/p/${fixture.virtualPath}`, lf);
        const b = analyzer.analyze(`/p/${fixture.virtualPath}`, crlf);
        assertSound(b, crlf);
        assert.deepStrictEqual(methodsOf(b), methodsOf(a), fixture.name);
        const lfFindings = guardFindings(a);
        guardFindings(b).forEach((f, i) => assert.strictEqual(crlf.slice(f.start, f.end), lf.slice(lfFindings[i].start, lfFindings[i].end)));
      }
    });
  });

  describe('paths that are not readable files', function () {
    it('a folder named route.ts is skipped as unreadable', function () {
      const dir = scratch.mkdir('app/api/folder/route.ts');
      const report = new Analyzer(nodeFileSystem()).analyze(dir);
      assert.strictEqual(report.skipped, 'the file could not be read');
    });

    it('a dangling symlink named route.ts is skipped as unreadable (stands in for an unreadable file: tests run as root)', function () {
      const link = scratch.symlink(scratch.path('nowhere/route.ts'), 'app/api/dangling/route.ts');
      const report = new Analyzer(nodeFileSystem()).analyze(link);
      assert.strictEqual(report.skipped, 'the file could not be read');
    });

    it('a symlink loop named route.ts is skipped as unreadable', function () {
      const link = scratch.symlink('route.ts', 'app/api/selfloop/route.ts');
      const report = new Analyzer(nodeFileSystem()).analyze(link);
      assert.strictEqual(report.skipped, 'the file could not be read');
    });

    it('chmod 000: skipped as unreadable, or (as root, who reads it anyway) analysed', function () {
      const file = scratch.write('app/api/secret/route.ts', UNGUARDED_ROUTE);
      fs.chmodSync(file, 0o000);
      const report = new Analyzer(nodeFileSystem()).analyze(file);
      if (process.getuid?.() === 0) {
        assert.strictEqual(report.skipped, undefined, 'root can read a chmod 000 file');
        assert.deepStrictEqual(guardHandlers(report), ['GET']);
      } else {
        assert.strictEqual(report.skipped, 'the file could not be read');
      }
    });

    it('helpers behind imports that are a FIFO, a device, a symlink loop or a folder are not read (no hang)', function () {
      this.timeout(10_000);
      scratch.write('lib/ok.ts', 'export const ok = 1;');
      execFileSync('mkfifo', [scratch.path('lib/fifo.ts')]);
      scratch.symlink('/dev/zero', 'lib/zero.ts');
      scratch.symlink('loop.ts', 'lib/loop.ts');
      scratch.mkdir('lib/folder.ts');
      const route = scratch.write(
        'app/api/helpers/route.ts',
        `import { a } from '../../../lib/fifo';\nimport { b } from '../../../lib/zero';\nimport { c } from '../../../lib/loop';\nimport { d } from '../../../lib/folder';\nimport { ok } from '../../../lib/ok';\n` +
          `export async function GET() { a(); b(); c(); d(); return Response.json(ok); }\n`,
      );
      const report = new Analyzer(nodeFileSystem()).analyze(route);
      assertSound(report, fs.readFileSync(route, 'utf8'));
      assert.deepStrictEqual(guardHandlers(report), ['GET']);
    });
  });

  describe('malformed package.json and tsconfig.json', function () {
    const route = `import { requireUser } from '@/lib/auth';\nimport { prisma } from '@/lib/prisma';\n\nexport async function GET() {\n  await requireUser();\n  return Response.json(await prisma.x.findMany());\n}\n`;
    const helper = `import { auth } from '@clerk/nextjs/server';\nexport async function requireUser() {\n  const { userId } = await auth();\n  if (!userId) throw new Error('Unauthorized');\n  return userId;\n}\n`;
    /** [files, whether `@/lib/auth` must resolve (the route is then guarded)] */
    const variants: Record<string, [Record<string, string>, boolean | undefined]> = {
      'tsconfig with comments and trailing commas (paths must still be picked up)': [
        { 'tsconfig.json': '// Next.js\n{\n  /* compiler */ "compilerOptions": {\n    "baseUrl": ".",\n    "paths": { "@/*": ["./src/*",], },\n  },\n  "include": ["**/*.ts",],\n}\n' },
        true,
      ],
      'jsconfig with comments and trailing commas': [{ 'jsconfig.json': '{ // js\n "compilerOptions": { "paths": { "@/*": ["./src/*"], }, }, }' }, true],
      'tsconfig extending itself': [{ 'tsconfig.json': '{ "extends": "./tsconfig.json", "compilerOptions": { "paths": { "@/*": ["./src/*"] } } }' }, true],
      'tsconfig extends cycle': [{ 'tsconfig.json': '{ "extends": "./b.json", "compilerOptions": { "paths": { "@/*": ["./src/*"] } } }', 'b.json': '{ "extends": "./tsconfig.json" }' }, true],
      'tsconfig extending a missing file or package': [{ 'tsconfig.json': '{ "extends": ["./nope.json", "@tsconfig/nope"], "compilerOptions": { "paths": { "@/*": ["./src/*"] } } }' }, true],
      'tsconfig extending a folder': [{ 'tsconfig.json': '{ "extends": "./src", "compilerOptions": { "paths": { "@/*": ["./src/*"] } } }' }, true],
      'tsconfig paths key with two stars': [{ 'tsconfig.json': '{ "compilerOptions": { "paths": { "@/*/x/*": ["./src/*"], "@/*": ["./src/*"] } } }' }, true],
      'tsconfig paths key full of regex characters': [{ 'tsconfig.json': '{ "compilerOptions": { "paths": { "(a|b)+[c]?\\\\d{2}$^": ["./x"], "@/*": ["./src/*"] } } }' }, true],
      'tsconfig paths of the wrong types': [{ 'tsconfig.json': '{ "compilerOptions": { "paths": { "@/*": "./src/*", "x": null, "y": [1, {}] } } }' }, undefined],
      'tsconfig paths is an array': [{ 'tsconfig.json': '{ "compilerOptions": { "paths": ["./src/*"] } }' }, false],
      'tsconfig compilerOptions is null': [{ 'tsconfig.json': '{ "compilerOptions": null }' }, false],
      'tsconfig truncated': [{ 'tsconfig.json': '{ "compilerOptions": { "paths": { "@/*": ["./src/*"] }' }, undefined],
      'tsconfig is an array / null / a string / a number': [{ 'tsconfig.json': '[{ "compilerOptions": {} }]' }, false],
      'tsconfig is binary': [{ 'tsconfig.json': '\u0000\u0001\u0002\u00ff' }, false],
      'tsconfig is empty': [{ 'tsconfig.json': '' }, false],
      'tsconfig is a folder': [{ 'tsconfig.json/x': '' }, false],
      'package.json truncated': [{ 'package.json': '{ "dependencies": { "@clerk/nextjs": ' }, false],
      'package.json is an array': [{ 'package.json': '[]' }, false],
      'package.json is binary': [{ 'package.json': '\u0000\u00ff' }, false],
      'package.json with dependencies of the wrong types': [{ 'package.json': '{ "dependencies": { "@clerk/nextjs": 5 }, "devDependencies": [], "peerDependencies": null, "optionalDependencies": "x" }' }, false],
      'package.json with a garbage Clerk range': [{ 'package.json': '{ "dependencies": { "@clerk/nextjs": ">>=<< not a range" } }' }, false],
      'package.json with a workspace Clerk range': [{ 'package.json': '{ "dependencies": { "@clerk/nextjs": "workspace:*" } }' }, false],
      'installed @clerk/nextjs package.json malformed': [{ 'node_modules/@clerk/nextjs/package.json': '{ "version": ' }, false],
      'installed @clerk/nextjs version is garbage': [{ 'node_modules/@clerk/nextjs/package.json': '{ "version": { "major": 6 } }' }, false],
    };
    let index = 0;
    for (const [name, [files, resolves]] of Object.entries(variants)) {
      const n = index++;
      it(name, function () {
        const dir = `cfg${n}`;
        scratch.write(`${dir}/package.json`, PACKAGE_JSON);
        scratch.write(`${dir}/src/lib/auth.ts`, helper);
        scratch.write(`${dir}/src/lib/prisma.ts`, 'export const prisma: any = {};\n');
        for (const [relative, content] of Object.entries(files)) scratch.write(`${dir}/${relative}`, content);
        const file = scratch.write(`${dir}/src/app/api/x/route.ts`, route);
        const report = new Analyzer(nodeFileSystem()).analyze(file);
        assertSound(report, route);
        assert.strictEqual(report.skipped, undefined);
        if (resolves === true) assert.deepStrictEqual(guardHandlers(report), [], 'the @/ alias was not followed');
        if (resolves === false) assert.deepStrictEqual(guardHandlers(report), ['GET']);
      });
    }

    it('fuzz-regression fixtures with a companion <name>.tsconfig.json are analysed with it', function () {
      const dir = path.resolve(__dirname, '../../fixtures/resources/fuzz-regressions');
      const companions = fs.readdirSync(dir).filter((f) => f.endsWith('.tsconfig.json'));
      assert.ok(companions.length > 0);
      for (const companion of companions) {
        const routeFile = path.join(dir, companion.replace(/\.tsconfig\.json$/, '.ts'));
        const fixture = loadResourceFixtures().find((f) => f.file === routeFile)!;
        const analyzer = new Analyzer(
          memoryFileSystem({ '/v/package.json': PACKAGE_JSON, '/v/tsconfig.json': fs.readFileSync(path.join(dir, companion), 'utf8') }),
        );
        const report = analyzer.analyze(`/v/${fixture.virtualPath}`, fixture.text);
        assertSound(report, fixture.text);
        assert.deepStrictEqual(
          guardFindings(report).map((f) => `${f.ruleId} ${f.handler}`).sort(),
          fixture.expect.filter((e) => e.ruleId === 'missing-auth-guard').map((e) => `${e.ruleId} ${e.handler}`).sort(),
          companion,
        );
      }
    });
  });

  describe('re-export cycles between project files', function () {
    const cases: Record<string, Record<string, string>> = {
      'export * cycle a → b → a': { 'lib/a.ts': "export * from './b';", 'lib/b.ts': "export * from './a';", 'app/api/x/route.ts': "export * from '../../../lib/a';" },
      'export { GET } cycle a → b → a': { 'lib/a.ts': "export { GET } from './b';", 'lib/b.ts': "export { GET } from './a';", 'app/api/x/route.ts': "export { GET } from '../../../lib/a';" },
      'import through a named re-export cycle': {
        'lib/a.ts': "export { h } from './b';",
        'lib/b.ts': "export { h } from './a';",
        'app/api/x/route.ts': "import { h } from '../../../lib/a';\nexport const GET = h;\nexport async function POST() { await h(); }",
      },
      'a barrel that re-exports itself': { 'lib/index.ts': "export * from './index';\nexport * from '.';", 'app/api/x/route.ts': "import { h } from '../../../lib';\nexport const GET = h;" },
      'default import cycle': { 'lib/a.ts': "import h from './a';\nexport default h;", 'app/api/x/route.ts': "import h from '../../../lib/a';\nexport const GET = h;" },
      'a route importing itself': { 'app/api/x/route.ts': "import { GET as G } from './route';\nexport const GET = G;\nexport * from './route';" },
    };
    for (const [name, files] of Object.entries(cases)) {
      it(name, function () {
        const memory = Object.fromEntries(Object.entries(files).map(([k, v]) => [`/c/${k}`, v]));
        const analyzer = new Analyzer(memoryFileSystem({ '/c/package.json': CLERK_PACKAGE_JSON, ...memory }));
        const report = analyzer.analyze('/c/app/api/x/route.ts');
        assertSound(report, files['app/api/x/route.ts']);
        assert.strictEqual(report.skipped, undefined);
      });
    }
  });
});
