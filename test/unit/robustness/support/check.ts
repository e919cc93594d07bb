/** What "the analyzer returned normally" means for the robustness tests. */
import type { FileReport } from '../../../../src/core';

/**
 * Problems with a report, empty when it is sound: an internal error (an exception the analyzer
 * caught), a "nested too deeply" skip of a small file (a runaway recursion such as a re-export cycle
 * shows up as a stack overflow), or ranges outside the text.
 */
export function reportProblems(report: FileReport, text: string | undefined, options: { allowDeep?: boolean } = {}): string[] {
  const problems: string[] = [];
  if (report.skipped?.startsWith('internal error')) problems.push(report.skipped);
  if (report.skipped && /nested too deeply/.test(report.skipped) && !options.allowDeep) problems.push(`small file skipped: ${report.skipped}`);
  if (text === undefined) return problems;
  const inText = (n: number) => Number.isInteger(n) && n >= 0 && n <= text.length;
  for (const f of report.findings) {
    if (!inText(f.start) || !inText(f.end) || f.start > f.end) problems.push(`finding ${f.ruleId} has range ${f.start}-${f.end} outside the text (${text.length})`);
    if (f.range.start.line > f.range.end.line) problems.push(`finding ${f.ruleId} has an inverted line range`);
    for (const r of f.related) {
      if (r.fileName === undefined && (!inText(r.start) || !inText(r.end) || r.start > r.end)) {
        problems.push(`related location "${r.message}" has range ${r.start}-${r.end} outside the text`);
      }
    }
  }
  for (const h of report.resources) {
    if (!inText(h.nameStart) || !inText(h.nameEnd) || h.nameStart > h.nameEnd) problems.push(`handler ${h.name} name range ${h.nameStart}-${h.nameEnd} outside the text`);
  }
  return problems;
}

/** Calls `fn`, turning an exception into a problem message (with the top of its stack). */
export function captureThrow(fn: () => void): string[] {
  try {
    fn();
    return [];
  } catch (error) {
    const stack = error instanceof Error ? (error.stack ?? error.message).split('\n').slice(0, 4).join(' | ') : String(error);
    return [`threw: ${stack}`];
  }
}
