/**
 * The quick fixes on odd text (CRLF, BOM, invalid UTF-8) and `check --fix` writing to disk: only the
 * files it was asked to fix, never through a symbolic link or out of the project, atomically, keeping
 * the mode, and never over a file that changed on disk after it was read. Skipped while the core has no
 * fixes or the CLI no --fix.
 */
import * as assert from 'assert';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Analyzer, memoryFileSystem } from '../../../src/core';
import { loadResourceFixtures } from '../support/fixtures';
import { buildBundles, REPO, runCli } from './support/cli';
import { fixApi, fixerProblems, syntaxErrorCount } from './support/fixer';
import { Scratch, UNGUARDED_ROUTE } from './support/tmp';

const PACKAGE_JSON = JSON.stringify({ dependencies: { '@clerk/nextjs': '^6.0.0', next: '^15.0.0' } });

function snapshot(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isSymbolicLink()) out.set(full, `link -> ${fs.readlinkSync(full)}`);
      else if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        const st = fs.statSync(full);
        out.set(full, `${(st.mode & 0o7777).toString(8)} ${crypto.createHash('sha1').update(fs.readFileSync(full)).digest('hex')}`);
      } else out.set(full, 'special');
    }
  };
  walk(root);
  return out;
}

function changedFiles(before: Map<string, string>, after: Map<string, string>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((k) => before.get(k) !== after.get(k)).sort();
}

describe('quick fixes on odd text', function () {
  this.timeout(120_000);
  before(function () {
    if (!fixApi()) this.skip();
  });

  const flaggedFixtures = () => loadResourceFixtures().filter((f) => f.expect.some((e) => e.ruleId === 'missing-auth-guard'));

  it('CRLF files: every fix keeps CRLF line endings and parses', function () {
    const problems: string[] = [];
    for (const fixture of flaggedFixtures()) {
      const crlf = fixture.text.replace(/\r\n/g, '\n').replace(/\n/g, '\r\n');
      const analyzer = new Analyzer(memoryFileSystem({ '/p/package.json': PACKAGE_JSON }));
      const file = `/p/${fixture.virtualPath}`;
      const report = analyzer.analyze(file, crlf);
      problems.push(...fixerProblems(analyzer, file, crlf, report).map((p) => `${fixture.name}: ${p}`));
    }
    assert.deepStrictEqual(problems, []);
  });

  it('a BOM: fix offsets are relative to the text without it, and the result parses', function () {
    const api = fixApi()!;
    const problems: string[] = [];
    for (const fixture of flaggedFixtures().slice(0, 60)) {
      const analyzer = new Analyzer(memoryFileSystem({ '/p/package.json': PACKAGE_JSON }));
      const file = `/p/${fixture.virtualPath}`;
      const withBom = '\ufeff' + fixture.text;
      const edits = api.fixAllInFile(analyzer, file, withBom);
      const plain = api.fixAllInFile(analyzer, file, fixture.text);
      assert.deepStrictEqual(edits, plain, fixture.name);
      const report = analyzer.analyze(file, withBom);
      problems.push(...fixerProblems(analyzer, file, withBom, report).map((p) => `${fixture.name}: ${p}`));
    }
    assert.deepStrictEqual(problems, []);
  });

  it('text with U+FFFD (decoded invalid UTF-8), lone surrogates and U+2028: fixes apply and parse', function () {
    const api = fixApi()!;
    const text = `// caf\ufffd\ufffd \ud800\nimport { prisma } from '@/lib/prisma';\u2028const label = "\ufffd\udfff";\n\nexport async function GET() {\n  return Response.json(await prisma.x.findMany({ where: { label } }));\n}\n`;
    const analyzer = new Analyzer(memoryFileSystem({ '/p/package.json': PACKAGE_JSON }));
    const edits = api.fixAllInFile(analyzer, '/p/app/api/x/route.ts', text);
    assert.ok(edits.length > 0);
    const fixed = api.applyEdits(text, edits);
    assert.strictEqual(syntaxErrorCount('/p/app/api/x/route.ts', fixed), 0);
    assert.ok(fixed.includes('\ud800') && fixed.includes('\u2028'), 'text around the edits was changed');
  });
});

