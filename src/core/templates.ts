/**
 * Clerk route-handler code: the single place that knows how a Clerk guard is spelled.
 *
 * The snippets (generated into snippets/clerk.code-snippets by `npm run snippets`) and the
 * quick fixes render from the same pieces below, so they cannot disagree about the API and cannot drift.
 * Every piece takes the Clerk API generation (the spelling changed in v5 and v6) and the file's code style
 * (a quick fix must write in the style of the file it edits). Pure data and pure functions: no `vscode`.
 */
import { HTTP_METHODS } from './httpMethods';

/** Clerk's server API generation. 'v6' covers v6 and v7: their route-handler API is the same. */
export type ClerkApi = 'v4' | 'v5' | 'v6';
export const CLERK_APIS: readonly ClerkApi[] = ['v4', 'v5', 'v6'];

export interface CodeStyle {
  quote: "'" | '"';
  semicolons: boolean;
  /** One level of indentation. */
  indent: string;
  /** Comma after the last property of a multi-line object literal. Default true (Prettier's default). */
  trailingCommas?: boolean;
  /** Line ending used by {@link joinLines}. Default '\n'. Functions that return lines do not use it. */
  eol?: string;
  /** False for .js/.jsx files: type annotations are left out. Default true. */
  typescript?: boolean;
}

export const DEFAULT_STYLE: CodeStyle = { quote: "'", semicolons: true, indent: '  ', trailingCommas: true };
/** Snippets indent with tabs: VS Code converts a snippet's tabs into the editor's own indentation. */
export const SNIPPET_STYLE: CodeStyle = { ...DEFAULT_STYLE, indent: '\t' };

// ---------------------------------------------------------------------------------------------------
// Holes. A snippet needs tab stops inside code that the pieces below render (the sign-in path inside the
// redirect, the template name inside getToken(...)). Rather than giving every piece a snippet mode, a
// caller passes a "hole" as the value: a marker in a private-use character pair that plain text never
// contains. Snippet rendering turns holes into `${1:…}` syntax and escapes everything else; plain
// rendering fills them with their default. Quick fixes pass ordinary strings and never see a hole.

type Hole =
  | { t: 'stop'; n: number; text: string }
  | { t: 'choice'; n: number; options: readonly string[] }
  | { t: 'tsOnly'; text: string };

const OPEN = '\uE000';
const CLOSE = '\uE001';
const hole = (h: Hole): string => OPEN + JSON.stringify(h) + CLOSE;

/** A tab stop with default text (`${n:text}`); `tabStop(0)` is where the cursor ends. */
export const tabStop = (n: number, text = ''): string => hole({ t: 'stop', n, text });
/** A choice (`${n|a,b|}`); plain rendering takes the first option. */
export const choice = (n: number, options: readonly string[]): string => hole({ t: 'choice', n, options });
/** Text that only TypeScript files get, e.g. a parameter's type annotation. */
const tsOnly = (text: string): string => hole({ t: 'tsOnly', text });

function splitHoles(s: string): Array<string | Hole> {
  const parts: Array<string | Hole> = [];
  let at = 0;
  for (let open = s.indexOf(OPEN); open >= 0; open = s.indexOf(OPEN, at)) {
    const close = s.indexOf(CLOSE, open);
    if (open > at) parts.push(s.slice(at, open));
    parts.push(JSON.parse(s.slice(open + 1, close)) as Hole);
    at = close + 1;
  }
  if (at < s.length) parts.push(s.slice(at));
  return parts;
}

/** Plain code: every hole becomes its default. */
export function fillHoles(line: string, style: CodeStyle): string {
  return splitHoles(line)
    .map((p) => {
      if (typeof p === 'string') return p;
      if (p.t === 'stop') return p.text;
      if (p.t === 'choice') return p.options[0];
      return style.typescript === false ? '' : p.text;
    })
    .join('')
    .trimEnd(); // a line that held only `$0` ends up as indentation
}

