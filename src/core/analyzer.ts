/**
 * The entry point of the analysis core: given a file name (and optionally its unsaved text), report
 * its handlers and findings. Never throws: a file it cannot analyse comes back with `skipped` set.
 */
import * as path from 'path';
import picomatch from 'picomatch';
import { checkResources, ResourceReport } from './analysis/checkResources';
import { TooDeepError } from './analysis/engine';
import type { ClerkVersionInfo } from './clerk/version';
import type { Finding, RuleId, SeverityOverride, TextRange } from './findings';
import { appParentDir, isMiddlewareFilePath } from './middleware/locate';
import { routeMatcherFindings } from './protection/matcherRule';
import { checkRouteMiddleware, RouteMiddlewareResult } from './middleware/routeCheck';
import { FileSystem, nodeFileSystem, stripBom } from './project/fileSystem';
import { Project, UnparsableError } from './project/project';
import { findResources } from './resources/discover';
import { appFileKind, AppFileKind, COMPONENT_FILE_EXTENSIONS, RESOURCE_NOUN } from './resources/kinds';
import { textRangeIn } from './positions';
import { FixableFinding, MiddlewareProtectedSeverity, ProjectFacts, runClerkRules } from './rules';
import type { ClerkApi } from './templates';

export interface AnalyzerOptions {
  /** Files larger than this many characters are skipped with a note. */
  readonly maxFileSize?: number;
  /** Globs (relative to the project root) of routes that are public by design. */
  readonly publicRoutes?: readonly string[];
  /**
   * Severity of `missing-auth-guard` when clerkMiddleware() already protects the route ('warning' by
   * default: middleware can be bypassed, CVE-2025-29927, and Clerk recommends guarding each handler).
   */
  readonly middlewareProtectedSeverity?: MiddlewareProtectedSeverity;
  /**
   * Keep each file's last syntax tree and re-parse only the changed span when `analyze` is given new
   * text for it (the editor, as the user types). Off for batch runs, where it would only hold memory.
   */
  readonly incremental?: boolean;
  /** The user's severity per rule (settings, config); absent rules keep their version-aware default. */
  readonly severities?: Partial<Record<RuleId, SeverityOverride>>;
}

export const DEFAULT_MAX_FILE_SIZE = 2_000_000;

export interface FileReport {
  readonly fileName: string;
  readonly projectRoot: string;
  /** Route handlers, pages, layouts, templates, defaults and Server Functions, in source order. */
  readonly resources: readonly ResourceReport[];
  /** missing-auth-guard and the Clerk-version rules; migration findings may carry a `fix`. */
  readonly findings: readonly FixableFinding[];
  /** The project's `@clerk/nextjs` version and the API generation the rules assume. */
  readonly clerk: ClerkVersionInfo;
  /** Why the file was not analysed (too large, unreadable, too deeply nested, internal error). */
  readonly skipped?: string;
}

export class Analyzer {
  private readonly projects = new Map<string, Project>();
  private readonly rootOfDir = new Map<string, string>();
  /** The layout note of each folder with a flagged page (see withLayoutNote); dropped when a layout or helper changes. */
  private readonly layoutNotes = new Map<string, { fileName: string; range: TextRange } | undefined>();
  private publicMatcher?: (relativePath: string) => boolean;
  private readonly facts: ProjectFacts;

  constructor(
    readonly fs: FileSystem = nodeFileSystem(),
    private options: AnalyzerOptions = {},
  ) {
    this.facts = new ProjectFacts(fs);
    this.setOptions(options);
  }

  setOptions(options: AnalyzerOptions): void {
    this.options = options;
    const globs = options.publicRoutes?.filter((g) => g.trim()) ?? [];
    this.publicMatcher = globs.length ? picomatch(globs as string[], { dot: true }) : undefined;
  }

