import type { ResourceKind } from './resources/kinds';

/**
 * How a rule's fix may be applied: `autofix` when it only migrates code to the installed Clerk without
 * changing what it does (adding `await`, an import path); `suggestion` when it changes behaviour
 * (adding a guard, rewriting what the middleware protects), so a person applies it; `none`.
 */
export type RuleFix = 'autofix' | 'suggestion' | 'none';

/**
 * Every rule the analyzer can report. Documented in docs/rules/<id>.md, whose header states the default
 * severity and whether a quick fix exists (test/unit/docs.test.ts holds the two together).
 */
export const RULES = {
  'missing-auth-guard': { defaultSeverity: 'warning', fix: 'suggestion', title: 'Server-side resource does its work without a signed-in Clerk user' },
  'auth-not-awaited': { defaultSeverity: 'error', fix: 'autofix', title: 'auth() is async since Clerk v6 and must be awaited' },
  'clerk-client-not-called': { defaultSeverity: 'error', fix: 'autofix', title: 'clerkClient is a function since Clerk v6 and must be called' },
  'legacy-import': { defaultSeverity: 'error', fix: 'autofix', title: 'Server helpers come from @clerk/nextjs/server since Clerk v5' },
  'relative-redirect': { defaultSeverity: 'warning', fix: 'autofix', title: 'Redirect to a relative URL throws at run time' },
  'deprecated-middleware': { defaultSeverity: 'warning', fix: 'suggestion', title: 'Middleware uses a Clerk API removed in this version' },
  'middleware-not-covering': { defaultSeverity: 'warning', fix: 'none', title: 'No clerkMiddleware() runs for this route, so auth() throws' },
  'route-matcher-protection': { defaultSeverity: 'warning', fix: 'suggestion', title: 'Resources rely on a deprecated createRouteMatcher() for protection' },
} as const satisfies Record<string, { defaultSeverity: Severity; fix: RuleFix; title: string }>;

export type RuleId = keyof typeof RULES;
export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** A user's choice for a rule: a severity, or off. */
export type SeverityOverride = Severity | 'off';

/** Zero-based line and UTF-16 column, as both VS Code and TypeScript count them. */
export interface Position {
  line: number;
  character: number;
}

/** A half-open range of character offsets into a file's text, with the same range as positions. */
export interface TextRange {
  start: number;
  end: number;
  range: { start: Position; end: Position };
}

export interface RelatedLocation extends TextRange {
  message: string;
  /** Absent when the location is in the analysed file itself. */
  fileName?: string;
}

export interface Finding extends TextRange {
  ruleId: RuleId;
  severity: Severity;
  message: string;
  /** The resource the finding belongs to, when it belongs to one: `GET`, `default`, `deleteNote`, `action@12`. */
  handler?: string;
  /** The kind of that resource. */
  resource?: ResourceKind;
  /**
   * missing-auth-guard only: a GET/HEAD handler or a page that only reads (no write, no ignored `auth()`, not
   * for a user the request names), so a public declaration (the middleware's public list, the route's own
   * code) lowers it to information.
   */
  onlyReads?: boolean;
  /** missing-auth-guard only: the work reached is a call to Clerk's backend (users, organizations, metadata). */
  callsClerk?: boolean;
  /**
   * missing-auth-guard only: the resource tries to check the caller itself (asks Clerk, or stops on a
   * condition that names access) and a signed-out caller gets past it: the middleware's statements of
   * intent do not lower it (optional sign-in over published rows, its own code's statement, still does).
   */
  failedCheck?: boolean;
  /** missing-auth-guard lowered to information: the project's statement that the resource is public, in words. */
  publicIntent?: string;
  related: RelatedLocation[];
}

/** Base URL of the rule docs; each diagnostic's `code` links to `${base}/<ruleId>.md`. */
export const DEFAULT_RULE_DOCS_BASE = 'https://github.com/clerk-route-guard/clerk-route-guard/blob/main/docs/rules';

export function ruleDocsUrl(ruleId: RuleId, base: string = DEFAULT_RULE_DOCS_BASE): string {
  return `${base.replace(/\/+$/, '')}/${ruleId}.md`;
}

/** The rule's name in settings and config keys: camelCase (`missing-auth-guard` → `missingAuthGuard`). */
export function ruleSettingName(ruleId: RuleId): string {
  return ruleId.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}
