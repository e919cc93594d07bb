/**
 * The documented way to mark a handler public on purpose: a comment directly above it,
 * `// clerk-route-guard public: <reason>`. A reason is required, so every exception says why.
 */
// import-equals compiles to a plain require, without a second getter layer over TypeScript's exports.
import ts = require('typescript');

/** The annotation's fixed part; the quick fix inserts `// ${PUBLIC_ANNOTATION} <reason>`. */
export const PUBLIC_ANNOTATION = 'clerk-route-guard public:';
const ANNOTATION = /clerk-route-guard\s+public:[ \t]*([^\r\n]*?)[ \t]*(?:\*\/)?[ \t]*$/m;

const OPENING_TOKEN = /[{(=,]/;

/** The reason given by a public annotation among the comments just above `node`, if any. */
export function publicAnnotationReason(sourceFile: ts.SourceFile, node: ts.Node): string | undefined {
  const text = sourceFile.text;
  // Leading trivia only: no line map is built, which keeps this off the per-keystroke cost. A comment
  // on the line of an opening token before it (`action={// clerk-route-guard public: …`) counts as that
  // token's trailing comment in TypeScript: it is read too (not after `;` or `}`, where it would
  // belong to the statement before).
  const opens = OPENING_TOKEN.test(text[node.pos - 1] ?? '');
  const comments = [...((opens && ts.getTrailingCommentRanges(text, node.pos)) || []), ...(ts.getLeadingCommentRanges(text, node.pos) ?? [])];
  for (let i = comments.length - 1; i >= 0; i--) {
    const match = ANNOTATION.exec(text.slice(comments[i].pos, comments[i].end));
    const reason = match?.[1].trim();
    if (reason) return reason;
  }
  return undefined;
}
