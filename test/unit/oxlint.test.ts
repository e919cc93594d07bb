/**
 * Oxlint loads the ESLint plugin as a `jsPlugins` entry (dist/eslint.js, built by `npm run build`), and
 * reports what the analyzer reports on the pages-and-actions fixture project.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Analyzer, nodeFileSystem, RULES } from '../../src/core';
import { collectCheckedFiles } from '../../src/cli/files';

const REPO = path.resolve(__dirname, '../..');
const OXLINT = path.join(REPO, 'node_modules', '.bin', 'oxlint');

describe('Oxlint with the plugin as a jsPlugins entry', function () {
  this.timeout(60_000);

  it('reports the analyzer findings of a fixture project, rule, line and column', () => {
    const project = fs.mkdtempSync(path.join(os.tmpdir(), 'crg-oxlint-'));
    try {
      fs.cpSync(path.join(REPO, 'test/fixtures/projects/pages-and-actions'), project, { recursive: true });
      const rules = Object.fromEntries(Object.keys(RULES).map((id) => [`clerk-route-guard/${id}`, 'warn']));
      fs.writeFileSync(path.join(project, '.oxlintrc.json'), JSON.stringify({ jsPlugins: [path.join(REPO, 'dist', 'eslint.js')], rules }));
      const files = collectCheckedFiles([project], project);
      const run = spawnSync(OXLINT, ['-c', '.oxlintrc.json', '--format', 'json', ...files.map((f) => path.relative(project, f))], { cwd: project, encoding: 'utf8' });
      assert.ok(run.status === 0 || run.status === 1, run.stderr || run.stdout);
      const diagnostics = (JSON.parse(run.stdout) as { diagnostics: { code: string; filename: string; labels: { span: { line: number; column: number } }[] }[] }).diagnostics;
      const fromOxlint = diagnostics
        .map((d) => `${path.normalize(d.filename)} ${d.code.replace(/^clerk-route-guard\(([^)]+)\)$/, '$1')}@${d.labels[0].span.line}:${d.labels[0].span.column}`)
        .sort();
      const analyzer = new Analyzer(nodeFileSystem());
      const fromCore = files
        .flatMap((f) => analyzer.analyze(f).findings.map((x) => `${path.relative(project, f)} ${x.ruleId}@${x.range.start.line + 1}:${x.range.start.character + 1}`))
        .sort();
      assert.ok(fromCore.length > 0);
      assert.deepEqual(fromOxlint, fromCore);
    } finally {
      fs.rmSync(project, { recursive: true, force: true });
    }
  });
});
