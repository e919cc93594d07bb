/**
 * The protection map: every server-side resource of an app with its URL and who protects it, the
 * resource itself, the middleware only, nobody (unguarded), or nobody on purpose. The CLI's `map`, the
 * editor's tree view, `route-matcher-protection` and `migrate` all read resources through here.
 */
import * as path from 'path';
import type { Analyzer, FileReport } from '../analyzer';
import type { ResourceReport } from '../analysis/checkResources';
import type { Protection } from '../middleware/middlewareFile';
import { textRangeIn } from '../positions';
import type { FileSystem } from '../project/fileSystem';
import { readBasePath } from '../project/nextConfig';
import { appFileKind, ComponentKind, IGNORED_FOLDERS, isComponentKind, ResourceKind, routeUrlPath } from '../resources/kinds';

export type ProtectionState = 'own-check' | 'middleware-only' | 'public' | 'unguarded' | 'no-work' | 'not-judged';

/** How each state is named to people, in the order the map lists them. */
export const PROTECTION_STATES: Readonly<Record<ProtectionState, { readonly label: string; readonly description: string }>> = {
  'unguarded': { label: 'unguarded', description: 'reaches protected work without a signed-in user, and nothing in front stops it' },
  'middleware-only': { label: 'middleware only', description: 'only the middleware stops signed-out requests: no check of its own' },
  'own-check': { label: 'own check', description: 'checks for a signed-in user itself' },
  'public': { label: 'public on purpose', description: 'the project says it is public (annotation, setting, middleware public list, its own code)' },
  'no-work': { label: 'no protected work', description: 'does nothing a signed-out caller could misuse' },
  'not-judged': { label: 'not judged', description: 'its function could not be read, or the app does not use Clerk' },
};

export interface MiddlewareRule {
  readonly fileName: string;
  /** Zero-based line of the decision (the protect call). */
  readonly line: number;
  /** The createRouteMatcher lists the decision read. */
  readonly matchers: readonly string[];
  /** `auth.protect(…)`'s options as written (`{ role: 'org:admin' }`), when it asks for more than a session. */
  readonly condition?: string;
}

export interface MappedResource {
  readonly fileName: string;
  readonly kind: ResourceKind;
  /** `GET`, `default`, a Server Function's name. */
  readonly name: string;
  /** The URL pattern (`/notes/[id]`); absent for Server Functions, which are POSTed to the page that uses them. */
  readonly url?: string;
  readonly state: ProtectionState;
  /** Zero-based line of the resource's name. */
  readonly line: number;
  /** Why the state (the public reason, what the middleware does). */
  readonly reason?: string;
  /** The middleware's protection of the URL, whatever the state. */
  readonly middleware?: MiddlewareRule;
}

/**
 * A page, layout, template or default file whose component is no resource: a `'use client'` module (or
 * a re-export of one). It cannot check for itself; only the middleware can keep visitors out of it.
 */
export function clientComponentKind(report: FileReport): ComponentKind | undefined {
  const kind = appFileKind(report.fileName);
  return kind && isComponentKind(kind) && !report.skipped && !report.resources.some((r) => r.kind === kind) ? kind : undefined;
}

/**
 * The resources of one analysed file, each with its state. URLs carry the project's static `basePath`
 * (`next.config.*`), as the browser sees them.
 */
