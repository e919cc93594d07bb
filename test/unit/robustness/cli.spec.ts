/**
 * The CLI with bad input and odd trees: one clear line on stderr and exit code 2 for usage errors (no
 * stack trace), the file named for an internal error, skipped files shown, and a walk that neither
 * follows symbolic links out of the tree nor loops.
 */
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { buildBundles, CliRun, inParallel, runCli, runCliAsync } from './support/cli';
import { generatedRoute, Scratch, UNGUARDED_ROUTE } from './support/tmp';
import { CLERK_PACKAGE_JSON } from '../support/fixtures';

const STACK_LINE = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m;

function assertUsageError(args: readonly string[], run: CliRun, expected: RegExp): void {
  const what = `clerk-route-guard ${args.join(' ')}`;
  assert.strictEqual(run.status, 2, `${what}: exit ${run.status}\n${run.stderr}`);
  assert.strictEqual(run.stdout, '', `${what}: wrote to stdout`);
  const lines = run.stderr.split('\n').filter(Boolean);
  assert.strictEqual(lines.length, 1, `${what}: expected one line on stderr, got:\n${run.stderr}`);
  assert.match(lines[0], /^clerk-route-guard: /);
  assert.match(lines[0], expected);
  assert.doesNotMatch(run.stderr, STACK_LINE, `${what}: stack trace on stderr`);
}