  /**
   * Analyses a file: its resources (by its path, or Server Functions by its `'use server'` directives)
   * and the Clerk-version rules. `text` is the editor's unsaved content; without it the file is read.
   */
  analyze(fileName: string, text?: string): FileReport {
    const absolute = path.resolve(fileName);
    let root = path.dirname(absolute);
    try {
      const project = this.projectOfAbsolute(absolute);
      root = project.root;
      const source = text !== undefined ? stripBom(text) : this.fs.readFile(absolute);
      if (source === undefined) return this.skipped(absolute, root, 'the file could not be read');
      const limit = this.options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
      if (source.length > limit) return this.skipped(absolute, root, `the file is larger than the ${limit}-character limit`);
      if (source.includes('\u0000')) return this.skipped(absolute, root, 'the file is binary');
      const module = project.parse(absolute, source, text !== undefined && this.options.incremental === true);
      const publicRoute = this.publicMatcher ? this.publicRouteGlob(path.relative(root, absolute)) : undefined;
      const clerkNotUsed = this.facts.clerk(root).notUsed === true && module.clerkImportNames().length === 0;
      const kind = this.appFileKindIn(absolute, root);
      const checked = checkResources(module, findResources(module, kind), { publicRoute, clerkNotUsed });
      // User severities apply before the middleware adjustment, which may lower missing-auth-guard further.
      const all = runClerkRules({
        facts: this.facts, projectRoot: root, fileName: absolute, module, resources: checked.resources, appFileKind: kind,
        findings: this.withSeverities(checked.findings),
        middlewareProtectedSeverity: this.options.middlewareProtectedSeverity,
      });
      if (isMiddlewareFilePath(absolute)) all.push(...routeMatcherFindings(this, absolute, module.sourceFile.text, this.facts.clerk(root)));
      const findings = this.withSeverities(all, (f) => f.ruleId !== 'missing-auth-guard').map((f) => this.withLayoutNote(f, absolute, root, kind));
      return { fileName: absolute, projectRoot: root, resources: checked.resources, findings, clerk: this.facts.clerk(root) };
    } catch (error) {
      if (error instanceof TooDeepError || error instanceof RangeError) {
        return this.skipped(absolute, root, 'the code is nested too deeply to analyse');
      }
      if (error instanceof UnparsableError) return this.skipped(absolute, root, error.message);
      return this.skipped(absolute, root, `internal error: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /**
   * The App Router kind of a file: its name says so, and, for pages and layouts (names common outside
   * routing), its `app` folder sits at the project root or in `src/`.
   */
  private appFileKindIn(absolute: string, root: string): AppFileKind | undefined {
    const kind = appFileKind(absolute);
    if (!kind || kind === 'route') return kind;
    const parent = appParentDir(absolute);
    return parent === root || parent === path.join(root, 'src') ? kind : undefined;
  }

  /**
   * A page (or nested layout, template, default) flagged while a layout above it checks for a user:
   * say that the layout's check does not protect it (layouts do not render again on client-side
   * navigation, and a page's data can be requested without them).
   */
  private withLayoutNote<F extends FixableFinding>(finding: F, file: string, root: string, kind: AppFileKind | undefined): F {
    if (finding.ruleId !== 'missing-auth-guard' || !kind || kind === 'route' || finding.resource === 'server-function') return finding;
    const layout = this.checkingLayoutAbove(file);
    if (!layout) return finding;
    const message = `The check in ${path.relative(root, layout.fileName).split(path.sep).join('/')} does not run for this ${RESOURCE_NOUN[kind]} on client-side navigation`;
    return { ...finding, related: [...finding.related, { message, fileName: layout.fileName, ...layout.range }] };
  }

  /** The nearest `layout.*` above the file (up to its `app` folder) whose component asks Clerk and is guarded. */
  private checkingLayoutAbove(file: string): { fileName: string; range: TextRange } | undefined {
    // Per folder: each keystroke in a flagged page would otherwise parse its layouts again.
    const key = path.basename(file).startsWith('layout.') ? `${path.dirname(file)}#layout` : path.dirname(file);
    if (!this.layoutNotes.has(key)) this.layoutNotes.set(key, this.findCheckingLayout(file));
    return this.layoutNotes.get(key);
  }

  private findCheckingLayout(file: string): { fileName: string; range: TextRange } | undefined {
    const appDir = path.join(appParentDir(file), 'app');
    const own = path.basename(file).startsWith('layout.') ? path.dirname(file) : undefined;
    for (let dir = path.dirname(file); dir.startsWith(appDir); dir = path.dirname(dir)) {
      if (dir === own) continue;
      for (const ext of COMPONENT_FILE_EXTENSIONS) {
        const layoutFile = path.join(dir, `layout.${ext}`);
        if (!this.fs.fileExists(layoutFile)) continue;
        const report = this.analyze(layoutFile);
        const layout = report.resources.find((r) => r.kind === 'layout');
        if (layout?.status === 'guarded' && layout.asksClerk) {
          return { fileName: layoutFile, range: textRangeIn(this.fs.readFile(layoutFile) ?? '', layout.nameStart, layout.nameEnd) };
        }
      }
      if (dir === appDir) break;
    }
    return undefined;
  }

  /**
   * What the project's middleware decides for the URL of an App Router file (page, layout, template,
   * default, route): whether it stops signed-out requests there, and whether it declares the URL public.
   * Undefined for other files.
   */
  middlewareDecision(fileName: string): RouteMiddlewareResult | undefined {
    const absolute = path.resolve(fileName);
    try {
      const project = this.projectOfAbsolute(absolute);
      if (!this.appFileKindIn(absolute, project.root)) return undefined;
      // The file is parsed only when the middleware has a problem to report in it (rarely, for a map).
      const module = () => project.parse(absolute, stripBom(this.fs.readFile(absolute) ?? ''), false);
      return checkRouteMiddleware({
        index: this.facts.middleware, projectRoot: project.root, routeFile: absolute, module,
        clerk: this.facts.clerk(project.root), nextMajor: this.facts.nextMajor(project.root),
      });
    } catch {
      return undefined;
    }
  }

  /** The editor closed a file: stop keeping its tree for incremental parsing. */
  fileClosed(fileName: string): void {
    for (const project of this.projects.values()) project.forgetEditorTree(path.resolve(fileName));
  }

  /**
   * Drops a project's parsed helpers. The CLI calls it when its sorted file list moves past the
   * project, so memory stays flat however many projects a run covers.
   */
  releaseProject(root: string): void {
    this.projects.delete(root);
  }

  /** Applies the user's per-rule severities: `off` drops the finding. */
  private withSeverities<F extends Finding>(findings: readonly F[], applies: (f: F) => boolean = () => true): F[] {
    const overrides = this.options.severities;
    if (!overrides) return [...findings];
    const out: F[] = [];
    for (const f of findings) {
      const override = applies(f) ? overrides[f.ruleId] : undefined;
      if (override === 'off') continue;
      out.push(override ? { ...f, severity: override } : f);
    }
    return out;
  }

  /**
   * The project (nearest folder with a package.json) a file belongs to. For a route file the search
   * starts above its `app` folder: Next.js builds everything in there as one project, so a
   * package.json inside it changes nothing (and each route folder need not be probed for one).
   */
  projectFor(fileName: string): Project {
    return this.projectOfAbsolute(path.resolve(fileName));
  }

  private projectOfAbsolute(absolute: string): Project {
    const root = this.projectRoot(appFileKind(absolute) ? appParentDir(absolute) : path.dirname(absolute));
    let project = this.projects.get(root);
    if (!project) {
      project = new Project(root, this.fs, this.options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE, this.facts.clerk(root).api === 'v6');
      this.projects.set(root, project);
    }
    return project;
  }

  /** The Clerk API generation of the project a file belongs to (for quick fixes and snippets). */
  clerkApi(fileName: string): ClerkApi {
    return this.clerkVersion(fileName).api;
  }

  /** The `@clerk/nextjs` version of the project a file belongs to, and where it was found. */
  clerkVersion(fileName: string): ClerkVersionInfo {
    return this.facts.clerk(this.projectFor(fileName).root);
  }

  /**
   * A file changed: drop what was derived from it. Call it for every change the analyzer cannot see
   * by itself: source files edited in an editor (`how = 'edited'`: imports keep resolving as before),
   * created, changed or deleted on disk, package.json files (also node_modules/@clerk/nextjs/package.json
   * after an install), tsconfig/jsconfig, and middleware.ts / proxy.ts.
   */
  fileChanged(fileName: string, how: 'edited' | 'changed' = 'changed'): void {
    this.facts.fileChanged(fileName);
    // A layout, a helper it calls or a config may have changed; a page, route or template never decides a layout's verdict.
    const kind = appFileKind(path.resolve(fileName));
    if (!kind || kind === 'layout') this.layoutNotes.clear();
    const base = path.basename(fileName);
    if (base === 'package.json') {
      this.rootOfDir.clear();
      this.projects.clear();
    } else if (/^(ts|js)config(\..*)?\.json$/.test(base) || base.endsWith('.prisma')) {
      for (const project of this.projects.values()) project.invalidate();
    } else {
      for (const project of this.projects.values()) project.fileChanged(path.resolve(fileName), how === 'edited');
    }
  }

  private projectRoot(dir: string): string {
    const cached = this.rootOfDir.get(dir);
    if (cached) return cached;
    const visited: string[] = [];
    for (let d = dir; ; d = path.dirname(d)) {
      const known = this.rootOfDir.get(d);
      if (known) return this.remember(visited, known);
      visited.push(d);
      if (this.fs.fileExists(path.join(d, 'package.json'))) return this.remember(visited, d);
      if (path.dirname(d) === d) break;
    }
    // No package.json above: the file's own folder stands in for the project.
    this.rootOfDir.set(dir, dir);
    return dir;
  }

  /** Every folder walked through on the way to a project root belongs to it: the next route nearby stops early. */
  private remember(folders: readonly string[], root: string): string {
    for (const d of folders) this.rootOfDir.set(d, root);
    return root;
  }

  private publicRouteGlob(relativePath: string): string | undefined {
    const slashed = relativePath.split(path.sep).join('/');
    if (!this.publicMatcher || !this.publicMatcher(slashed)) return undefined;
    return this.options.publicRoutes!.find((g) => picomatch.isMatch(slashed, g, { dot: true }));
  }

  private skipped(fileName: string, projectRoot: string, reason: string): FileReport {
    let clerk: ClerkVersionInfo;
    try {
      clerk = this.facts.clerk(projectRoot);
    } catch {
      clerk = { api: 'v6', source: 'default' };
    }
    return { fileName, projectRoot, resources: [], findings: [], clerk, skipped: reason };
  }
}
