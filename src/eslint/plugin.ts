/**
 * The ESLint adapter (ESLint 9 flat config; Oxlint `jsPlugins`): one ESLint rule per finding kind of the
 * core, each a thin translation of the same analysis. All rules of one file share one `Analyzer.analyze`
 * call (cached per ESLint `SourceCode`), and one Analyzer per set of options is kept for the process, so
 * helpers parsed for one file are reused for the next.
 *
 *   import clerkRouteGuard from 'clerk-route-guard/eslint';   // index.ts: the plugin as module.exports
 *   export default [clerkRouteGuard.configs.recommended];
 *
 * Fixes that change what a resource does (adding a guard) are suggestions; safe migrations (adding
 * `await`, the import path) are autofixes. A fix that would edit another file is left out, never applied
 * in part.
 */
import type { Analyzer as AnalyzerType, AnalyzerOptions, FileReport, FixableFinding, RuleId } from '../core';
import { Analyzer, nodeFileSystem, quickFixesFor, RULES, ruleDocsUrl } from '../core';
import { StaleAwareFileSystem, staleAwareFileSystem } from './fileSystem';

declare const CRG_VERSION: string;

/** The options every rule takes (the same as the extension's settings and the CLI's flags). */
interface PluginSettings {
  /** Globs (relative to the project root) of resource files that are public by design. */
  readonly publicRoutes?: readonly string[];
  /** Severity of missing-auth-guard where clerkMiddleware() already protects the route. */
  readonly middlewareProtectedSeverity?: 'warning' | 'info' | 'off';
}

// ---- the minimal ESLint types this adapter uses (the plugin does not depend on ESLint at run time) ----

interface Position { line: number; column: number }
interface Fix { range: [number, number]; text: string }
interface Fixer { replaceTextRange(range: [number, number], text: string): Fix }
interface Descriptor {
  loc: { start: Position; end: Position };
  message: string;
  fix?: (fixer: Fixer) => Fix[];
  suggest?: { desc: string; fix: (fixer: Fixer) => Fix[] }[];
}
interface RuleContext {
  readonly filename: string;
  readonly sourceCode: { readonly text: string };
  readonly settings?: { readonly clerkRouteGuard?: PluginSettings };
  readonly options: readonly unknown[];
  report(descriptor: Descriptor): void;
}
interface RuleModule {
  meta: {
    type: 'problem' | 'suggestion';
    docs: { description: string; url: string; recommended: boolean };
    fixable?: 'code';
    hasSuggestions?: boolean;
    schema: unknown[];
  };
  create(context: RuleContext): Record<string, () => void>;
}

// ---- one analysis per file, shared by the rules -----------------------------------------------------

const analyzers = new Map<string, { analyzer: AnalyzerType; fs: StaleAwareFileSystem }>();
const reports = new WeakMap<object, FileReport>();

function analyzerFor(settings: PluginSettings): { analyzer: AnalyzerType; fs: StaleAwareFileSystem } {
  const key = JSON.stringify([settings.publicRoutes ?? [], settings.middlewareProtectedSeverity ?? 'warning']);
  let entry = analyzers.get(key);
  if (!entry) {
    const fs = staleAwareFileSystem(nodeFileSystem());
    const options: AnalyzerOptions = { publicRoutes: settings.publicRoutes, middlewareProtectedSeverity: settings.middlewareProtectedSeverity };
    const analyzer = new Analyzer(fs, options);
    fs.onStale((file) => analyzer.fileChanged(file));
    entry = { analyzer, fs };
    analyzers.set(key, entry);
  }
  return entry;
}

function reportOf(context: RuleContext): { report: FileReport; analyzer: AnalyzerType } {
  const settings = context.settings?.clerkRouteGuard ?? {};
  const { analyzer, fs } = analyzerFor(settings);
  let report = reports.get(context.sourceCode);
  if (!report) {
    // An editor keeps ESLint running: helpers changed on disk since they were read are read again.
    fs.checkStale();
    report = analyzer.analyze(context.filename, context.sourceCode.text);
    reports.set(context.sourceCode, report);
  }
  return { report, analyzer };
}

// ---- translating findings ---------------------------------------------------------------------------

function loc(finding: FixableFinding): Descriptor['loc'] {
  const { start, end } = finding.range;
  return { start: { line: start.line + 1, column: start.character }, end: { line: end.line + 1, column: end.character } };
}

/** Edits as ESLint fixes, or undefined when one of them is for another file (never applied in part). */
function toFixes(edits: readonly { fileName: string; start: number; end: number; newText: string }[], fileName: string) {
  if (edits.some((e) => e.fileName !== fileName)) return undefined;
  return (fixer: Fixer) => edits.map((e) => fixer.replaceTextRange([e.start, e.end], e.newText));
}

/** Suggestions for a flagged resource: the same quick fixes the editor offers. */
function suggestionsFor(analyzer: AnalyzerType, report: FileReport, context: RuleContext, finding: FixableFinding): Descriptor['suggest'] {
  if (!finding.handler) return [];
  const actions = quickFixesFor(analyzer, report.fileName, context.sourceCode.text, finding.handler);
  return actions.flatMap((action) => {
    const fix = toFixes(action.edits, report.fileName);
    return fix ? [{ desc: action.title, fix }] : [];
  });
}

function createRule(ruleId: RuleId): RuleModule {
  const meta = RULES[ruleId];
  const guard = ruleId === 'missing-auth-guard';
  return {
    meta: {
      type: 'problem',
      docs: { description: meta.title, url: ruleDocsUrl(ruleId), recommended: true },
      ...(meta.fix === 'autofix' ? { fixable: 'code' as const } : {}),
      ...(meta.fix === 'suggestion' ? { hasSuggestions: true } : {}),
      schema: [],
    },
    create(context) {
      return {
        'Program:exit'() {
          const { report, analyzer } = reportOf(context);
          for (const finding of report.findings) {
            if (finding.ruleId !== ruleId) continue;
            const descriptor: Descriptor = { loc: loc(finding), message: finding.message };
            // The guard's quick fixes (computed on demand) and the middleware rewrite change behaviour:
            // suggestions. A migration's own fix only follows the installed Clerk: an autofix.
            if (guard && finding.severity !== 'info') descriptor.suggest = suggestionsFor(analyzer, report, context, finding);
            const fix = !guard && finding.fix ? toFixes(finding.fix.edits, report.fileName) : undefined;
            if (fix && meta.fix === 'autofix') descriptor.fix = fix;
            if (fix && meta.fix === 'suggestion') descriptor.suggest = [{ desc: finding.fix!.title, fix }];
            context.report(descriptor);
          }
        },
      };
    },
  };
}

const rules = Object.fromEntries((Object.keys(RULES) as RuleId[]).map((id) => [id, createRule(id)])) as Record<RuleId, RuleModule>;

export const plugin = {
  meta: { name: 'clerk-route-guard', version: typeof CRG_VERSION === 'string' ? CRG_VERSION : '0.0.0' },
  rules,
  configs: {} as { recommended?: { name: string; files: string[]; plugins: Record<string, unknown>; rules: Record<string, string> } },
};

/** Every rule at its default severity, on the files that may hold server-side resources. */
plugin.configs.recommended = {
  name: 'clerk-route-guard/recommended',
  files: ['**/*.{ts,tsx,js,jsx,mts,mjs,cts,cjs}'],
  plugins: { 'clerk-route-guard': plugin },
  rules: Object.fromEntries(
    (Object.keys(RULES) as RuleId[]).map((id) => [`clerk-route-guard/${id}`, RULES[id].defaultSeverity === 'error' ? 'error' : 'warn']),
  ),
};

