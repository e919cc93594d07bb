// Starting and stopping code-server (the VS Code server whose Node extension host runs the tests).
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

// Process groups of servers still running. The server spawns the extension host and other helpers
// that outlive it if only the server is signalled, so we always signal the whole group.
const liveGroups = new Set();

/** Last resort, for process 'exit' (synchronous context): kill every group we started. */
export function killAllServersSync() {
  for (const pgid of liveGroups) killGroup(pgid, 'SIGKILL');
  liveGroups.clear();
}

function killGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
  } catch (error) {
    if (error.code !== 'ESRCH') throw error; // ESRCH: the group is already gone
  }
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * The environment of code-server and, through inheritance, of the extension host and the tests:
 * every place it could write state is redirected into the scenario's temp dir.
 */
export function hostEnv({ dirs, node, extra }) {
  const env = { ...process.env };
  // When run from a VS Code terminal these would make code-server talk to that other instance.
  // npm_* come from `npm run` and describe the outer npm, not anything the host should use.
  for (const key of Object.keys(env)) if (/^(VSCODE_|npm_)/i.test(key) || key === 'ELECTRON_RUN_AS_NODE') delete env[key];
  return {
    ...env,
    PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH}`,
    XDG_CONFIG_HOME: dirs.xdgConfig,
    XDG_DATA_HOME: dirs.xdgData,
    XDG_CACHE_HOME: dirs.xdgCache,
    XDG_STATE_HOME: dirs.xdgState,
    // Short on purpose: code-server puts Unix sockets here and their paths are limited to 107 bytes.
    TMPDIR: dirs.tmp,
    ...extra,
  };
}

function commonArgs(dirs) {
  return ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
}

/** `code-server --install-extension <vsix>` into the scenario's extensions dir. */
export function installExtension({ codeServerEntry, node, dirs, env, vsix, logFile }) {
  const result = spawnSync(node, [codeServerEntry, ...commonArgs(dirs), '--install-extension', vsix], {
    env, encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  createWriteStream(logFile, { flags: 'a' }).end(`$ code-server --install-extension ${vsix}\n${output}\n`);
  if (result.status !== 0) throw new Error(`--install-extension failed (exit ${result.status ?? result.signal}):\n${output}`);
}

/**
 * Starts code-server on 127.0.0.1:<port> in its own process group and waits for /healthz.
 * Returns { port, stop() }.
 */
export async function startServer({ codeServerEntry, node, dirs, env, logFile }) {
  const port = await freePort();
  const log = createWriteStream(logFile, { flags: 'a' });
  await new Promise((resolve) => log.once('open', resolve));
  const args = [
    codeServerEntry,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    // Extension hosts of a closed tab linger for the grace time; keep it short.
    '--reconnection-grace-time', '5',
    // Without this the workbench silently ignores the extensionDevelopmentPath/extensionTestsPath payload.
    '--vscode-option', 'enable-smoke-test-driver',
    ...commonArgs(dirs),
  ];
  const child = spawn(node, args, { env, detached: true, stdio: ['ignore', log, log] });
  liveGroups.add(child.pid);
  let exited = null;
  const exitPromise = new Promise((resolve) => child.once('exit', (code, signal) => {
    exited = { code, signal };
    resolve();
  }));

  const stop = async () => {
    killGroup(child.pid, 'SIGTERM');
    await Promise.race([exitPromise, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    killGroup(child.pid, 'SIGKILL'); // whatever of the group is left (extension host, watchers)
    liveGroups.delete(child.pid);
    log.end();
  };

  try {
    await waitForHealth(port, () => exited, 60_000);
  } catch (error) {
    await stop();
    const tail = readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n');
    throw new Error(`${error.message}\n--- ${logFile} (tail) ---\n${tail}`);
  }
  return { port, stop };
}

async function waitForHealth(port, hasExited, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const exited = hasExited();
    if (exited) throw new Error(`code-server exited early (code ${exited.code}, signal ${exited.signal})`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`code-server did not answer /healthz on port ${port} within ${timeoutMs / 1000} s`);
}
