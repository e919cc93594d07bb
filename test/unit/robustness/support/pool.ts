/** Runs fuzz jobs in worker threads, one per core (FUZZ_WORKERS overrides; 1 runs them in this thread). */
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';

export function workerCount(): number {
  const raw = process.env.FUZZ_WORKERS;
  const n = raw ? Number(raw) : Math.min(4, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
  return Number.isInteger(n) && n > 0 ? n : 1;
}

/** Calls `fn` of `module` with each argument list, in parallel workers; results in the same order. */
export async function runJobs<T>(module: string, fn: string, argLists: readonly unknown[][]): Promise<T[]> {
  if (workerCount() === 1) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(module);
    return argLists.map((args) => mod[fn](...args) as T);
  }
  return Promise.all(
    argLists.map(
      (args) =>
        new Promise<T>((resolve, reject) => {
          const worker = new Worker(path.join(__dirname, 'worker.cjs'), { workerData: { module, fn, args } });
          worker.once('message', (m: { ok?: T; error?: string }) => (m.error !== undefined ? reject(new Error(m.error)) : resolve(m.ok as T)));
          worker.once('error', reject);
          worker.once('exit', (code) => code !== 0 && reject(new Error(`fuzz worker exited with code ${code}`)));
        }),
    ),
  );
}
