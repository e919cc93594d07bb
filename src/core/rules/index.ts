/**
 * The Clerk-version-aware rules, run by the Analyzer after `missing-auth-guard`: the migration rules
 * (any file), deprecated-middleware (middleware.ts / proxy.ts), middleware-not-covering (route files),
 * and the middleware-protection note on `missing-auth-guard` findings.
 */
import * as path from 'path';
import * as semver from 'semver';
import type * as ts from 'typescript';
import type { ResourceReport } from '../analysis/checkResources';
import type { ModuleContext } from '../analysis/module';
import { ClerkVersionInfo, detectClerkVersion, detectPackageVersion } from '../clerk/version';
import type { Finding, Severity } from '../findings';
import { isMiddlewareFilePath } from '../middleware/locate';
import { checkRouteMiddleware, MiddlewareIndex, PublicRouteDeclaration } from '../middleware/routeCheck';
import { ClerkLintScopes, publicFolderGlob, readClerkLintScopes } from '../project/clerkLintConfig';
import type { FileSystem } from '../project/fileSystem';
import { readSitemapEntries, SitemapEntry, sitemapEntryFor } from '../project/sitemap';
import { namesPrivateArea, routeUrlPath } from '../resources/kinds';
import { identifierTable } from '../project/project';
import type { AppFileKind } from '../resources/kinds';
import { ensureParents } from './bindings';
import { checkDeprecatedMiddleware } from './deprecatedMiddleware';
import type { FixableFinding } from './fixes';
import { checkMigrationRules } from './migration';

/** Severity of `missing-auth-guard` when the project's clerkMiddleware() already protects the route. */
export type MiddlewareProtectedSeverity = 'warning' | 'info' | 'off';

/** The current Next.js major, assumed when the project does not say. */
export const CURRENT_NEXT_MAJOR = 16;

/** Facts about projects (Clerk and Next.js versions, middleware), cached per project root. */
export class ProjectFacts {
  private readonly versions = new Map<string, { clerk: ClerkVersionInfo; nextMajor: number }>();
  private readonly lintScopes = new Map<string, ClerkLintScopes | undefined>();
  private readonly sitemaps = new Map<string, SitemapEntry[]>();
  readonly middleware: MiddlewareIndex;

  constructor(private readonly fs: FileSystem) {
    this.middleware = new MiddlewareIndex(fs);
  }

  private versionsOf(root: string): { clerk: ClerkVersionInfo; nextMajor: number } {
    let found = this.versions.get(root);
    if (!found) {
      const next = detectPackageVersion(this.fs, root, 'next');
      const parsed = next.version ? semver.coerce(next.version) : null;
      found = { clerk: detectClerkVersion(this.fs, root), nextMajor: parsed ? parsed.major : CURRENT_NEXT_MAJOR };
      this.versions.set(root, found);
    }
    return found;
  }

  clerk(root: string): ClerkVersionInfo {
    return this.versionsOf(root).clerk;
  }

  nextMajor(root: string): number {
    return this.versionsOf(root).nextMajor;
  }

  /** The public/protected folders of Clerk's ESLint rule in the project's `eslint.config.*`, if it configures them. */
  clerkLintScopes(root: string): ClerkLintScopes | undefined {
    if (!this.lintScopes.has(root)) this.lintScopes.set(root, readClerkLintScopes(this.fs, root));
    return this.lintScopes.get(root);
  }

  /** The pages the app's sitemap lists (`app/sitemap.ts`, `public/sitemap.xml`). */
  sitemapEntries(root: string): readonly SitemapEntry[] {
    let entries = this.sitemaps.get(root);
    if (!entries) this.sitemaps.set(root, (entries = readSitemapEntries(this.fs, root)));
    return entries;
  }

  /**
   * A file changed (edited or on disk): package.json files (the project's, or node_modules/@clerk/nextjs's
   * after an install) drop the versions; a middleware/proxy file drops its parsed analysis and where
   * the middleware was found.
   */
  fileChanged(fileName: string): void {
    const base = path.basename(fileName);
    if (base === 'package.json') {
      this.versions.clear();
      this.middleware.forgetLocations();
    } else if (/^eslint\.config\./.test(base)) {
      this.lintScopes.clear();
    } else if (/^sitemap\./.test(base)) {
      this.sitemaps.clear();
    } else if (isMiddlewareFilePath(fileName) || /^(_middleware|middlewares|_proxy)\./.test(base)) {
      this.middleware.fileChanged(path.resolve(fileName));
    }
  }
}

