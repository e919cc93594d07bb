/**
 * Information findings (a reading route the project declares public, a handler delegated to an
 * unreadable library) are printed with their level, but never counted: not toward the exit code, not
 * toward --max-warnings; SARIF calls them notes.
 */
import * as assert from 'assert';
import { buildBundles, runCli } from './robustness/support/cli';
import { Scratch, UNGUARDED_ROUTE } from './robustness/support/tmp';
import { CLERK_PACKAGE_JSON } from './support/fixtures';

const PUBLISHED_CATALOG = `import { db } from '@/lib/db';
export async function GET() {
  return Response.json(await db.post.findMany({ where: { published: true } }));
}
`;

describe('CLI: information findings', function () {
  this.timeout(60_000);
  let scratch: Scratch;
  before(function () {
    buildBundles();
    scratch = new Scratch('levels');
    scratch.write('info/package.json', CLERK_PACKAGE_JSON);
    scratch.write('info/app/api/posts/route.ts', PUBLISHED_CATALOG);
    scratch.write('mixed/package.json', CLERK_PACKAGE_JSON);
    scratch.write('mixed/app/api/posts/route.ts', PUBLISHED_CATALOG);
    scratch.write('mixed/app/api/notes/route.ts', UNGUARDED_ROUTE);
  });
  after(() => scratch.remove());

  it('JSON keeps ESLint severity 1 and adds level "information"; the run exits 0', function () {
    const run = runCli(['check', 'info', '--format', 'json'], { cwd: scratch.root });
    assert.strictEqual(run.status, 0, run.stderr);
    const [file] = JSON.parse(run.stdout) as Array<{ messages: Array<{ severity: number; level: string; handler: string }>; warningCount: number }>;
    assert.deepStrictEqual(file.messages.map((m) => [m.handler, m.severity, m.level]), [['GET', 1, 'information']]);
    assert.strictEqual(file.warningCount, 0);
  });

  it('stylish shows it as info and says it is not counted', function () {
    const run = runCli(['check', 'info'], { cwd: scratch.root });
    assert.strictEqual(run.status, 0);
    assert.match(run.stdout, /info\s+GET .*selects published records/);
    assert.match(run.stdout, /1 information finding, not counted as problems/);
    assert.doesNotMatch(run.stdout, /✖/);
  });

  it('--max-warnings counts only the warning beside it; SARIF reports the information as a note', function () {
    assert.strictEqual(runCli(['check', 'mixed', '--max-warnings', '1'], { cwd: scratch.root }).status, 0);
    assert.strictEqual(runCli(['check', 'mixed', '--max-warnings', '0'], { cwd: scratch.root }).status, 1);
    const sarif = JSON.parse(runCli(['check', 'mixed', '--format', 'sarif'], { cwd: scratch.root }).stdout);
    const levels = (sarif.runs[0].results as Array<{ level: string }>).map((r) => r.level).sort();
    assert.deepStrictEqual(levels, ['note', 'warning']);
  });
});