/** VS Code snippet syntax: literal `$` and `\` escaped, holes as tab stops, choices and a file-name test. */
function toSnippetSyntax(line: string): string {
  const esc = (s: string, special: RegExp) => s.replace(special, '\\$&');
  return splitHoles(line)
    .map((p) => {
      if (typeof p === 'string') return esc(p, /[\\$]/g);
      if (p.t === 'stop') return p.text === '' ? `$${p.n}` : `\${${p.n}:${esc(p.text, /[\\$}]/g)}}`;
      if (p.t === 'choice') return `\${${p.n}|${p.options.map((o) => esc(o, /[\\,|]/g)).join(',')}|}`;
      // Snippets cannot ask for the language, but they can transform the file name: the text appears
      // only when it ends in .ts/.tsx/.mts/.cts, so the same snippet stays valid JavaScript in .js files.
      if (/[\\$}/]/.test(p.text)) throw new Error(`tsOnly text must be plain: ${p.text}`);
      return `\${TM_FILENAME/(.*\\.[cm]?tsx?$)?.*/\${1:+${p.text}}/}`;
    })
    .join('');
}

// ---------------------------------------------------------------------------------------------------
// Style helpers.

const semi = (style: CodeStyle) => (style.semicolons ? ';' : '');
const trailingComma = (style: CodeStyle) => (style.trailingCommas === false ? '' : ',');

/** A string literal in the file's quote character (holes pass through untouched). */
export function quote(text: string, style: CodeStyle): string {
  const body = splitHoles(text)
    .map((p) => (typeof p === 'string' ? p.replace(/\\/g, '\\\\').split(style.quote).join('\\' + style.quote) : hole(p)))
    .join('');
  return style.quote + body + style.quote;
}

export function joinLines(lines: readonly string[], style: CodeStyle): string {
  return lines.join(style.eol ?? '\n');
}

const indentLines = (lines: readonly string[], style: CodeStyle) => lines.map((l) => (l === '' ? l : style.indent + l));

// ---------------------------------------------------------------------------------------------------
// Modules and imports.

/** Where the server helpers (auth, currentUser, clerkClient) come from. */
export function clerkServerModule(api: ClerkApi): string {
  // v5 moved them to /server; since 7.2.4 the root entry even declares `auth` as `never`.
  return api === 'v4' ? '@clerk/nextjs' : '@clerk/nextjs/server';
}
export const NEXT_SERVER_MODULE = 'next/server';
export const authImportName = 'auth';
export const currentUserImportName = 'currentUser';
export const clerkClientImportName = 'clerkClient';

export interface ImportSpec {
  module: string;
  names: readonly string[];
}

export function renderImport(spec: ImportSpec, style: CodeStyle): string {
  return `import { ${spec.names.join(', ')} } from ${quote(spec.module, style)}${semi(style)}`;
}

// ---------------------------------------------------------------------------------------------------
// The guard: read the user id, answer when signed out.

export interface GuardOptions {
  /**
   * What a signed-out request gets. 'Response' (web standard, no import) and 'NextResponse' answer 401,
   * the clearest contract for an API. 'redirect' sends a browser to sign-in. 'throw' is for Server
   * Functions (the caller's `await` rejects); 'redirectToSignIn' for pages and layouts (Clerk's own
   * redirect, destructured from `auth()`, v5 on).
   */
  response: 'Response' | 'NextResponse' | 'redirect' | 'throw' | 'redirectToSignIn';
  /** Local name for the user id (`const { userId: clerkId } = …`). Default 'userId'. */
  userIdName?: string;
  /** More fields of the auth object to destructure, e.g. ['getToken']. */
  alsoDestructure?: readonly string[];
  /** For 'redirect'. Default '/sign-in'. */
  signInPath?: string;
  /** For 'redirect': the handler's Request parameter, whose URL makes the redirect absolute. Default 'req'. */
  requestName?: string;
  /** Local name of Clerk's `auth` when the file already has another `auth` (NextAuth): `clerkAuth`. Default 'auth'. */
  authName?: string;
}

/** `await auth()` from v6 on (it returns a Promise there), plain `auth()` before. */
export function renderAuthCall(api: ClerkApi, authName: string = authImportName): string {
  return api === 'v6' ? `await ${authName}()` : `${authName}()`;
}

function userIdBinding(userIdName = 'userId'): string {
  return userIdName === 'userId' ? 'userId' : `userId: ${userIdName}`;
}

