// Runs the integration tests inside a real VS Code extension host, offline:
// code-server (VS Code 1.139.1 from npm) + the web workbench in headless Chromium.
//
//   node test/vscode/run.mjs [scenario ...]        (npm run test:vscode)
//
// Environment:
//   CRG_TIMEOUT_MS       per-scenario bound (default 240000); hitting it is a failure
//   CRG_SCREENSHOT_DIR   where screenshot() requests from tests land (default test-results/vscode/screenshots)
//   CRG_KEEP_TMP=1       keep each scenario's temp dir (workspace copy, user data) for inspection
//   CRG_SKIP_BUILD=1     do not rebuild dist/ (npm test has just built it)
//   CRG_CHROMIUM         Chromium binary (default /usr/bin/chromium)
//   CRG_VSCODE_HOST      where Node 24 and code-server are provisioned (default .cache/vscode-host)
//   CRG_VSIX             use this .vsix for the packaged scenario instead of running `npm run package`
// Logs: test-results/vscode/<scenario>.{server,page}.log, package.log.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleSuite, remapStack } from './lib/bundle.mjs';
import { hostEnv, installExtension, killAllServersSync, startServer } from './lib/host.mjs';
import { scenarios as allScenarios } from './lib/scenarios.mjs';
import { launchBrowser, runInWorkbench, workbenchUrl } from './lib/workbench.mjs';
import { hostDir, paths, provision } from './provision.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');
const suiteRoot = path.join(here, 'suite');
const resultsDir = path.join(repoRoot, 'test-results', 'vscode');
const screenshotDir = path.resolve(process.env.CRG_SCREENSHOT_DIR ?? path.join(resultsDir, 'screenshots'));
const timeoutMs = Number(process.env.CRG_TIMEOUT_MS) || 240_000;
const VSIX = path.join(repoRoot, 'clerk-route-guard.vsix');
const suitesDir = path.join(hostDir, 'suites'); // the bundled test modules

// A quiet, deterministic workbench: no welcome page, telemetry, update checks, recommendations, AI
// chat actions (they would show up in code-action lists), git scanning or npm type acquisition.
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden', // the empty chat side bar, in screenshots
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'typescript.disableAutomaticTypeAcquisition': true,
  'files.autoSave': 'off',
};

// Temp dirs still to delete; normally each is removed when done, this catches Ctrl-C and crashes.
const tempDirs = new Set();
function makeTempDir(prefix) {
  const dir = mkdtempSync(path.join(os.tmpdir().length <= 20 ? os.tmpdir() : '/tmp', prefix)); // short: TMPDIR holds Unix sockets
  tempDirs.add(dir);
  return dir;
}
function removeTempDir(dir) {
  tempDirs.delete(dir);
  if (process.env.CRG_KEEP_TMP === '1') say(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}

// The server's process group must die with us however we exit (the handler must be synchronous).
process.on('exit', () => {
  killAllServersSync();
  for (const dir of [...tempDirs]) removeTempDir(dir);
});
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
  process.on(signal, () => {
    console.error(`\n[vscode-tests] ${signal}: stopping`);
    process.exit(code);
  });
}

function say(message) {
  console.log(`[vscode-tests] ${message}`);
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

function selectedScenarios() {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !allScenarios.some((s) => s.name === name));
  if (unknown.length > 0) throw new Error(`unknown scenario(s): ${unknown.join(', ')}; known: ${allScenarios.map((s) => s.name).join(', ')}`);
  return wanted.length === 0 ? allScenarios : allScenarios.filter((s) => wanted.includes(s.name));
}

