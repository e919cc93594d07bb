/**
 * The quick fixes under fuzzing. Filled in once src/core/fixes exists; until then no fixer checks run.
 */
import type { Analyzer, FileReport } from '../../../../src/core';
import { stats } from './stats';

export function fixerProblems(_analyzer: Analyzer, _fileName: string, _text: string, _report: FileReport): string[] {
  void stats;
  return [];
}