describe('CLI: bad input and odd trees', function () {
  this.timeout(60_000);
  let scratch: Scratch;
  let outside: Scratch;
  before(function () {
    buildBundles();
    scratch = new Scratch('cli');
    outside = new Scratch('outside');
    scratch.write('package.json', '{ "dependencies": { "@clerk/nextjs": "^7.0.0" } }');
    scratch.write('app/api/inside/route.ts', UNGUARDED_ROUTE);
  });
  after(() => {
    scratch.remove();
    outside.remove();
  });

  describe('usage errors: one line on stderr, exit code 2, no stack trace', function () {
    const cases: Array<[string[], RegExp]> = [
      [['check', '--bogus'], /--bogus/],
      [['check', '--no-such-flag=1', '.'], /--no-such-flag/],
      [['check', '-x'], /-x/],
      [['check', '--format', 'xml'], /unknown format "xml"/],
      [['check', '--format=checkstyle', '.'], /unknown format "checkstyle"/],
      [['check', '--format'], /format/],
      [['check', 'does/not/exist'], /no such file or folder: does\/not\/exist/],
      [['check', '.', 'missing-too'], /no such file or folder: missing-too/],
      [['check', '--max-warnings', 'abc'], /--max-warnings takes a whole number, got "abc"/],
      [['check', '--max-warnings', '1.5'], /--max-warnings/],
      [['check', '--max-warnings', '-1'], /max-warnings/],
      [['check', '--max-warnings'], /max-warnings/],
      [['check', '--max-file-size', 'big'], /--max-file-size/],
      [['check', '--public-route'], /public-route/],
      [['frobnicate'], /unknown command "frobnicate"/],
    ];
    // The CLI loads TypeScript (~0.3 s of CPU) before it parses its arguments: run the cases side by side.
    const runs: CliRun[] = [];
    before(async function () {
      runs.push(...(await inParallel(cases.map(([args]) => () => runCliAsync(args, { cwd: scratch.root })))));
    });
    cases.forEach(([args, expected], i) => {
      it(args.join(' '), function () {
        assertUsageError(args, runs[i], expected);
      });
    });
  });

  it('a dangling symlink given as a path: exit 2, one line', function () {
    scratch.symlink(scratch.path('nowhere'), 'dangling-arg');
    const args = ['check', 'dangling-arg'];
    assertUsageError(args, runCli(args, { cwd: scratch.root }), /no such file or folder: dangling-arg/);
  });

  it('a FIFO given as a path: exit 2, one line (and no hang)', function () {
    execFileSync('mkfifo', [scratch.path('pipe-arg')]);
    const args = ['check', 'pipe-arg'];
    assertUsageError(args, runCli(args, { cwd: scratch.root }), /not a file or folder: pipe-arg/);
  });

  it('an internal error while analysing names the file on stderr (fault injected with a --require hook)', function () {
    const dir = new Scratch('fault');
    try {
      dir.write('package.json', CLERK_PACKAGE_JSON);
      dir.write('app/api/fine/route.ts', UNGUARDED_ROUTE);
      const boom = dir.write('app/api/boom/route.ts', UNGUARDED_ROUTE);
      // Make reading this one file hand the analyzer a value that throws when used: an internal error.
      const hook = dir.write(
        'inject-fault.cjs',
        `const fs = require('fs');
const read = fs.readFileSync;
fs.readFileSync = function (file, ...rest) {
  if (String(file).endsWith('/boom/route.ts')) return { charCodeAt: () => 0, includes: () => false, get length() { throw new Error('injected fault'); } };
  return read.call(this, file, ...rest);
};
`,
      );
      const run = runCli(['check', '.'], { cwd: dir.root, nodeArgs: ['--require', hook] });
      assert.match(run.stderr, new RegExp(`clerk-route-guard: ${boom.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: internal error: injected fault`));
      assert.doesNotMatch(run.stderr, STACK_LINE);
      // The other file is still checked, and the broken one is listed as skipped.
      assert.match(run.stdout, /app\/api\/fine\/route\.ts\n\s+\d+:\d+\s+warning/);
      assert.match(run.stdout, /app\/api\/boom\/route\.ts\n\s+skipped\s+internal error: injected fault/);
      // A file that could not be checked fails the run, as in ESLint.
      assert.strictEqual(run.status, 2);
    } finally {
      dir.remove();
    }
  });

  describe('files over the size limit are skipped with a note, not silently', function () {
    it('stylish shows "skipped" and the reason (--max-file-size 1000)', function () {
      scratch.write('big/package.json', CLERK_PACKAGE_JSON);
      scratch.write('big/app/api/big/route.ts', generatedRoute(5000));
      const run = runCli(['check', 'big', '--max-file-size', '1000'], { cwd: scratch.root });
      assert.match(run.stdout, /big\/app\/api\/big\/route\.ts\n\s+skipped\s+the file is larger than the 1000-character limit/);
      assert.strictEqual(run.status, 0, run.stderr);
    });

    it('a 5 MB route under the default limit: stylish and JSON both say skipped', function () {
      scratch.write('huge/package.json', CLERK_PACKAGE_JSON);
      scratch.write('huge/app/api/huge/route.ts', generatedRoute(5 * 1024 * 1024));
      const stylish = runCli(['check', 'huge'], { cwd: scratch.root });
      assert.match(stylish.stdout, /huge\/app\/api\/huge\/route\.ts\n\s+skipped\s+the file is larger than the 2000000-character limit/);
      const json = JSON.parse(runCli(['check', 'huge', '--format', 'json'], { cwd: scratch.root }).stdout);
      assert.match(json[0].skipped, /larger than/);
    });
  });

  describe('walking a tree with links, loops and odd entries', function () {
    let tree: string;
    before(function () {
      tree = scratch.mkdir('tree');
      scratch.write('tree/package.json', CLERK_PACKAGE_JSON);
      scratch.write('tree/app/api/a/route.ts', UNGUARDED_ROUTE);
      scratch.write('tree/app/api/b/route.js', 'export async function GET() { return Response.json(await db.x.findMany()); }\n');
      outside.write('app/api/escaped/route.ts', UNGUARDED_ROUTE);
      outside.write('route.ts', UNGUARDED_ROUTE);
      scratch.symlink('..', 'tree/app/api/loop'); // a loop back up
      scratch.symlink(scratch.path('tree'), 'tree/app/api/self'); // an absolute loop to the root
      scratch.symlink(outside.root, 'tree/app/outside-dir'); // a folder outside the tree
      scratch.symlink(outside.path('route.ts'), 'tree/app/api/c/route.ts'); // a route file outside the tree
      scratch.symlink(scratch.path('tree/nowhere'), 'tree/app/api/d/route.ts'); // dangling
      scratch.symlink('route.ts', 'tree/app/api/e/route.ts'); // loops on itself
      scratch.mkdir('tree/app/api/folder/route.ts/app'); // a folder named route.ts
      scratch.write('tree/app/api/folder/route.ts/app/x.txt', 'not a route');
      scratch.mkdir('tree/app/api/fifo-route');
      execFileSync('mkfifo', [scratch.path('tree/app/api/fifo-route/route.ts')]); // would block a read
      scratch.write('tree/node_modules/pkg/app/route.ts', UNGUARDED_ROUTE); // ignored folder
      scratch.write('tree/app/api/png/route.ts', fs.readFileSync(path.resolve(__dirname, '../../../images/icon.png')));
    });

    it('finishes, reports only the regular files inside the tree, and follows no link', function () {
      const run = runCli(['check', 'tree', '--format', 'json'], { cwd: scratch.root, timeout: 30_000 });
      assert.strictEqual(run.signal, null, 'timed out');
      const files = (JSON.parse(run.stdout) as Array<{ filePath: string; skipped?: string }>).map((r) => path.relative(tree, r.filePath)).sort();
      assert.deepStrictEqual(files, ['app/api/a/route.ts', 'app/api/b/route.js', 'app/api/png/route.ts']);
      assert.strictEqual(run.status, 1, run.stderr);
      assert.strictEqual(run.stderr, '');
    });

    it('stylish output of the same tree shows the binary file as skipped', function () {
      const run = runCli(['check', 'tree'], { cwd: scratch.root });
      assert.match(run.stdout, /tree\/app\/api\/png\/route\.ts\n\s+skipped\s+the file is binary/);
      assert.doesNotMatch(run.stdout, /escaped|outside/);
    });

    it('a folder named route.ts given as a path is walked, not read', function () {
      const run = runCli(['check', 'tree/app/api/folder/route.ts', '--format', 'json'], { cwd: scratch.root });
      assert.strictEqual(run.status, 0, run.stderr);
      assert.deepStrictEqual(JSON.parse(run.stdout), []);
    });
  });
});
