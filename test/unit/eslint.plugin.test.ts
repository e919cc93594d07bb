/**
 * The ESLint plugin (src/eslint/plugin.ts, built to dist/eslint.js) through ESLint's own RuleTester and a
 * real ESLint run:
 *   - valid and invalid cases per rule, adding a guard offered as suggestions (with their outputs), a
 *     safe migration as an autofix;
 *   - over the bundled example app and the fixture projects, ESLint with the plugin reports exactly
 *     what the analyzer (the CLI's core) reports, finding for finding.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ESLint, RuleTester } from 'eslint';
import { Analyzer, applyFixEdits, nodeFileSystem } from '../../src/core';
import { collectCheckedFiles } from '../../src/cli/files';
import { loadResourceFixtures } from './support/fixtures';
import { plugin } from '../../src/eslint/plugin';

// The parser's types need the bundler module resolution; the tests only hand it to ESLint.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const tsParser: unknown = require('@typescript-eslint/parser');

const project = fs.mkdtempSync(path.join(os.tmpdir(), 'crg-eslint-'));
fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ dependencies: { '@clerk/nextjs': '^7.0.0', next: '^16.0.0' } }));
// A proxy.ts, so that middleware-not-covering stays out of the cases of the other rules.
fs.writeFileSync(path.join(project, 'proxy.ts'), "import { clerkMiddleware } from '@clerk/nextjs/server';\nexport default clerkMiddleware();\nexport const config = { matcher: ['/((?!_next).*)'] };\n");
const file = (rel: string) => path.join(project, rel);

const tester = new RuleTester({
  languageOptions: { parser: tsParser as never, parserOptions: { ecmaFeatures: { jsx: true } } },
});

const UNGUARDED_GET = `export async function GET() {
  const res = await fetch('https://api.example.com/items', { headers: { 'x-api-key': process.env.ITEMS_API_KEY ?? '' } });
  return Response.json(await res.json());
}
`;

describe('ESLint plugin: RuleTester', () => {
  after(() => fs.rmSync(project, { recursive: true, force: true }));

  tester.run('missing-auth-guard', plugin.rules['missing-auth-guard'] as never, {
    valid: [
      {
        filename: file('app/api/items/route.ts'),
        code: `import { auth } from '@clerk/nextjs/server';
export async function GET() {
  const { userId } = await auth();
  if (!userId) return new Response('Unauthorized', { status: 401 });
  return Response.json(await (await fetch('https://api.example.com/items', { headers: { 'x-api-key': process.env.ITEMS_API_KEY ?? '' } })).json());
}
`,
      },
      {
        filename: file('app/dashboard/page.tsx'),
        code: `import { auth } from '@clerk/nextjs/server';
export default async function Page() {
  await auth.protect();
  const items = await (await fetch('https://api.example.com/items', { headers: { 'x-api-key': process.env.ITEMS_API_KEY ?? '' } })).json();
  return <ul>{items.length}</ul>;
}
`,
      },
      // Not a resource: a component outside app/ with no 'use server'.
      { filename: file('components/list.tsx'), code: `export async function List() { return <ul>{await fetch('/x')}</ul>; }\n` },
    ],
    invalid: [
      {
        filename: file('app/api/items/route.ts'),
        code: UNGUARDED_GET,
        errors: [
          {
            message: /^GET does its work without checking for a signed-in Clerk user/,
            line: 1,
            column: 23,
            suggestions: [
              {
                desc: 'Add Clerk auth check (401)',
                output: `import { auth } from '@clerk/nextjs/server';

export async function GET() {
  const { userId } = await auth();
  if (!userId) {
    return new Response('Unauthorized', { status: 401 });
  }

  const res = await fetch('https://api.example.com/items', { headers: { 'x-api-key': process.env.ITEMS_API_KEY ?? '' } });
  return Response.json(await res.json());
}
`,
              },
              {
                desc: 'Protect with `await auth.protect()` (signed-out callers get a 404)',
                output: `import { auth } from '@clerk/nextjs/server';

export async function GET() {
  await auth.protect();

  const res = await fetch('https://api.example.com/items', { headers: { 'x-api-key': process.env.ITEMS_API_KEY ?? '' } });
  return Response.json(await res.json());
}
`,
              },
              {
                desc: 'Mark GET as public (add a clerk-route-guard public comment with the reason)',
                output: `// clerk-route-guard public: why signed-out callers may use this handler\n${UNGUARDED_GET}`,
              },
            ],
          },
        ],
      },
      {
        filename: file('app/actions/notes.ts'),
        code: `'use server';
export async function deleteNote(id: string) {
  await fetch(\`https://db.example.com/notes/\${id}\`, { method: 'DELETE', headers: { 'x-api-key': process.env.DB_API_KEY ?? '' } });
}
`,
        errors: [
          {
            message: /^Server Function deleteNote does its work without checking/,
            suggestions: [
              {
                desc: 'Add Clerk auth check (throws when signed out)',
                output: `'use server';

import { auth } from '@clerk/nextjs/server';

export async function deleteNote(id: string) {
  const { userId } = await auth();
  if (!userId) {
    throw new Error('Unauthorized');
  }

  await fetch(\`https://db.example.com/notes/\${id}\`, { method: 'DELETE', headers: { 'x-api-key': process.env.DB_API_KEY ?? '' } });
}
`,
              },
              {
                desc: 'Mark deleteNote as public (add a clerk-route-guard public comment with the reason)',
                output: `'use server';
// clerk-route-guard public: why signed-out callers may use this handler
export async function deleteNote(id: string) {
  await fetch(\`https://db.example.com/notes/\${id}\`, { method: 'DELETE', headers: { 'x-api-key': process.env.DB_API_KEY ?? '' } });
}
`,
              },
            ],
          },
        ],
      },
    ],
  });

  tester.run('auth-not-awaited', plugin.rules['auth-not-awaited'] as never, {
    valid: [{ filename: file('app/api/me/route.ts'), code: `import { auth } from '@clerk/nextjs/server';\nexport async function GET() {\n  const { userId } = await auth();\n  return Response.json({ userId });\n}\n` }],
    invalid: [
      {
        filename: file('app/api/me/route.ts'),
        code: `import { auth } from '@clerk/nextjs/server';\nexport async function GET() {\n  const { userId } = auth();\n  if (!userId) return new Response(null, { status: 401 });\n  return Response.json({ userId });\n}\n`,
        // Adding `await` is a safe migration: an autofix.
        output: `import { auth } from '@clerk/nextjs/server';\nexport async function GET() {\n  const { userId } = await auth();\n  if (!userId) return new Response(null, { status: 401 });\n  return Response.json({ userId });\n}\n`,
        errors: [{ message: /^auth\(\) returns a Promise since Clerk v6/ }],
      },
    ],
  });
});

describe('ESLint plugin: the middleware rewrite is a suggestion, not an autofix', () => {
  // It changes what the middleware protects: a person applies it. Its output is the core's own fix.
  const v6 = fs.mkdtempSync(path.join(os.tmpdir(), 'crg-eslint-v6-'));
  fs.writeFileSync(path.join(v6, 'package.json'), JSON.stringify({ dependencies: { '@clerk/nextjs': '^6.0.0', next: '^15.0.0' } }));
  after(() => fs.rmSync(v6, { recursive: true, force: true }));
  const code = "import { authMiddleware } from '@clerk/nextjs/server';\n\nexport default authMiddleware({ publicRoutes: ['/'] });\n\nexport const config = { matcher: ['/((?!_next).*)'] };\n";
  const filename = path.join(v6, 'middleware.ts');
  const finding = new Analyzer(nodeFileSystem()).analyze(filename, code).findings.find((f) => f.ruleId === 'deprecated-middleware');
  const rewritten = finding?.fix ? applyFixEdits(code, finding.fix.edits.filter((e) => e.fileName === filename)) : '';

  tester.run('deprecated-middleware', plugin.rules['deprecated-middleware'] as never, {
    valid: [],
    invalid: [
      {
        filename,
        code,
        output: null,
        errors: [{ message: /authMiddleware/, suggestions: [{ desc: 'Replace authMiddleware with clerkMiddleware() protecting all but public routes', output: rewritten }] }],
      },
    ],
  });

  it('the suggested rewrite uses clerkMiddleware', () => assert.match(rewritten, /clerkMiddleware\(/));
});

describe('ESLint plugin: a real ESLint run reports what the analyzer reports', function () {
  this.timeout(120_000);
  const roots = [
    path.resolve(__dirname, '../../examples/next-clerk-app'),
    ...fs.readdirSync(path.resolve(__dirname, '../fixtures/projects')).map((p) => path.resolve(__dirname, '../fixtures/projects', p)),
  ];

  for (const root of roots) {
    it(path.relative(path.resolve(__dirname, '../..'), root), async () => {
      const files = collectCheckedFiles([root], root);
      const eslint = new ESLint({
        cwd: root,
        overrideConfigFile: true,
        overrideConfig: [{ ...plugin.configs.recommended, languageOptions: { parser: tsParser, parserOptions: { ecmaFeatures: { jsx: true } } } }] as never,
      });
      const results = await eslint.lintFiles(files);
      const analyzer = new Analyzer(nodeFileSystem());
      for (const result of results) {
        const fromEslint = result.messages.map((m) => `${m.ruleId?.replace('clerk-route-guard/', '')}@${m.line}:${m.column}`).sort();
        const fromCore = analyzer.analyze(result.filePath).findings.map((f) => `${f.ruleId}@${f.range.start.line + 1}:${f.range.start.character + 1}`).sort();
        assert.deepEqual(fromEslint, fromCore, path.relative(root, result.filePath));
      }
    });
  }
});

describe('ESLint plugin: every single-file fixture reports what the analyzer reports', function () {
  this.timeout(120_000);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'crg-eslint-fixtures-'));
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('rule, line and column, fixture by fixture (one project per Clerk version)', async () => {
    const fixtures = loadResourceFixtures();
    const differences: string[] = [];
    const analyzer = new Analyzer(nodeFileSystem());
    const eslint = new ESLint({
      cwd: root,
      overrideConfigFile: true,
      overrideConfig: [{ ...plugin.configs.recommended, languageOptions: { parser: tsParser, parserOptions: { ecmaFeatures: { jsx: true } } } }] as never,
    });
    for (const fixture of fixtures) {
      const version = fixture.clerkVersion ?? '^7.0.0';
      const project = path.join(root, version.replace(/[^\w.]/g, '_'));
      if (!fs.existsSync(project)) {
        fs.mkdirSync(project, { recursive: true });
        fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ dependencies: { '@clerk/nextjs': version, next: '^16.0.0' } }));
      }
      const filePath = path.join(project, fixture.virtualPath);
      const [result] = await eslint.lintText(fixture.text, { filePath });
      // Half-typed code the analyzer reads on purpose (a fuzz regression) may not parse for ESLint at all: nothing to compare.
      if (result.messages.some((m) => m.fatal) && fixture.name.startsWith('fuzz-regressions/')) continue;
      const fromEslint = result.messages.map((m) => `${m.ruleId?.replace('clerk-route-guard/', '') ?? `fatal ${m.message}`}@${m.line}:${m.column}`).sort();
      const fromCore = analyzer.analyze(filePath, fixture.text).findings.map((f) => `${f.ruleId}@${f.range.start.line + 1}:${f.range.start.character + 1}`).sort();
      if (fromEslint.join() !== fromCore.join()) differences.push(`${fixture.name}: eslint ${JSON.stringify(fromEslint)} analyzer ${JSON.stringify(fromCore)}`);
    }
    assert.ok(fixtures.length > 150);
    assert.deepEqual(differences, []);
  });
});
