/** The extension's settings, read in one place. Names match `contributes.configuration` in package.json. */
import * as vscode from 'vscode';
import type { RuleId, Severity } from '../core';

export const SECTION = 'clerkRouteGuard';

export type SeveritySetting = 'error' | 'warning' | 'information' | 'hint' | 'off';

export interface Settings {
  enable: boolean;
  /** The configured severity of a rule; `defaultSeverity` applies when the setting is absent. */
  severity: (rule: RuleId, defaultSeverity: Severity) => SeveritySetting;
  publicRoutes: string[];
  maxFileSize: number;
  checkJavaScript: boolean;
  ruleDocsBaseUrl?: string;
}

/** Setting keys are camelCase versions of the rule ids: `severity.missingAuthGuard`. */
export function severityKey(rule: RuleId): string {
  return 'severity.' + rule.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

export function readSettings(scope?: vscode.Uri): Settings {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  return {
    enable: config.get<boolean>('enable', true),
    severity: (rule, defaultSeverity) =>
      config.get<SeveritySetting>(severityKey(rule), defaultSeverity === 'info' ? 'information' : defaultSeverity),
    publicRoutes: config.get<string[]>('publicRoutes', []),
    maxFileSize: config.get<number>('maxFileSize', 2_000_000),
    checkJavaScript: config.get<boolean>('checkJavaScript', true),
    ruleDocsBaseUrl: config.get<string>('ruleDocsBaseUrl') || undefined,
  };
}

export function toDiagnosticSeverity(setting: SeveritySetting): vscode.DiagnosticSeverity | undefined {
  switch (setting) {
    case 'error':
      return vscode.DiagnosticSeverity.Error;
    case 'warning':
      return vscode.DiagnosticSeverity.Warning;
    case 'information':
      return vscode.DiagnosticSeverity.Information;
    case 'hint':
      return vscode.DiagnosticSeverity.Hint;
    default:
      return undefined;
  }
}