function run(command, args, { env = process.env, logFile } = {}) {
  const result = spawnSync(command, args, { cwd: repoRoot, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (logFile) writeFileSync(logFile, `$ ${command} ${args.join(' ')}\n${output}\n`, { flag: 'a' });
  return { ok: result.status === 0, output, status: result.status ?? result.signal };
}

/** dist/ from the current sources (the development scenarios load the extension from the repo). */
function buildExtension() {
  if (process.env.CRG_SKIP_BUILD === '1') return;
  const result = run(process.execPath, ['esbuild.mjs']);
  if (!result.ok) throw new Error(`build failed:\n${result.output}`);
}

/**
 * `npm run package` -> clerk-route-guard.vsix. vsce 3 runs on Node 20; should it not, retry under the
 * provisioned Node 24. Returns { vsix } or { error }. It leaves a minified production dist/ behind, so
 * run buildExtension() after it.
 */
function packageVsix() {
  if (process.env.CRG_VSIX) {
    const given = path.resolve(process.env.CRG_VSIX);
    return existsSync(given) ? { vsix: given } : { error: `CRG_VSIX=${given} does not exist` };
  }
  const logFile = path.join(resultsDir, 'package.log');
  rmSync(VSIX, { force: true });
  let result = run('npm', ['run', 'package'], { logFile });
  if (!result.ok) {
    say('npm run package failed under the system Node; retrying under Node 24');
    const env = { ...process.env, PATH: `${path.dirname(paths.node)}${path.delimiter}${process.env.PATH}` };
    result = run('npm', ['run', 'package'], { env, logFile });
  }
  if (!result.ok || !existsSync(VSIX)) {
    const tail = result.output.trim().split('\n').slice(-15).join('\n');
    return { error: `npm run package failed (exit ${result.status}); see ${path.relative(repoRoot, logFile)}:\n${tail}` };
  }
  say(`packaged ${path.relative(repoRoot, VSIX)} (${(statSync(VSIX).size / 1024).toFixed(0)} KiB)`);
  return { vsix: VSIX };
}

/** A temp dir per scenario, under a short root because TMPDIR holds Unix sockets. */
function scenarioDirs(name) {
  const root = makeTempDir(`crg-${name.slice(0, 8)}-`);
  const dirs = {
    root,
    tmp: path.join(root, 't'),
    xdgConfig: path.join(root, 'config'),
    xdgData: path.join(root, 'data'),
    xdgCache: path.join(root, 'cache'),
    xdgState: path.join(root, 'state'),
    userData: path.join(root, 'user-data'),
    extensions: path.join(root, 'extensions'),
    workspace: path.join(root, 'workspace'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  writeFileSync(path.join(dirs.userData, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  return dirs;
}

/**
 * For the packaged scenario: VS Code only runs extensionTestsPath in an extension-development window
 * (isExtensionDevelopment && extensionTestsLocationURI); with extensionTestsPath alone the payload is
 * ignored and the run times out. An empty folder as extensionDevelopmentPath makes it a development
 * window without any development extension, so the extension under test is the installed .vsix.
 */
function emptyDevelopmentPath(dirs) {
  const dir = path.join(dirs.root, 'no-dev-extension');
  mkdirSync(dir, { recursive: true });
  return dir;
}

function readResults(file) {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return { finished: false, tests: [], unreadable: error.message };
  }
}

/**
 * Runs one scenario end to end and returns its test entries; problems of the run itself (timeout, no
 * results, host failure) become failed entries too, so they count in the summary.
 */
async function runScenario(scenario, { browser, suiteModule, vsix }) {
  const started = Date.now();
  const tests = [];
  const harnessFailure = (what) => tests.push({ title: `[harness] ${scenario.name}: ${what}`, state: 'failed' });
  const serverLog = path.join(resultsDir, `${scenario.name}.server.log`);
  const pageLog = path.join(resultsDir, `${scenario.name}.page.log`);
  for (const file of [serverLog, pageLog]) rmSync(file, { force: true });

  const dirs = scenarioDirs(scenario.name);
  const resultsFile = path.join(dirs.root, 'results.json');
  try {
    cpSync(path.join(here, 'workspaces', scenario.workspace), dirs.workspace, { recursive: true });
    const env = hostEnv({
      dirs,
      node: paths.node,
      extra: {
        CRG_RESULTS_FILE: resultsFile,
        CRG_SCREENSHOT_DIR: screenshotDir,
        CRG_EXTENSIONS_DIR: dirs.extensions,
        CRG_SCENARIO: scenario.name,
      },
    });
    if (scenario.extension === 'vsix') {
      if (!vsix.vsix) throw new Error(vsix.error);
      installExtension({ codeServerEntry: paths.codeServerEntry, node: paths.node, dirs, env, vsix: vsix.vsix, logFile: serverLog });
    }
    const server = await startServer({ codeServerEntry: paths.codeServerEntry, node: paths.node, dirs, env, logFile: serverLog });
    let outcome;
    try {
      const url = workbenchUrl({
        port: server.port,
        folder: dirs.workspace,
        workspaceFile: scenario.workspaceFile ? path.join(dirs.workspace, scenario.workspaceFile) : undefined,
        extensionDevelopmentPath: scenario.extension === 'development' ? repoRoot : emptyDevelopmentPath(dirs),
        extensionTestsPath: suiteModule,
      });
      outcome = await runInWorkbench({ browser, url, timeoutMs, screenshotDir, logFile: pageLog });
    } finally {
      await server.stop();
    }

    const results = readResults(resultsFile);
    tests.push(...(results?.tests ?? []));
    if (outcome.kind === 'timeout') harnessFailure(`timed out after ${seconds(timeoutMs)} (the workbench never reported the end of the run)`);
    else if (outcome.kind === 'crash') harnessFailure('the browser page crashed');
    if (!results) harnessFailure('no results file was written (the suite did not run)');
    else if (results.unreadable) harnessFailure(`results file unreadable: ${results.unreadable}`);
    else if (!results.finished && outcome.kind === 'exit') harnessFailure('the suite stopped before finishing');
    else if (results.tests.length === 0) harnessFailure('no tests ran');
    const failedTests = tests.filter((t) => t.state === 'failed').length;
    if (outcome.kind === 'exit' && outcome.code !== 0 && failedTests === 0) harnessFailure(`extension host exited with code ${outcome.code}`);
    if (results) writeFileSync(path.join(resultsDir, `${scenario.name}.results.json`), JSON.stringify(results, null, 2));
  } catch (error) {
    harnessFailure(error.message);
  } finally {
    removeTempDir(dirs.root);
  }
  return { scenario, tests, durationMs: Date.now() - started, logs: [serverLog, pageLog] };
}

function printScenario({ scenario, tests, durationMs, logs }) {
  console.log(`\n▶ ${scenario.name}: ${scenario.description}`);
  for (const test of tests) {
    const mark = { passed: '✓', failed: '✗', pending: '-' }[test.state] ?? '?';
    const time = test.durationMs !== undefined ? ` (${test.durationMs} ms)` : '';
    console.log(`  ${mark} ${test.title}${time}`);
    if (test.state === 'failed' && test.error) {
      const lines = remapStack(test.error, suitesDir, repoRoot).split('\n').slice(0, 20);
      for (const line of lines) console.log(`      ${line}`);
    }
  }
  const count = (state) => tests.filter((t) => t.state === state).length;
  console.log(`  ${scenario.name}: ${count('passed')} passing, ${count('failed')} failing, ${count('pending')} skipped in ${seconds(durationMs)}`);
  const existing = logs.filter((f) => existsSync(f));
  if (count('failed') > 0 && existing.length > 0) console.log(`  logs: ${existing.map((f) => path.relative(repoRoot, f)).join(', ')}`);
}

async function main() {
  const started = Date.now();
  const scenarios = selectedScenarios();
  mkdirSync(resultsDir, { recursive: true });
  provision();

  // Package first: `npm run package` leaves a production build in dist/, which buildExtension replaces.
  const vsix = scenarios.some((s) => s.extension === 'vsix') ? packageVsix() : {};
  buildExtension();
  const suites = new Map();
  for (const scenario of scenarios) {
    suites.set(scenario.name, await bundleSuite({ suiteRoot, folder: scenario.suite, scenario: scenario.name, outDir: suitesDir }));
  }
  say(`prepared in ${seconds(Date.now() - started)}; running ${scenarios.map((s) => s.name).join(', ')}`);

  const browserState = makeTempDir('crg-browser-');
  const browser = await launchBrowser(browserState);
  const outcomes = [];
  try {
    for (const scenario of scenarios) {
      const outcome = await runScenario(scenario, { browser, suiteModule: suites.get(scenario.name), vsix });
      printScenario(outcome);
      outcomes.push(outcome);
    }
  } finally {
    await browser.close();
    removeTempDir(browserState);
  }

  const all = outcomes.flatMap((o) => o.tests);
  const passed = all.filter((t) => t.state === 'passed').length;
  const failed = all.filter((t) => t.state === 'failed').length;
  console.log(`\n[vscode-tests] ${outcomes.length} scenario(s) in ${seconds(Date.now() - started)}; logs in ${path.relative(repoRoot, resultsDir)}/`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[vscode-tests] ${error.stack ?? error}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
