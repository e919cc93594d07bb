// Regenerates the README / Marketplace screenshots in images/screenshots/ by running the `screenshots`
// scenario of the VS Code test harness (test/vscode/run.mjs): the example app (examples/next-clerk-app)
// opened in the real workbench at 1280×800, each picture taken once the feature it shows is on screen.
// The scenario is not part of `npm test`; it only runs when named, as here.
//
//   npm run screenshots          (CRG_SKIP_BUILD=1 and the harness's other variables apply)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(repoRoot, 'images', 'screenshots');
// What test/vscode/suite/screenshots/capture.test.ts takes, and the README shows.
const EXPECTED = ['hover-missing-auth-guard', 'quick-fix-menu', 'problems-panel', 'snippet-completions', 'protection-map', 'cli-map'];
const MAX_WIDTH = 1280; // Marketplace

const started = Date.now();
const run = spawnSync(process.execPath, [path.join('test', 'vscode', 'run.mjs'), 'screenshots'], {
  cwd: repoRoot,
  stdio: 'inherit',
  env: { ...process.env, CRG_SCREENSHOT_DIR: outDir },
});
if (run.status !== 0) {
  console.error(`[screenshots] the screenshots scenario failed (exit ${run.status ?? run.signal}); images/screenshots/ may be partly updated`);
  process.exit(run.status || 1);
}

let problems = 0;
for (const name of EXPECTED) {
  const file = path.join(outDir, `${name}.png`);
  if (!existsSync(file) || statSync(file).mtimeMs < started) {
    console.error(`[screenshots] ${path.relative(repoRoot, file)} was not written by this run`);
    problems++;
    continue;
  }
  const png = readFileSync(file);
  const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
  if (width > MAX_WIDTH) {
    console.error(`[screenshots] ${name}.png is ${width} px wide (Marketplace: at most ${MAX_WIDTH})`);
    problems++;
  }
  console.log(`[screenshots] ${path.relative(repoRoot, file)}  ${width}×${height}  ${(png.length / 1024).toFixed(0)} KiB`);
}
const stray = readdirSync(outDir).filter((f) => f.endsWith('.png') && !EXPECTED.includes(f.slice(0, -4)));
if (stray.length > 0) console.warn(`[screenshots] not produced by the scenario (delete if unused): ${stray.join(', ')}`);
process.exit(problems === 0 ? 0 : 1);
