/** The extension's settings, read in one place. Names match `contributes.configuration` in package.json. */
import * as vscode from 'vscode';
import type { AnalyzerOptions, Severity, SeverityOverride } from '../core';
// findings.ts has no TypeScript import: esbuild inlines it, so reading settings never loads the core.
import { RULES, RuleId, ruleSettingName } from '../core/findings';

export const SECTION = 'clerkRouteGuard';

type SeveritySetting = 'error' | 'warning' | 'information' | 'hint' | 'off';

export interface Settings {
  enable: boolean;
  /** Only the rules whose severity the user set; the others keep the core's version-aware default. */
  severities: Partial<Record<RuleId, SeverityOverride>>;
  middlewareProtectedSeverity: 'same' | 'information' | 'off';
  publicRoutes: string[];
  maxFileSize: number;
  checkJavaScript: boolean;
  ruleDocsBaseUrl?: string;
}

/** `severity.missingAuthGuard` */
function severityKey(rule: RuleId): string {
  return `severity.${ruleSettingName(rule)}`;
}

export function readSettings(scope?: vscode.Uri): Settings {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  const severities: Partial<Record<RuleId, SeverityOverride>> = {};
  for (const rule of Object.keys(RULES) as RuleId[]) {
    const set = explicitValue<SeveritySetting>(config, severityKey(rule));
    if (set) severities[rule] = set === 'information' ? 'info' : set;
  }
  return {
    enable: config.get<boolean>('enable', true),
    severities,
    middlewareProtectedSeverity: config.get('middlewareProtectedSeverity', 'same'),
    publicRoutes: config.get<string[]>('publicRoutes', []),
    maxFileSize: config.get<number>('maxFileSize', 2_000_000),
    checkJavaScript: config.get<boolean>('checkJavaScript', true),
    ruleDocsBaseUrl: config.get<string>('ruleDocsBaseUrl') || undefined,
  };
}

/** What the analyzer needs from the settings. */
export function analyzerOptions(settings: Settings): AnalyzerOptions {
  const middleware = settings.middlewareProtectedSeverity;
  return {
    incremental: true,
    publicRoutes: settings.publicRoutes,
    maxFileSize: settings.maxFileSize,
    severities: settings.severities,
    middlewareProtectedSeverity: middleware === 'information' ? 'info' : middleware === 'off' ? 'off' : 'warning',
  };
}

/** A value the user (or workspace) set, ignoring the contributed default. */
function explicitValue<T>(config: vscode.WorkspaceConfiguration, key: string): T | undefined {
  const inspected = config.inspect<T>(key);
  return inspected?.workspaceFolderValue ?? inspected?.workspaceValue ?? inspected?.globalValue;
}

export function toDiagnosticSeverity(severity: Severity): vscode.DiagnosticSeverity {
  switch (severity) {
    case 'error':
      return vscode.DiagnosticSeverity.Error;
    case 'warning':
      return vscode.DiagnosticSeverity.Warning;
    case 'info':
      return vscode.DiagnosticSeverity.Information;
    default:
      return vscode.DiagnosticSeverity.Hint;
  }
}
