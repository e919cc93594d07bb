/**
 * A route file against the project's middleware: `middleware-not-covering` when no clerkMiddleware()
 * runs for the route (so `auth()` throws "Clerk can't detect usage of clerkMiddleware()"), and whether
 * the middleware itself stops signed-out requests to it (a note on `missing-auth-guard`).
 */
import * as path from 'path';
import ts = require('typescript');
import type { ModuleContext } from '../analysis/module';
import type { ClerkVersionInfo } from '../clerk/version';
import type { ClerkApi } from '../templates';
import type { RelatedLocation } from '../findings';
import { nodeRange } from '../positions';
import type { FileSystem } from '../project/fileSystem';
import { routeUrlPath } from '../resources/kinds';
import { clerkImportName, ensureParents, findFirst } from '../rules/bindings';
import type { FixableFinding } from '../rules/fixes';
import { appParentDir, locateMiddleware, MiddlewareLocation } from './locate';
import { bestCoverage, matcherCoverage, samplePaths } from './matcher';
import { analyzeMiddleware, MiddlewareAnalysis, Protection } from './middlewareFile';

/** Middleware files larger than this are not parsed (no finding either way). */
const MAX_MIDDLEWARE_SIZE = 500_000;

/**
 * Per-analyzer cache: middleware locations per app folder, and each middleware file's analysis, kept
 * until `fileChanged` reports that file (reading it again for every route would cost more than the
 * route's own analysis).
 */
export class MiddlewareIndex {
  private readonly locations = new Map<string, MiddlewareLocation>();
  /** Parsed middleware per file (null: unreadable, too large or binary: no finding either way). */
  private readonly analyses = new Map<string, MiddlewareAnalysis | null>();

  constructor(private readonly fs: FileSystem) {}

  location(projectRoot: string, expectedDir: string, nextMajor: number): MiddlewareLocation {
    const key = `${projectRoot}\0${expectedDir}\0${nextMajor}`;
    let found = this.locations.get(key);
    if (!found) {
      found = locateMiddleware(this.fs, projectRoot, expectedDir, nextMajor);
      this.locations.set(key, found);
    }
    return found;
  }

  /** The middleware file's analysis, parsed on first use and kept until `fileChanged(fileName)`. */
  analysis(fileName: string): MiddlewareAnalysis | undefined {
    let cached = this.analyses.get(fileName);
    if (cached === undefined) {
      const text = this.fs.readFile(fileName);
      const usable = text !== undefined && text.length <= MAX_MIDDLEWARE_SIZE && !text.includes('\u0000');
      cached = usable ? analyzeMiddleware(fileName, text) : null;
      this.analyses.set(fileName, cached);
    }
    return cached ?? undefined;
  }

  /** A middleware/proxy file changed (edited, created, deleted, renamed): parse it and locate again. */
  fileChanged(fileName: string): void {
    this.analyses.delete(fileName);
    this.locations.clear();
  }

  /** A package.json changed (the Next.js major decides proxy.ts vs middleware.ts): locate again. */
  forgetLocations(): void {
    this.locations.clear();
  }
}

export interface PublicRouteDeclaration {
  readonly location: RelatedLocation;
  /**
   * A pattern names this route itself ('/api/contact', '/api/lead(.*)' for app/api/lead/route.ts), not
   * only a prefix above it ('/api/webhooks(.*)' for app/api/webhooks/clerk/route.ts): the project chose
   * this URL to be public, writes included.
   */
  readonly namesRoute: boolean;
  /** Who declares it, for the message: "The middleware", "Clerk's ESLint rule (require-auth-protection)". */
  readonly by: string;
}

/**
 * Does a route pattern name this URL rather than a folder above it? Its literal start (up to the first
 * parameter, group or wildcard) is the route's static path (up to its first dynamic segment).
 */
