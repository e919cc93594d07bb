/**
 * Fuzzing the analyzer and the quick fixes with the fixture corpus: every prefix of every fixture cut
 * at a token end (what the editor sees while a file is typed top to bottom), and seeded random token
 * mutations (delete, duplicate, swap, move or copy tokens, insert stray braces, quotes and keywords).
 * The analyzer must return normally every time (no exception, no internal error, no stack overflow),
 * and so must every fixer, whose edits must apply and must not break a file that parsed cleanly.
 * The work is shared by worker threads, one per core (support/pool.ts).
 */
import * as assert from 'assert';
import * as path from 'path';
import { JobResult } from './support/fuzzJobs';
import { runJobs, workerCount } from './support/pool';
import { fuzzRuns, fuzzSeed } from './support/random';
import { stats } from './support/stats';

const JOBS = path.join(__dirname, 'support/fuzzJobs.ts');
const MAX_REPORTED = 8;

function collect(results: readonly JobResult[]): { total: number; failures: string[] } {
  const total = results.reduce((n, r) => n + r.cases, 0);
  stats.fixChecks += results.reduce((n, r) => n + r.fixChecks, 0);
  return { total, failures: results.flatMap((r) => r.failures) };
}

function failWith({ total, failures }: { total: number; failures: string[] }, what: string): void {
  if (!failures.length) return;
  assert.fail(`${failures.length}${failures.length >= 20 ? '+' : ''} of ${total} ${what} failed:\n${failures.slice(0, MAX_REPORTED).join('\n')}`);
}

function parts(): number[][] {
  const n = workerCount();
  return Array.from({ length: n }, (_, i) => [i, n]);
}

describe('fuzz: the analyzer and the quick fixes on the fixture corpus', function () {
  this.timeout(300_000);

  it('every prefix of every fixture, cut at each token end', async function () {
    const outcome = collect(await runJobs<JobResult>(JOBS, 'prefixJob', parts()));
    stats.prefixes += outcome.total;
    assert.ok(outcome.total > 10_000, `only ${outcome.total} prefixes`);
    failWith(outcome, 'prefixes');
  });

  it(`seeded random mutations of the single-file fixtures (FUZZ_RUNS, FUZZ_SEED; FUZZ_CASE replays one)`, async function () {
    const seed = fuzzSeed();
    const only = process.env.FUZZ_CASE !== undefined ? Number(process.env.FUZZ_CASE) : undefined;
    const lists = only !== undefined ? [[seed, fuzzRuns(), 0, 1, only]] : parts().map(([i, n]) => [seed, fuzzRuns(), i, n]);
    const outcome = collect(await runJobs<JobResult>(JOBS, 'mutationJob', lists));
    stats.mutations += outcome.total;
    failWith(outcome, `mutations (FUZZ_SEED=${seed})`);
  });

  it('seeded random mutations of the multi-file projects: helpers, tsconfig.json and package.json too', async function () {
    const seed = fuzzSeed() ^ 0x7a11;
    const perProject = Math.max(1, Math.round(fuzzRuns() / 800));
    const outcome = collect(await runJobs<JobResult>(JOBS, 'projectJob', parts().map(([i, n]) => [seed, perProject, i, n])));
    stats.projectMutations += outcome.total;
    failWith(outcome, `project mutations (FUZZ_SEED=${fuzzSeed()})`);
  });
});
