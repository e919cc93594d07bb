/**
 * `route-matcher-protection`: on each `createRouteMatcher([...])` of the middleware that decides whether
 * signed-out requests are stopped, how many resources rely on it and how many of them have no check of
 * their own. Clerk deprecates createRouteMatcher() from @clerk/nextjs 7.5.14 (information before that).
 */
import * as path from 'path';
import type { Analyzer } from '../analyzer';
import type { ResourceReport } from '../analysis/checkResources';
import { ClerkVersionInfo, versionAtLeast } from '../clerk/version';
import type { RelatedLocation } from '../findings';
import { analyzeMiddleware, MiddlewareAnalysis } from '../middleware/middlewareFile';
import { protectionOf } from '../middleware/routeCheck';
import { nodeRange, textRangeIn } from '../positions';
import { RESOURCE_NOUN, routeUrlPath } from '../resources/kinds';
import type { FixableFinding } from '../rules/fixes';
import { appResourceFiles, clientComponentKind } from './map';

/** The @clerk/nextjs release that deprecates createRouteMatcher(). */
export const ROUTE_MATCHER_DEPRECATED_IN = '7.5.14';
const MAX_RELATED = 20;

/** A resource that answers for itself: it checks for a user, or the project says it is public. */
export function checksItself(resource: ResourceReport): boolean {
  return (resource.status === 'guarded' && resource.asksClerk === true) || resource.status === 'public';
}

/** The App Router files next to a middleware file that rely on its route matchers, by matcher name. */
function filesByMatcher(analyzer: Analyzer, analysis: MiddlewareAnalysis, api: ClerkVersionInfo['api']): Map<string, string[]> {
  const byMatcher = new Map<string, string[]>();
  const appDir = path.join(path.dirname(analysis.fileName), 'app');
  for (const file of appResourceFiles(analyzer.fs, appDir)) {
    const protection = protectionOf(analysis, routeUrlPath(file), api);
    for (const name of protection?.matchers ?? []) {
      if (analysis.routeMatcherCalls.has(name)) byMatcher.set(name, [...(byMatcher.get(name) ?? []), file]);
    }
  }
  return byMatcher;
}

export function routeMatcherFindings(analyzer: Analyzer, fileName: string, text: string, clerk: ClerkVersionInfo): FixableFinding[] {
  if (clerk.api === 'v4' || !text.includes('createRouteMatcher')) return [];
  const analysis = analyzeMiddleware(fileName, text);
  if (!analysis.clerkMiddlewareCall || analysis.routeMatcherCalls.size === 0) return [];
  const severity = versionAtLeast(clerk.version, ROUTE_MATCHER_DEPRECATED_IN) ? 'warning' : 'info';
  const findings: FixableFinding[] = [];
  for (const [name, files] of filesByMatcher(analyzer, analysis, clerk.api)) {
    const call = analysis.routeMatcherCalls.get(name)!;
    const unchecked: RelatedLocation[] = [];
    let resources = 0;
    for (const file of files) {
      const report = analyzer.analyze(file);
      const kind = clientComponentKind(report);
      if (kind) {
        // A 'use client' page or layout: the middleware is its only protection, and it cannot check for itself.
        resources++;
        unchecked.push({ fileName: file, message: `client component ${RESOURCE_NOUN[kind]} ${routeUrlPath(file)} relies on the middleware alone`, ...textRangeIn('', 0, 0) });
        continue;
      }
      for (const resource of report.resources) {
        if (resource.kind === 'server-function') continue;
        resources++;
        if (!checksItself(resource)) unchecked.push(relatedOf(analyzer, file, resource));
      }
    }
    if (resources === 0) continue;
    const rely = resources === 1 ? '1 resource relies' : `${resources} resources rely`;
    const without = unchecked.length === 0
      ? 'each has a check of its own'
      : `${unchecked.length} of them ${unchecked.length === 1 ? 'has no check of its' : 'have no check of their'} own`;
    const advice = unchecked.length === 0
      ? 'The middleware check can go.'
      : 'Move the checks into the resources (quick fix, or `clerk-route-guard migrate`).';
    findings.push({
      ruleId: 'route-matcher-protection',
      severity,
      message: `createRouteMatcher() \`${name}\`: ${rely} on this matcher for protection; ${without}. Clerk deprecates createRouteMatcher() from @clerk/nextjs ${ROUTE_MATCHER_DEPRECATED_IN}. ${advice}`,
      ...nodeRange(analysis.module.sourceFile, call),
      related: unchecked.slice(0, MAX_RELATED),
    });
  }
  return findings;
}

function relatedOf(analyzer: Analyzer, file: string, resource: ResourceReport): RelatedLocation {
  const text = analyzer.fs.readFile(file) ?? '';
  const what = resource.kind === 'route' ? `${resource.name} ${routeUrlPath(file)}` : `${resource.kind} ${routeUrlPath(file)}`;
  return { fileName: file, message: `${what} has no check of its own`, ...textRangeIn(text, resource.nameStart, resource.nameEnd) };
}
