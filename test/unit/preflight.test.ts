/**
 * `npm test` checks its system preconditions first (test/vscode/preflight.mjs): with the Chromium path
 * pointed at nothing and a PATH without a compiler, it prints one line naming the Debian packages and
 * the command that installs them, and exits 1 before any other work.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const PREFLIGHT = path.resolve(__dirname, '../vscode/preflight.mjs');

describe('npm test preflight', () => {
  it('names the missing Debian packages and the install command in one line', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'crg-preflight-'));
    try {
      const run = spawnSync(process.execPath, [PREFLIGHT], {
        // No compiler, make or python3 on PATH; no provisioned code-server; no browser.
        env: { PATH: empty, CRG_CHROMIUM: path.join(empty, 'chromium'), CRG_VSCODE_HOST: path.join(empty, 'host') },
        encoding: 'utf8',
      });
      assert.equal(run.status, 1);
      assert.equal(run.stdout, '');
      const lines = run.stderr.trim().split('\n');
      assert.equal(lines.length, 1, run.stderr);
      assert.match(lines[0], /^npm test needs these Debian packages: chromium build-essential python3( libkrb5-dev)?; install them with: sudo apt-get install -y chromium build-essential python3( libkrb5-dev)?$/);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  it('passes quietly when everything is there (this machine runs the VS Code tests)', function () {
    if (!fs.existsSync(process.env.CRG_CHROMIUM ?? '/usr/bin/chromium')) this.skip();
    const run = spawnSync(process.execPath, [PREFLIGHT], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stderr, '');
  });
});