export interface ClerkRulesInput {
  readonly facts: ProjectFacts;
  readonly projectRoot: string;
  readonly fileName: string;
  readonly module: ModuleContext;
  readonly resources: readonly ResourceReport[];
  /** The file's App Router kind (see Analyzer), undefined for any other file. */
  readonly appFileKind?: AppFileKind;
  /** The findings so far (missing-auth-guard); returned adjusted for middleware protection. */
  readonly findings: readonly Finding[];
  readonly middlewareProtectedSeverity?: MiddlewareProtectedSeverity;
}

/**
 * Cheap text tests that every migration finding needs one of (they may say yes wrongly, never no):
 * `auth(` or `auth.protect(` not right after `await`, `await auth` not called, `auth().x` (awaited
 * or not), a renamed Clerk import, the `clerkClient.` object form, `clerkClient()` not awaited, an
 * import from a legacy Clerk module, a redirect to a literal, a `require` of a Clerk package.
 *
 * Each test is anchored at a word it needs, and only where that word occurs: `indexOf` finds the
 * places, and the parser's table of the file's identifiers (see `identifierTable`) says beforehand
 * which words occur at all. Running every pattern over the whole text cost a twentieth of a parse,
 * more than the rest of the analysis of a file written for the installed Clerk.
 */
const MIGRATION_CANDIDATES: ReadonlyArray<readonly [word: string, patterns: readonly RegExp[]]> = [
  ['auth', [
    /(?<!\bawait\s*)auth\s*(\(|\.\s*protect\s*\()/y,
    /(?<=\bawait\s+)auth(?!\s*[(.])/y,
    /auth\s+as\s/y,
    /auth\s*\([^)]*\)\s*\./y,
  ]],
  ['clerkClient', [
    /clerkClient\s*\.\s*[A-Za-z_$]/y,
    /(?<!\bawait\s*)clerkClient\s*\(/y,
    /clerkClient\s+as\s/y,
    /clerkClient\s*\([^)]*\)\s*\./y,
  ]],
  ['currentUser', [/currentUser\s+as\s/y]],
  ['getAuth', [/getAuth\s+as\s/y]],
  ['redirect', [/redirect\s*\(\s*[(`'"]/y]],
  ['require', [/require\s*\(\s*['"]@clerk\//y]],
  // A module name, not an identifier: always looked for ('@' is rare, so indexOf is quick).
  ['@clerk/nextjs', [/(?<=['"])@clerk\/nextjs(\/(app-beta|api|edge-middleware|ssr))?['"]/y]],
];

const IDENTIFIER_CHAR = /[A-Za-z0-9_$]/;

export function mayHaveMigrationFinding(sf: ts.SourceFile): boolean {
  const text = sf.text;
  // Without the table every word counts as present: slower, never wrong.
  const identifiers = identifierTable(sf);
  for (const [word, patterns] of MIGRATION_CANDIDATES) {
    if (identifiers && word !== '@clerk/nextjs' && !identifiers.has(word)) continue;
    for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1)) {
      // Whole words only: `oauth(` and `authorize` are other names.
      if (IDENTIFIER_CHAR.test(text[at - 1] ?? '') || IDENTIFIER_CHAR.test(text[at + word.length] ?? '')) continue;
      for (const pattern of patterns) {
        pattern.lastIndex = at;
        if (pattern.test(text)) return true;
      }
    }
  }
  return false;
}

const LEFT_OUT = 'The middleware protects a list of URLs that leaves this one out';

export function runClerkRules(input: ClerkRulesInput): FixableFinding[] {
  const { facts, projectRoot, fileName, module, resources } = input;
  const clerk = facts.clerk(projectRoot);
  const middlewareFile = isMiddlewareFilePath(fileName);
  let findings: FixableFinding[] = [...input.findings];
  const added: FixableFinding[] = [];
  // Most files are written for the installed Clerk: a text pre-check skips the tree walks for them.
  if (middlewareFile || mayHaveMigrationFinding(module.sourceFile)) {
    ensureParents(module.sourceFile);
    added.push(...checkMigrationRules({ module, clerk, resources, middlewareFile }));
    if (middlewareFile) added.push(...checkDeprecatedMiddleware({ module, clerk, resources, middlewareFile }));
  }
  if (input.appFileKind) {
    // The middleware runs for the file's URL: it speaks for the file's route handlers and page, never
    // for the Server Functions declared in it (they are POSTed wherever they are used).
    const byUrl = (f: FixableFinding) => f.ruleId === 'missing-auth-guard' && f.resource !== 'server-function';
    const result = checkRouteMiddleware({ index: facts.middleware, projectRoot, routeFile: fileName, module: () => module, clerk, nextMajor: facts.nextMajor(projectRoot) });
    if (result.finding) added.push(result.finding);
    const flagged = findings.some((f) => byUrl(f) && f.severity !== 'info');
    // A public list that names an admin or dashboard URL says only that the middleware leaves it to the
    // handler (the routes listed beside it check the caller themselves), not that anyone may use it.
    const declaredPublic = flagged && !namesPrivateArea(routeUrlPath(fileName))
      ? result.declaredPublicBy() ?? declaredPublicByClerkLint(facts, projectRoot, fileName) ?? (input.appFileKind === 'page' ? listedInSitemap(facts, projectRoot, fileName) : undefined)
      : undefined;
    if (declaredPublic) {
      // The project says this URL is public. A resource that only reads is information; so is a POST
      // that writes when a pattern names this very route (a lead form listed on purpose), not only a
      // folder above it (a broad '/api/webhooks(.*)' must not excuse an unsigned webhook's writes). A GET
      // that writes stays a warning even then (links, prefetchers and crawlers send GETs on anyone's
      // behalf), and so do PUT, PATCH and DELETE: they change records the caller names, which no visitor's
      // form does. Nor does a listing cover a call to Clerk's backend (a visitor's form changes no user's
      // account).
      const submitsAForm = (f: FixableFinding) => f.resource !== 'route' || (f.handler === 'POST' && !f.callsClerk);
      const lowered = (f: FixableFinding) => byUrl(f) && !f.failedCheck && (f.onlyReads || (declaredPublic.namesRoute && submitsAForm(f)));
      const why = (f: FixableFinding) => (f.onlyReads ? `${declaredPublic.by} declares this route public; it only reads` : `${declaredPublic.by} lists this very route as public`);
      findings = findings.map((f) =>
        lowered(f)
          ? { ...f, severity: 'info' as Severity, message: `${f.message} (${why(f)}, so this is information.)`, publicIntent: why(f), related: [...f.related, declaredPublic.location] }
          : f,
      );
    }
    // The weakest statement of intent: the middleware protects a list of URLs and leaves this one out.
    // A read there is information, unless its URL names something private (`/admin`, `/dashboard`), or
    // another handler in the file asks Clerk and stops a signed-out caller: the file protects this
    // resource in its own code, so the list leaving it out says nothing about the read.
    const fileChecksCaller = resources.some((r) => r.kind === 'route' && r.status === 'guarded' && r.asksClerk === true);
    const leftOut = !declaredPublic && !fileChecksCaller && findings.some((f) => byUrl(f) && f.severity !== 'info' && f.onlyReads) && !namesPrivateArea(routeUrlPath(fileName)) ? result.leftOutBy() : undefined;
    if (leftOut) {
      findings = findings.map((f) =>
        byUrl(f) && f.onlyReads && f.severity !== 'info'
          ? {
            ...f, severity: 'info' as Severity, related: [...f.related, leftOut], publicIntent: LEFT_OUT,
            message: `${f.message} (${LEFT_OUT}; it only reads, so this is information.)`,
          }
          : f,
      );
    }
    const note = result.protectedBy;
    if (note) {
      const severity = input.middlewareProtectedSeverity ?? 'warning';
      findings = findings
        .filter((f) => !byUrl(f) || severity !== 'off')
        // 'warning' (the default) keeps the rule's own severity, which the user may have set.
        .map((f) => (byUrl(f) ? { ...f, severity: severity === 'warning' ? f.severity : (severity as Severity), related: [...f.related, note] } : f));
    }
  }
  added.sort((a, b) => a.start - b.start);
  return [...findings, ...added];
}

/** Clerk's ESLint rule lists the resource's folder as public (a folder glob: it never names one route). */
function declaredPublicByClerkLint(facts: ProjectFacts, projectRoot: string, fileName: string): PublicRouteDeclaration | undefined {
  const scopes = facts.clerkLintScopes(projectRoot);
  const glob = scopes && publicFolderGlob(scopes, fileName);
  return glob ? { location: glob.location, namesRoute: false, by: "Clerk's ESLint rule (require-auth-protection)" } : undefined;
}

/** The app's sitemap lists this page for search engines: it is meant for anyone to read. */
function listedInSitemap(facts: ProjectFacts, projectRoot: string, fileName: string): PublicRouteDeclaration | undefined {
  const entry = sitemapEntryFor(facts.sitemapEntries(projectRoot), routeUrlPath(fileName));
  return entry ? { location: entry.location, namesRoute: false, by: `The app's sitemap (${path.basename(entry.location.fileName!)})` } : undefined;
}

export { isMiddlewareFilePath } from '../middleware/locate';
export { applyFixEdits } from './fixes';
export type { CodeFix, FixEdit, FixableFinding } from './fixes';
export type { RuleContext } from './migration';