/** `const { userId } = await auth();` */
export function renderAuthStatement(
  api: ClerkApi,
  style: CodeStyle,
  opts: Pick<GuardOptions, 'userIdName' | 'alsoDestructure' | 'authName'> & Partial<Pick<GuardOptions, 'response'>> = {},
): string {
  const also = opts.response === 'redirectToSignIn' ? ['redirectToSignIn', ...(opts.alsoDestructure ?? [])] : opts.alsoDestructure ?? [];
  const names = [userIdBinding(opts.userIdName), ...also].join(', ');
  return `const { ${names} } = ${renderAuthCall(api, opts.authName)}${semi(style)}`;
}

/** The expression a signed-out request is answered with (the thrown error, for 'throw'). */
export function renderSignedOutResponse(style: CodeStyle, opts: GuardOptions): string {
  const q = (s: string) => quote(s, style);
  switch (opts.response) {
    case 'throw':
      return `new Error(${q('Unauthorized')})`;
    case 'redirectToSignIn':
      return 'redirectToSignIn()';
    case 'Response':
      return `new Response(${q('Unauthorized')}, { status: 401 })`;
    case 'NextResponse':
      return `NextResponse.json({ error: ${q('Unauthorized')} }, { status: 401 })`;
    case 'redirect':
      // Absolute on purpose: NextResponse.redirect('/sign-in') throws "URL is malformed" at run time.
      return `NextResponse.redirect(new URL(${q(opts.signInPath ?? '/sign-in')}, ${opts.requestName ?? 'req'}.url))`;
  }
}

/**
 * `return …;` (or `throw …;` for a Server Function): what a signed-out caller gets, as a statement (a
 * quick fix adds it to a check that only logs).
 */
export function renderSignedOutStop(style: CodeStyle, opts: GuardOptions): string {
  return `${opts.response === 'throw' ? 'throw' : 'return'} ${renderSignedOutResponse(style, opts)}${semi(style)}`;
}

/** `if (!userId) { return …; }` for any value that is falsy when signed out (userId, user, token). */
export function renderSignedOutCheck(value: string, style: CodeStyle, opts: GuardOptions): string[] {
  return [`if (!${value}) {`, ...indentLines([renderSignedOutStop(style, opts)], style), '}'];
}

/** The whole guard, as lines relative to the statement's own indentation. */
export function renderGuardStatements(api: ClerkApi, style: CodeStyle, opts: GuardOptions): string[] {
  return [renderAuthStatement(api, style, opts), ...renderSignedOutCheck(opts.userIdName ?? 'userId', style, opts)];
}

/** What the guard's code needs imported. */
export function guardImports(api: ClerkApi, opts: GuardOptions): ImportSpec[] {
  const imports: ImportSpec[] = [{ module: clerkServerModule(api), names: [authImportName] }];
  if (opts.response === 'NextResponse' || opts.response === 'redirect') imports.push({ module: NEXT_SERVER_MODULE, names: ['NextResponse'] });
  return imports;
}

/**
 * `await auth.protect()` (v6), `auth().protect()` (v5); undefined for v4, which has no protect().
 * With `userIdName`, the signed-in user id is destructured from the result.
 * Signed out, a route handler called with fetch gets a 404 (a page request is redirected), so a
 * 401 guard is the clearer contract for APIs.
 */
export function renderProtectStatement(
  api: ClerkApi,
  style: CodeStyle,
  opts: { userIdName?: string; authName?: string; options?: string } = {},
): string | undefined {
  if (api === 'v4') return undefined;
  const authName = opts.authName ?? authImportName;
  // `options`: what the middleware asked for besides a session (`{ role: 'org:admin' }`), as written there.
  const args = opts.options ?? '';
  const call = api === 'v6' ? `await ${authName}.protect(${args})` : `${authName}().protect(${args})`;
  const binding = opts.userIdName === undefined ? '' : `const { ${userIdBinding(opts.userIdName)} } = `;
  return `${binding}${call}${semi(style)}`;
}

/**
 * The backend client: statements that obtain it and the expression to call `.users…` on.
 * v6: `await clerkClient()`; v5 (5.2+): `clerkClient()`; v4: the `clerkClient` object itself.
 */
export function renderBackendClient(api: ClerkApi, style: CodeStyle, name = 'client'): { statements: string[]; client: string } {
  if (api === 'v4') return { statements: [], client: clerkClientImportName };
  const call = api === 'v6' ? `await ${clerkClientImportName}()` : `${clerkClientImportName}()`;
  return { statements: [`const ${name} = ${call}${semi(style)}`], client: name };
}

