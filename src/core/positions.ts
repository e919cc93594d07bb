/**
 * Offsets to lines and columns, counted as TypeScript counts them. Every finding needs some, and
 * TypeScript's `getLineAndCharacterOfPosition` first maps the whole file with a per-character loop:
 * for text whose only line break is `\n` (almost every file), `indexOf` finds the same line starts
 * about five times faster. Other line breaks TypeScript knows (`\r`, U+2028, U+2029) use its own map.
 */
import type * as ts from 'typescript';
import type { Position, TextRange } from './findings';

/** Line starts of `\n`-only files; null for the others (TypeScript's map is used for those). */
const lineStartsOf = new WeakMap<ts.SourceFile, readonly number[] | null>();

function newlineOnlyLineStarts(sf: ts.SourceFile): readonly number[] | null {
  let starts = lineStartsOf.get(sf);
  if (starts === undefined) {
    const text = sf.text;
    if (text.includes('\r') || text.includes('\u2028') || text.includes('\u2029')) starts = null;
    else {
      const found = [0];
      for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) found.push(at + 1);
      starts = found;
    }
    lineStartsOf.set(sf, starts);
  }
  return starts;
}

export function positionAt(sf: ts.SourceFile, offset: number): Position {
  const starts = newlineOnlyLineStarts(sf);
  if (!starts) return sf.getLineAndCharacterOfPosition(offset);
  // The last line start at or before the offset.
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low, character: offset - starts[low] };
}

/** Offsets `start`–`end` of `sf` with their positions. */
export function textRange(sf: ts.SourceFile, start: number, end: number): TextRange {
  return { start, end, range: { start: positionAt(sf, start), end: positionAt(sf, end) } };
}

/** A node's range, from its first token (leading comments left out) to its end. */
export function nodeRange(sf: ts.SourceFile, node: ts.Node): TextRange {
  return textRange(sf, node.getStart(sf), node.end);
}

/** Offsets `start`–`end` of a text that has no syntax tree at hand (a file read again for a note). */
export function textRangeIn(text: string, start: number, end: number): TextRange {
  const at = (offset: number): Position => {
    const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
    let line = 0;
    for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
    return { line, character: offset - lineStart };
  };
  return { start, end, range: { start: at(start), end: at(end) } };
}