describe('check --fix: writes', function () {
  this.timeout(120_000);
  let scratch: Scratch;
  let outside: Scratch;
  before(function () {
    if (!fixApi() || !fs.existsSync(path.join(REPO, 'src/cli/fix.ts'))) this.skip();
    buildBundles();
    if (!runCli(['--help']).stdout.includes('--fix')) this.skip();
    scratch = new Scratch('fix');
    outside = new Scratch('fix-outside');
  });
  after(() => {
    scratch?.remove();
    outside?.remove();
  });

  function project(name: string): string {
    scratch.write(`${name}/package.json`, PACKAGE_JSON);
    return scratch.path(name);
  }

  it('writes only the flagged route files it was asked to fix, and keeps their mode', function () {
    const root = project('only');
    const a = scratch.write('only/app/api/a/route.ts', UNGUARDED_ROUTE);
    scratch.write('only/app/api/b/route.ts', UNGUARDED_ROUTE);
    scratch.write('only/lib/prisma.ts', 'export const prisma: any = {};\n');
    fs.chmodSync(a, 0o640);
    const before = snapshot(root);
    const run = runCli(['check', '--fix', 'app/api/a'], { cwd: root });
    assert.notStrictEqual(run.status, 2, run.stderr);
    const after = snapshot(root);
    assert.deepStrictEqual(changedFiles(before, after), [a]);
    assert.strictEqual(fs.statSync(a).mode & 0o7777, 0o640);
    const fixed = fs.readFileSync(a, 'utf8');
    assert.match(fixed, /await auth\(\)/);
    assert.strictEqual(syntaxErrorCount(a, fixed), 0);
    assert.deepStrictEqual(fs.readdirSync(path.dirname(a)), ['route.ts'], 'a temporary file was left behind');
  });

  it('replaces the file by rename (atomic): a hard link to the old file keeps the old content', function () {
    const root = project('atomic');
    const file = scratch.write('atomic/app/api/x/route.ts', UNGUARDED_ROUTE);
    const keep = scratch.path('atomic-old-copy.ts');
    fs.linkSync(file, keep);
    const inode = fs.statSync(file).ino;
    runCli(['check', '--fix', '.'], { cwd: root });
    assert.notStrictEqual(fs.statSync(file).ino, inode, 'written in place, not replaced');
    assert.strictEqual(fs.readFileSync(keep, 'utf8'), UNGUARDED_ROUTE);
    assert.match(fs.readFileSync(file, 'utf8'), /await auth\(\)/);
  });

  it('keeps CRLF line endings and a BOM', function () {
    const root = project('crlf');
    const crlf = '\ufeff' + UNGUARDED_ROUTE.replace(/\n/g, '\r\n');
    const file = scratch.write('crlf/app/api/x/route.ts', crlf);
    runCli(['check', '--fix', '.'], { cwd: root });
    const fixed = fs.readFileSync(file, 'utf8');
    assert.notStrictEqual(fixed, crlf, 'not fixed');
    assert.ok(fixed.startsWith('\ufeff'), 'BOM lost');
    assert.doesNotMatch(fixed, /(^|[^\r])\n/, 'LF line endings written into a CRLF file');
  });

  it('does not follow a symlinked route file out of the tree (given explicitly)', function () {
    const root = project('link-file');
    const target = outside.write('victim/route.ts', UNGUARDED_ROUTE);
    scratch.symlink(target, 'link-file/app/api/x/route.ts');
    const before = snapshot(outside.root);
    const run = runCli(['check', '--fix', 'app/api/x/route.ts'], { cwd: root });
    assert.deepStrictEqual(changedFiles(before, snapshot(outside.root)), [], run.stderr);
    assert.match(run.stderr, /symbolic link/);
  });

  it('does not write through a symlinked folder on the way to the route', function () {
    const root = project('link-dir');
    outside.write('proj/package.json', PACKAGE_JSON);
    outside.write('proj/app/api/x/route.ts', UNGUARDED_ROUTE);
    scratch.symlink(outside.path('proj'), 'link-dir/linked');
    const before = snapshot(outside.root);
    const run = runCli(['check', '--fix', 'linked/app/api/x/route.ts'], { cwd: root });
    assert.notStrictEqual(run.status, 2, run.stderr);
    assert.deepStrictEqual(changedFiles(before, snapshot(outside.root)), []);
  });

  it('does not write a helper outside the project that the handler is re-exported from', function () {
    const root = project('reexport');
    outside.write('shared/handlers.ts', "import { prisma } from './prisma';\nexport async function GET() {\n  return Response.json(await prisma.x.findMany());\n}\n");
    outside.write('shared/prisma.ts', 'export const prisma: any = {};\n');
    const rel = path.relative(scratch.path('reexport/app/api/x'), outside.path('shared/handlers')).split(path.sep).join('/');
    scratch.write('reexport/app/api/x/route.ts', `export { GET } from '${rel}';\n`);
    const before = snapshot(outside.root);
    const beforeInside = snapshot(root);
    runCli(['check', '--fix', '.'], { cwd: root });
    assert.deepStrictEqual(changedFiles(before, snapshot(outside.root)), []);
    assert.deepStrictEqual(changedFiles(beforeInside, snapshot(root)), []);
  });

  it('a file changed on disk between read and write is not overwritten (the change is injected just before the write)', function () {
    const root = project('race');
    const file = scratch.write('race/app/api/x/route.ts', UNGUARDED_ROUTE);
    const concurrent = UNGUARDED_ROUTE + '// edited by someone else meanwhile\n';
    const hook = scratch.write(
      'race-hook.cjs',
      `const fs = require('fs');
const open = fs.openSync;
let done = false;
fs.openSync = function (p, flags, ...rest) {
  // The first file created for writing: someone edits the route just then.
  if (!done && typeof flags === 'string' && /[wa]/.test(flags)) {
    done = true;
    fs.writeFileSync(${JSON.stringify(file)}, ${JSON.stringify(concurrent)});
  }
  return open.call(this, p, flags, ...rest);
};
`,
    );
    const run = runCli(['check', '--fix', '.'], { cwd: root, nodeArgs: ['--require', hook] });
    assert.strictEqual(fs.readFileSync(file, 'utf8'), concurrent, `overwritten:\n${run.stderr}`);
    assert.match(run.stderr, /changed on disk/);
    assert.deepStrictEqual(fs.readdirSync(path.dirname(file)), ['route.ts'], 'a temporary file was left behind');
  });

  it('the write function: replaces atomically, keeps the mode, refuses when the file no longer holds what was read', function () {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { writeFileAtomically } = require('../../../src/cli/fix') as { writeFileAtomically(file: string, content: string, expected: string): string };
    const file = scratch.write('write-fn/route.ts', 'old\n');
    fs.chmodSync(file, 0o751);
    assert.strictEqual(writeFileAtomically(file, 'new\n', 'old\n'), 'written');
    assert.strictEqual(fs.readFileSync(file, 'utf8'), 'new\n');
    assert.strictEqual(fs.statSync(file).mode & 0o7777, 0o751);
    assert.strictEqual(writeFileAtomically(file, 'newer\n', 'old\n'), 'changed');
    assert.strictEqual(fs.readFileSync(file, 'utf8'), 'new\n');
    assert.deepStrictEqual(fs.readdirSync(path.dirname(file)), ['route.ts']);
  });

  it('invalid UTF-8 in a route: --fix does not replace the undecodable bytes with U+FFFD', function () {
    const root = project('latin1');
    const bytes = Buffer.concat([Buffer.from('// caf'), Buffer.from([0xe9]), Buffer.from(' (Latin-1)\n'), Buffer.from(UNGUARDED_ROUTE)]);
    const file = scratch.write('latin1/app/api/x/route.ts', bytes);
    const run = runCli(['check', '--fix', '.'], { cwd: root });
    assert.strictEqual(run.status, 1, run.stderr);
    const after = fs.readFileSync(file);
    if (after.equals(bytes)) assert.match(run.stderr, /app\/api\/x\/route\.ts/, 'neither fixed nor said why');
    else assert.ok(after.includes(Buffer.from([0xe9])), `the byte 0xE9 was lost: ${JSON.stringify(after.toString('latin1').slice(0, 30))}`);
  });

  it('usage: --fix with a value is a usage error', function () {
    const run = runCli(['check', '--fix=yes', '.'], { cwd: scratch.root });
    assert.strictEqual(run.status, 2);
    assert.strictEqual(run.stderr.split('\n').filter(Boolean).length, 1, run.stderr);
  });
});
