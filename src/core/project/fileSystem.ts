/**
 * The analyzer reads files only through this interface, so the editor can serve unsaved buffers and
 * tests can serve fixtures from memory. Implementations return undefined instead of throwing.
 */
export interface FileSystem {
  readFile(path: string): string | undefined;
  fileExists(path: string): boolean;
  directoryExists(path: string): boolean;
  /** The entries of a folder (for a monorepo's workspace packages); absent means none are listed. */
  readDirectory?(path: string): DirectoryEntry[];
}

export interface DirectoryEntry {
  readonly name: string;
  readonly isDirectory: boolean;
}

/** A JSON file holding an object (package.json), or undefined when it is missing or anything else. */
export function readJsonObject(fs: FileSystem, file: string): Record<string, unknown> | undefined {
  const text = fs.readFile(file);
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
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
    readDirectory(path) {
      try {
        // Links are not followed: a workspace package is a real folder of the repository.
        return fs.readdirSync(path, { withFileTypes: true }).map((e) => ({ name: e.name, isDirectory: e.isDirectory() }));
      } catch {
        return [];
      }
    },
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
    readDirectory(p) {
      const entries = new Map<string, boolean>();
      for (const file of normalized.keys()) {
        if (!file.startsWith(p + '/')) continue;
        const [name, ...rest] = file.slice(p.length + 1).split('/');
        entries.set(name, (entries.get(name) ?? false) || rest.length > 0);
      }
      for (const e of fallback?.readDirectory?.(p) ?? []) if (!entries.has(e.name)) entries.set(e.name, e.isDirectory);
      return [...entries].map(([name, isDirectory]) => ({ name, isDirectory }));
    },
  };
}
