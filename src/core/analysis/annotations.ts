/**
 * The documented way to mark a handler public on purpose: a comment directly above it,
 * `// clerk-route-guard public: <reason>`. A reason is required, so every exception says why.
 */
// import-equals compiles to a plain require, without a second getter layer over TypeScript's exports.
import ts = require('typescript');

/** The annotation's fixed part; the quick fix inserts `// ${PUBLIC_ANNOTATION} <reason>`. */
export const PUBLIC_ANNOTATION = 'clerk-route-guard public:';
const ANNOTATION = /clerk-route-guard\s+public:[ \t]*([^\r\n]*?)[ \t]*(?:\*\/)?[ \t]*$/m;

/** The reason given by a public annotation among the comments just above `node`, if any. */
export function publicAnnotationReason(sourceFile: ts.SourceFile, node: ts.Node): string | undefined {
  const text = sourceFile.text;
  // Leading trivia only: no line map is built, which keeps this off the per-keystroke cost.
  const comments = ts.getLeadingCommentRanges(text, node.pos);
  if (!comments) return undefined;
  for (let i = comments.length - 1; i >= 0; i--) {
    const match = ANNOTATION.exec(text.slice(comments[i].pos, comments[i].end));
    const reason = match?.[1].trim();
    if (reason) return reason;
  }
  return undefined;
}
