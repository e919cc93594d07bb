/**
 * Generated route files for the fix property tests: every handler form × every body shape × every code
 * style, plus a few extra dimensions (Clerk API, .ts/.js, which imports exist, another handler in the
 * file, comments around the body, a byte-order mark) drawn by fast-check from a fixed seed.
 *
 * Templates are written with tabs for indentation levels, single quotes and semicolons; `render` turns
 * them into the requested style. TypeScript-only text is wrapped in ⟦…⟧ and dropped for .js files.
 */
import type { ClerkApi } from '../../../src/core/templates';

export const FORMS = [
  'function-async',
  'function-sync',
  'arrow-block',
  'arrow-expression',
  'function-expression',
  'export-alias',
  'const-alias',
  'wrapper',
] as const;
export type Form = (typeof FORMS)[number];

export const SHAPES = [
  'empty',
  'work',
  'read-then-work',
  'unchecked-auth',
  'renamed-auth',
  'auth-object',
  'non-stopping-check',
  'auth-after-work',
] as const;
export type Shape = (typeof SHAPES)[number];

/** Shapes that already call Clerk's auth(). */
export const AUTH_SHAPES: ReadonlySet<Shape> = new Set(['unchecked-auth', 'renamed-auth', 'auth-object', 'non-stopping-check', 'auth-after-work']);
/** An expression-bodied arrow has no statements, so only these shapes apply to it. */
export const EXPRESSION_SHAPES: ReadonlySet<Shape> = new Set(['empty', 'work', 'read-then-work']);

export interface VariantStyle {
  indent: '  ' | '    ' | '\t';
  quote: "'" | '"';
  semi: boolean;
  eol: '\n' | '\r\n';
}

export const STYLES: VariantStyle[] = (['  ', '    ', '\t'] as const).flatMap((indent) =>
  (["'", '"'] as const).flatMap((quote) =>
    [true, false].flatMap((semi) => (['\n', '\r\n'] as const).map((eol) => ({ indent, quote, semi, eol }))),
  ),
);

export interface Extras {
  api: ClerkApi;
  ext: 'ts' | 'js';
  /** What the file imports from Clerk before the fix (auth shapes always import auth). */
  clerkImport: 'none' | 'other' | 'nextauth';
  nextResponse: boolean;
  /** Another handler in the file: guarded (currentUser), unguarded (PATCH), or none. */
  other: 'guarded' | 'unguarded' | 'none';
  decoration: 'none' | 'comment-after-brace' | 'jsdoc' | 'leading-comment' | 'bom';
}

export interface Variant {
  form: Form;
  shape: Shape;
  style: VariantStyle;
  extras: Extras;
  fileName: string;
  text: string;
  /** The method whose fix is checked; alias forms also export POST from the same function. */
  handler: 'GET';
}

const clerkModule = (api: ClerkApi) => (api === 'v4' ? '@clerk/nextjs' : '@clerk/nextjs/server');

function bodyLines(shape: Shape, sync: boolean, extras: Extras): string[] {
  const aw = sync ? '' : 'await ';
  const auth = extras.api === 'v6' && !sync ? 'await auth()' : 'auth()';
  const R = extras.nextResponse ? 'NextResponse' : 'Response';
  switch (shape) {
    case 'empty':
      return [];
    case 'work':
      return [`const rows = ${aw}db.item.findMany();`, `return ${R}.json(rows);`];
    case 'read-then-work':
      return [`const body = ${aw}req.json();`, `const row = ${aw}db.item.create({ data: body });`, `return ${R}.json(row);`];
    case 'unchecked-auth':
      return [`const { userId } = ${auth};`, `const rows = ${aw}db.item.findMany({ where: { ownerId: userId ?? undefined } });`, `return ${R}.json(rows);`];
    case 'renamed-auth':
      return [`const { userId: clerkId } = ${auth};`, `const rows = ${aw}db.item.findMany({ where: { ownerId: clerkId ?? undefined } });`, `return ${R}.json(rows);`];
    case 'auth-object':
      return [`const session = ${auth};`, `const rows = ${aw}db.item.findMany({ where: { ownerId: session.userId ?? undefined } });`, `return ${R}.json(rows);`];
    case 'non-stopping-check':
      return [
        `const { userId } = ${auth};`,
        'if (!userId) {',
        "\tconsole.warn('signed out');",
        '}',
        `const rows = ${aw}db.item.findMany({ where: { ownerId: userId ?? undefined } });`,
        `return ${R}.json(rows);`,
      ];
    case 'auth-after-work':
      return [
        `const rows = ${aw}db.item.findMany();`,
        `const { userId } = ${auth};`,
        'if (!userId) {',
        "\treturn new Response('Unauthorized', { status: 401 });",
        '}',
        `return ${R}.json({ rows, userId });`,
      ];
  }
}

/** `{ …body }` as lines: the opening line's tail, the body one level in, the closing line's head. */
function block(open: string, body: string[], close: string, extras: Extras): string[] {
  if (body.length === 0) return [`${open}{}${close}`];
  const after = extras.decoration === 'comment-after-brace' ? ' // the handler' : '';
  const lead = extras.decoration === 'leading-comment' ? ['// does the work'] : [];
  return [`${open}{${after}`, ...[...lead, ...body].map((l) => `\t${l}`), `}${close}`];
}

