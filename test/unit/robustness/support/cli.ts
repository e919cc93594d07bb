/** Runs the built CLI (dist/cli.js) in a child process. */
import { spawn, spawnSync } from 'child_process';
import * as path from 'path';

export const REPO = path.resolve(__dirname, '../../../..');
export const CLI = path.join(REPO, 'dist/cli.js');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
  signal: NodeJS.Signals | null;
}

let built = false;

/** `node esbuild.mjs`, once per test run. */
export function buildBundles(): void {
  if (built) return;
  built = true;
  const result = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: REPO, encoding: 'utf8', timeout: 120_000 });
  if (result.status !== 0) throw new Error(`node esbuild.mjs failed (${result.status}):\n${result.stderr}${result.stdout}`);
}

export function runCli(args: readonly string[], options: { cwd?: string; nodeArgs?: readonly string[]; timeout?: number } = {}): CliRun {
  const result = spawnSync(process.execPath, [...(options.nodeArgs ?? []), CLI, ...args], {
    cwd: options.cwd ?? REPO,
    encoding: 'utf8',
    timeout: options.timeout ?? 30_000,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, signal: result.signal };
}

/** Like runCli, without blocking: several runs can share the two cores. */
export function runCliAsync(args: readonly string[], options: { cwd?: string; timeout?: number } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd ?? REPO,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeout ?? 30_000);
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr });
    });
  });
}

/** Runs `jobs` with at most `limit` at a time. */
export async function inParallel<T>(jobs: ReadonlyArray<() => Promise<T>>, limit = 4): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return results;
}
