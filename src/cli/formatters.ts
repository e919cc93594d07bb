/** Output formats of `clerk-route-guard check`: ESLint's stylish and JSON, and SARIF 2.1.0. */
import * as path from 'path';
import type { FileReport, Finding, RuleId } from '../core';
import { RULES, ruleDocsUrl } from '../core';

/** What the CLI keeps of a file's report: plain data, so no syntax tree or source text outlives its file. */
export type CheckedFile = Pick<FileReport, 'fileName' | 'projectRoot' | 'skipped'> & { findings: CheckedFinding[] };

/** A finding as the CLI keeps it: whether `--fix` would change something for it. */
export type CheckedFinding = Finding & { fixable?: boolean };

export const FORMATS = ['stylish', 'json', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

/** ESLint's numeric severities: 1 warning, 2 error. ESLint has no lower level, so info and hint are 1 there too. */
function eslintSeverity(f: Finding): 1 | 2 {
  return f.severity === 'error' ? 2 : 1;
}

/** The finding's own level, which `level` carries in JSON beside ESLint's number. */
export type Level = 'error' | 'warning' | 'information' | 'hint';

export function levelOf(f: Pick<Finding, 'severity'>): Level {
  return f.severity === 'info' ? 'information' : f.severity;
}

/** Errors and warnings count (exit code, --max-warnings, summaries); information and hints never do. */
export function counts(f: Pick<Finding, 'severity'>): boolean {
  return f.severity === 'error' || f.severity === 'warning';
}

export function formatJson(reports: readonly CheckedFile[], fixable: (f: CheckedFinding) => boolean): string {
  const results = reports.map((r) => {
    const messages = r.findings.map((f) => ({
      ruleId: f.ruleId,
      severity: eslintSeverity(f),
      level: levelOf(f),
      message: f.message,
      line: f.range.start.line + 1,
      column: f.range.start.character + 1,
      endLine: f.range.end.line + 1,
      endColumn: f.range.end.character + 1,
      ...(f.handler ? { handler: f.handler } : {}),
      ...(f.resource ? { resource: f.resource } : {}),
    }));
    const errors = r.findings.filter((f) => f.severity === 'error');
    const warnings = r.findings.filter((f) => f.severity === 'warning');
    return {
      filePath: r.fileName,
      messages,
      errorCount: errors.length,
      warningCount: warnings.length,
      fixableErrorCount: errors.filter(fixable).length,
      fixableWarningCount: warnings.filter(fixable).length,
      ...(r.skipped ? { skipped: r.skipped } : {}),
    };
  });
  return JSON.stringify(results, null, 2);
}

export function formatStylish(reports: readonly CheckedFile[], cwd: string, color: boolean): string {
  const paint = (code: string, s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const lines: string[] = [];
  let errors = 0;
  let warnings = 0;
  let notes = 0;
  const LABELS: Record<Level, string> = { error: paint('31', 'error  '), warning: paint('33', 'warning'), information: paint('36', 'info   '), hint: paint('2', 'hint   ') };
  for (const r of reports) {
    if (!r.findings.length && !r.skipped) continue;
    lines.push(paint('4', path.relative(cwd, r.fileName) || r.fileName));
    if (r.skipped) lines.push(`  ${paint('2', 'skipped')}  ${r.skipped}`);
    for (const f of r.findings) {
      const where = `${f.range.start.line + 1}:${f.range.start.character + 1}`.padEnd(7);
      if (f.severity === 'error') errors++;
      else if (f.severity === 'warning') warnings++;
      else notes++;
      lines.push(`  ${paint('2', where)} ${LABELS[levelOf(f)]}  ${f.message}  ${paint('2', f.ruleId)}`);
    }
    lines.push('');
  }
  const total = errors + warnings;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (total > 0) {
    lines.push(paint(errors ? '31;1' : '33;1', `✖ ${plural(total, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')})`));
  }
  if (notes > 0) lines.push(paint('36', `ℹ ${plural(notes, 'information finding')}, not counted as problems`));
  return lines.join('\n');
}

export function formatSarif(reports: readonly CheckedFile[], cwd: string, version: string, docsBase?: string): string {
  const ruleIds = Object.keys(RULES) as RuleId[];
  const rules = ruleIds.map((id) => ({
    id,
    name: id,
    shortDescription: { text: RULES[id].title },
    helpUri: ruleDocsUrl(id, docsBase),
    defaultConfiguration: { level: sarifLevel(RULES[id].defaultSeverity) },
  }));
  const results = reports.flatMap((r) =>
    r.findings.map((f) => ({
      ruleId: f.ruleId,
      ruleIndex: ruleIds.indexOf(f.ruleId),
      level: sarifLevel(f.severity),
      message: { text: f.message },
      locations: [location(r.fileName, f, cwd)],
      relatedLocations: f.related.map((rel, i) => ({ id: i, ...location(rel.fileName ?? r.fileName, rel, cwd), message: { text: rel.message } })),
      ...(f.handler ? { properties: { handler: f.handler, resource: f.resource } } : {}),
    })),
  );
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'clerk-route-guard', version, informationUri: 'https://github.com/clerk-route-guard/clerk-route-guard', rules } },
        originalUriBaseIds: { SRCROOT: { uri: pathToFileUri(cwd) + '/' } },
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}

function sarifLevel(severity: string): 'error' | 'warning' | 'note' {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

function location(fileName: string, r: Pick<Finding, 'range'>, cwd: string) {
  const relative = path.relative(cwd, fileName).split(path.sep).join('/');
  const inside = !relative.startsWith('..') && !path.isAbsolute(relative);
  return {
    physicalLocation: {
      artifactLocation: inside ? { uri: encodeURI(relative), uriBaseId: 'SRCROOT' } : { uri: pathToFileUri(fileName) },
      region: {
        startLine: r.range.start.line + 1,
        startColumn: r.range.start.character + 1,
        endLine: r.range.end.line + 1,
        endColumn: r.range.end.character + 1,
      },
    },
  };
}

function pathToFileUri(p: string): string {
  return 'file://' + encodeURI(path.resolve(p).split(path.sep).join('/'));
}