function formLines(form: Form, shape: Shape, extras: Extras): string[] {
  const sync = form === 'function-sync';
  const body = bodyLines(shape, sync, extras);
  const R = extras.nextResponse ? 'NextResponse' : 'Response';
  const doc = extras.decoration === 'jsdoc' ? ['/** Lists the items. */'] : [];
  switch (form) {
    case 'function-async':
      return [...doc, ...block('export async function GET(req⟦: Request⟧) ', body, '', extras)];
    case 'function-sync':
      return [...doc, ...block('export function GET(req⟦: Request⟧) ', body, '', extras)];
    case 'arrow-block':
      return [...doc, ...block('export const GET = async (req⟦: Request⟧) => ', body, ';', extras)];
    case 'function-expression':
      return [...doc, ...block('export const GET = async function (req⟦: Request⟧) ', body, ';', extras)];
    case 'export-alias':
      return [...doc, ...block('async function handler(req⟦: Request⟧) ', body, '', extras), '', 'export { handler as GET, handler as POST };'];
    case 'const-alias':
      return [...doc, ...block('export async function GET(req⟦: Request⟧) ', body, '', extras), '', 'export const POST = GET;'];
    case 'wrapper':
      return [
        'function withLogging(handler⟦: (req: Request) => Promise<Response>⟧) {',
        '\treturn async (req⟦: Request⟧) => {',
        '\t\tconsole.info(req.url);',
        '\t\treturn handler(req);',
        '\t};',
        '}',
        '',
        ...doc,
        ...block('export const GET = withLogging(async (req⟦: Request⟧) => ', body, ');', extras),
      ];
    case 'arrow-expression':
      switch (shape) {
        case 'empty':
          return [...doc, `export const GET = async (req⟦: Request⟧) => ${R}.json(null);`];
        case 'work':
          return [...doc, `export const GET = async (req⟦: Request⟧) => db.item.findMany().then((rows) => ${R}.json(rows));`];
        default:
          // The expression starts on the arrow's line and continues below: it moves one level in.
          return [...doc, `export const GET = async (req⟦: Request⟧) => ${R}.json(`, '\tawait db.item.create({ data: await req.json() }),', ');'];
      }
  }
}

function otherHandler(extras: Extras): string[] {
  const R = extras.nextResponse ? 'NextResponse' : 'Response';
  const unauthorized = extras.nextResponse ? "NextResponse.json({ error: 'Unauthorized' }, { status: 401 })" : "new Response('Unauthorized', { status: 401 })";
  switch (extras.other) {
    case 'guarded':
      return ['', 'export async function DELETE() {', '\tconst user = await currentUser();', '\tif (!user) {', `\t\treturn ${unauthorized};`, '\t}', `\treturn ${R}.json({ id: user.id });`, '}'];
    case 'unguarded':
      return ['', 'export async function PATCH(req⟦: Request⟧) {', '\tconst body = await req.json();', `\treturn ${R}.json(await db.item.update({ data: body }));`, '}'];
    case 'none':
      return [];
  }
}

export function generate(form: Form, shape: Shape, style: VariantStyle, extras: Extras): Variant {
  const usesAuth = AUTH_SHAPES.has(shape);
  const clerkNames = [...(usesAuth ? ['auth'] : []), ...(extras.other === 'guarded' || extras.clerkImport === 'other' ? ['currentUser'] : [])];
  const imports = [
    ...(extras.nextResponse ? ["import { NextResponse } from 'next/server';"] : []),
    ...(clerkNames.length ? [`import { ${clerkNames.join(', ')} } from '${clerkModule(extras.api)}';`] : []),
    ...(extras.clerkImport === 'nextauth' && !usesAuth ? ["import { auth } from '@/auth';"] : []),
    "import { db } from '@/lib/db';",
  ];
  const lines = [...imports, '', ...formLines(form, shape, extras), ...otherHandler(extras), ''];
  const text = render(lines, style, extras.ext === 'ts');
  return {
    form,
    shape,
    style,
    extras,
    fileName: `/virtual/gen/app/api/items/route.${extras.ext}`,
    text: extras.decoration === 'bom' ? '\uFEFF' + text : text,
    handler: 'GET',
  };
}

export function render(lines: readonly string[], style: VariantStyle, typescript: boolean): string {
  return lines
    .map((line) => {
      let l = line.replace(/^\t+/, (tabs) => style.indent.repeat(tabs.length));
      l = typescript ? l.replace(/⟦|⟧/g, '') : l.replace(/⟦[^⟧]*⟧/g, '');
      if (style.quote === '"') l = l.replace(/'/g, '"');
      if (!style.semi) l = l.replace(/;(\s*\/\/.*)?$/, '$1');
      return l;
    })
    .join(style.eol);
}

export function describeVariant(v: Variant): string {
  const indent = v.style.indent === '\t' ? 'tab' : `${v.style.indent.length}sp`;
  const s = `${indent} ${v.style.quote === "'" ? 'single' : 'double'} ${v.style.semi ? 'semi' : 'no-semi'} ${v.style.eol === '\n' ? 'LF' : 'CRLF'}`;
  const e = v.extras;
  return `${v.form} × ${v.shape} × ${s} [${e.api} .${e.ext} clerk:${e.clerkImport} NextResponse:${e.nextResponse} other:${e.other} ${e.decoration}]`;
}
