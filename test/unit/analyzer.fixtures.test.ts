/**
 * The fixture corpus is the analyzer's specification: each file states the findings it must produce,
 * per handler. Expectations were written by hand from the rule's semantics, never from the output.
 */
import * as assert from 'assert';
import * as path from 'path';
import { Analyzer, isRouteFilePath, memoryFileSystem, nodeFileSystem } from '../../src/core';
import { collectCheckedFiles } from '../../src/cli/files';
import { declaresExpectations, FIXTURES, formatExpectations, listFiles, loadResourceFixtures, parseHeader } from './support/fixtures';
import * as fs from 'fs';

/** Rules the analyzer implements so far; expectations for other rules are checked once they exist. */
// middleware-not-covering is left out here: these virtual projects have no middleware file, so every
// route that calls auth() would get it; test/unit/middleware.fixtures.test.ts checks it on real projects.
const CHECKED_RULES = new Set(['missing-auth-guard', 'auth-not-awaited', 'clerk-client-not-called', 'legacy-import', 'relative-redirect', 'deprecated-middleware']);

/** Any resource file of a project that states what it expects (pages, layouts, Server Function modules). */
function hasExpectations(file: string): boolean {
  return /\.(ts|tsx|js|jsx)$/.test(file) && declaresExpectations(fs.readFileSync(file, 'utf8'));
}

function checked(list: { ruleId: string; handler?: string }[]): string[] {
  return formatExpectations(list.filter((e) => CHECKED_RULES.has(e.ruleId)));
}

describe('analyzer: single-file fixtures', () => {
  const fixtures = loadResourceFixtures();

  it('has a corpus of at least 150 fixtures', () => {
    assert.ok(fixtures.length >= 150, `only ${fixtures.length} fixtures`);
  });

  // A header that does not open the file is not read: the fixture would silently expect nothing.
  it('states every fixture\'s expectations in the header that opens the file', () => {
    const unstated = fixtures.filter((f) => !declaresExpectations(f.text)).map((f) => f.name);
    assert.deepStrictEqual(unstated, []);
  });

  for (const fixture of fixtures) {
    it(`${fixture.name}: ${fixture.description}`, () => {
      const root = '/virtual/project';
      const pkg = JSON.stringify({ dependencies: { '@clerk/nextjs': fixture.clerkVersion ?? '^7.0.0', next: '^16.0.0' } });
      const fileName = path.posix.join(root, fixture.virtualPath);
      const analyzer = new Analyzer(memoryFileSystem({ [`${root}/package.json`]: pkg, [fileName]: fixture.text }));
      const report = analyzer.analyze(fileName);
      assert.strictEqual(report.skipped, undefined, `skipped: ${report.skipped}`);
      assert.deepStrictEqual(checked(report.findings as never), checked(fixture.expect));
    });
  }
});

describe('analyzer: multi-file fixture projects', () => {
  const projectsDir = path.join(FIXTURES, 'projects');
  const projects = fs.existsSync(projectsDir) ? fs.readdirSync(projectsDir).sort() : [];

  it('has at least 8 fixture projects', () => {
    assert.ok(projects.length >= 8, `only ${projects.length} projects`);
  });

  for (const project of projects) {
    const dir = path.join(projectsDir, project);
    const routes = listFiles(dir, (f) => isRouteFilePath(f) || hasExpectations(f));
    describe(project, () => {
      const analyzer = new Analyzer(nodeFileSystem());
      for (const route of routes) {
        it(path.relative(dir, route), () => {
          const expected = parseHeader(fs.readFileSync(route, 'utf8')).expect;
          const report = analyzer.analyze(route);
          assert.strictEqual(report.skipped, undefined, `skipped: ${report.skipped}`);
          assert.deepStrictEqual(checked(report.findings as never), checked(expected));
        });
      }
    });
  }
});

/**
 * The bundled example app reads like a user's app, so its expectations live here: the findings of
 * every file the CLI checks there (`npm run demo` prints these four).
 */
const EXAMPLE_FINDINGS: Record<string, string[]> = {
  'app/api/notes/[id]/route.ts': ['missing-auth-guard DELETE'], // added later, forgot the check
  'app/api/notes/[id]/share/route.ts': ['missing-auth-guard POST'], // the check comes after the write
  'app/api/notes/export/route.ts': ['missing-auth-guard GET'], // auth() called, userId never checked
  'app/notes/actions.ts': ['missing-auth-guard renameNote'], // a Server Function that renames anyone's note
};

describe('analyzer: the bundled example app', () => {
  const dir = path.resolve(__dirname, '../../examples/next-clerk-app');
  const analyzer = new Analyzer(nodeFileSystem());
  const files = collectCheckedFiles([dir], dir);

  it('checks its route handlers, pages, layouts, Server Functions and middleware', () => {
    const rel = files.map((f) => path.relative(dir, f));
    for (const expected of ['app/page.tsx', 'app/layout.tsx', 'app/notes/page.tsx', 'app/notes/actions.ts', 'middleware.ts']) assert.ok(rel.includes(expected), expected);
  });

  for (const file of files) {
    const rel = path.relative(dir, file);
    it(rel, () => {
      const report = analyzer.analyze(file);
      assert.deepStrictEqual(formatExpectations(report.findings as never), (EXAMPLE_FINDINGS[rel] ?? []).slice().sort());
    });
  }
});
