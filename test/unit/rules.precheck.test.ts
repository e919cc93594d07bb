/**
 * The text pre-check that lets most files skip the migration rules' tree walk may say yes wrongly,
 * never no: wherever the rules (run without it) find something, it must say yes.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import { Analyzer, clerkApiOf, memoryFileSystem } from '../../src/core';
import { mayHaveMigrationFinding } from '../../src/core/rules';
import { checkMigrationRules } from '../../src/core/rules/migration';
import { ensureParents } from '../../src/core/rules/bindings';
import { isMiddlewareFilePath } from '../../src/core/middleware/locate';
import type { ClerkVersionInfo } from '../../src/core/clerk/version';
import { parseSource } from '../../src/core/project/project';

const FIXTURES = path.join(__dirname, '..', 'fixtures');
const VERSIONS: ClerkVersionInfo[] = ['4.29.0', '5.1.0', '5.7.0', '6.0.0', '7.9.0'].map((version) => ({
  version, api: clerkApiOf(version), source: 'installed',
}));

/** What the migration rules find in `text` on each Clerk version, with no pre-check in front. */
function ungatedFindings(fileName: string, text: string): string[] {
  const analyzer = new Analyzer(memoryFileSystem({ [fileName]: text }));
  const module = analyzer.projectFor(fileName).parse(fileName, text);
  ensureParents(module.sourceFile);
  return VERSIONS.flatMap((clerk) =>
    checkMigrationRules({ module, clerk, resources: [], middlewareFile: isMiddlewareFilePath(fileName) }).map((f) => `${clerk.version} ${f.ruleId}`),
  );
}

/** The pre-check's answer, with TypeScript's identifier table and without it (the fallback). */
function gate(text: string, fileName = '/p/app/api/x/route.ts'): boolean {
  const withTable = mayHaveMigrationFinding(parseSource(fileName, text));
  const bare = parseSource(fileName, text);
  delete (bare as { identifiers?: unknown }).identifiers;
  assert.strictEqual(mayHaveMigrationFinding(bare), withTable, `with and without the identifier table:\n${text}`);
  return withTable;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(full);
    return /\.(ts|tsx|js|jsx|mts|mjs|cts|cjs)$/.test(e.name) ? [full] : [];
  });
}

describe('migration pre-check', () => {
  it('says yes for every fixture file in which the rules find something', () => {
    let withFindings = 0;
    for (const file of sourceFiles(FIXTURES)) {
      const text = fs.readFileSync(file, 'utf8');
      if (ungatedFindings(file, text).length === 0) continue;
      withFindings++;
      assert.ok(gate(text, file), `the pre-check skips ${path.relative(FIXTURES, file)}`);
    }
    // The fixtures hold the migration corpus: the test must have seen it.
    assert.ok(withFindings >= 40, `only ${withFindings} fixture files have migration findings`);
  });

  it("uses the parser's identifier table (the fast path is live with the bundled TypeScript)", () => {
    const sf = parseSource('/p/app/api/x/route.ts', "import { auth } from '@clerk/nextjs/server';\nNextResponse.redirect(url);\n");
    const identifiers = (sf as { identifiers?: unknown }).identifiers;
    assert.ok(identifiers instanceof Map && identifiers.has('auth') && identifiers.has('redirect'), 'SourceFile.identifiers is gone: the pre-check scans every word');
  });

  it('ignores the words inside other names (oauth(), authorize) and in files without them', () => {
    assert.strictEqual(gate("const token = oauth(req);\nconst ok = authorize(token);\nexport const GET = () => Response.json({ ok });\n"), false);
    assert.strictEqual(gate("export const GET = () => Response.json({ ok: true });\n"), false);
  });

  it('says no for a file written for the installed Clerk', () => {
    const text = fs.readFileSync(path.join(FIXTURES, 'resources', 'guarded', fs.readdirSync(path.join(FIXTURES, 'resources', 'guarded')).sort()[0]), 'utf8');
    assert.deepStrictEqual(ungatedFindings('/p/app/api/x/route.ts', text), []);
    assert.strictEqual(gate(text), false);
  });

  it('says yes wherever the rules find something in generated code (spacing, parentheses, renames)', () => {
    const space = fc.constantFrom('', ' ', '\n  ', '\t');
    const call = fc.tuple(space, space).map(([a, b]) => `auth${a}(${b})`);
    const statement = fc.oneof(
      call.map((c) => `const { userId } = ${c};`),
      call.map((c) => `const u = (${c}).userId;`),
      space.map((s) => `const { userId } = await auth${s};`),
      space.map((s) => `${s}auth.protect${s}();`),
      space.map((s) => `const users = await clerkClient.${s}users.getUserList();`),
      space.map((s) => `const c = clerkClient${s}();`),
      fc.tuple(space, fc.constantFrom("'/sign-in'", '`/x/${1}`', "('/x')", "'/a' + b", 'url')).map(([s, arg]) => `return NextResponse.redirect(${s}${arg});`),
      space.map((s) => `return Response.redirect(${s}'/login');`),
      fc.constant('return Response.json({ ok: true });'),
    );
    const imports = fc.constantFrom(
      "import { auth, clerkClient } from '@clerk/nextjs/server';",
      "import { auth, clerkClient } from '@clerk/nextjs';",
      "import { auth as clerkAuth, clerkClient } from '@clerk/nextjs/server';\nconst auth = clerkAuth;",
      "const { auth, clerkClient } = require('@clerk/nextjs/server');",
      "import { auth } from '@clerk/nextjs/app-beta';\nimport { clerkClient } from '@clerk/nextjs/server';",
    );
    fc.assert(
      fc.property(imports, fc.array(statement, { minLength: 1, maxLength: 4 }), (head, body) => {
        const text = `${head}\nimport { NextResponse } from 'next/server';\nexport async function GET(req: Request) {\n  ${body.join('\n  ')}\n}\n`;
        if (ungatedFindings('/p/app/api/x/route.ts', text).length > 0) {
          assert.ok(gate(text), `the pre-check skips:\n${text}`);
        }
      }),
      { numRuns: 300 },
    );
  });
});
