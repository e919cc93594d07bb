// The package entry `clerk-route-guard/eslint` (dist/eslint.js). CommonJS on purpose: both
// `require('clerk-route-guard/eslint')` and `import plugin from 'clerk-route-guard/eslint'` get the plugin.
import { plugin } from './plugin';

module.exports = plugin;
