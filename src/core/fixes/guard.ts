/**
 * The edits that put a Clerk guard into one handler function, computed from its syntax tree.
 *
 * `guardCandidates` returns several ways to do it, best first; the caller keeps the first one after
 * which the analyzer no longer flags the handler (see index.ts):
 *   1. reuse an existing `auth()` call where it stands: add `userId` to its destructuring (or check
 *      `session.userId`), then add the check right after it, or make a check that only logs return;
 *   2. move that `auth()` statement (and its check, when that check can move) to the top of the body,
 *      for handlers that did work before asking Clerk;
 *   3. a fresh `const { userId } = await auth()` + `if (!userId) return 401` at the top of the body,
 *      under a name that clashes with nothing (`clerkUserId` when `userId` is taken).
 */
import * as ts from 'typescript';
import { CLERK_SERVER_MODULES } from '../analysis/knownModules';
import { directivePrologue, type ModuleContext } from '../analysis/module';
import type { FunctionNode } from '../analysis/scope';
import {
  ClerkApi, CodeStyle, GuardOptions, renderGuardStatements, renderProtectStatement, renderSignedOutCheck,
  renderSignedOutStop,
} from '../templates';
import { applyEdits, indentAt, isBlankLine, isBlankLineBefore, lineEnd, lineStart, nextLineStart, sameLine, startsLine, TextEdit } from './edits';
import { freshName, namesDeclaredIn, namesUsedIn } from './names';

/** What a fix needs to know about the file it edits. */
export interface FileContext {
  readonly fileName: string;
  readonly sf: ts.SourceFile;
  readonly module: ModuleContext;
  readonly style: CodeStyle;
  readonly api: ClerkApi;
  /**
   * What a signed-out caller gets: for a route handler `NextResponse.json(…)` when the file imports
   * NextResponse, else `new Response(…)`; a Server Function throws; a page redirects to sign-in.
   */
  readonly response: GuardOptions['response'];
}

export interface GuardPlan {
  /** Which of the strategies above. */
  readonly kind: 'reuse' | 'move' | 'fresh' | 'protect';
  /** Edits inside the function: the guard, `async`, a block body for an expression-bodied arrow. */
  readonly edits: TextEdit[];
  /** The plan calls Clerk's `auth` by the file's name for it, so the file must import it. */
  readonly usesAuthName: boolean;
}

const FUNCTION_BOUNDARY = (n: ts.Node) =>
  ts.isFunctionLike(n) || ts.isClassLike(n);

/**
 * True when the fix cannot handle the function at all: no body, a generator, or a function that is not
 * async and uses `await` as a name (`await.lead.create()` parses in a plain function; made async, it
 * would not).
 */
export function unfixable(fn: FunctionNode): boolean {
  return !fn.body || !!fn.asteriskToken || (!isAsyncFunction(fn) && usesAwaitAsName(fn.body));
}

function isAsyncFunction(fn: FunctionNode): boolean {
  return ts.getModifiers(fn)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword) ?? false;
}

function usesAwaitAsName(body: ts.Node): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found || FUNCTION_BOUNDARY(n)) return;
    if (ts.isIdentifier(n) && n.text === 'await') found = true;
    else ts.forEachChild(n, visit);
  };
  ts.forEachChild(body, visit);
  return found;
}

// ---- candidates -------------------------------------------------------------------------------

export function guardCandidates(fn: FunctionNode, ctx: FileContext, authName: string): GuardPlan[] {
  if (unfixable(fn)) return [];
  const plans: GuardPlan[] = [];
  // Clerk's redirect comes from the auth() call the guard writes: an existing call may not bind it.
  const use = ctx.response === 'redirectToSignIn' ? undefined : findAuthUses(fn, ctx)[0];
  if (use) {
    const inPlace = reuseInPlace(fn, use, ctx, authName);
    if (inPlace) plans.push(inPlace);
    const moved = moveToTop(fn, use, ctx, authName);
    if (moved) plans.push(moved);
  }
  plans.push(freshGuard(fn, ctx, authName));
  return plans;
}

