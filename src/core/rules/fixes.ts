/**
 * Quick fixes as plain text edits on the analysed text: offsets (and the same range as line/character
 * positions, like findings), computed in the core so the editor and the tests apply the same thing.
 */
import ts = require('typescript');
import type { Finding, TextRange } from '../findings';
import { applyEdits } from '../fixes/edits';
import { textRange } from '../positions';

/**
 * One edit. Shaped like the quick-fix layer's `TextEdit` (file name, offsets, new text) and, like
 * findings, also carrying the line/character range.
 */
export interface FixEdit extends TextRange {
  /** The file the edit is for: the analysed file. */
  readonly fileName: string;
  readonly newText: string;
}

export interface CodeFix {
  /** Shown in the editor's quick-fix menu. */
  readonly title: string;
  /** Non-overlapping edits on the text the finding was computed from. */
  readonly edits: readonly FixEdit[];
}

/** A finding of a rule that has a quick fix (absent when the code is too unusual to rewrite safely). */
export interface FixableFinding extends Finding {
  fix?: CodeFix;
}

export function edit(sf: ts.SourceFile, start: number, end: number, newText: string): FixEdit {
  return { fileName: sf.fileName, newText, ...textRange(sf, start, end) };
}

export const insertAt = (sf: ts.SourceFile, at: number, text: string): FixEdit => edit(sf, at, at, text);

export function replaceNode(sf: ts.SourceFile, node: ts.Node, text: string): FixEdit {
  return edit(sf, node.getStart(sf), node.end, text);
}

/**
 * Applies edits to `text`. Identical edits are applied once (two findings in one function may both
 * make it `async`); edits that overlap otherwise throw: apply one fix, re-analyse, then the next.
 */
export function applyFixEdits(text: string, edits: readonly Pick<FixEdit, 'start' | 'end' | 'newText'>[]): string {
  const unique: Pick<FixEdit, 'start' | 'end' | 'newText'>[] = [];
  for (const e of edits) {
    if (!unique.some((u) => u.start === e.start && u.end === e.end && u.newText === e.newText)) unique.push(e);
  }
  return applyEdits(text, unique.map((e) => ({ fileName: '', ...e })));
}
