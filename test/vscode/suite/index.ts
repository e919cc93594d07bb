// The test runner that executes INSIDE the VS Code extension host.
//
// run.mjs bundles, per scenario, a small entry module that calls runScenario() with the scenario's
// test files (test/vscode/suite/<scenario>/**/*.test.ts). The workbench loads that module as
// `extensionTestsPath`, calls its run(), and reports the outcome through window.codeAutomationExit.
// Because that exit code alone says nothing about which test failed, every result is also written to
// the JSON file named by CRG_RESULTS_FILE (an environment variable the extension host inherits from
// the code-server process that run.mjs started). The file is rewritten after every test so a run that
// hangs still leaves the results it got so far.
import * as fs from 'fs';
import Mocha from 'mocha';

export interface TestFile {
  /** Path relative to test/vscode/suite, for messages. */
  name: string;
  /** Evaluates the (bundled) test module; it registers its describe/it blocks on the globals. */
  load: () => void;
}

export interface TestResult {
  title: string;
  file?: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: string;
}

export interface ResultsFile {
  scenario: string;
  finished: boolean;
  tests: TestResult[];
}

const TEST_TIMEOUT_MS = Number(process.env.CRG_TEST_TIMEOUT_MS) || 30_000;

export async function runScenario(scenario: string, files: TestFile[]): Promise<void> {
  const results: ResultsFile = { scenario, finished: false, tests: [] };
  const save = () => writeResults(results);
  save();

  const mocha = new Mocha({ ui: 'bdd', timeout: TEST_TIMEOUT_MS, color: false, reporter: 'spec' });
  loadFiles(mocha, files, results);
  save();

  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run((count) => resolve(count));
    const { EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING } = Mocha.Runner.constants;
    runner.on(EVENT_TEST_PASS, (test) => {
      results.tests.push({ title: test.fullTitle(), file: test.file, state: 'passed', durationMs: test.duration });
      save();
    });
    // Also fires for failing hooks (before/after), which then appear as their own entries.
    runner.on(EVENT_TEST_FAIL, (test, error) => {
      results.tests.push({ title: test.fullTitle(), file: test.file, state: 'failed', durationMs: test.duration, error: describeError(error) });
      save();
    });
    runner.on(EVENT_TEST_PENDING, (test) => {
      results.tests.push({ title: test.fullTitle(), file: test.file, state: 'pending' });
      save();
    });
  });

  results.finished = true;
  save();
  const failed = results.tests.filter((t) => t.state === 'failed').length;
  if (failures > 0 || failed > 0) {
    throw new Error(`${Math.max(failures, failed)} test(s) failed in scenario ${scenario}`);
  }
}

// What mocha's own loadFiles() does for files on disk, for modules that are already bundled: the
// pre-require event installs describe/it/before... on the global object before each file runs.
function loadFiles(mocha: Mocha, files: TestFile[], results: ResultsFile): void {
  const { EVENT_FILE_PRE_REQUIRE, EVENT_FILE_REQUIRE, EVENT_FILE_POST_REQUIRE } = Mocha.Suite.constants;
  for (const file of files) {
    mocha.suite.emit(EVENT_FILE_PRE_REQUIRE, globalThis, file.name, mocha);
    try {
      file.load();
      mocha.suite.emit(EVENT_FILE_REQUIRE, {}, file.name, mocha);
    } catch (error) {
      // A test file that throws while loading must fail the run, not silently contribute no tests.
      results.tests.push({ title: `load ${file.name}`, file: file.name, state: 'failed', error: describeError(error) });
    }
    mocha.suite.emit(EVENT_FILE_POST_REQUIRE, globalThis, file.name, mocha);
  }
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

function writeResults(results: ResultsFile): void {
  const file = process.env.CRG_RESULTS_FILE;
  if (!file) return; // Run by hand without the harness: the spec reporter output is all there is.
  // Write then rename, so the runner never reads a half-written file.
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(results, null, 2));
  fs.renameSync(`${file}.tmp`, file);
}