/** `await auth.protect()` (v6) / `auth().protect()` (v5) at the top of the body; none on v4. */
export function protectPlan(fn: FunctionNode, ctx: FileContext, authName: string, options?: string): GuardPlan | undefined {
  if (unfixable(fn)) return undefined;
  const statement = renderProtectStatement(ctx.api, ctx.style, { authName, options });
  if (!statement) return undefined;
  const edits = [...insertAtTop(fn, [statement], ctx)];
  if (ctx.api === 'v6') edits.push(...asyncEdits(fn, ctx));
  return { kind: 'protect', edits, usesAuthName: true };
}

function guardOptions(ctx: FileContext, authName: string, userIdName?: string): GuardOptions {
  return { response: ctx.response, authName, userIdName };
}

function freshGuard(fn: FunctionNode, ctx: FileContext, authName: string): GuardPlan {
  const used = namesUsedIn(fn);
  const userIdName = freshName('userId', 'clerkUserId', (n) => used.has(n) || n === authName);
  const lines = renderGuardStatements(ctx.api, ctx.style, guardOptions(ctx, authName, userIdName));
  const edits = [...insertAtTop(fn, lines, ctx)];
  if (ctx.api === 'v6') edits.push(...asyncEdits(fn, ctx));
  return { kind: 'fresh', edits, usesAuthName: true };
}

// ---- existing auth() calls --------------------------------------------------------------------

interface AuthUse {
  readonly statement: ts.VariableStatement;
  readonly block: ts.Block;
  readonly call: ts.CallExpression;
  /** Null for a signed-out caller: `userId`, `clerkId`, `session.userId`. */
  readonly value: string;
  /** The value was already bound before the fix (an existing check may test it). */
  readonly existed: boolean;
  /** Edits to the statement itself: `userId` added to the destructuring, `await` added on v6. */
  readonly localEdits: TextEdit[];
  readonly needsAsync: boolean;
}

/** `const … = await auth()` statements in the function (not in nested functions), in source order. */
function findAuthUses(fn: FunctionNode, ctx: FileContext): AuthUse[] {
  const uses: AuthUse[] = [];
  const declared = namesDeclaredIn(fn);
  // The analyzer parses without parent pointers, so the walk carries the enclosing block itself.
  const visit = (n: ts.Node, parent: ts.Node | undefined): void => {
    if (n !== fn && FUNCTION_BOUNDARY(n)) return;
    if (ts.isVariableStatement(n) && parent && ts.isBlock(parent)) {
      const use = authUse(n, parent, fn, ctx, declared);
      if (use) uses.push(use);
    }
    ts.forEachChild(n, (child) => visit(child, n));
  };
  visit(fn, undefined);
  return uses;
}

function authUse(statement: ts.VariableStatement, block: ts.Block, fn: FunctionNode, ctx: FileContext, declared: Set<string>): AuthUse | undefined {
  const decls = statement.declarationList.declarations;
  if (decls.length !== 1 || !decls[0].initializer) return undefined;
  const decl = decls[0];
  let init = skipOuter(decl.initializer!);
  const awaited = ts.isAwaitExpression(init);
  if (ts.isAwaitExpression(init)) init = skipOuter(init.expression);
  if (!ts.isCallExpression(init) || init.arguments.length > 0 || !ts.isIdentifier(init.expression)) return undefined;
  const callee = init.expression.text;
  const declaration = ctx.module.declarationOf(callee);
  if (declaration?.kind !== 'import' || declaration.name !== 'auth' || !CLERK_SERVER_MODULES.has(declaration.module)) return undefined;
  if (declared.has(callee)) return undefined; // shadowed inside the handler: not Clerk's
  const needsAwait = ctx.api === 'v6' && !awaited;
  const localEdits: TextEdit[] = needsAwait ? [insert(ctx, init.getStart(ctx.sf), 'await ')] : [];
  const base = { statement, block, call: init, localEdits, needsAsync: needsAwait };
  if (ts.isIdentifier(decl.name)) return { ...base, value: `${decl.name.text}.userId`, existed: true };
  if (!ts.isObjectBindingPattern(decl.name)) return undefined;
  const pattern = decl.name;
  for (const e of pattern.elements) {
    const key = e.propertyName ?? e.name;
    const keyText = ts.isIdentifier(key) || ts.isStringLiteral(key) ? key.text : undefined;
    if (!e.dotDotDotToken && keyText === 'userId' && ts.isIdentifier(e.name)) return { ...base, value: e.name.text, existed: true };
  }
  const rest = pattern.elements.find((e) => e.dotDotDotToken);
  if (rest) return ts.isIdentifier(rest.name) ? { ...base, value: `${rest.name.text}.userId`, existed: true } : undefined;
  const used = namesUsedIn(fn);
  const name = freshName('userId', 'clerkUserId', (n) => used.has(n));
  const binding = name === 'userId' ? 'userId' : `userId: ${name}`;
  const edit = pattern.elements.length
    ? insert(ctx, pattern.elements[0].getStart(ctx.sf), `${binding}, `)
    : { fileName: ctx.fileName, start: pattern.getStart(ctx.sf) + 1, end: pattern.end - 1, newText: ` ${binding} ` };
  return { ...base, value: name, existed: false, localEdits: [edit, ...localEdits] };
}

