// Bundles one scenario's tests into a module the extension host can load as `extensionTestsPath`.
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';
import * as esbuild from 'esbuild';

/** test/vscode/suite/<folder>/**\/*.test.ts, sorted so the run order is stable. */
export function testFiles(suiteRoot, folder) {
  const dir = path.join(suiteRoot, folder);
  return readdirSync(dir, { recursive: true })
    .map((file) => path.join(folder, String(file)).split(path.sep).join('/'))
    .filter((file) => file.endsWith('.test.ts'))
    .sort();
}

/**
 * Writes <outDir>/<scenario>.js (the tests, index.ts and helpers; `vscode` and `mocha` stay external,
 * mocha resolves from the repo's node_modules) with a linked source map. Returns its path.
 */
export async function bundleSuite({ suiteRoot, folder, scenario, outDir }) {
  const files = testFiles(suiteRoot, folder);
  if (files.length === 0) throw new Error(`no *.test.ts files in ${path.join(suiteRoot, folder)}`);
  // Each test file is required lazily inside run(), after mocha has put describe/it on the globals.
  const entry = [
    `const { runScenario } = require('./index.ts');`,
    `exports.run = () => runScenario(${JSON.stringify(scenario)}, [`,
    ...files.map((file) => `  { name: ${JSON.stringify(file)}, load: () => require(${JSON.stringify(`./${file}`)}) },`),
    `]);`,
  ].join('\n');

  mkdirSync(outDir, { recursive: true });
  const outfile = path.join(outDir, `${scenario}.js`);
  await esbuild.build({
    stdin: { contents: entry, resolveDir: suiteRoot, sourcefile: `${scenario}-entry.js`, loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    sourcemap: 'linked',
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}

/**
 * Rewrites `<outDir>/<scenario>.js:line:col` frames in a stack trace to the .ts source lines. The
 * extension host installs its own Error.prepareStackTrace, which bypasses Node's source-map support,
 * so the runner maps the frames itself when it prints a failure.
 */
export function remapStack(text, outDir, repoRoot) {
  return text.replace(/([^\s()]*?)([\w-]+)\.js:(\d+):(\d+)/g, (frame, _dir, scenario, line, column) => {
    const map = loadSourceMap(path.join(outDir, `${scenario}.js.map`));
    const entry = map?.findEntry(Number(line) - 1, Number(column) - 1);
    if (!entry?.originalSource) return frame;
    const source = path.relative(repoRoot, path.resolve(outDir, entry.originalSource.replace(/^file:\/\//, '')));
    return `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}

const sourceMaps = new Map();
function loadSourceMap(file) {
  if (!sourceMaps.has(file)) {
    sourceMaps.set(file, existsSync(file) ? new SourceMap(JSON.parse(readFileSync(file, 'utf8'))) : undefined);
  }
  return sourceMaps.get(file);
}
