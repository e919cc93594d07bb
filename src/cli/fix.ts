/**
 * `clerk-route-guard check --fix`: applies the preferred quick fix to every resource flagged
 * `missing-auth-guard` (the 401 guard on route handlers, `auth.protect()` on pages and layouts, the
 * throwing guard on Server Functions), then the normal check reports what remains.
 *
 * Writing is careful:
 *   - each file is written atomically: a temporary file in the same folder, then a rename; the file's
 *     mode (and, as root, its owner) is kept, and a byte-order mark stays;
 *   - a file that changed on disk since it was read is not overwritten (the fix for that route is
 *     skipped and reported);
 *   - only files that edits are for are written, and only inside the route's project (the folder of its
 *     package.json), never under node_modules/.git/…, never through a symbolic link (the file itself or
 *     any folder between the project and the file).
 * All edits of one route are checked before any is written; one route's edits may touch another file
 * (a re-exported handler), which the following routes then see as it is on disk.
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  Analyzer, AnalyzerOptions, applyEdits, editsByFile, FileSystem, fixAllInFile, IGNORED_FOLDERS, nodeFileSystem, TextEdit,
} from '../core';

export interface FixRunResult {
  /** Files written. */
  readonly written: string[];
  /** Handlers that were flagged before and are not after. */
  readonly fixedHandlers: number;
  /** Routes whose fix was not written, and why. */
  readonly problems: string[];
}

const BOM = '\uFEFF';