/** The check `if (!value) …` (or `value == null`) among the statements after the auth call, if any. */
function existingCheck(use: AuthUse, ctx: FileContext): ts.IfStatement | undefined {
  if (!use.existed) return undefined;
  const after = use.block.statements.slice(use.block.statements.indexOf(use.statement) + 1);
  return after.find((s): s is ts.IfStatement => ts.isIfStatement(s) && testsSignedOut(s.expression, use.value, ctx));
}

function testsSignedOut(expr: ts.Expression, value: string, ctx: FileContext): boolean {
  const e = skipOuter(expr);
  const same = (x: ts.Expression) => compact(skipOuter(x).getText(ctx.sf)) === compact(value);
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) return same(e.operand);
  if (ts.isBinaryExpression(e) && [ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.EqualsEqualsEqualsToken].includes(e.operatorToken.kind)) {
    const nullish = (x: ts.Expression) => x.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(x) && x.text === 'undefined');
    return (same(e.left) && nullish(e.right)) || (same(e.right) && nullish(e.left));
  }
  return false;
}

/** A branch that ends by returning or throwing. */
function stops(statement: ts.Statement): boolean {
  if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement)) return true;
  if (ts.isBlock(statement)) {
    const last = statement.statements[statement.statements.length - 1];
    return !!last && stops(last);
  }
  return false;
}

/** Strategy 1: check the existing call's result right where it is. */
function reuseInPlace(fn: FunctionNode, use: AuthUse, ctx: FileContext, authName: string): GuardPlan | undefined {
  const opts = guardOptions(ctx, authName);
  const check = existingCheck(use, ctx);
  const edits = [...use.localEdits];
  if (check) {
    if (stops(check.thenStatement)) return undefined; // the check is fine; it is just too late
    edits.push(...appendToBranch(check, [renderSignedOutStop(ctx.style, opts)], ctx));
  } else {
    edits.push(...insertAfter(use.statement, renderSignedOutCheck(use.value, ctx.style, opts), ctx));
  }
  if (use.needsAsync) edits.push(...asyncEdits(fn, ctx));
  return { kind: 'reuse', edits, usesAuthName: false };
}