/** `export async function GET(params) { …body }` */
export function renderHandler(method: string, params: string, body: readonly string[], style: CodeStyle): string[] {
  return [`export async function ${method}(${params}) {`, ...indentLines(body, style), '}'];
}

// ---------------------------------------------------------------------------------------------------
// Snippets: one per documented Clerk pattern (route handlers, pages, Server Functions), all built from
// the pieces above.

export const SNIPPET_PREFIX_STEM = 'clerk-route-';
export const SNIPPETS_PATH = 'snippets/clerk.code-snippets';

export interface SnippetTemplate {
  /** Key in the .code-snippets file. */
  name: string;
  prefix: string;
  /** APIs that have the pattern. */
  apis: readonly ClerkApi[];
  description(api: ClerkApi): string;
  /** Lines that may contain holes; `indent` is one level. */
  lines(api: ClerkApi, style: CodeStyle): string[];
  /** True when the lines are statements for an existing handler rather than a whole file. */
  fragment?: boolean;
  /**
   * The file the snippet is written for (default `route`): a route file, a page (`page.tsx`), or a
   * Server Function module (`actions.ts`). Completion offers each in its own kind of file.
   */
  file?: SnippetFile;
}

export type SnippetFile = 'route' | 'page' | 'actions';

// HEAD and OPTIONS return no data, so they are not offered.
const DATA_METHODS = HTTP_METHODS.filter((m) => m !== 'HEAD' && m !== 'OPTIONS');
const WRITE_METHODS = ['POST', 'PATCH', 'PUT'];
const ALL_APIS = CLERK_APIS;
const api401: GuardOptions = { response: 'Response' };

/** A whole route.ts: the imports, a blank line, the handler. */
function routeFile(imports: ImportSpec[], handler: string[], style: CodeStyle): string[] {
  return [...imports.map((i) => renderImport(i, style)), '', ...handler];
}

