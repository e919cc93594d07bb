/**
 * The documented way to mark a handler public on purpose: a comment line directly above it,
 * `// clerk-route-guard public: <reason>`. A reason is required, so every exception says why.
 */
import * as ts from 'typescript';

export const PUBLIC_ANNOTATION = 'clerk-route-guard public:';
const ANNOTATION = /clerk-route-guard\s+public:\s*(\S.*?)\s*(\*\/)?\s*$/;
const COMMENT_LINE = /^\s*(\/\/|\/\*|\*)/;

/** The reason given by a public annotation in the comment lines just above `node`, if any. */
export function publicAnnotationReason(sourceFile: ts.SourceFile, node: ts.Node): string | undefined {
  const text = sourceFile.text;
  const line = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line;
  const starts = sourceFile.getLineStarts();
  for (let l = line - 1; l >= 0; l--) {
    const lineText = text.slice(starts[l], l + 1 < starts.length ? starts[l + 1] : text.length);
    if (!COMMENT_LINE.test(lineText)) break;
    const match = ANNOTATION.exec(lineText.replace(/\r?\n$/, ''));
    if (match && match[1].replace(/\*\/$/, '').trim()) return match[1].replace(/\*\/$/, '').trim();
  }
  return undefined;
}
