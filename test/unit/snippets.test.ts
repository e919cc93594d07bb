// The Clerk snippets: the committed file matches the templates, and every snippet, expanded with its
// defaults, type-checks against the real Clerk and Next.js types (Clerk 7 and, for the v5 rendering, Clerk 5).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import {
  CLERK_APIS,
  ClerkApi,
  CodeStyle,
  DEFAULT_STYLE,
  SNIPPETS,
  SNIPPETS_PATH,
  SNIPPET_PREFIX_STEM,
  clerkServerModule,
  guardImports,
  GuardOptions,
  joinLines,
  renderGuardStatements,
  renderHandler,
  renderImport,
  renderProtectStatement,
  renderSnippetBody,
  renderSnippetCode,
  renderSnippetsFile,
  SnippetTemplate,
} from '../../src/core/templates';
import { assertClean, CheckResult, typecheckProject } from './support/typecheck';
import { Analyzer, memoryFileSystem } from '../../src/core';

const ROOT = path.resolve(__dirname, '..', '..');

// ---------------------------------------------------------------------------------------------------
// A small reader of VS Code snippet syntax, written independently of the generator so that it checks what
// the generator wrote: every tab stop and placeholder becomes its default, a choice its first option, a
// variable transform is applied to the file name. Anything else it does not know is an error.

function expandSnippet(body: readonly string[], fileName: string): string {
  const src = body.join('\n');
  const variables: Record<string, string> = { TM_FILENAME: path.basename(fileName) };
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`${why} at ${i} in snippet:\n${src}`);
  };
  // Reads until `until` (unescaped) and consumes it; `\` escapes the characters in `escapable`.
  const readRaw = (until: string, escapable: string): string => {
    let out = '';
    while (i < src.length && src[i] !== until) {
      if (src[i] === '\\' && escapable.includes(src[i + 1])) {
        out += src[i + 1];
        i += 2;
      } else out += src[i++];
    }
    if (src[i] !== until) fail(`missing ${until}`);
    i++;
    return out;
  };
  const parse = (inPlaceholder: boolean): string => {
    let out = '';
    while (i < src.length) {
      const c = src[i];
      if (c === '\\' && '$}\\'.includes(src[i + 1])) {
        out += src[i + 1];
        i += 2;
      } else if (inPlaceholder && c === '}') {
        i++;
        return out;
      } else if (c === '$' && /\d/.test(src[i + 1])) {
        i += /^\$\d+/.exec(src.slice(i))![0].length; // empty tab stop
      } else if (c === '$' && src[i + 1] === '{') {
        i += 2;
        const num = /^\d+/.exec(src.slice(i));
        const name = /^[A-Za-z_]+/.exec(src.slice(i));
        if (num) {
          i += num[0].length;
          if (src[i] === '}') i++;
          else if (src[i] === ':') (i++, (out += parse(true)));
          else if (src[i] === '|') {
            i++;
            // options are separated by unescaped commas and end with `|}`
            const raw = readRaw('|', '\\,|');
            if (src[i++] !== '}') fail('choice not closed');
            out += raw.split(/(?<!\\),/)[0];
          } else fail('bad tab stop');
        } else if (name) {
          i += name[0].length;
          const value = variables[name[0]] ?? fail(`unknown variable ${name[0]}`);
          if (src[i] === '}') (i++, (out += value));
          else if (src[i] === '/') {
            i++;
            const regex = readRaw('/', '/');
            const format = readRaw('/', '/');
            const flags = readRaw('}', '');
            out += value.replace(new RegExp(regex, flags), (...args: unknown[]) => applyFormat(format, args as string[]));
          } else fail('unsupported variable form');
        } else fail('bad ${');
      } else {
        out += c;
        i++;
      }
    }
    if (inPlaceholder) fail('unclosed placeholder');
    return out;
  };
  return parse(false);
}

