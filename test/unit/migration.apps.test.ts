/**
 * The protection map and the migration off createRouteMatcher on small apps, one per middleware style
 * (test/fixtures/migration-apps/<app>, expectations written by hand in expected.json; public-list has a
 * `basePath`, which the map's URLs carry while the matchers see the path without it): the map equals
 * the expectation; after the migration every formerly middleware-only resource checks itself, every
 * changed file parses, the middleware is reduced only when that is safe, and a second run changes nothing;
 * the originals and the migrated apps type-check together against @clerk/nextjs 7 and next 16.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Analyzer, buildProtectionMap, planMigration, nodeFileSystem } from '../../src/core';
import { syntaxErrors } from '../../src/core/fixes';
import { collectCheckedFiles } from '../../src/cli/files';
import { FIXTURES, listFiles } from './support/fixtures';
import { assertClean, typecheckProject } from './support/typecheck';

const APPS = path.join(FIXTURES, 'migration-apps');
const EXPECTED = JSON.parse(fs.readFileSync(path.join(APPS, 'expected.json'), 'utf8')) as Record<
  string,
  { map: string[]; refused: number; middlewareReduced: boolean; stillMiddlewareOnly: string[] }
>;

function mapOf(dir: string): string[] {
  const files = collectCheckedFiles([dir], dir);
  return buildProtectionMap(new Analyzer(nodeFileSystem()), files).map((r) => `${r.url} ${r.kind} ${r.name} ${r.state}`);
}

function middlewareOf(dir: string): string {
  return collectCheckedFiles([dir], dir).find((f) => /[\\/](middleware|proxy)\.ts$/.test(f))!;
}

function copyApp(app: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `crg-migrate-${app}-`));
  fs.cpSync(path.join(APPS, app), dir, { recursive: true });
  return dir;
}

describe('protection map and migration: fixture apps', () => {
  /** Each app's migrated copy, for the type-check at the end. */
  const migrated = new Map<string, string>();
  it('has an expectation for every app', () => {
    const apps = fs.readdirSync(APPS).filter((f) => fs.statSync(path.join(APPS, f)).isDirectory()).sort();
    assert.deepEqual(apps, Object.keys(EXPECTED).sort());
  });

  for (const [app, expected] of Object.entries(EXPECTED)) {
    describe(app, () => {
      it('the map equals the hand-written expectation', () => {
        assert.deepEqual(mapOf(path.join(APPS, app)), expected.map);
      });

      it('after migrate, only what the plan refused relies on the middleware alone; files parse; a second run changes nothing', () => {
        let dir: string | undefined = copyApp(app);
        try {
          const plan = planMigration(nodeFileSystem(), middlewareOf(dir));
          assert.equal(plan.refused.length, expected.refused, plan.refused.map((r) => r.reason).join('\n'));
          assert.equal(plan.middlewareReduced, expected.middlewareReduced);
          for (const [file, { after }] of plan.changes) {
            assert.equal(syntaxErrors(file, after), 0, `${file}:\n${after}`);
            fs.writeFileSync(file, after);
          }
          // Every formerly middleware-only resource checks itself, except those the plan refused (a client page).
          const formerly = expected.map.filter((m) => m.endsWith(' middleware-only')).map((m) => m.replace(/ middleware-only$/, ''));
          const now = new Map(mapOf(dir).map((m) => [m.replace(/ \S+$/, ''), m.split(' ').at(-1)]));
          for (const resource of formerly.filter((r) => !expected.stillMiddlewareOnly.includes(r))) assert.equal(now.get(resource), 'own-check', `${resource} after the migration`);
          assert.deepEqual([...now].filter(([, state]) => state === 'middleware-only').map(([r]) => r), expected.stillMiddlewareOnly);
          const again = planMigration(nodeFileSystem(), middlewareOf(dir));
          assert.equal(again.changes.size, 0, [...again.changes.keys()].join('\n'));
          assert.equal(again.moved.length, 0);
          assert.deepEqual(again.refused, plan.refused, 'a second run refuses the same things, nothing more');
          migrated.set(app, dir);
          dir = undefined;
        } finally {
          if (dir) fs.rmSync(dir, { recursive: true, force: true });
        }
      });
    });
  }

  // A suite of its own: mocha runs a suite's tests before its child suites, and this one needs them done.
  describe('type-check', () => it('the original and the migrated apps type-check against @clerk/nextjs 7 and next 16', function () {
    this.timeout(120_000);
    assert.equal(migrated.size, Object.keys(EXPECTED).length, 'every app was migrated above');
    const files = new Map<string, string>();
    const sources = (dir: string) => listFiles(dir, (f) => /\.tsx?$/.test(f));
    for (const [app, dir] of migrated) {
      for (const f of sources(path.join(APPS, app))) files.set(`app/original/${app}/${path.relative(path.join(APPS, app), f)}`, fs.readFileSync(f, 'utf8'));
      for (const f of sources(dir)) files.set(`app/migrated/${app}/${path.relative(dir, f)}`, fs.readFileSync(f, 'utf8'));
    }
    try {
      assertClean(typecheckProject('v6', files), files.keys());
    } finally {
      for (const dir of migrated.values()) fs.rmSync(dir, { recursive: true, force: true });
    }
  }));
});