export const SNIPPETS: readonly SnippetTemplate[] = [
  {
    name: 'Clerk: protected route handler',
    prefix: 'clerk-route-protected',
    apis: ALL_APIS,
    description: (api) =>
      `Route handler (route.ts) that reads userId with ${renderAuthCall(api)}, answers 401 when signed out, then returns data.`,
    lines: (api, style) =>
      routeFile(
        guardImports(api, api401),
        renderHandler(choice(1, DATA_METHODS), '', [
          ...renderGuardStatements(api, style, api401),
          '',
          `const data = ${tabStop(2, '{ userId }')}${semi(style)}${tabStop(0)}`,
          `return Response.json(data)${semi(style)}`,
        ], style),
        style,
      ),
  },
  {
    name: 'Clerk: route handler with a token for a database integration',
    prefix: 'clerk-route-token',
    apis: ALL_APIS,
    description: (api) =>
      `Route handler that guards with ${renderAuthCall(api)} (401 when signed out), gets a JWT with getToken({ template }) and calls your database API with it as a Bearer token.`,
    lines: (api, style) =>
      routeFile(
        guardImports(api, api401),
        renderHandler(choice(1, DATA_METHODS), '', [
          ...renderGuardStatements(api, style, { ...api401, alsoDestructure: ['getToken'] }),
          '',
          `const token = await getToken({ template: ${quote(tabStop(2, 'template-name'), style)} })${semi(style)}`,
          ...renderSignedOutCheck('token', style, api401),
          `const res = await fetch(${quote(tabStop(3, 'https://api.example.com/data'), style)}, {`,
          ...indentLines([`headers: { Authorization: \`Bearer \${token}\` }${trailingComma(style)}`], style),
          `})${semi(style)}`,
          `return Response.json(await res.json(), { status: res.status })${semi(style)}${tabStop(0)}`,
        ], style),
        style,
      ),
  },
  {
    name: 'Clerk: route handler returning the current user',
    prefix: 'clerk-route-current-user',
    apis: ALL_APIS,
    description: () =>
      'GET route handler that loads the signed-in user with await currentUser(), answers 401 when signed out, and returns chosen user fields.',
    lines: (api, style) =>
      routeFile(
        [{ module: clerkServerModule(api), names: [currentUserImportName] }],
        // Reading the user is a GET; there is no method choice.
        renderHandler('GET', '', [
          `const user = await ${currentUserImportName}()${semi(style)}`,
          ...renderSignedOutCheck('user', style, api401),
          '',
          // Not the whole object: a User carries privateMetadata, which is meant for the backend only.
          `return Response.json({ ${tabStop(1, 'id: user.id, firstName: user.firstName')} })${semi(style)}${tabStop(0)}`,
        ], style),
        style,
      ),
  },
  {
    name: 'Clerk: route handler updating the signed-in user',
    prefix: 'clerk-route-update-user',
    apis: ALL_APIS,
    description: (api) => {
      const { statements, client } = renderBackendClient(api, SNIPPET_STYLE);
      const how = statements.length ? `${statements[0].replace(/;$/, '')}, then ${client}` : client;
      return `Route handler that guards with ${renderAuthCall(api)} (401 when signed out) and updates the signed-in user through the backend client: ${how}.users.updateUser(userId, { … }).`;
    },
    lines: (api, style) => {
      const backend = renderBackendClient(api, style);
      return routeFile(
        [{ module: clerkServerModule(api), names: [authImportName, clerkClientImportName] }],
        renderHandler(choice(1, WRITE_METHODS), '', [
          ...renderGuardStatements(api, style, api401),
          '',
          ...backend.statements,
          `const user = await ${backend.client}.users.updateUser(userId, {`,
          ...indentLines([`${tabStop(2, 'publicMetadata: { onboarded: true }')}${trailingComma(style)}`], style),
          `})${semi(style)}`,
          `return Response.json({ id: user.id, publicMetadata: user.publicMetadata })${semi(style)}${tabStop(0)}`,
        ], style),
        style,
      );
    },
  },
  {
    name: 'Clerk: route handler redirecting to sign-in',
    prefix: 'clerk-route-redirect',
    apis: ALL_APIS,
    description: (api) =>
      `GET route handler that reads userId with ${renderAuthCall(api)} and redirects signed-out visitors to sign-in with an absolute URL: NextResponse.redirect(new URL('/sign-in', req.url)).`,
    lines: (api, style) => {
      const opts: GuardOptions = { response: 'redirect', signInPath: tabStop(1, '/sign-in'), requestName: 'req' };
      return routeFile(
        guardImports(api, opts),
        // GET only: the redirect keeps the method (307), so a POST would be re-sent to the sign-in page.
        renderHandler('GET', `req${tsOnly(': Request')}`, [
          ...renderGuardStatements(api, style, opts),
          '',
          `const data = ${tabStop(2, '{ userId }')}${semi(style)}${tabStop(0)}`,
          `return NextResponse.json(data)${semi(style)}`,
        ], style),
        style,
      );
    },
  },
  {
    name: 'Clerk: protected page',
    prefix: 'clerk-route-page-protected',
    apis: ['v5', 'v6'],
    file: 'page',
    description: (api) =>
      `Page (page.tsx) that starts with ${renderProtectStatement(api, SNIPPET_STYLE, { userIdName: 'userId' })} Clerk sends signed-out visitors to sign-in before the page reads anything.`,
    lines: (api, style) => [
      renderImport({ module: clerkServerModule(api), names: [authImportName] }, style),
      '',
      `export default async function ${tabStop(1, 'Dashboard')}Page() {`,
      ...indentLines([
        renderProtectStatement(api, style, { userIdName: 'userId' })!,
        `${tabStop(0)}`,
        'return <main>{userId}</main>' + semi(style),
      ], style),
      '}',
    ],
  },
  {
    name: 'Clerk: page with currentUser()',
    prefix: 'clerk-route-page-current-user',
    apis: ALL_APIS,
    file: 'page',
    description: (api) =>
      `Page (page.tsx) that reads the signed-in user with currentUser() from '${clerkServerModule(api)}' and redirects signed-out visitors to sign-in.`,
    lines: (api, style) => [
      renderImport({ module: clerkServerModule(api), names: [currentUserImportName] }, style),
      renderImport({ module: 'next/navigation', names: ['redirect'] }, style),
      '',
      `export default async function ${tabStop(1, 'Profile')}Page() {`,
      ...indentLines([
        `const user = await ${currentUserImportName}()${semi(style)}`,
        `if (!user) redirect(${quote(tabStop(2, '/sign-in'), style)})${semi(style)}`,
        `return <main>Hello, {user.firstName}${tabStop(0)}</main>${semi(style)}`,
      ], style),
      '}',
    ],
  },
  {
    name: "Clerk: Server Action file ('use server')",
    prefix: 'clerk-route-action',
    apis: ALL_APIS,
    file: 'actions',
    description: (api) =>
      `A 'use server' module with a Server Function that reads userId with ${renderAuthCall(api)} and throws when signed out (its arguments come from the caller).`,
    lines: (api, style) => [
      `${quote('use server', style)}${semi(style)}`,
      '',
      renderImport({ module: clerkServerModule(api), names: [authImportName] }, style),
      '',
      `export async function ${tabStop(1, 'updateItem')}(${tabStop(2, 'id')}${tsOnly(': string')}) {`,
      ...indentLines([...renderGuardStatements(api, style, { response: 'throw' }), `${tabStop(0)}`], style),
      '}',
    ],
  },
  {
    name: 'Clerk: guarded inline form action (statements)',
    prefix: 'clerk-route-form-action',
    apis: ALL_APIS,
    fragment: true,
    file: 'page',
    description: (api) =>
      `An inline Server Function for a form inside a Server Component: 'use server', then ${renderAuthCall(api)} and a throw when signed out (the page's own check does not run when the form is posted). Needs import { auth } from '${clerkServerModule(api)}'.`,
    lines: (api, style) => [
      `async function ${tabStop(1, 'save')}(formData${tsOnly(': FormData')}) {`,
      ...indentLines([
        `${quote('use server', style)}${semi(style)}`,
        ...renderGuardStatements(api, style, { response: 'throw' }),
        `${tabStop(0)}`,
      ], style),
      '}',
    ],
  },
  {
    name: 'Clerk: auth guard (statements)',
    prefix: 'clerk-route-guard',
    apis: ALL_APIS,
    fragment: true,
    description: (api) =>
      `Guard statements for the top of an existing handler: const { userId } = ${renderAuthCall(api)}, then a 401 when signed out. Needs import { auth } from '${clerkServerModule(api)}'.`,
    lines: (api, style) => [...renderGuardStatements(api, style, api401), tabStop(0)],
  },
  {
    name: 'Clerk: auth.protect() (statement)',
    prefix: 'clerk-route-protect',
    apis: ['v5', 'v6'],
    fragment: true,
    description: (api) =>
      `protect() statement for an existing handler: ${renderProtectStatement(api, SNIPPET_STYLE, { userIdName: 'userId' })} Signed out it throws, and a route handler called with fetch then answers 404 (clerk-route-guard gives an explicit 401). Needs import { auth } from '${clerkServerModule(api)}'.`,
    lines: (api, style) => [renderProtectStatement(api, style, { userIdName: 'userId' }) ?? '', tabStop(0)],
  },
];

