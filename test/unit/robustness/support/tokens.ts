/** Token boundaries and token-level mutations of route-file text, for the fuzz tests. */
// import-equals: a plain require, no getter per ts.X access (hot path under tsx).
import ts = require('typescript');
import { Random } from './random';

export interface Token {
  /** Start of the token (after leading trivia). */
  start: number;
  end: number;
}

/**
 * The tokens of `text` as TypeScript's scanner sees them (trivia skipped). The scanner runs without a
 * parser, so a `/` may be read as division where the parser would read a regex and template literals
 * are split at `}`; the boundaries are still real token ends, which is all the fuzzing needs.
 */
export function scanTokens(text: string, variant: ts.LanguageVariant = ts.LanguageVariant.Standard): Token[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, variant, text);
  const tokens: Token[] = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    const start = scanner.getTokenStart();
    const end = scanner.getTokenEnd();
    if (end <= start && tokens.length && tokens[tokens.length - 1].end >= end) break; // no progress: stop
    tokens.push({ start, end });
  }
  return tokens;
}

/** Every distinct cut point at a token end, in order (the empty prefix and the full text included). */
export function prefixCuts(text: string): number[] {
  const cuts = new Set<number>([0]);
  for (const t of scanTokens(text)) cuts.add(t.end);
  cuts.add(text.length);
  return [...cuts].sort((a, b) => a - b);
}

const STRAYS = ['{', '}', '(', ')', '[', ']', '"', "'", '`', '/*', '*/', '//', '${', '<', '>', ';', ',', '=>', '\n', '\r\n', '\\', '?.', '...'];

/** Words that make the analyzer take other paths: handlers, Clerk calls, control flow. */
const WORDS = [
  'export', 'default', 'async', 'await', 'function', 'const', 'let', 'return', 'throw', 'if', 'else', 'try', 'catch',
  'finally', 'for', 'while', 'do', 'switch', 'case', 'break', 'continue', 'new', 'class', 'import', 'from', 'typeof',
  'yield', 'GET', 'POST', 'auth', 'auth()', 'await auth()', 'auth.protect()', 'currentUser()', 'userId', '!userId',
  'require("x")', 'import("./x")', 'export * from "./x";', 'export { GET } from "./x";', 'export { x as GET };',
  'export const GET = ', 'export async function GET() {', '<div>', '</div>', '@', '#x', 'as', 'satisfies', '!', '?', ':',
];

export const MUTATIONS = ['delete', 'duplicate', 'swap', 'stray', 'word', 'delete-range', 'move', 'copy'] as const;
export type MutationKind = (typeof MUTATIONS)[number];

export interface Mutation {
  kind: MutationKind;
  text: string;
  /** What was done, for the failure message. */
  detail: string;
}

/** One to three random token-level edits of `text`. */
export function mutate(text: string, random: Random): Mutation {
  let current = text;
  const steps: string[] = [];
  const count = 1 + random.int(3);
  let kind: MutationKind = 'delete';
  for (let i = 0; i < count; i++) {
    const tokens = scanTokens(current);
    kind = random.pick(MUTATIONS);
    if (!tokens.length) kind = 'stray';
    const slice = (t: Token) => current.slice(t.start, t.end);
    switch (kind) {
      case 'delete': {
        const t = random.pick(tokens);
        current = current.slice(0, t.start) + current.slice(t.end);
        steps.push(`delete ${JSON.stringify(slice(t))}@${t.start}`);
        break;
      }
      case 'duplicate': {
        const t = random.pick(tokens);
        current = current.slice(0, t.end) + ' ' + slice(t) + current.slice(t.end);
        steps.push(`duplicate ${JSON.stringify(slice(t))}@${t.start}`);
        break;
      }
      case 'swap': {
        const a = random.int(tokens.length);
        const b = Math.min(tokens.length - 1, a + 1 + random.int(3));
        if (a === b) break;
        const [ta, tb] = [tokens[a], tokens[b]];
        current = current.slice(0, ta.start) + slice(tb) + current.slice(ta.end, tb.start) + slice(ta) + current.slice(tb.end);
        steps.push(`swap ${JSON.stringify(slice(ta))}@${ta.start} ${JSON.stringify(slice(tb))}@${tb.start}`);
        break;
      }
      case 'stray': {
        const at = tokens.length ? random.pick(tokens)[random.int(2) ? 'start' : 'end'] : random.int(current.length + 1);
        const s = random.pick(STRAYS);
        current = current.slice(0, at) + s + current.slice(at);
        steps.push(`insert ${JSON.stringify(s)}@${at}`);
        break;
      }
      case 'word': {
        const at = random.pick(tokens)[random.int(2) ? 'start' : 'end'];
        const w = random.pick(WORDS);
        current = current.slice(0, at) + ' ' + w + ' ' + current.slice(at);
        steps.push(`insert ${JSON.stringify(w)}@${at}`);
        break;
      }
      case 'copy': {
        // A run of tokens copied somewhere else (a handler body pasted into another, a guard doubled).
        const a = random.int(tokens.length);
        const b = Math.min(tokens.length - 1, a + random.int(20));
        const piece = current.slice(tokens[a].start, tokens[b].end);
        const at = random.pick(tokens)[random.int(2) ? 'start' : 'end'];
        current = current.slice(0, at) + piece + current.slice(at);
        steps.push(`copy ${tokens[a].start}-${tokens[b].end} to ${at}`);
        break;
      }
      case 'delete-range': {
        const a = random.int(tokens.length);
        const b = Math.min(tokens.length - 1, a + random.int(12));
        current = current.slice(0, tokens[a].start) + current.slice(tokens[b].end);
        steps.push(`delete-range ${tokens[a].start}-${tokens[b].end}`);
        break;
      }
      case 'move': {
        const a = random.int(tokens.length);
        const b = Math.min(tokens.length - 1, a + random.int(6));
        const piece = current.slice(tokens[a].start, tokens[b].end);
        const rest = current.slice(0, tokens[a].start) + current.slice(tokens[b].end);
        const at = random.int(rest.length + 1);
        current = rest.slice(0, at) + piece + rest.slice(at);
        steps.push(`move ${tokens[a].start}-${tokens[b].end} to ${at}`);
        break;
      }
    }
  }
  return { kind, text: current, detail: steps.join('; ') };
}
