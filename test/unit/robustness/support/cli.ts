/**
 * Builds the bundles and runs the built CLI in a child process. Other engineers' test runs rebuild
 * dist/ at any time, so the tests use a private copy taken right after their own build (inside the
 * repo, so that the bundles still resolve their node_modules).
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export const REPO = path.resolve(__dirname, '../../../..');
const COPY = path.join(REPO, 'node_modules/.cache/crg-robustness', `dist-${process.pid}`);
export const BUNDLES = ['extension.js', 'protectionMapTree.js', 'analyzer.js', 'cli.js'] as const;

/** Where the tests' copy of a built bundle is (after buildBundles()). */
export function bundle(name: (typeof BUNDLES)[number]): string {
  return path.join(COPY, name);
}

export const CLI = bundle('cli.js');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
  signal: NodeJS.Signals | null;
}

let built = false;

/** `node esbuild.mjs`, once per test run, then a private copy of the bundles. */
export function buildBundles(): void {
  if (built) return;
  const result = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: REPO, encoding: 'utf8', timeout: 120_000 });
  if (result.status !== 0) throw new Error(`node esbuild.mjs failed (${result.status}):\n${result.stderr}${result.stdout}`);
  fs.mkdirSync(COPY, { recursive: true });
  for (const name of BUNDLES) fs.copyFileSync(path.join(REPO, 'dist', name), path.join(COPY, name));
  built = true;
  process.once('exit', () => fs.rmSync(COPY, { recursive: true, force: true }));
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
