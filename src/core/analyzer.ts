/**
 * The entry point of the analysis core: given a file name (and optionally its unsaved text), report
 * its handlers and findings. Never throws: a file it cannot analyse comes back with `skipped` set.
 */
import * as path from 'path';
import picomatch from 'picomatch';
import { checkRouteModule, HandlerReport } from './analysis/analyzeRoute';
import { TooDeepError } from './analysis/engine';
import type { Finding } from './findings';
import { FileSystem, nodeFileSystem, stripBom } from './project/fileSystem';
import { Project } from './project/project';

export interface AnalyzerOptions {
  /** Files larger than this many characters are skipped with a note. */
  readonly maxFileSize?: number;
  /** Globs (relative to the project root) of routes that are public by design. */
  readonly publicRoutes?: readonly string[];
}

export const DEFAULT_MAX_FILE_SIZE = 2_000_000;

export interface FileReport {
  readonly fileName: string;
  readonly projectRoot: string;
  readonly handlers: readonly HandlerReport[];
  readonly findings: readonly Finding[];
  /** Why the file was not analysed (too large, unreadable, too deeply nested, internal error). */
  readonly skipped?: string;
}

export class Analyzer {
  private readonly projects = new Map<string, Project>();
  private readonly rootOfDir = new Map<string, string>();
  private publicMatcher?: (relativePath: string) => boolean;

  constructor(
    readonly fs: FileSystem = nodeFileSystem(),
    private options: AnalyzerOptions = {},
  ) {
    this.setOptions(options);
  }

  setOptions(options: AnalyzerOptions): void {
    this.options = options;
    const globs = options.publicRoutes?.filter((g) => g.trim()) ?? [];
    this.publicMatcher = globs.length ? picomatch(globs as string[], { dot: true }) : undefined;
  }

  /** Analyses a route file. `text` is the editor's unsaved content; without it the file is read. */
  analyze(fileName: string, text?: string): FileReport {
    const absolute = path.resolve(fileName);
    let root = path.dirname(absolute);
    try {
      const project = this.projectFor(absolute);
      root = project.root;
      const source = text !== undefined ? stripBom(text) : this.fs.readFile(absolute);
      if (source === undefined) return skipped(absolute, root, 'the file could not be read');
      const limit = this.options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
      if (source.length > limit) return skipped(absolute, root, `the file is larger than the ${limit}-character limit`);
      if (source.includes('\u0000')) return skipped(absolute, root, 'the file is binary');
      const module = project.parse(absolute, source);
      const publicRoute = this.publicRouteGlob(path.relative(root, absolute));
      const { handlers, findings } = checkRouteModule(module, { publicRoute });
      return { fileName: absolute, projectRoot: root, handlers, findings };
    } catch (error) {
      if (error instanceof TooDeepError || error instanceof RangeError) {
        return skipped(absolute, root, 'the code is nested too deeply to analyse');
      }
      return skipped(absolute, root, `internal error: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** The project (nearest folder with a package.json) a file belongs to. */
  projectFor(fileName: string): Project {
    const root = this.projectRoot(path.dirname(path.resolve(fileName)));
    let project = this.projects.get(root);
    if (!project) {
      project = new Project(root, this.fs, this.options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE);
      this.projects.set(root, project);
    }
    return project;
  }

  /** A configuration file changed: drop what was derived from it. Source files need nothing (text compare). */
  fileChanged(fileName: string): void {
    const base = path.basename(fileName);
    if (base === 'package.json') {
      this.rootOfDir.clear();
      this.projects.clear();
    } else if (/^(ts|js)config(\..*)?\.json$/.test(base)) {
      for (const project of this.projects.values()) project.invalidate();
    }
  }

  private projectRoot(dir: string): string {
    const cached = this.rootOfDir.get(dir);
    if (cached) return cached;
    let root = dir;
    for (let d = dir; ; d = path.dirname(d)) {
      if (this.fs.fileExists(path.join(d, 'package.json'))) {
        root = d;
        break;
      }
      if (path.dirname(d) === d) break;
    }
    this.rootOfDir.set(dir, root);
    return root;
  }

  private publicRouteGlob(relativePath: string): string | undefined {
    if (!this.publicMatcher || !this.publicMatcher(relativePath.split(path.sep).join('/'))) return undefined;
    return this.options.publicRoutes!.find((g) => picomatch.isMatch(relativePath.split(path.sep).join('/'), g, { dot: true }));
  }
}

function skipped(fileName: string, projectRoot: string, reason: string): FileReport {
  return { fileName, projectRoot, handlers: [], findings: [], skipped: reason };
}
