/**
 * A small seeded PRNG (mulberry32) so every fuzz case can be replayed from its printed seed.
 * FUZZ_SEED overrides the fixed default seed, FUZZ_RUNS the number of random mutations.
 */
export const DEFAULT_FUZZ_SEED = 0x5eed_c1e2;
export const DEFAULT_FUZZ_RUNS = 10_000;

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be an integer, got "${raw}"`);
  return value;
}

export function fuzzSeed(): number {
  return envInt('FUZZ_SEED', DEFAULT_FUZZ_SEED) >>> 0;
}

export function fuzzRuns(): number {
  return Math.max(0, envInt('FUZZ_RUNS', DEFAULT_FUZZ_RUNS));
}

export class Random {
  private state: number;
  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }
  /** A float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
}

/** The seed of case `index` of a run seeded with `seed`: each case is replayable on its own. */
export function caseSeed(seed: number, index: number): number {
  let h = (seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}
