// Bundles the extension, the analyzer and the CLI into dist/.
// - dist/extension.js: the thin VS Code adapter. It must load fast, so it does not contain TypeScript;
//   it requires ./analyzer.js the first time a route file needs analysing, and ./protectionMapTree.js
//   the first time the protection map view is shown.
// - dist/analyzer.js: the pure core with TypeScript bundled in.
// - dist/cli.js: the command-line checker, which also requires ./analyzer.js.
// - dist/eslint.js: the ESLint plugin (`clerk-route-guard/eslint`), which also requires ./analyzer.js.
// `--production` minifies; source maps are written either way (and left out of the .vsix).
import * as esbuild from 'esbuild';

import { readFileSync } from 'fs';

const production = process.argv.includes('--production');
const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node16',
  sourcemap: true,
  minify: production,
  legalComments: production ? 'none' : 'inline',
  logLevel: 'warning',
  // Some ESM dependencies (tinyglobby's fdir) read import.meta.url; give CommonJS bundles a real one.
  define: { CRG_VERSION: JSON.stringify(version), 'import.meta.url': '__importMetaUrl' },
  banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" },
};

// The adapters import the core as `../core`; in the bundles that import becomes a require of the
// shared ./analyzer.js, so TypeScript is bundled once and loaded only when first needed.
const coreAsSharedBundle = {
  name: 'core-as-shared-bundle',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/core(\/index)?$/ }, () => ({ path: './analyzer.js', external: true }));
  },
};

// The protection map's tree building is needed only once its view is shown: the extension requires
// ./protectionMapTree.js then, so activation does not load it.
const treeAsLazyBundle = {
  name: 'tree-as-lazy-bundle',
  setup(build) {
    build.onResolve({ filter: /^\.\/protectionMapTree$/ }, () => ({ path: './protectionMapTree.js', external: true }));
  },
};

await Promise.all([
  esbuild.build({
    ...common,
    entryPoints: { extension: 'src/extension/extension.ts' },
    outdir: 'dist',
    external: ['vscode'],
    plugins: [coreAsSharedBundle, treeAsLazyBundle],
  }),
  esbuild.build({
    ...common,
    entryPoints: { protectionMapTree: 'src/extension/protectionMapTree.ts' },
    outdir: 'dist',
    external: ['vscode'],
    plugins: [coreAsSharedBundle],
  }),
  esbuild.build({
    ...common,
    entryPoints: { analyzer: 'src/core/index.ts' },
    outdir: 'dist',
  }),
  esbuild.build({
    ...common,
    entryPoints: { eslint: 'src/eslint/index.ts' },
    outdir: 'dist',
    plugins: [coreAsSharedBundle],
  }),
  esbuild.build({
    ...common,
    entryPoints: { cli: 'src/cli/cli.ts' },
    outdir: 'dist',
    plugins: [coreAsSharedBundle],
    banner: { js: "#!/usr/bin/env node\nconst __importMetaUrl = require('url').pathToFileURL(__filename).href;" },
  }),
]);