/** Strategy 2: move the `auth()` statement (with its check when that can move too) to the top of the body. */
function moveToTop(fn: FunctionNode, use: AuthUse, ctx: FileContext, authName: string): GuardPlan | undefined {
  const body = fn.body;
  const text = ctx.sf.text;
  if (!body || !ts.isBlock(body) || use.block !== body) return undefined;
  const index = body.statements.indexOf(use.statement);
  if (index <= 0 || !ownsLines(use.statement, ctx)) return undefined;
  // The check moves along when it directly follows, stops, and uses nothing declared in between.
  const next = body.statements[index + 1];
  const declaredInBody = namesDeclaredIn(body);
  for (const n of namesDeclaredIn(use.statement)) declaredInBody.delete(n);
  const check =
    next && ts.isIfStatement(next) && !next.elseStatement && use.existed && testsSignedOut(next.expression, use.value, ctx) &&
    stops(next.thenStatement) && ownsLines(next, ctx) && ![...namesUsedIn(next)].some((n) => declaredInBody.has(n))
      ? next
      : undefined;
  const last = check ?? use.statement;
  // Comment lines directly above the statement belong to it and move along.
  let from = lineStart(text, use.statement.getStart(ctx.sf));
  const attached = commentsAt(text, body.statements[index - 1].end).filter((c) => startsLine(text, c.pos) && c.end <= from);
  for (let i = attached.length - 1; i >= 0; i--) {
    const c = attached[i];
    if (!/^[ \t]*\r?\n$/.test(text.slice(c.end, from))) break;
    from = lineStart(text, c.pos);
  }
  const to = lineEnd(text, endWithComments(last, ctx));
  // The moved text, with the statement's own edits applied, de-indented to the body's level.
  const shifted = use.localEdits.map((e) => ({ ...e, start: e.start - from, end: e.end - from }));
  const indent = indentAt(text, use.statement.getStart(ctx.sf));
  const moved = applyEdits(text.slice(from, to), shifted)
    .split(/\r?\n/)
    .map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l.trimStart()));
  const lines = check ? moved : [...moved, ...renderSignedOutCheck(use.value, ctx.style, guardOptions(ctx, authName))];
  // Remove the old lines; when blank lines surround them, one of those goes too.
  let cut = nextLineStart(text, to);
  const blankBefore = isBlankLineBefore(text, from);
  if (blankBefore && cut < text.length && isBlankLine(text, cut)) cut = nextLineStart(text, cut);
  const edits: TextEdit[] = [...insertAtTop(fn, lines, ctx), { fileName: ctx.fileName, start: from, end: cut, newText: '' }];
  if (use.needsAsync) edits.push(...asyncEdits(fn, ctx));
  return { kind: 'move', edits, usesAuthName: false };
}

/** The statement starts its line and nothing but comments follows it there. */
function ownsLines(statement: ts.Statement, ctx: FileContext): boolean {
  const text = ctx.sf.text;
  const end = endWithComments(statement, ctx);
  return startsLine(text, statement.getStart(ctx.sf)) && /^[ \t]*$/.test(text.slice(end, lineEnd(text, end)));
}

/** The end of a node including comments that follow it on its line. */
function endWithComments(node: ts.Node, ctx: FileContext): number {
  const comments = ts.getTrailingCommentRanges(ctx.sf.text, node.end) ?? [];
  return comments.length ? comments[comments.length - 1].end : node.end;
}

// ---- inserting statements -----------------------------------------------------------------------

/** The indentation of statements in a block: its first statement's, else one level deeper than the `{` line. */
function blockIndent(block: ts.Block, ctx: FileContext): string {
  const text = ctx.sf.text;
  const first = block.statements.find((s) => startsLine(text, s.getStart(ctx.sf)));
  return first ? indentAt(text, first.getStart(ctx.sf)) : indentAt(text, block.getStart(ctx.sf)) + ctx.style.indent;
}

const eolOf = (ctx: FileContext) => ctx.style.eol ?? '\n';

/** Lines (relative to `indent`), each on a new line. */
function renderLines(lines: readonly string[], indent: string, ctx: FileContext): string {
  return lines.map((l) => eolOf(ctx) + (l === '' ? '' : indent + l)).join('');
}

/** Statements at the very start of a function body (an expression body becomes a block first). */
export function insertAtTop(fn: FunctionNode, lines: readonly string[], ctx: FileContext): TextEdit[] {
  const body = fn.body!;
  if (ts.isBlock(body)) return insertAtBlockStart(body, lines, ctx);
  return toBlockBody(fn as ts.ArrowFunction, lines, ctx);
}