/** `$1`, `${1}`, `${1:+if}`, `${1:-else}`, `${1:?if:else}`, `${1:else}` of a transform's format string. */
function applyFormat(format: string, match: string[]): string {
  return format.replace(/\$\{(\d+):([+?-]?)([^}]*)\}|\$\{(\d+)\}|\$(\d+)/g, (_m, n1, op, text, n2, n3) => {
    if (n1 === undefined) return match[Number(n2 ?? n3)] ?? '';
    const group = match[Number(n1)];
    if (op === '+') return group ? text : '';
    if (op === '?') {
      const [ifText, elseText = ''] = text.split(':');
      return group ? ifText : elseText;
    }
    return group || text; // '-' and the bare form: the default when the group is empty
  });
}

/** The committed file, parsed as VS Code does (JSON with `//` comments; ours has only whole-line ones). */
function committedSnippets(): Record<string, { prefix: string; description: string; body: string[] }> {
  const text = fs.readFileSync(path.join(ROOT, SNIPPETS_PATH), 'utf8');
  return JSON.parse(text.replace(/^\s*\/\/.*$/gm, ''));
}

const templateFor = (prefix: string): SnippetTemplate => SNIPPETS.find((s) => s.prefix === prefix)!;
const slug = (prefix: string) => prefix.slice(SNIPPET_PREFIX_STEM.length);

/** A statement snippet (guard, protect) inside a handler that uses the user id afterwards. */
function wrapFragment(code: string, api: ClerkApi): string {
  return joinLines(
    [
      renderImport({ module: clerkServerModule(api), names: ['auth'] }, DEFAULT_STYLE),
      '',
      ...renderHandler('GET', '', [...code.split('\n'), 'return Response.json({ userId });'], DEFAULT_STYLE),
      '',
    ],
    DEFAULT_STYLE,
  );
}

/** An inline-action snippet inside a page component that posts its form to it. */
function wrapInPage(code: string, api: ClerkApi): string {
  const name = /async function (\w+)/.exec(code)?.[1] ?? 'save';
  return joinLines(
    [
      renderImport({ module: clerkServerModule(api), names: ['auth'] }, DEFAULT_STYLE),
      '',
      'export default function Page() {',
      ...code.split('\n').map((l) => (l ? `  ${l}` : l)),
      `  return <form action={${name}} />;`,
      '}',
      '',
    ],
    DEFAULT_STYLE,
  );
}

/** Where a snippet is written: its own kind of file (`route.ts`, `page.tsx`, `actions.ts`), with the extension given. */
function snippetFileName(snippet: SnippetTemplate, typescript = true): string {
  const dir = `app/${snippet.file === 'route' || !snippet.file ? 'api/' : ''}${slug(snippet.prefix)}`;
  if (snippet.file === 'page') return `${dir}/page.${typescript ? 'tsx' : 'jsx'}`;
  return `${dir}/${snippet.file === 'actions' ? 'actions' : 'route'}.${typescript ? 'ts' : 'js'}`;
}

/** The plain code of a snippet as the file it is written for (statement snippets wrapped in a handler or page). */
function asFile(snippet: SnippetTemplate, code: string, api: ClerkApi): string {
  if (!snippet.fragment) return code + '\n';
  return snippet.file === 'page' ? wrapInPage(code, api) : wrapFragment(code, api);
}

/** Files for every snippet, keyed by their path under the project. */
function snippetRouteFiles(bodies: Array<{ prefix: string; body: readonly string[] }>, api: ClerkApi): Map<string, string> {
  const files = new Map<string, string>();
  for (const { prefix, body } of bodies) {
    const snippet = templateFor(prefix);
    const file = snippetFileName(snippet);
    files.set(file, asFile(snippet, expandSnippet(body, file), api));
  }
  return files;
}

// ---------------------------------------------------------------------------------------------------