/** The snippet body (VS Code snippet syntax, one string per line), or undefined when `api` lacks the pattern. */
export function renderSnippetBody(snippet: SnippetTemplate, api: ClerkApi = 'v6', style: CodeStyle = SNIPPET_STYLE): string[] | undefined {
  if (!snippet.apis.includes(api)) return undefined;
  return snippet.lines(api, style).map(toSnippetSyntax);
}

/** The snippet as plain code: every tab stop at its default, the first option of every choice. */
export function renderSnippetCode(snippet: SnippetTemplate, api: ClerkApi, style: CodeStyle = DEFAULT_STYLE): string[] | undefined {
  if (!snippet.apis.includes(api)) return undefined;
  return snippet.lines(api, style).map((l) => fillHoles(l, style));
}

/** The text of the .code-snippets file (JSON with comments, as VS Code reads it). */
export function renderSnippetsFile(api: ClerkApi = 'v6'): string {
  const entries: Record<string, { prefix: string; description: string; body: string[] }> = {};
  for (const s of SNIPPETS) {
    const body = renderSnippetBody(s, api);
    if (body) entries[s.name] = { prefix: s.prefix, description: s.description(api), body };
  }
  const header = '// Generated from src/core/templates.ts by `npm run snippets`. Do not edit by hand.\n';
  return header + JSON.stringify(entries, null, 2) + '\n';
}