/** Fixes every flagged resource of `files` (the files the check walks) on disk. Messages go to `log`. */
export function fixFlaggedFiles(files: readonly string[], options: AnalyzerOptions, cwd: string, log: (line: string) => void): FixRunResult {
  const reads = new Map<string, Set<string>>();
  const written: string[] = [];
  const problems: string[] = [];
  let fixedHandlers = 0;
  const rel = (f: string) => path.relative(cwd, f) || f;
  const problem = (message: string) => {
    problems.push(message);
    log(`clerk-route-guard: ${message}`);
  };

  for (const file of files) {
    try {
      const route = path.resolve(file);
      reads.clear();
      // A fresh analyzer per route: the analyzer keeps parsed helpers until told they changed, but the
      // safety check below needs every file this route's fix depends on read now, and an earlier
      // route's fix may have rewritten a helper on disk.
      const analyzer = new Analyzer(recording(nodeFileSystem(), reads), options);
      const read = readText(route);
      if (read === undefined) continue;
      const raw = read.text;
      const text = stripBom(raw);
      if (!read.exact) {
        if (flagged(analyzer, route, text).methods.length) problem(`${rel(route)}: not fixed: the file is not valid UTF-8`);
        continue;
      }
      const before = flagged(analyzer, route, text);
      if (!before.report || before.methods.length === 0) continue;
      const edits = fixAllInFile(analyzer, route, text);
      if (!edits.length) continue;
      const plan = planWrites(route, text, raw, edits, before.report.projectRoot, cwd, reads, rel);
      if (typeof plan === 'string') {
        problem(`${rel(route)}: not fixed: ${plan}`);
        continue;
      }
      const changed = plan.find((w) => readRaw(w.file) !== w.raw);
      if (changed) {
        problem(`${rel(route)}: not fixed: ${rel(changed.file)} changed on disk while fixing`);
        continue;
      }
      for (const w of plan) {
        if (writeFileAtomically(w.file, w.content, w.raw) === 'written') written.push(w.file);
        else problem(`${rel(route)}: ${rel(w.file)} changed on disk while fixing; not overwritten`);
      }
      const after = flagged(analyzer, route);
      const fixed = before.methods.filter((m) => !after.methods.includes(m));
      fixedHandlers += fixed.length;
      if (fixed.length) log(`clerk-route-guard: fixed ${fixed.join(', ')} in ${rel(route)}`);
    } catch (error) {
      problem(`${rel(file)}: not fixed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { written, fixedHandlers, problems };
}

function flagged(analyzer: Analyzer, route: string, text?: string): { report?: ReturnType<Analyzer['analyze']>; methods: string[] } {
  const report = analyzer.analyze(route, text);
  if (report.skipped) return { methods: [] };
  // Information findings (an unreadable dispatcher, a reading route the middleware declares public) are not fixed.
  const warned = report.findings.filter((f) => f.ruleId === 'missing-auth-guard' && f.handler && (f.severity === 'warning' || f.severity === 'error'));
  return { report, methods: warned.map((f) => f.handler!) };
}

interface PlannedWrite {
  readonly file: string;
  /** The file's bytes as read (what must still be on disk when it is replaced). */
  readonly raw: string;
  readonly content: string;
}

/** The writes for one route's edits, or why they cannot be made. */
function planWrites(
  route: string,
  routeText: string,
  routeRaw: string,
  edits: readonly TextEdit[],
  projectRoot: string,
  cwd: string,
  reads: Map<string, Set<string>>,
  rel: (file: string) => string,
): PlannedWrite[] | string {
  const plan: PlannedWrite[] = [];
  for (const [file, list] of editsByFile(edits)) {
    const unsafe = unsafeTarget(file, projectRoot, cwd);
    if (unsafe) return `${rel(file)} ${unsafe}`;
    const read = file === route ? { text: routeRaw, exact: true } : readText(file);
    if (read && !read.exact) return `${rel(file)} is not valid UTF-8`;
    const raw = read?.text;
    // Every read of the file while the fix was computed saw the same text, and that text is still on disk.
    const seen = reads.get(file);
    const base = file === route ? routeText : seen?.size === 1 ? [...seen][0] : undefined;
    if (raw === undefined || base === undefined || stripBom(raw) !== base) return `${rel(file)} changed on disk while fixing`;
    const bom = raw.startsWith(BOM) ? BOM : '';
    plan.push({ file, raw, content: bom + applyEdits(base, list) });
  }
  return plan;
}

/**
 * Why `file` must not be written, or undefined when it may: it must be a regular file inside the
 * project, outside ignored folders, reached without a symbolic link from the project folder, nor from
 * `cwd` when the file is under it (links above those folders are the machine's business, not the tree's).
 */
export function unsafeTarget(file: string, projectRoot: string, cwd?: string): string | undefined {
  const absolute = path.resolve(file);
  const inside = (base: string) => {
    const relative = path.relative(base, absolute);
    return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : undefined;
  };
  const relative = inside(projectRoot);
  if (!relative) return 'outside the project folder';
  if (relative.split(path.sep).some((part) => IGNORED_FOLDERS.has(part))) return 'inside an ignored folder';
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(absolute);
  } catch {
    return 'cannot be read';
  }
  if (stat.isSymbolicLink()) return 'is a symbolic link';
  if (!stat.isFile()) return 'is not a regular file';
  try {
    const real = fs.realpathSync(absolute);
    for (const base of cwd === undefined ? [projectRoot] : [projectRoot, cwd]) {
      const rel = inside(base);
      if (rel !== undefined && real !== path.join(fs.realpathSync(base), rel)) return 'is reached through a symbolic link';
    }
  } catch {
    return 'cannot be resolved';
  }
  return undefined;
}


/**
 * Replaces `file` with `content` through a temporary file in the same folder and a rename, keeping the
 * mode (and owner, as root). Returns 'changed' without writing when the file no longer holds `expected`.
 */
export function writeFileAtomically(file: string, content: string, expected: string): 'written' | 'changed' {
  const stat = fs.statSync(file);
  // 'wx' fails rather than reuse an existing file; the name only has to be unlikely to exist.
  const unique = `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.crg-${unique}.tmp`);
  const fd = fs.openSync(tmp, 'wx', stat.mode & 0o7777);
  try {
    try {
      fs.writeFileSync(fd, content);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.chmodSync(tmp, stat.mode & 0o7777);
    if (process.getuid?.() === 0) {
      try {
        fs.chownSync(tmp, stat.uid, stat.gid);
      } catch {
        // keep going: the content matters more than the owner
      }
    }
    if (readRaw(file) !== expected) {
      fs.unlinkSync(tmp);
      return 'changed';
    }
    fs.renameSync(tmp, file);
    return 'written';
  } catch (error) {
    try {
      fs.unlinkSync(tmp);
    } catch {
      // already gone
    }
    throw error;
  }
}

function readRaw(file: string): string | undefined {
  return readText(file)?.text;
}

/** A file's text; `exact` when it is valid UTF-8 (writing the text back keeps every byte). */
function readText(file: string): { text: string; exact: boolean } | undefined {
  try {
    const bytes = fs.readFileSync(file);
    const text = bytes.toString('utf8');
    return { text, exact: Buffer.from(text, 'utf8').equals(bytes) };
  } catch {
    return undefined;
  }
}

function stripBom(text: string): string {
  return text.startsWith(BOM) ? text.slice(1) : text;
}

/** A file system that remembers every text it served for each file (the base of that file's edits). */
function recording(fsys: FileSystem, reads: Map<string, Set<string>>): FileSystem {
  return {
    readFile(p) {
      const text = fsys.readFile(p);
      if (text !== undefined) {
        const key = path.resolve(p);
        reads.set(key, (reads.get(key) ?? new Set()).add(text));
      }
      return text;
    },
    fileExists: (p) => fsys.fileExists(p),
    directoryExists: (p) => fsys.directoryExists(p),
  };
}
