/**
 * The analyzer reads files only through this interface, so the editor can serve unsaved buffers and
 * tests can serve fixtures from memory. Implementations return undefined instead of throwing.
 */
export interface FileSystem {
  readFile(path: string): string | undefined;
  fileExists(path: string): boolean;
  directoryExists(path: string): boolean;
}

/** The real disk, through Node's `fs`. Never throws: unreadable means absent. */
export function nodeFileSystem(): FileSystem {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fs = require('fs') as typeof import('fs');
  const statOf = (path: string) => {
    try {
      return fs.statSync(path, { throwIfNoEntry: false });
    } catch {
      return undefined;
    }
  };
  return {
    readFile(path) {
      try {
        return stripBom(fs.readFileSync(path, 'utf8'));
      } catch {
        return undefined;
      }
    },
    fileExists: (path) => statOf(path)?.isFile() ?? false,
    directoryExists: (path) => statOf(path)?.isDirectory() ?? false,
  };
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Serves a fixed set of files (tests), falling back to another file system when given. */
export function memoryFileSystem(files: Record<string, string>, fallback?: FileSystem): FileSystem {
  const normalized = new Map(Object.entries(files).map(([p, t]) => [p.replace(/\\/g, '/'), t]));
  const dirs = new Set<string>();
  for (const p of normalized.keys()) {
    for (let i = p.lastIndexOf('/'); i > 0; i = p.lastIndexOf('/', i - 1)) dirs.add(p.slice(0, i));
  }
  return {
    readFile: (p) => normalized.get(p) ?? fallback?.readFile(p),
    fileExists: (p) => normalized.has(p) || (fallback?.fileExists(p) ?? false),
    directoryExists: (p) => dirs.has(p) || (fallback?.directoryExists(p) ?? false),
  };
}
