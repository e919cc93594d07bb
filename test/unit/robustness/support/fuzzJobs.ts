/**
 * The fuzz jobs, run in worker threads (support/pool.ts) or inline. Each returns how many cases it ran,
 * the fixer checks it made and the failures, with what is needed to replay them.
 */
import * as path from 'path';
import { Analyzer, memoryFileSystem } from '../../../../src/core';
import type { ResourceFixture } from '../../support/fixtures';
import { captureThrow, reportProblems } from './check';
import { fixtureProjects, packageJsonFor, routeFixtures, VIRTUAL_ROOT, virtualFileName } from './corpus';
import { fixerProblems } from './fixer';
import { caseSeed, Random } from './random';
import { stats } from './stats';
import { mutate, prefixCuts } from './tokens';

export interface JobResult {
  cases: number;
  fixChecks: number;
  failures: string[];
}

const EXTENSIONS = ['ts', 'tsx', 'js', 'jsx', 'mjs', 'cts'];
const MAX_FAILURES = 20;

function analyzerFor(fixture: ResourceFixture): Analyzer {
  return new Analyzer(memoryFileSystem({ [`${VIRTUAL_ROOT}/package.json`]: packageJsonFor(fixture) }));
}

/** Analyses `text` as `fileName` and runs the fixes on it; returns what went wrong. */
export function checkText(analyzer: Analyzer, fileName: string, text: string): string[] {
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

function result(cases: number, fixChecksBefore: number, failures: string[]): JobResult {
  return { cases, fixChecks: stats.fixChecks - fixChecksBefore, failures: failures.slice(0, MAX_FAILURES) };
}

/** Every token-end prefix of the fixtures whose index modulo `of` is `part`. */
export function prefixJob(part: number, of: number): JobResult {
  const before = stats.fixChecks;
  const failures: string[] = [];
  let cases = 0;
  routeFixtures().forEach((fixture, index) => {
    if (index % of !== part) return;
    const analyzer = analyzerFor(fixture);
    const fileName = virtualFileName(fixture);
    for (const cut of prefixCuts(fixture.text)) {
      cases++;
      const problems = checkText(analyzer, fileName, fixture.text.slice(0, cut));
      if (problems.length) failures.push(`  ${fixture.name} cut at ${cut} (…${JSON.stringify(fixture.text.slice(Math.max(0, cut - 40), cut))}): ${problems.join('; ')}`);
    }
  });
  return result(cases, before, failures);
}

/** Mutation cases i < runs with i modulo `of` equal to `part` (or only case `only`). */
export function mutationJob(seed: number, runs: number, part: number, of: number, only?: number): JobResult {
  const before = stats.fixChecks;
  const fixtures = routeFixtures();
  const analyzers = new Map<ResourceFixture, Analyzer>();
  const failures: string[] = [];
  let cases = 0;
  for (let i = part; i < runs; i += of) {
    if (only !== undefined && i !== only) continue;
    const fixture = fixtures[i % fixtures.length];
    const random = new Random(caseSeed(seed, i));
    const mutation = mutate(fixture.text, random);
    let fileName = virtualFileName(fixture);
    if (random.int(4) === 0) fileName = fileName.replace(/\.\w+$/, `.${random.pick(EXTENSIONS)}`);
    let analyzer = analyzers.get(fixture);
    if (!analyzer) analyzers.set(fixture, (analyzer = analyzerFor(fixture)));
    cases++;
    const problems = checkText(analyzer, fileName, mutation.text);
    if (problems.length) {
      failures.push(`  FUZZ_SEED=${seed} FUZZ_CASE=${i}: ${fixture.name} as ${path.posix.basename(fileName)}, ${mutation.detail}: ${problems.join('; ')}`);
    }
  }
  return result(cases, before, failures);
}

/**
 * Mutations of the multi-file projects: a helper, route, tsconfig.json or package.json is mutated
 * (config files are cut and get a stray character), then every route is analysed and fixed.
 */
export function projectJob(seed: number, perProject: number, part: number, of: number): JobResult {
  const before = stats.fixChecks;
  const failures: string[] = [];
  let cases = 0;
  fixtureProjects().forEach((project, p) => {
    if (p % of !== part) return;
    const paths = Object.keys(project.files);
    for (let i = 0; i < perProject; i++) {
      const random = new Random(caseSeed(seed, p * 100_000 + i));
      const victim = random.pick(paths);
      const original = project.files[victim];
      let mutated: string;
      let detail: string;
      if (victim.endsWith('.json')) {
        const cut = random.int(original.length + 1);
        const stray = random.pick(['', '}', ',', '/*', '"', '\u0000', '//']);
        mutated = original.slice(0, cut) + stray;
        detail = `cut at ${cut} + ${JSON.stringify(stray)}`;
      } else {
        const m = mutate(original, random);
        mutated = m.text;
        detail = m.detail;
      }
      const files = { ...project.files, [victim]: mutated };
      const analyzer = new Analyzer(memoryFileSystem(files));
      for (const route of project.routes) {
        cases++;
        const problems = checkText(analyzer, route, files[route]);
        if (problems.length) failures.push(`  FUZZ_SEED=${seed} ${project.name}: ${path.relative(project.name, victim)} ${detail} -> ${route}: ${problems.join('; ')}`);
      }
    }
  });
  return result(cases, before, failures);
}
