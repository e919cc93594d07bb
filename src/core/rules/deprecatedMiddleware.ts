/**
 * deprecated-middleware: `authMiddleware` in middleware.ts / proxy.ts, deprecated in Clerk v5 (warning)
 * and removed in v6 (error). The fix rewrites it as clerkMiddleware() with the same behaviour:
 * authMiddleware protected every route except `publicRoutes` (and the sign-in/up pages), while
 * clerkMiddleware() protects nothing by default, so the fix protects everything except those routes.
 */
import ts = require('typescript');
import type { CodeStyle } from '../templates';
import { clerkServerModule, joinLines, quote, renderProtectStatement } from '../templates';
import { clerkImportName, walk } from './bindings';
import { CodeFix, FixableFinding, insertAt, replaceNode, FixEdit } from './fixes';
import { moveImportEdits } from './imports';
import type { RuleContext } from './migration';
import { indentAt } from '../fixes/edits';
import { detectStyle } from '../fixes/style';
import { nodeRange } from '../positions';

/** authMiddleware options that clerkMiddleware takes unchanged (its second argument). */
const PASS_THROUGH_OPTIONS = new Set([
  'debug', 'signInUrl', 'signUpUrl', 'publishableKey', 'secretKey', 'domain', 'isSatellite', 'proxyUrl', 'audience',
  'authorizedParties', 'jwtKey', 'clockSkewInMs',
]);

/** Always public under authMiddleware; must stay reachable or auth.protect() redirects in a loop. */
const SIGN_IN_ROUTES = ['/sign-in(.*)', '/sign-up(.*)'];

export function checkDeprecatedMiddleware(context: RuleContext): FixableFinding[] {
  const api = context.clerk.api;
  if (api === 'v4') return [];
  const module = context.module;
  const sf = module.sourceFile;
  const findings: FixableFinding[] = [];
  walk(sf, (node) => {
    if (!ts.isCallExpression(node) || clerkImportName(node.expression, module) !== 'authMiddleware') return;
    const fix = authMiddlewareFix(sf, detectStyle(sf), api, node);
    findings.push({
      ruleId: 'deprecated-middleware',
      severity: api === 'v6' ? 'error' : 'warning',
      message: api === 'v6'
        ? 'authMiddleware was removed in Clerk v6: use clerkMiddleware(). It protects nothing by default, so protect the routes that are not public with auth.protect().'
        : 'authMiddleware is deprecated since Clerk v5 and removed in v6: use clerkMiddleware() with createRouteMatcher() and auth().protect().',
      ...nodeRange(sf, node.expression),
      related: [],
      ...(fix ? { fix } : {}),
    });
  });
  return findings;
}

function uniqueName(sf: ts.SourceFile, base: string): string {
  const used = new Set<string>();
  walk(sf, (n) => {
    if (ts.isIdentifier(n)) used.add(n.text);
  });
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}${i}`)) return `${base}${i}`;
}

function authMiddlewareFix(sf: ts.SourceFile, style: CodeStyle, api: 'v5' | 'v6', call: ts.CallExpression): CodeFix | undefined {
  const callee = call.expression;
  if (!ts.isIdentifier(callee)) return undefined;
  const text = (n: ts.Node) => sf.text.slice(n.getStart(sf), n.end);
  // Options: only publicRoutes (a literal list) and options clerkMiddleware also takes.
  let publicRoutes: string[] | undefined;
  const passThrough: string[] = [];
  const options = call.arguments[0];
  if (call.arguments.length > 1) return undefined;
  if (options) {
    if (!ts.isObjectLiteralExpression(options)) return undefined;
    for (const p of options.properties) {
      const name = p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : undefined;
      if (name === 'publicRoutes' && ts.isPropertyAssignment(p)) {
        const init = p.initializer;
        if (ts.isArrayLiteralExpression(init) && init.elements.every((e) => ts.isStringLiteralLike(e) || ts.isRegularExpressionLiteral(e))) {
          publicRoutes = init.elements.map(text);
        } else if (ts.isStringLiteralLike(init)) {
          publicRoutes = [text(init)];
        } else return undefined;
      } else if (name && PASS_THROUGH_OPTIONS.has(name) && (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p))) {
        passThrough.push(text(p));
      } else {
        return undefined; // ignoredRoutes, apiRoutes, beforeAuth, afterAuth…: migrate by hand
      }
    }
  }
  const statement = topLevelStatement(call);
  if (!statement) return undefined;
  const indent = indentAt(sf.text, call.getStart(sf));
  const eol = style.eol ?? '\n';
  const semi = style.semicolons ? ';' : '';
  const protect = renderProtectStatement(api, style)!;
  const matcherName = uniqueName(sf, 'isPublicRoute');
  const list = [...(publicRoutes ?? [])];
  const listed = new Set(list.map((t) => t.slice(1, -1)));
  for (const route of SIGN_IN_ROUTES) if (!listed.has(route)) list.push(quote(route, style));

  const body = [`if (!${matcherName}(req)) {`, `${style.indent}${protect}`, '}'];
  const callback = [`${api === 'v6' ? 'async ' : ''}(auth, req) => {`, ...body.map((l) => style.indent + l), '}'];
  const args = callback.map((l, i) => (i === 0 ? l : indent + l));
  const extra = passThrough.length ? `, { ${passThrough.join(', ')} }` : '';
  const replacement = `clerkMiddleware(${joinLines(args, style)}${extra})`;
  const edits: FixEdit[] = [
    insertAt(sf, leadingStart(sf, statement), `const ${matcherName} = createRouteMatcher([${list.join(', ')}])${semi}${eol}${eol}`),
    replaceNode(sf, call, replacement),
  ];
  const imported = importOf(sf, callee.text);
  if (!imported) return undefined;
  edits.push(...moveImportEdits(sf, style, imported.decl, [imported.spec], ['clerkMiddleware', 'createRouteMatcher'], clerkServerModule(api)));
  return { title: 'Replace authMiddleware with clerkMiddleware() protecting all but public routes', edits: dedupe(edits) };
}

function dedupe(edits: FixEdit[]): FixEdit[] {
  return edits.filter((e, i) => edits.findIndex((o) => o.start === e.start && o.end === e.end && o.newText === e.newText) === i);
}

function topLevelStatement(node: ts.Node): ts.Statement | undefined {
  let n: ts.Node = node;
  while (n.parent && !ts.isSourceFile(n.parent)) n = n.parent;
  return n.parent ? (n as ts.Statement) : undefined;
}

/** Before the statement's leading comments, so they stay attached to it. */
function leadingStart(sf: ts.SourceFile, statement: ts.Statement): number {
  const comments = ts.getLeadingCommentRanges(sf.text, statement.pos);
  const start = comments?.length ? comments[0].pos : statement.getStart(sf);
  return start;
}

function importOf(sf: ts.SourceFile, local: string): { decl: ts.ImportDeclaration; spec: ts.ImportSpecifier } | undefined {
  for (const s of sf.statements) {
    const bindings = ts.isImportDeclaration(s) ? s.importClause?.namedBindings : undefined;
    if (!bindings || !ts.isNamedImports(bindings)) continue;
    const spec = bindings.elements.find((e) => e.name.text === local);
    if (spec) return { decl: s as ts.ImportDeclaration, spec };
  }
  return undefined;
}
