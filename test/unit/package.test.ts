/**
 * The npm package is lean and works as installed: `npm pack` (which builds the minified bundles), then
 * `npm install <tgz>` into an empty folder with no network, then the CLI and the ESLint entry are used
 * from there. Only bundles, snippets, rule docs and the manifest ship (no tests, sources or maps), and
 * nothing is installed beside the package itself.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RULES } from '../../src/core';

const REPO = path.resolve(__dirname, '../..');
const MAX_INSTALLED_BYTES = 5 * 1024 * 1024;

function sizeOf(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? sizeOf(full) : fs.statSync(full).size;
  }
  return total;
}

describe('npm package', function () {
  this.timeout(180_000);
  let tmp: string;
  let installed: string;
  let files: string[];

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'crg-pack-'));
    const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', tmp], { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
    files = packed[0].files.map((f: { path: string }) => f.path);
    const app = path.join(tmp, 'app');
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, 'package.json'), '{ "name": "empty", "private": true }\n');
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', path.join(tmp, packed[0].filename)], { cwd: app, stdio: 'ignore' });
    installed = path.join(app, 'node_modules');
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('ships only the bundles, snippets, rule docs, action and manifest', () => {
    const unexpected = files.filter((f) => !/^(dist\/(extension|protectionMapTree|analyzer|cli|eslint)\.js|snippets\/.*|docs\/rules\/.*\.md|images\/icon\.png|package\.json|README\.md|CHANGELOG\.md|LICENSE(\.md)?|action\.yml)$/.test(f));
    assert.deepEqual(unexpected, []);
    assert.ok(files.length <= 25, `${files.length} files`);
  });

  it(`installs nothing but itself, within ${MAX_INSTALLED_BYTES / 1024 / 1024} MB`, () => {
    assert.deepEqual(fs.readdirSync(installed).filter((n) => !n.startsWith('.')), ['clerk-route-guard']);
    const size = sizeOf(path.join(installed, 'clerk-route-guard'));
    console.log(`      (installed size ${(size / 1024 / 1024).toFixed(2)} MB, ${files.length} files)`);
    assert.ok(size <= MAX_INSTALLED_BYTES, `${size} bytes`);
  });

  it('npx clerk-route-guard check reports a fixture app from the installed package', () => {
    const fixture = path.join(REPO, 'test/fixtures/projects/pages-and-actions');
    const run = spawnSync(path.join(installed, '.bin', 'clerk-route-guard'), ['check', fixture, '--format', 'json'], { encoding: 'utf8' });
    assert.equal(run.status, 1, run.stderr);
    const rules = (JSON.parse(run.stdout) as { messages: { ruleId: string }[] }[]).flatMap((r) => r.messages.map((m) => m.ruleId));
    assert.deepEqual(rules, ['missing-auth-guard', 'missing-auth-guard']);
  });

  it("the ESLint plugin loads as 'clerk-route-guard/eslint'", () => {
    const script = "const p = require('clerk-route-guard/eslint'); console.log(Object.keys(p.rules).length, p.configs.recommended.name)";
    const out = execFileSync(process.execPath, ['-e', script], { cwd: path.dirname(installed), encoding: 'utf8' });
    assert.equal(out.trim(), `${Object.keys(RULES).length} clerk-route-guard/recommended`);
  });
});
