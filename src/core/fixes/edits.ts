/**
 * Text edits: the currency of the quick fixes. Offsets are UTF-16 code units into a file's text without
 * its byte-order mark (what VS Code's `TextDocument.getText()` and the analyzer see).
 */

/** Replace `[start, end)` of `fileName` with `newText`. An insertion has `start === end`. */
export interface TextEdit {
  /** Absolute path of the file the edit is for (the route file, or the file the handler's function is in). */
  readonly fileName: string;
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

const BOM = '\uFEFF';

/**
 * Applies edits to one file's text. The edits must not overlap (insertions at one offset are applied in
 * the order given). A leading byte-order mark is kept and not counted in the offsets.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  if (text.startsWith(BOM)) return BOM + applyEdits(text.slice(1), edits);
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.start - b.e.start || a.e.end - b.e.end || a.i - b.i);
  let out = '';
  let at = 0;
  for (const { e } of sorted) {
    if (e.start < at || e.end < e.start || e.end > text.length) {
      throw new Error(`overlapping or out-of-range edit [${e.start}, ${e.end}) in ${e.fileName}`);
    }
    out += text.slice(at, e.start) + e.newText;
    at = e.end;
  }
  return out + text.slice(at);
}

/** Edits grouped by file name, each group sorted by position. */
export function editsByFile(edits: readonly TextEdit[]): Map<string, TextEdit[]> {
  const byFile = new Map<string, TextEdit[]>();
  for (const e of edits) byFile.set(e.fileName, [...(byFile.get(e.fileName) ?? []), e]);
  for (const list of byFile.values()) list.sort((a, b) => a.start - b.start || a.end - b.end);
  return byFile;
}

/**
 * Sorts edits and merges edits that touch (an insertion at the end or start of another edit, two
 * insertions at one offset) into one, so the set is strictly non-overlapping: VS Code's WorkspaceEdit
 * rejects overlapping edits. Throws if two edits really overlap.
 */
export function normalizeEdits(edits: readonly TextEdit[]): TextEdit[] {
  const out: TextEdit[] = [];
  for (const [, list] of editsByFile(edits)) {
    const merged: TextEdit[] = [];
    for (const e of list) {
      const last = merged[merged.length - 1];
      if (last && e.start < last.end) throw new Error(`overlapping edits at ${e.start} in ${e.fileName}`);
      if (last && e.start === last.end) merged[merged.length - 1] = { ...last, end: e.end, newText: last.newText + e.newText };
      else merged.push(e);
    }
    out.push(...merged.filter((e) => e.start !== e.end || e.newText !== ''));
  }
  return out;
}

// ---- lines ---------------------------------------------------------------------------------------

/** Offset of the start of the line containing `pos`. */
export function lineStart(text: string, pos: number): number {
  let i = pos;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

/** Offset of the end of the line containing `pos` (before its line break). */
export function lineEnd(text: string, pos: number): number {
  let i = pos;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}

/** Offset just after the line break that ends the line containing `pos` (or the end of the text). */
export function nextLineStart(text: string, pos: number): number {
  const end = lineEnd(text, pos);
  if (text.startsWith('\r\n', end)) return end + 2;
  return end < text.length ? end + 1 : end;
}

/** The whitespace that starts the line containing `pos`. */
export function indentAt(text: string, pos: number): string {
  const start = lineStart(text, pos);
  let i = start;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return text.slice(start, i);
}

/** True when only spaces and tabs precede `pos` on its line. */
export function startsLine(text: string, pos: number): boolean {
  return /^[ \t]*$/.test(text.slice(lineStart(text, pos), pos));
}

/** True when the line containing `pos` holds only whitespace. */
export function isBlankLine(text: string, pos: number): boolean {
  return /^[ \t]*$/.test(text.slice(lineStart(text, pos), lineEnd(text, pos)));
}

/** True when the line before the one starting at `start` holds only whitespace (false on the first line). */
export function isBlankLineBefore(text: string, start: number): boolean {
  if (start <= 0) return false;
  let p = start - 1;
  if (text[p] === '\n' && text[p - 1] === '\r') p--;
  return /^[ \t]*$/.test(text.slice(lineStart(text, p), p));
}

/** True when `a` and `b` are on the same line. */
export function sameLine(text: string, a: number, b: number): boolean {
  const [lo, hi] = a <= b ? [a, b] : [b, a];
  return !/[\r\n]/.test(text.slice(lo, hi));
}
