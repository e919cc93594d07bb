/**
 * The file system of a long-lived ESLint (an editor's ESLint server never tells a plugin that a helper
 * changed): it remembers when each file it read was last modified, and `checkStale()` reports the ones
 * that changed since, at most once a second, so a run over thousands of files stays one pass of reads.
 */
import * as fs from 'fs';
import type { FileSystem } from '../core';

const CHECK_INTERVAL_MS = 1000;

export interface StaleAwareFileSystem extends FileSystem {
  /** Calls the listeners for every file read earlier that changed on disk since (throttled). */
  checkStale(): void;
  onStale(listener: (file: string) => void): void;
}

export function staleAwareFileSystem(inner: FileSystem): StaleAwareFileSystem {
  const seen = new Map<string, string>();
  const listeners: ((file: string) => void)[] = [];
  let lastCheck = Date.now();
  const stamp = (file: string): string => {
    try {
      const stat = fs.statSync(file);
      return `${stat.mtimeMs}:${stat.size}`;
    } catch {
      return 'missing';
    }
  };
  return {
    readFile(file) {
      const text = inner.readFile(file);
      seen.set(file, stamp(file));
      return text;
    },
    fileExists: (file) => inner.fileExists(file),
    directoryExists: (dir) => inner.directoryExists(dir),
    ...(inner.readDirectory ? { readDirectory: (dir: string) => inner.readDirectory!(dir) } : {}),
    checkStale() {
      const now = Date.now();
      if (now - lastCheck < CHECK_INTERVAL_MS) return;
      lastCheck = now;
      for (const [file, before] of seen) {
        const after = stamp(file);
        if (after === before) continue;
        seen.set(file, after);
        for (const listener of listeners) listener(file);
      }
    },
    onStale(listener) {
      listeners.push(listener);
    },
  };
}