export function patternNamesRoute(pattern: string, urlPath: string): boolean {
  const literal = pattern.split(/[(:*?+{}[\]\\]/)[0].replace(/\/+$/, '');
  const staticPath = urlPath.split('/').filter(Boolean);
  const dynamicAt = staticPath.findIndex((s) => s.startsWith('['));
  const staticPrefix = '/' + (dynamicAt === -1 ? staticPath : staticPath.slice(0, dynamicAt)).join('/');
  if (literal === '') return pattern === urlPath;
  return literal === staticPrefix.replace(/\/+$/, '');
}

export interface RouteMiddlewareInput {
  readonly index: MiddlewareIndex;
  readonly projectRoot: string;
  readonly routeFile: string;
  /** The route file's module, asked for only when there is a problem to report in it. */
  readonly module: () => ModuleContext;
  readonly clerk: ClerkVersionInfo;
  readonly nextMajor: number;
}

export interface RouteMiddlewareResult {
  /** `middleware-not-covering`, on the route file's first Clerk call. */
  readonly finding?: FixableFinding;
  /** Where the middleware stops signed-out requests to this route, if it surely does. */
  readonly protectedBy?: RelatedLocation;
  /** The same decision in the middleware's terms: the protect call, the matchers read, the role asked for. */
  readonly protection?: Protection;
  /** Where the middleware declares this route public (publicRoutes, a public createRouteMatcher list). */
  declaredPublicBy(): PublicRouteDeclaration | undefined;
  /** The middleware protects positive createRouteMatcher lists and leaves this route out (its clerkMiddleware call). */
  leftOutBy(): RelatedLocation | undefined;
  readonly middlewareFile?: string;
}

const REQUEST_HELPERS = new Set(['auth', 'currentUser', 'getAuth']);

/** The first call in the file that needs clerkMiddleware at run time: auth(), auth.protect(), currentUser(), getAuth(). */
export function firstClerkRequestCall(module: ModuleContext): ts.CallExpression | undefined {
  if (!/@clerk\/nextjs/.test(module.sourceFile.text)) return undefined;
  ensureParents(module.sourceFile);
  return findFirst(module.sourceFile, (node): node is ts.CallExpression => {
    if (!ts.isCallExpression(node)) return false;
    const callee = node.expression;
    if (REQUEST_HELPERS.has(clerkImportName(callee, module) ?? '')) return true;
    return ts.isPropertyAccessExpression(callee) && callee.name.text === 'protect' && clerkImportName(callee.expression, module) === 'auth';
  });
}

function fileLocation(fileName: string, sf: ts.SourceFile | undefined, node: ts.Node | undefined, message: string): RelatedLocation {
  if (!sf || !node) {
    const zero = { line: 0, character: 0 };
    return { fileName, message, start: 0, end: 0, range: { start: zero, end: zero } };
  }
  return { fileName, message, ...nodeRange(sf, node) };
}

/**
 * How the middleware stops signed-out requests to a route URL (`/api/notes/[id]`), when it surely does
 * for every path the URL stands for; the matchers read are those of all of them.
 */
export function protectionOf(analysis: MiddlewareAnalysis, urlPath: string, api: ClerkApi): Protection | undefined {
  const found = samplePaths(urlPath).map((p) => (matcherCoverage(analysis.matcher, p) === 'yes' ? analysis.protection(p, api) : undefined));
  if (!found[0] || !found.every(Boolean)) return undefined;
  return { ...found[0], matchers: [...new Set(found.flatMap((f) => f!.matchers))] };
}

/** ` (createRouteMatcher isProtectedRoute)`: the lists the decision read, for the note. */
function matcherClause(matchers: readonly string[]): string {
  return matchers.length ? ` (createRouteMatcher ${matchers.join(', ')})` : '';
}

export function checkRouteMiddleware(input: RouteMiddlewareInput): RouteMiddlewareResult {
  const { index, projectRoot, routeFile, module, clerk, nextMajor } = input;
  const rel = (p: string) => path.relative(projectRoot, p).split(path.sep).join('/') || '.';
  const urlPath = routeUrlPath(routeFile);
  const samples = samplePaths(urlPath);
  const expectedDir = appParentDir(routeFile);
  const location = index.location(projectRoot, expectedDir, nextMajor);
  const analysis = location.file ? index.analysis(location.file) : undefined;
  let parsed: ModuleContext | undefined;
  const routeModule = () => (parsed ??= module());
  const sf = () => routeModule().sourceFile;
  // The route's first Clerk call is looked for only when there is a problem to report on it: in the
  // common case (middleware covers the route) no walk of the route file is needed.
  let callCache: ts.CallExpression | null | undefined;
  const firstCall = () => (callCache === undefined ? (callCache = firstClerkRequestCall(routeModule()) ?? null) : callCache) ?? undefined;
  const throwsText = () => {
    const call = firstCall();
    const callText = call ? `${sf().text.slice(call.expression.getStart(sf()), call.expression.end)}()` : 'auth()';
    return clerk.api === 'v4'
      ? `${callText} throws at run time: Clerk's authMiddleware() did not run for this request.`
      : `${callText} throws at run time: "Clerk can't detect usage of clerkMiddleware()".`;
  };
  const expectedMiddleware = clerk.api === 'v4' ? 'authMiddleware()' : 'clerkMiddleware()';
  const suggested = nextMajor >= 16 ? 'proxy.ts' : 'middleware.ts';
  const expectedRel = () => (rel(expectedDir) === '.' ? '' : `${rel(expectedDir)}/`);

  let problem: { message: string; related: RelatedLocation[] } | undefined;
  if (location.file && !analysis) {
    // Unreadable or too large to parse: say nothing rather than guess.
  } else if (!location.file || !analysis) {
    const ignored = location.ignored[0];
    if (!ignored) {
      problem = { message: `No ${suggested === 'proxy.ts' ? 'proxy.ts (or middleware.ts)' : suggested} next to the app folder, so ${expectedMiddleware} never runs and ${throwsText()} Add ${expectedRel()}${suggested} with \`export default ${expectedMiddleware}\`.`, related: [] };
    } else {
      const why =
        ignored.reason === 'misplaced'
          ? `${rel(ignored.file)} is not where Next.js looks for it (next to the app folder): move it to ${expectedRel()}${path.basename(ignored.file)}.`
          : ignored.reason === 'proxy-needs-next-16'
            ? `${rel(ignored.file)} is only loaded by Next.js 16 and later; this project uses Next.js ${nextMajor}: rename it to middleware${path.extname(ignored.file)}.`
            : `Next.js does not load a file named ${path.basename(ignored.file)}: rename it to ${suggested.replace(/\.ts$/, path.extname(ignored.file).replace(/^\.[mc]/, '.'))}.`;
      problem = { message: `${expectedMiddleware} never runs, so ${throwsText()} ${why}`, related: [fileLocation(ignored.file, undefined, undefined, 'This file is never run by Next.js')] };
    }
  } else {
    const file = () => rel(analysis.fileName);
    const hasClerk = clerk.api === 'v6' ? analysis.clerkMiddlewareCall : analysis.clerkMiddlewareCall ?? analysis.authMiddlewareCall;
    if (!hasClerk && !(analysis.delegates && !analysis.authMiddlewareCall)) {
      const why = analysis.authMiddlewareCall
        ? `${file()} uses authMiddleware, which was removed in Clerk v6: use clerkMiddleware().`
        : `${file()} does not call ${expectedMiddleware}.`;
      problem = { message: `${why} ${throwsText()}`, related: [fileLocation(analysis.fileName, analysis.module.sourceFile, analysis.authMiddlewareCall ?? analysis.module.sourceFile.statements[0], 'The middleware that runs for this route')] };
    } else {
      const coverage = bestCoverage(samples.map((p) => matcherCoverage(analysis.matcher, p)));
      const ignored = !analysis.clerkMiddlewareCall && samples.every((p) => analysis.ignored(p) === true);
      if (coverage === 'no') {
        problem = {
          message: `config.matcher in ${file()} does not match ${urlPath}, so ${analysis.authMiddlewareCall && !analysis.clerkMiddlewareCall ? 'authMiddleware()' : 'clerkMiddleware()'} does not run for this route and ${throwsText()}`,
          related: [fileLocation(analysis.fileName, analysis.module.sourceFile, analysis.matcherNode, `The matcher that leaves out ${urlPath}`)],
        };
      } else if (ignored) {
        problem = {
          message: `${urlPath} is in authMiddleware's ignoredRoutes in ${file()}, so Clerk does not run for it and ${throwsText()}`,
          related: [fileLocation(analysis.fileName, analysis.module.sourceFile, analysis.authMiddlewareCall, 'ignoredRoutes')],
        };
      }
    }
  }

  let finding: FixableFinding | undefined;
  const call = problem && firstCall();
  if (problem && call) {
    finding = {
      ruleId: 'middleware-not-covering',
      severity: 'warning',
      message: problem.message,
      ...nodeRange(sf(), call),
      related: problem.related,
    };
  }

  let protectedBy: RelatedLocation | undefined;
  let protection: Protection | undefined;
  if (!problem && analysis) {
    protection = protectionOf(analysis, urlPath, clerk.api);
    if (protection) {
      protectedBy = fileLocation(
        analysis.fileName, analysis.module.sourceFile, protection.node,
        `${rel(analysis.fileName)} stops signed-out requests to ${urlPath} here${matcherClause(protection.matchers)}. Each resource should still check the user itself: middleware can be skipped (CVE-2025-29927) or stop matching after a config change${protection.matchers.length ? ', and Clerk deprecates createRouteMatcher()' : ''}.`,
      );
    }
  }
  // Asked only when a finding could be lowered by it (see runClerkRules): most routes never need it.
  const declaredPublicBy = (): PublicRouteDeclaration | undefined => {
    if (problem || !analysis || protectedBy) return undefined;
    const found = samples.map((p) => (matcherCoverage(analysis.matcher, p) === 'yes' ? analysis.declaredPublic(p) : undefined));
    const first = found[0];
    if (!first || !found.every(Boolean)) return undefined;
    const namesRoute = found.every((d) => d?.pattern !== undefined && patternNamesRoute(d.pattern, urlPath));
    const location = fileLocation(analysis.fileName, analysis.module.sourceFile, first.node, `${rel(analysis.fileName)} declares ${urlPath} public here`);
    return { location, namesRoute, by: 'The middleware' };
  };
  const leftOutBy = (): RelatedLocation | undefined => {
    if (problem || !analysis || protection || !analysis.clerkMiddlewareCall) return undefined;
    if (!samples.every((p) => matcherCoverage(analysis.matcher, p) === 'yes' && analysis.outsideProtectedLists(p, clerk.api))) return undefined;
    return fileLocation(analysis.fileName, analysis.module.sourceFile, analysis.clerkMiddlewareCall, `${rel(analysis.fileName)} protects listed URLs (createRouteMatcher) and leaves ${urlPath} out`);
  };
  return { finding, protectedBy, protection, declaredPublicBy, leftOutBy, middlewareFile: analysis?.fileName };
}
