/**
 * The robustness suite: fuzzing the analyzer (and the quick fixes) with every token prefix and
 * seeded random mutations of the fixtures, odd files, bad CLI input, writes, and what the bundles
 * may contain. The specs live in *.spec.ts (not picked up by .mocharc.json on their own) so that
 * the whole suite is timed here.
 *
 *   FUZZ_SEED=<n>   seed of the random mutations (default: fixed, printed)
 *   FUZZ_RUNS=<n>   number of random mutations of single-file fixtures
 *   FUZZ_CASE=<i>   replay only mutation case i (as printed in a failure)
 */
import { fuzzRuns, fuzzSeed } from './support/random';
import { stats } from './support/stats';

describe('robustness', function () {
  let started = 0;
  let cpu: NodeJS.CpuUsage;
  before(function () {
    started = Date.now();
    cpu = process.cpuUsage();
    console.log(`      fuzz seed FUZZ_SEED=${fuzzSeed()}, FUZZ_RUNS=${fuzzRuns()}`);
  });
  after(function () {
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const used = process.cpuUsage(cpu);
    const cpuSeconds = ((used.user + used.system) / 1e6).toFixed(1);
    const { prefixes, mutations, projectMutations, fixChecks } = stats;
    console.log(
      `      robustness suite: ${seconds} s wall, ${cpuSeconds} s CPU in this process (child processes not counted); fuzz cases: ${prefixes} prefixes + ${mutations} mutations + ${projectMutations} project mutations` +
        ` (= ${prefixes + mutations + projectMutations}); fixer checks: ${fixChecks}; seed ${fuzzSeed()}`,
    );
  });

  require('./fuzz.spec');
  require('./oddFiles.spec');
  require('./cli.spec');
  require('./fixes.spec');
  require('./trust.spec');
});