function insertAtBlockStart(block: ts.Block, lines: readonly string[], ctx: FileContext): TextEdit[] {
  // `'use server'` must stay the body's first statement: the guard goes after the directives.
  const directives = directivePrologue(block.statements);
  if (directives.length) return insertAfter(directives[directives.length - 1], lines, ctx);
  const text = ctx.sf.text;
  const open = block.getStart(ctx.sf);
  const comments = ts.getTrailingCommentRanges(text, open + 1) ?? [];
  const at = comments.length ? comments[comments.length - 1].end : open + 1;
  const inner = blockIndent(block, ctx);
  const newText = renderLines(lines, inner, ctx);
  const close = block.end - 1;
  const nextToken = skipSpaces(text, at);
  if (atLineEnd(text, nextToken)) {
    // A blank line between the guard and the code that follows, unless there is one already.
    const following = nextLineStart(text, at);
    const separate = following < text.length && following > at && !isBlankLine(text, following) && text[skipSpaces(text, following)] !== '}';
    return [{ fileName: ctx.fileName, start: at, end: at, newText: separate ? newText + eolOf(ctx) : newText }];
  }
  // `{ return x }` or `{}` on one line: break it up.
  const outer = indentAt(text, open);
  if (nextToken === close) return [{ fileName: ctx.fileName, start: at, end: close, newText: newText + eolOf(ctx) + outer }];
  const edits: TextEdit[] = [{ fileName: ctx.fileName, start: at, end: nextToken, newText: newText + eolOf(ctx) + inner }];
  const last = block.statements[block.statements.length - 1];
  const lastEnd = last ? endWithComments(last, ctx) : nextToken;
  if (sameLine(text, open, close) && lastEnd <= close && /^[ \t]*$/.test(text.slice(lastEnd, close))) {
    edits.push({ fileName: ctx.fileName, start: lastEnd, end: close, newText: eolOf(ctx) + outer });
  }
  return edits;
}

function atLineEnd(text: string, pos: number): boolean {
  return pos >= text.length || text[pos] === '\n' || text[pos] === '\r';
}

function skipSpaces(text: string, pos: number): number {
  let i = pos;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return i;
}

/** Lines after a statement, at its indentation. */
function insertAfter(statement: ts.Statement, lines: readonly string[], ctx: FileContext): TextEdit[] {
  const text = ctx.sf.text;
  const at = endWithComments(statement, ctx);
  const indent = indentAt(text, statement.getStart(ctx.sf));
  const newText = renderLines(lines, indent, ctx);
  const next = skipSpaces(text, at);
  if (!atLineEnd(text, next)) {
    return [{ fileName: ctx.fileName, start: at, end: next, newText: newText + eolOf(ctx) + indent }];
  }
  return [{ fileName: ctx.fileName, start: at, end: at, newText }];
}

/** Lines at the end of an if statement's then-branch (a single statement becomes a block). */
function appendToBranch(ifStatement: ts.IfStatement, lines: readonly string[], ctx: FileContext): TextEdit[] {
  const text = ctx.sf.text;
  const branch = ifStatement.thenStatement;
  const ifIndent = indentAt(text, ifStatement.getStart(ctx.sf));
  if (ts.isBlock(branch)) {
    const last = branch.statements[branch.statements.length - 1];
    const open = branch.getStart(ctx.sf);
    const at = last ? endWithComments(last, ctx) : (ts.getTrailingCommentRanges(text, open + 1) ?? []).reduce((_, c) => c.end, open + 1);
    const inner = last ? blockIndent(branch, ctx) : indentAt(text, open) + ctx.style.indent;
    const newText = renderLines(lines, inner, ctx);
    const close = branch.end - 1;
    if (!atLineEnd(text, skipSpaces(text, at))) return [{ fileName: ctx.fileName, start: at, end: close, newText: newText + eolOf(ctx) + indentAt(text, open) }];
    return [{ fileName: ctx.fileName, start: at, end: at, newText }];
  }
  const inner = ifIndent + ctx.style.indent;
  const closeParen = ifStatement.getChildren(ctx.sf).find((c) => c.kind === ts.SyntaxKind.CloseParenToken);
  const hasComments = closeParen && commentsAt(text, closeParen.end).length > 0;
  const start = closeParen && !hasComments ? closeParen.end : branch.getStart(ctx.sf);
  const body = renderLines([branch.getText(ctx.sf), ...lines], inner, ctx);
  return [{ fileName: ctx.fileName, start, end: branch.end, newText: `${start === branch.getStart(ctx.sf) ? '' : ' '}{${body}${eolOf(ctx)}${ifIndent}}` }];
}

