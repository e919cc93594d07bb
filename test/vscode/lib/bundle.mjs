// Bundles one scenario's tests into a module the extension host can load as `extensionTestsPath`.
import { readdirSync, writeFileSync, mkdirSync } from 'node:fs';
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
 * Writes <outDir>/<scenario>.bundle.js (the tests, index.ts and helpers; `vscode` and `mocha` stay
 * external, mocha resolves from the repo's node_modules) and <outDir>/<scenario>.js, a loader that
 * turns on source maps first so failures point at the .ts lines. Returns the loader's path.
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
  const bundle = path.join(outDir, `${scenario}.bundle.js`);
  await esbuild.build({
    stdin: { contents: entry, resolveDir: suiteRoot, sourcefile: `${scenario}-entry.js`, loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    sourcemap: 'inline',
    outfile: bundle,
    logLevel: 'warning',
  });
  const loader = path.join(outDir, `${scenario}.js`);
  writeFileSync(loader, `process.setSourceMapsEnabled(true);\nmodule.exports = require('./${scenario}.bundle.js');\n`);
  return { loader, files };
}
