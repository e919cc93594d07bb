/**
 * `clerk-route-guard migrate` and `map` through the built CLI (dist/cli.js, built here): `--dry-run`
 * prints the table and a unified diff and writes nothing; without it the files are written (a byte-order
 * mark kept, no temporary file left), the exit code is 0 when nothing was refused and 1 when something
 * was, and a second run writes nothing. `map --format json|html` describe the same resources.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { listFiles } from './support/fixtures';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const APPS = path.join(ROOT, 'test', 'fixtures', 'migration-apps');
const BOM = '\uFEFF';

function run(cwd: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs `body` on a fresh copy of a fixture app, removed afterwards. */
function withAppCopy(app: string, body: (dir: string) => void): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `crg-migrate-cli-${app}-`));
  try {
    fs.cpSync(path.join(APPS, app), dir, { recursive: true });
    body(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function snapshot(dir: string): Map<string, string> {
  return new Map(listFiles(dir, () => true).map((f) => [path.relative(dir, f), fs.readFileSync(f, 'utf8')]));
}

describe('CLI: migrate and map', function () {
  this.timeout(60_000);
  before(() => execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'pipe' }));

  it('--dry-run prints the table and a unified diff, and writes nothing', () => {
    withAppCopy('protected-list', (dir) => {
      const before = snapshot(dir);
      const r = run(dir, 'migrate', '--dry-run', '.');
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /src\/proxy\.ts: 4 checks to move, 0 refused, middleware reduced to clerkMiddleware\(\)/);
      assert.match(r.stdout, /page \/admin\s+await auth\.protect\(\{ role: 'org:admin' \}\)/);
      assert.match(r.stdout, /^\+\+\+ b\/src\/app\/admin\/page\.tsx$/m);
      assert.match(r.stdout, /^-export default clerkMiddleware\(async \(auth, req\) => \{$/m);
      assert.deepEqual(snapshot(dir), before);
    });
  });

  it('writes the plan (keeping a byte-order mark, leaving no temporary file); a second run writes nothing', () => {
    withAppCopy('protected-list', (dir) => {
      const page = path.join(dir, 'src/app/admin/page.tsx');
      fs.writeFileSync(page, BOM + fs.readFileSync(page, 'utf8'));
      const first = run(dir, 'migrate', '.');
      assert.equal(first.status, 0, first.stdout + first.stderr);
      const written = fs.readFileSync(page, 'utf8');
      assert.ok(written.startsWith(BOM), 'the byte-order mark is kept');
      assert.match(written, /await auth\.protect\(\{ role: 'org:admin' \}\);/);
      assert.match(fs.readFileSync(path.join(dir, 'src/proxy.ts'), 'utf8'), /export default clerkMiddleware\(\);/);
      assert.deepEqual(listFiles(dir, (f) => /\.crg-.*\.tmp$/.test(f)), []);
      const after = snapshot(dir);
      const second = run(dir, 'migrate', '.');
      assert.equal(second.status, 0, second.stdout);
      assert.match(second.stdout, /0 checks to move, 0 refused/);
      assert.deepEqual(snapshot(dir), after);
    });
  });

  it('exits 1 while anything is refused (a client component page keeps the middleware)', () => {
    withAppCopy('client-page', (dir) => {
      const r = run(dir, 'migrate', '.');
      assert.equal(r.status, 1, r.stdout);
      assert.match(r.stdout, /refused: app\/billing\/page\.tsx default: a client component page/);
      assert.match(fs.readFileSync(path.join(dir, 'proxy.ts'), 'utf8'), /createRouteMatcher/);
    });
  });

  it('map: JSON lists each resource with its state; HTML is one page with no script and no network', () => {
    const json = run(APPS, 'map', '--format', 'json', 'protected-list');
    assert.equal(json.status, 0, json.stderr);
    const entries = JSON.parse(json.stdout) as { url: string; kind: string; state: string; middleware: { matchers: string[] } | null }[];
    assert.deepEqual(entries.map((e) => `${e.url} ${e.kind} ${e.state}`), [
      '/ page no-work', '/admin page middleware-only', '/api/private/notes route middleware-only',
      '/dashboard layout middleware-only', '/dashboard page middleware-only', '/dashboard/projects/[id] page own-check',
    ]);
    assert.deepEqual(entries[1].middleware?.matchers, ['isAdminRoute']);
    const html = run(APPS, 'map', '--format', 'html', 'protected-list');
    assert.equal(html.status, 0, html.stderr);
    assert.match(html.stdout, /^<!doctype html>/);
    assert.match(html.stdout, /6 resources: 4 middleware only · 1 own check · 1 no protected work/);
    assert.doesNotMatch(html.stdout, /<script|https?:\/\//);
  });

  it('bad usage is one line and exit 2', () => {
    const r = run(APPS, 'map', '--format', 'sarif', '.');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^clerk-route-guard: unknown format "sarif" for map \(expected text, json, html\)\n$/);
    assert.equal(run(APPS, 'check', '--dry-run', '.').status, 2);
  });
});