/** `async () => expr` becomes `async () => {\n  …lines\n  return expr;\n}`. */
function toBlockBody(arrow: ts.ArrowFunction, lines: readonly string[], ctx: FileContext): TextEdit[] {
  const text = ctx.sf.text;
  const body = arrow.body as ts.Expression;
  const arrowToken = arrow.equalsGreaterThanToken;
  const base = indentAt(text, arrow.getStart(ctx.sf));
  const inner = base + ctx.style.indent;
  const bodyStart = body.getStart(ctx.sf);
  const comments = commentsAt(text, arrowToken.end).map((c) => text.slice(c.pos, c.end));
  const semi = ctx.style.semicolons ? ';' : '';
  const edits: TextEdit[] = [
    {
      fileName: ctx.fileName,
      start: arrowToken.end,
      end: bodyStart,
      newText: ` {${renderLines([...comments, ...lines], inner, ctx)}${eolOf(ctx)}${inner}return `,
    },
    { fileName: ctx.fileName, start: body.end, end: body.end, newText: `${semi}${eolOf(ctx)}${base}}` },
  ];
  // A body that started on the arrow's line moves one level in: so do its other lines.
  if (sameLine(text, arrowToken.end, bodyStart)) {
    const verbatim = verbatimRanges(body, ctx);
    for (let at = nextLineStart(text, bodyStart); at < body.end && at > bodyStart; at = nextLineStart(text, at)) {
      if (isBlankLine(text, at) || verbatim.some(([s, e]) => at > s && at < e)) continue;
      edits.push({ fileName: ctx.fileName, start: at, end: at, newText: ctx.style.indent });
      if (nextLineStart(text, at) === at) break;
    }
  }
  return edits;
}

/** Ranges whose line breaks are part of a value (template literals, strings, JSX text): not re-indented. */
function verbatimRanges(node: ts.Node, ctx: FileContext): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  const visit = (n: ts.Node): void => {
    if (ts.isTemplateLiteral(n) || ts.isStringLiteral(n) || ts.isJsxElement(n) || ts.isJsxFragment(n)) {
      ranges.push([n.getStart(ctx.sf), n.end]);
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
  return ranges;
}

// ---- async ----------------------------------------------------------------------------------------

/** `async` for a function that is not (and `Promise<T>` around its declared return type `T`). */
export function asyncEdits(fn: FunctionNode, ctx: FileContext): TextEdit[] {
  if (isAsyncFunction(fn)) return [];
  let at: number;
  if (ts.isArrowFunction(fn)) at = fn.getStart(ctx.sf);
  else if (ts.isMethodDeclaration(fn)) at = (fn.asteriskToken ?? fn.name).getStart(ctx.sf);
  else {
    const keyword = fn.getChildren(ctx.sf).find((c) => c.kind === ts.SyntaxKind.FunctionKeyword);
    if (!keyword) return [];
    at = keyword.getStart(ctx.sf);
  }
  const edits = [insert(ctx, at, 'async ')];
  const type = fn.type;
  if (type && !(ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && type.typeName.text === 'Promise')) {
    edits.push({ fileName: ctx.fileName, start: type.getStart(ctx.sf), end: type.end, newText: `Promise<${type.getText(ctx.sf)}>` });
  }
  return edits;
}

// ---- small helpers --------------------------------------------------------------------------------

function insert(ctx: FileContext, at: number, newText: string): TextEdit {
  return { fileName: ctx.fileName, start: at, end: at, newText };
}

/** Every comment between `pos` and the next token (on `pos`'s line and on the lines below). */
function commentsAt(text: string, pos: number): ts.CommentRange[] {
  const found = [...(ts.getTrailingCommentRanges(text, pos) ?? []), ...(ts.getLeadingCommentRanges(text, pos) ?? [])];
  return found.filter((c, i) => found.findIndex((d) => d.pos === c.pos) === i).sort((a, b) => a.pos - b.pos);
}

function skipOuter(expr: ts.Expression): ts.Expression {
  let e = expr;
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isNonNullExpression(e) || ts.isTypeAssertionExpression(e)) {
    e = e.expression;
  }
  return e;
}

function compact(s: string): string {
  return s.replace(/\s+/g, '');
}