export function mapReport(analyzer: Analyzer, report: FileReport, basePath = readBasePath(analyzer.fs, report.projectRoot)): MappedResource[] {
  if (report.skipped) return [];
  const fileKind = appFileKind(report.fileName);
  const clientComponent = clientComponentKind(report);
  if (report.resources.length === 0 && !clientComponent) return [];
  const text = analyzer.fs.readFile(report.fileName);
  const urlKind = fileKind !== undefined;
  const decision = urlKind ? analyzer.middlewareDecision(report.fileName) : undefined;
  const middleware = decision?.protection && decision.middlewareFile ? middlewareRule(decision.middlewareFile, decision.protection) : undefined;
  // A 'use client' page is no server resource, but when only the middleware keeps visitors out of it,
  // the map must show it: moving protection into the resources cannot cover it.
  const client: MappedResource[] = clientComponent && middleware
    ? [{ fileName: report.fileName, kind: clientComponent, name: 'default', url: withBasePath(basePath, routeUrlPath(report.fileName)), state: 'middleware-only', line: 0, reason: 'a client component: it cannot check for itself', middleware }]
    : [];
  return [...client, ...report.resources.map((resource) => {
    const finding = report.findings.find((f) => f.ruleId === 'missing-auth-guard' && f.handler === resource.name && f.resource === resource.kind);
    const byUrl = urlKind && resource.kind !== 'server-function';
    const state = stateOf(resource, finding?.severity === 'info', byUrl ? middleware : undefined);
    return {
      fileName: report.fileName,
      kind: resource.kind,
      name: resource.name,
      url: byUrl ? withBasePath(basePath, routeUrlPath(report.fileName)) : undefined,
      state,
      line: text !== undefined ? textRangeIn(text, resource.nameStart, resource.nameEnd).range.start.line : 0,
      reason: state === 'public' ? resource.publicReason ?? finding?.publicIntent : undefined,
      middleware: byUrl ? middleware : undefined,
    };
  })];
}

function stateOf(resource: ResourceReport, lowered: boolean, middleware: MiddlewareRule | undefined): ProtectionState {
  switch (resource.status) {
    case 'clerk-not-used':
    case 'unresolved':
      return 'not-judged';
    case 'public':
      return 'public';
    case 'unguarded':
      // A lowered finding is the project's own statement that the URL is public.
      return lowered ? 'public' : middleware ? 'middleware-only' : 'unguarded';
    case 'guarded':
      // A resource that does no protected work still relies on the middleware to keep visitors out.
      return resource.asksClerk ? 'own-check' : middleware ? 'middleware-only' : 'no-work';
  }
}

function middlewareRule(fileName: string, protection: Protection): MiddlewareRule {
  const sf = protection.node.getSourceFile();
  return {
    fileName,
    line: sf.getLineAndCharacterOfPosition(protection.node.getStart(sf)).line,
    matchers: protection.matchers,
    condition: protection.condition?.getText(sf),
  };
}

/** Maps the given files (the CLI's or the editor's list), in URL order; Server Functions last, by file. */
export function buildProtectionMap(analyzer: Analyzer, files: readonly string[]): MappedResource[] {
  const out: MappedResource[] = [];
  const basePaths = new Map<string, string>();
  for (const file of files) {
    const report = analyzer.analyze(file);
    let basePath = basePaths.get(report.projectRoot);
    if (basePath === undefined) basePaths.set(report.projectRoot, (basePath = readBasePath(analyzer.fs, report.projectRoot)));
    out.push(...mapReport(analyzer, report, basePath));
  }
  return out.sort(compareMapped);
}

function withBasePath(basePath: string, url: string): string {
  return basePath ? (url === '/' ? basePath : basePath + url) : url;
}

export function compareMapped(a: MappedResource, b: MappedResource): number {
  if ((a.url === undefined) !== (b.url === undefined)) return a.url === undefined ? 1 : -1;
  return (a.url ?? '').localeCompare(b.url ?? '') || a.fileName.localeCompare(b.fileName) || a.line - b.line;
}

/**
 * The page, layout, template, default and route files under an `app` folder, through the FileSystem
 * (none when it cannot list folders). Private folders (`_components`) are not routes.
 */
export function appResourceFiles(fs: FileSystem, appDir: string): string[] {
  const out: string[] = [];
  const visit = (dir: string, depth: number) => {
    if (depth > 40 || !fs.readDirectory) return;
    for (const entry of fs.readDirectory(dir)) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory) {
        if (!IGNORED_FOLDERS.has(entry.name) && !entry.name.startsWith('_') && !entry.name.startsWith('.')) visit(full, depth + 1);
      } else if (appFileKind(full)) {
        out.push(full);
      }
    }
  };
  visit(appDir, 0);
  return out.sort();
}
