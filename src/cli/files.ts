/** Turns the CLI's path arguments into the list of files to check. */
import * as fs from 'fs';
import * as path from 'path';
import { globSync } from 'tinyglobby';
import {
  IGNORED_FOLDERS, SOURCE_FILE_EXTENSIONS, isCheckedFilePath,
  isSourceFilePath, mayHoldServerFunctions,
} from '../core';

export class PathError extends Error {}

/**
 * Files are taken as given; folders are walked for every server-side resource file (`app/**\/route.*`,
 * `page.*`, `layout.*`, `template.*`, `default.*`, and any source file whose text holds `'use server'`)
 * and middleware/proxy files, skipping node_modules, .next, .git, dist and out, and not following
 * symbolic links (a link loop or a link out of the tree is never walked). Throws PathError for a path
 * that does not exist or cannot be read.
 */
export function collectCheckedFiles(paths: readonly string[], cwd: string): string[] {
  const files = new Set<string>();
  for (const p of paths) {
    const absolute = path.resolve(cwd, p);
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(absolute);
    } catch {
      throw new PathError(`no such file or folder: ${p}`);
    }
    if (stat.isFile()) files.add(absolute);
    else if (stat.isDirectory()) for (const f of walk(absolute)) files.add(f);
    else throw new PathError(`not a file or folder: ${p}`);
  }
  return [...files].sort();
}

function walk(dir: string): string[] {
  try {
    fs.readdirSync(dir);
  } catch {
    throw new PathError(`cannot read folder: ${dir}`);
  }
  const found = globSync([`**/*.{${SOURCE_FILE_EXTENSIONS.join(',')}}`], {
    cwd: dir,
    absolute: true,
    dot: false,
    followSymbolicLinks: false,
    onlyFiles: true,
    ignore: [...IGNORED_FOLDERS].map((f) => `**/${f}/**`),
  });
  return found.map((f) => path.resolve(f)).filter((f) => isCheckedFilePath(f) || (isSourceFilePath(f) && holdsServerFunctions(f)));
}

/** Reads the file to see whether it may declare Server Functions (unreadable files are left to the analyzer). */
function holdsServerFunctions(file: string): boolean {
  try {
    return mayHoldServerFunctions(fs.readFileSync(file, 'utf8'));
  } catch {
    return false;
  }
}