describe('snippets', () => {
  it('the committed snippets file is exactly what the generator writes now', () => {
    const committed = fs.readFileSync(path.join(ROOT, SNIPPETS_PATH), 'utf8');
    assert.equal(committed, renderSnippetsFile(), 'stale snippets file: run `npm run snippets`');
  });

  it('every snippet shares the clerk-route- stem, has its own prefix and name, and a description', () => {
    const entries = Object.entries(committedSnippets());
    assert.equal(entries.length, SNIPPETS.length);
    assert.equal(new Set(entries.map(([, s]) => s.prefix)).size, entries.length, 'prefixes unique');
    for (const [name, s] of entries) {
      assert.ok(s.prefix.startsWith(SNIPPET_PREFIX_STEM) && s.prefix.length > SNIPPET_PREFIX_STEM.length, s.prefix);
      assert.ok(name.length > 0);
      assert.ok(s.description.length > 30, `${s.prefix}: description`);
      assert.ok(s.body.length > 0);
    }
    const prefixes = entries.map(([, s]) => s.prefix).sort();
    assert.deepEqual(prefixes, [
      'clerk-route-action',
      'clerk-route-current-user',
      'clerk-route-form-action',
      'clerk-route-guard',
      'clerk-route-page-current-user',
      'clerk-route-page-protected',
      'clerk-route-protect',
      'clerk-route-protected',
      'clerk-route-redirect',
      'clerk-route-token',
      'clerk-route-update-user',
    ]);
  });

  it('tab stops come in order, the method choice is first, and every snippet ends at $0', () => {
    for (const [, s] of Object.entries(committedSnippets())) {
      const text = s.body.join('\n');
      // Tab stop numbers in order of appearance (not the `${1:+…}` of the file-name transform).
      const stops = [...text.replace(/\$\{TM_FILENAME[^}]*\}[^}]*\}/g, '').matchAll(/(?<!\\)\$\{?(\d+)/g)].map((m) => Number(m[1]));
      const numbered = stops.filter((n) => n > 0);
      assert.deepEqual(numbered, [...numbered].sort((a, b) => a - b), `${s.prefix}: ${stops}`);
      assert.deepEqual([...new Set(numbered)], numbered.map((_n, k) => k + 1), `${s.prefix}: tab stops 1..n without gaps`);
      assert.ok(stops.includes(0), `${s.prefix}: has $0`);
      if (/export async function \$\{1\|/.test(text)) assert.match(text, /\$\{1\|(GET|POST)(,[A-Z]+)+\|\}/);
    }
    const body = (prefix: string) => committedSnippets()[templateFor(prefix).name].body.join('\n');
    assert.match(body('clerk-route-protected'), /\$\{1\|GET,POST,PUT,PATCH,DELETE\|\}/);
    assert.match(body('clerk-route-token'), /getToken\(\{ template: '\$\{2:[^}]+\}' \}\)/);
    assert.match(body('clerk-route-token'), /Authorization: `Bearer \\\$\{token\}`/);
    assert.match(body('clerk-route-update-user'), /const client = await clerkClient\(\);\n.*client\.users\.updateUser\(userId, \{/);
    assert.match(body('clerk-route-redirect'), /NextResponse\.redirect\(new URL\('\$\{1:\/sign-in\}', req\.url\)\)/);
  });

  it('the redirect snippet annotates its parameter only in TypeScript files, so it stays valid JavaScript', () => {
    const body = renderSnippetBody(templateFor('clerk-route-redirect'))!;
    assert.match(expandSnippet(body, 'app/x/route.ts'), /GET\(req: Request\)/);
    assert.match(expandSnippet(body, 'app/x/route.tsx'), /GET\(req: Request\)/);
    assert.match(expandSnippet(body, 'app/x/route.js'), /GET\(req\)/);
    // Every snippet, expanded into a .js file, has no syntax error and no TypeScript-only syntax.
    for (const s of SNIPPETS) {
      const fileName = snippetFileName(s, false);
      const out = ts.transpileModule(expandSnippet(renderSnippetBody(s)!, fileName), {
        fileName,
        reportDiagnostics: true,
        compilerOptions: { allowJs: true, module: ts.ModuleKind.ESNext },
      });
      assert.deepEqual(out.diagnostics?.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')), [], s.prefix);
    }
  });

  it('the guard pieces follow the file style and the Clerk API generation', () => {
    const style: CodeStyle = { quote: '"', semicolons: false, indent: '    ', trailingCommas: false };
    assert.deepEqual(renderGuardStatements('v6', style, { response: 'NextResponse', userIdName: 'clerkId' }), [
      'const { userId: clerkId } = await auth()',
      'if (!clerkId) {',
      '    return NextResponse.json({ error: "Unauthorized" }, { status: 401 })',
      '}',
    ]);
    assert.deepEqual(renderGuardStatements('v4', DEFAULT_STYLE, { response: 'Response' }), [
      'const { userId } = auth();',
      'if (!userId) {',
      "  return new Response('Unauthorized', { status: 401 });",
      '}',
    ]);
    assert.equal(renderProtectStatement('v6', DEFAULT_STYLE), 'await auth.protect();');
    assert.equal(renderProtectStatement('v5', style), 'auth().protect()');
    assert.equal(renderProtectStatement('v4', DEFAULT_STYLE), undefined);
    assert.equal(clerkServerModule('v4'), '@clerk/nextjs');
    assert.deepEqual(guardImports('v6', { response: 'redirect' }), [
      { module: '@clerk/nextjs/server', names: ['auth'] },
      { module: 'next/server', names: ['NextResponse'] },
    ]);
    assert.equal(joinLines(['a', 'b'], { ...style, eol: '\r\n' }), 'a\r\nb');
    // v4 has no protect(): its snippet file leaves the protect snippet out.
    assert.equal(renderSnippetBody(templateFor('clerk-route-protect'), 'v4'), undefined);
    assert.ok(!renderSnippetsFile('v4').includes('clerk-route-protect"'));
    assert.match(renderSnippetsFile('v4'), /clerkClient\.users\.updateUser\(userId/);
  });

  it('every rendering (all APIs, several styles) is syntactically valid TypeScript', () => {
    // v4 cannot be type-checked (see the legacy section below), so this at least parses its renderings.
    const styles: CodeStyle[] = [DEFAULT_STYLE, { quote: '"', semicolons: false, indent: '\t', trailingCommas: false }];
    for (const api of CLERK_APIS) {
      for (const style of styles) {
        for (const s of SNIPPETS) {
          const code = renderSnippetCode(s, api, style);
          if (!code) continue;
          const text = asFile(s, joinLines(code, style), api);
          const out = ts.transpileModule(text, { fileName: snippetFileName(s), reportDiagnostics: true, compilerOptions: { jsx: ts.JsxEmit.Preserve } });
          assert.deepEqual(out.diagnostics?.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')), [], `${api} ${s.prefix}`);
        }
      }
    }
  });
});

describe('snippets type-check against @clerk/nextjs 7 and next 16 (v6 API)', function () {
  this.timeout(120_000);
  let result: CheckResult;
  let snippetFiles: Map<string, string>;
  const styleFiles = new Map<string, string>();
  const BROKEN = 'app/api/broken-unawaited/route.ts';

  before(() => {
    snippetFiles = snippetRouteFiles(
      Object.values(committedSnippets()).map(({ prefix, body }) => ({ prefix, body })),
      'v6',
    );
    // The guard as a quick fix would insert it, in other styles.
    const variants: Array<[string, CodeStyle, GuardOptions, string, string]> = [
      ['style-next-response', { quote: '"', semicolons: false, indent: '    ', trailingCommas: false }, { response: 'NextResponse', userIdName: 'clerkId' }, '', 'return NextResponse.json({ id: clerkId })'],
      ['style-redirect', DEFAULT_STYLE, { response: 'redirect', requestName: 'request', signInPath: '/login' }, 'request: Request', 'return Response.json({ userId });'],
    ];
    for (const [name, style, opts, params, ret] of variants) {
      const lines = [
        ...guardImports('v6', opts).map((i) => renderImport(i, style)),
        '',
        ...renderHandler('POST', params, [...renderGuardStatements('v6', style, opts), ret], style),
        '',
      ];
      styleFiles.set(`app/api/${name}/route.ts`, joinLines(lines, style));
    }
    // Deliberately broken: the v5 spelling (sync auth()) against Clerk 7, where auth() returns a Promise.
    const broken = renderSnippetCode(templateFor('clerk-route-protected'), 'v5', DEFAULT_STYLE)!;
    assert.ok(broken.includes('  const { userId } = auth();'));
    result = typecheckProject('v6', new Map([...snippetFiles, ...styleFiles, [BROKEN, joinLines(broken, DEFAULT_STYLE)]]));
    console.log(`      (v6: ${result.fileCount} route files, one Program, ${result.ms} ms)`);
  });

  it('every snippet, expanded with its defaults, type-checks as its own file (route.ts, page.tsx, actions.ts)', () => {
    assert.equal(snippetFiles.size, SNIPPETS.length);
    assertClean(result, [...snippetFiles.keys()].filter((f) => !/\/(guard|protect)\//.test(f)));
  });

  it('the guard-alone and protect snippets type-check inside a handler', () => {
    const fragments = [...snippetFiles.keys()].filter((f) => /\/(guard|protect)\//.test(f));
    assert.equal(fragments.length, 2);
    assertClean(result, fragments);
  });

  it('the analyzer accepts every snippet as written: nothing it writes is flagged', () => {
    const root = '/virtual/project';
    const files: Record<string, string> = { [`${root}/package.json`]: JSON.stringify({ dependencies: { '@clerk/nextjs': '^7.0.0', next: '^16.0.0' } }) };
    for (const [file, text] of snippetFiles) files[`${root}/${file}`] = text;
    const analyzer = new Analyzer(memoryFileSystem(files));
    for (const file of snippetFiles.keys()) {
      const report = analyzer.analyze(`${root}/${file}`);
      assert.ok(report.resources.length > 0, `${file}: no resource found`);
      assert.deepEqual(report.findings.filter((f) => f.ruleId === 'missing-auth-guard').map((f) => f.message), [], file);
    }
  });

  it('the guard rendered in other code styles type-checks', () => {
    assertClean(result, styleFiles.keys());
  });

  it('the check can fail: auth() without await is reported against Clerk 7', () => {
    const found = result.byFile.get(BROKEN) ?? [];
    const messages = found.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    assert.ok(
      found.some((d) => d.code === 2339) && messages.some((m) => /Property 'userId' does not exist on type 'Promise/.test(m)),
      `expected TS2339 on userId, got:\n${messages.join('\n')}`,
    );
  });
});

// Legacy APIs.
// v5: @clerk/nextjs 5 is installed side by side as the npm alias `clerk-nextjs-v5` (a devDependency; its
// peer range `next >=15.0.0-rc`, `react >=18` accepts the repo's next 16 and react 19), and
// test/typecheck/v5/tsconfig.json maps `@clerk/nextjs` and `@clerk/nextjs/server` to it with `paths`.
// v4: NOT type-checked. `npm install -D clerk-nextjs-v4@npm:@clerk/nextjs@^4` fails with ERESOLVE: the
// latest 4.x (4.31.8) declares peers `next: ^10 || ^13.5.7 || ^14.2.25 || ^15.2.3` and
// `react: ^17.0.2 || ^18.0.0-0`, and this repo has next 16 and react 19. Installing it anyway would take
// --legacy-peer-deps or a second next/react tree; neither is worth it for a retired API, so the v4
// renderings are only parsed (above) and pinned by string assertions.
describe('snippets type-check against @clerk/nextjs 5 (v5 API)', function () {
  this.timeout(120_000);
  let result: CheckResult;
  let snippetFiles: Map<string, string>;
  const BROKEN = 'app/api/broken-static-protect/route.ts';

  before(() => {
    const bodies = SNIPPETS.map((s) => ({ prefix: s.prefix, body: renderSnippetBody(s, 'v5')! }));
    snippetFiles = snippetRouteFiles(bodies, 'v5');
    // The v6 spelling `await auth.protect()` does not exist in Clerk 5: proves the paths mapping is in effect.
    const broken = wrapFragment(renderSnippetCode(templateFor('clerk-route-protect'), 'v6')!.join('\n'), 'v5');
    result = typecheckProject('v5', new Map([...snippetFiles, [BROKEN, broken]]));
    console.log(`      (v5: ${result.fileCount} route files, one Program, ${result.ms} ms)`);
  });

  it('the v5 rendering of every snippet type-checks (sync auth(), auth().protect(), clerkClient())', () => {
    assert.match([...snippetFiles.values()].join('\n'), /const client = clerkClient\(\);/);
    assertClean(result, snippetFiles.keys());
  });

  it('the v5 project really uses Clerk 5: the v6 `await auth.protect()` is an error there', () => {
    const messages = (result.byFile.get(BROKEN) ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    assert.ok(messages.some((m) => /protect/.test(m)), `expected an error about protect, got:\n${messages.join('\n')}`);
  });
});
