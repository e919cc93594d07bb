/**
 * The GitHub Action (action.yml, composite): its shell steps run here as GitHub would run them, with
 * the inputs substituted and `npx clerk-route-guard@<version>` pointed at this checkout's dist/cli.js.
 * It writes SARIF, fails the job on findings by default, and reports only when told not to fail.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';

const REPO = path.resolve(__dirname, '../..');
const CLI = path.join(REPO, 'dist', 'cli.js');

interface Step {
  name: string;
  run?: string;
  uses?: string;
  if?: string;
  env?: Record<string, string>;
}
interface Action {
  inputs: Record<string, { default: string }>;
  runs: { using: string; steps: Step[] };
}

const action = parse(fs.readFileSync(path.join(REPO, 'action.yml'), 'utf8')) as Action;

/** `${{ inputs.x }}` and `${{ github.workspace }}` as GitHub substitutes them. */
function substitute(text: string, inputs: Record<string, string>, workspace: string): string {
  return text.replace(/\$\{\{\s*(inputs\.([\w-]+)|github\.workspace)\s*\}\}/g, (_, __, name?: string) => (name ? inputs[name] : workspace));
}

/** Runs the action's shell steps in `workspace`; returns each step's exit code (the job stops at the first failure). */
function runAction(workspace: string, given: Record<string, string>): { codes: number[]; output: string } {
  const inputs = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, given[k] ?? v.default]));
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'crg-npx-'));
  // `npx --yes clerk-route-guard@<version> check …` → this checkout's CLI.
  fs.writeFileSync(path.join(bin, 'npx'), `#!/usr/bin/env bash\n[ "$1" = --yes ] && shift\nshift\nexec node ${JSON.stringify(CLI)} "$@"\n`, { mode: 0o755 });
  const codes: number[] = [];
  let output = '';
  for (const step of action.runs.steps) {
    if (!step.run) continue;
    const env: Record<string, string> = { ...process.env, PATH: `${bin}:${process.env.PATH}` } as Record<string, string>;
    for (const [k, v] of Object.entries(step.env ?? {})) env[k] = substitute(v, inputs, workspace);
    const result = spawnSync('bash', ['-e', '-c', substitute(step.run, inputs, workspace)], { cwd: workspace, env, encoding: 'utf8' });
    codes.push(result.status ?? -1);
    output += result.stdout + result.stderr;
    if (result.status !== 0) break;
  }
  fs.rmSync(bin, { recursive: true, force: true });
  return { codes, output };
}

describe('GitHub Action (action.yml)', function () {
  this.timeout(60_000);
  let workspace: string;

  before(() => {
    assert.ok(fs.existsSync(CLI), 'dist/cli.js is missing: run `npm run build` first');
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'crg-action-'));
    fs.cpSync(path.join(REPO, 'test/fixtures/projects/pages-and-actions'), workspace, { recursive: true });
  });
  after(() => fs.rmSync(workspace, { recursive: true, force: true }));

  it('is a composite action whose inputs all have defaults, uploading SARIF with the official action', () => {
    assert.equal(action.runs.using, 'composite');
    for (const [name, input] of Object.entries(action.inputs)) assert.equal(typeof input.default, 'string', name);
    assert.ok(action.runs.steps.some((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@')));
  });

  it('writes SARIF and fails the job on findings by default', () => {
    const { codes, output } = runAction(workspace, {});
    assert.deepEqual(codes, [0, 1], output);
    const sarif = JSON.parse(fs.readFileSync(path.join(workspace, 'clerk-route-guard.sarif'), 'utf8'));
    assert.ok(sarif.runs[0].results.some((r: { ruleId: string }) => r.ruleId === 'missing-auth-guard'));
    assert.match(output, /missing-auth-guard/);
  });

  it('reports without failing when fail-on-findings is false, and honours max-warnings and public-route', () => {
    assert.deepEqual(runAction(workspace, { 'fail-on-findings': 'false' }).codes, [0, 0]);
    assert.deepEqual(runAction(workspace, { 'max-warnings': '5' }).codes, [0, 0]);
    // Both flagged files declared public: nothing left to fail on.
    assert.deepEqual(runAction(workspace, { 'public-route': 'app/dashboard/page.tsx actions/**' }).codes, [0, 0]);
  });
});
