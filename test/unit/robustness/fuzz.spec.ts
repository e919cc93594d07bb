/**
 * Fuzzing the analyzer with the fixture corpus: every prefix of every fixture cut at a token end
 * (what the editor sees while a file is typed top to bottom), and seeded random token mutations
 * (delete, duplicate, swap, move or copy tokens, insert stray braces, quotes and keywords). The
 * analyzer must return normally every time: no exception, no internal error, no stack overflow.
 */
import * as assert from 'assert';
import * as path from 'path';
import { Analyzer, memoryFileSystem } from '../../../src/core';
import { RouteFixture } from '../support/fixtures';
import { captureThrow, reportProblems } from './support/check';
import { fixtureProjects, packageJsonFor, routeFixtures, VIRTUAL_ROOT, virtualFileName } from './support/corpus';
import { fixerProblems } from './support/fixer';
import { Random, caseSeed, fuzzRuns, fuzzSeed } from './support/random';
import { stats } from './support/stats';
import { mutate, prefixCuts } from './support/tokens';

const MAX_REPORTED = 8;
const EXTENSIONS = ['ts', 'tsx', 'js', 'jsx', 'mjs', 'cts'];

function analyzerFor(fixture: RouteFixture): Analyzer {
  return new Analyzer(memoryFileSystem({ [`${VIRTUAL_ROOT}/package.json`]: packageJsonFor(fixture) }));
}

/** Analyses `text` as `fileName` (and runs the fixes); returns what went wrong. */
function check(analyzer: Analyzer, fileName: string, text: string): string[] {
  let problems: string[] = [];
  problems.push(
    ...captureThrow(() => {
      const report = analyzer.analyze(fileName, text);
      problems = reportProblems(report, text);
      problems.push(...fixerProblems(analyzer, fileName, text, report));
    }),
  );
  return problems;
}

function failWith(failures: string[], total: number, what: string): void {
  if (!failures.length) return;
  assert.fail(`${failures.length} of ${total} ${what} failed:\n${failures.slice(0, MAX_REPORTED).join('\n')}`);
}

describe('fuzz: the analyzer on the fixture corpus', function () {
  this.timeout(120_000);
  const fixtures = routeFixtures();
  const groups = [...new Set(fixtures.map((f) => f.name.split(/[\\/]/)[0]))];

  describe('every prefix of every fixture, cut at each token end', function () {
    for (const group of groups) {
      const members = fixtures.filter((f) => f.name.split(/[\\/]/)[0] === group);
      it(`${group}/ (${members.length} fixtures)`, function () {
        const failures: string[] = [];
        let total = 0;
        for (const fixture of members) {
          const analyzer = analyzerFor(fixture);
          const fileName = virtualFileName(fixture);
          for (const cut of prefixCuts(fixture.text)) {
            total++;
            const problems = check(analyzer, fileName, fixture.text.slice(0, cut));
            if (problems.length) failures.push(`  ${fixture.name} cut at ${cut} (…${JSON.stringify(fixture.text.slice(Math.max(0, cut - 40), cut))}): ${problems.join('; ')}`);
          }
        }
        stats.prefixes += total;
        failWith(failures, total, 'prefixes');
      });
    }
  });

  it(`seeded random mutations of the single-file fixtures (FUZZ_RUNS, default see support/random.ts)`, function () {
    const seed = fuzzSeed();
    const runs = fuzzRuns();
    const only = process.env.FUZZ_CASE !== undefined ? Number(process.env.FUZZ_CASE) : undefined;
    const analyzers = new Map<RouteFixture, Analyzer>();
    const failures: string[] = [];
    let total = 0;
    for (let i = 0; i < runs; i++) {
      if (only !== undefined && i !== only) continue;
      const fixture = fixtures[i % fixtures.length];
      const random = new Random(caseSeed(seed, i));
      const mutation = mutate(fixture.text, random);
      let fileName = virtualFileName(fixture);
      if (random.int(4) === 0) fileName = fileName.replace(/\.\w+$/, `.${random.pick(EXTENSIONS)}`);
      let analyzer = analyzers.get(fixture);
      if (!analyzer) analyzers.set(fixture, (analyzer = analyzerFor(fixture)));
      total++;
      const problems = check(analyzer, fileName, mutation.text);
      if (problems.length) {
        failures.push(`  FUZZ_SEED=${seed} FUZZ_CASE=${i}: ${fixture.name} as ${path.posix.basename(fileName)}, ${mutation.detail}: ${problems.join('; ')}`);
      }
    }
    stats.mutations += total;
    failWith(failures, total, `mutations (seed ${seed})`);
  });

  it('seeded random mutations of the multi-file projects: helpers, tsconfig.json and package.json too', function () {
    const seed = fuzzSeed() ^ 0x7a11;
    const projects = fixtureProjects();
    const failures: string[] = [];
    let total = 0;
    const perProject = Math.max(1, Math.round(fuzzRuns() / 200));
    projects.forEach((project, p) => {
      const paths = Object.keys(project.files);
      for (let i = 0; i < perProject; i++) {
        const random = new Random(caseSeed(seed, p * 100_000 + i));
        const victim = random.pick(paths);
        const original = project.files[victim];
        let mutated: string;
        let detail: string;
        if (victim.endsWith('.json')) {
          // Config files: cut anywhere and maybe add a stray character (malformed JSON).
          const cut = random.int(original.length + 1);
          const stray = random.pick(['', '}', ',', '/*', '"', '\u0000', '//']);
          mutated = original.slice(0, cut) + stray;
          detail = `cut at ${cut} + ${JSON.stringify(stray)}`;
        } else {
          const m = mutate(original, random);
          mutated = m.text;
          detail = m.detail;
        }
        const analyzer = new Analyzer(memoryFileSystem({ ...project.files, [victim]: mutated }));
        for (const route of project.routes) {
          total++;
          const problems = captureThrow(() => {
            const report = analyzer.analyze(route);
            const problems = reportProblems(report, route === victim ? mutated : project.files[route]);
            if (problems.length) throw new Error(problems.join('; '));
          });
          if (problems.length) {
            failures.push(`  FUZZ_SEED=${fuzzSeed()} ${project.name}: ${path.basename(path.dirname(victim))}/${path.basename(victim)} ${detail} -> ${route}: ${problems.join('; ')}`);
          }
        }
      }
    });
    stats.projectMutations += total;
    failWith(failures, total, 'project mutations');
  });
});
