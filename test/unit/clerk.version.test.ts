/** Which @clerk/nextjs a project uses: installed, hoisted, declared, or the current default. */
import * as assert from 'assert';
import { Analyzer, memoryFileSystem } from '../../src/core';
import { clerkApiOf, detectClerkVersion, minVersionOfRange } from '../../src/core/clerk/version';

const pkg = (deps: Record<string, string>, field = 'dependencies') => JSON.stringify({ name: 'app', [field]: deps });
const installed = (version: string) => JSON.stringify({ name: '@clerk/nextjs', version });

describe('clerk: version detection', () => {
  it('maps versions to API generations: <5 → v4, 5.x → v5, ≥6 → v6', () => {
    assert.deepStrictEqual(
      ['4.29.12', '5.0.0', '5.7.5', '6.0.0', '6.35.1', '7.9.17', '8.0.0'].map(clerkApiOf),
      ['v4', 'v5', 'v5', 'v6', 'v6', 'v6', 'v6'],
    );
  });

  it('lowest version a declared range admits', () => {
    assert.strictEqual(minVersionOfRange('^5.2.0'), '5.2.0');
    assert.strictEqual(minVersionOfRange('~4.29'), '4.29.0');
    assert.strictEqual(minVersionOfRange('>=6 <8'), '6.0.0');
    assert.strictEqual(minVersionOfRange('6.1.0'), '6.1.0');
    assert.strictEqual(minVersionOfRange('workspace:^6.3.0'), '6.3.0');
    assert.strictEqual(minVersionOfRange('npm:@clerk/nextjs@^5.7.0'), '5.7.0');
    for (const useless of ['latest', 'next', '*', 'x', '', 'garbage!', 'github:clerk/javascript', 'file:../clerk', 'workspace:*']) {
      assert.strictEqual(minVersionOfRange(useless), undefined, useless);
    }
  });

  it('installed in the project’s node_modules wins over the declared range', () => {
    const fs = memoryFileSystem({
      '/app/package.json': pkg({ '@clerk/nextjs': '^5.0.0' }),
      '/app/node_modules/@clerk/nextjs/package.json': installed('6.12.3'),
    });
    assert.deepStrictEqual(detectClerkVersion(fs, '/app'), {
      version: '6.12.3', api: 'v6', source: 'installed', file: '/app/node_modules/@clerk/nextjs/package.json',
    });
  });

  it('hoisted in a parent folder (monorepo)', () => {
    const fs = memoryFileSystem({
      '/repo/package.json': JSON.stringify({ workspaces: ['apps/*'] }),
      '/repo/node_modules/@clerk/nextjs/package.json': installed('5.7.5'),
      '/repo/apps/web/package.json': pkg({ '@clerk/nextjs': '^5.2.0' }),
    });
    assert.deepStrictEqual(detectClerkVersion(fs, '/repo/apps/web'), {
      version: '5.7.5', api: 'v5', source: 'installed', file: '/repo/node_modules/@clerk/nextjs/package.json',
    });
  });

  it('a hoisted copy that does not satisfy the declared range belongs to something else: declared wins', () => {
    const fs = memoryFileSystem({
      '/repo/node_modules/@clerk/nextjs/package.json': installed('7.9.17'),
      '/repo/apps/legacy/package.json': pkg({ '@clerk/nextjs': '^4.29.0' }),
    });
    assert.deepStrictEqual(detectClerkVersion(fs, '/repo/apps/legacy'), {
      version: '4.29.0', api: 'v4', source: 'declared', file: '/repo/apps/legacy/package.json',
    });
  });

  it('declared range ^5.2.0 → 5.2.0, also in devDependencies', () => {
    for (const field of ['dependencies', 'devDependencies', 'peerDependencies']) {
      const fs = memoryFileSystem({ '/app/package.json': pkg({ '@clerk/nextjs': '^5.2.0' }, field) });
      assert.deepStrictEqual(detectClerkVersion(fs, '/app'), { version: '5.2.0', api: 'v5', source: 'declared', file: '/app/package.json' }, field);
    }
  });

  it('latest, garbage ranges, no dependency, unparsable or missing package.json → the current major', () => {
    const cases: Record<string, string>[] = [
      { '/app/package.json': pkg({ '@clerk/nextjs': 'latest' }) },
      { '/app/package.json': pkg({ '@clerk/nextjs': 'not a range' }) },
      { '/app/package.json': '{ "dependencies": { broken' },
      { '/app/package.json': '[]' },
      {},
    ];
    for (const files of cases) assert.deepStrictEqual(detectClerkVersion(memoryFileSystem(files), '/app'), { api: 'v6', source: 'default' }, JSON.stringify(files));
  });

  it('a project whose package.json declares no @clerk/nextjs, and has none installed, does not use Clerk', () => {
    const notUsed = { api: 'v6', source: 'default', notUsed: true };
    assert.deepStrictEqual(detectClerkVersion(memoryFileSystem({ '/app/package.json': pkg({ next: '^16.0.0' }) }), '/app'), notUsed);
    // A sibling app's copy hoisted to the monorepo root does not make this app a Clerk app.
    const monorepo = {
      '/repo/package.json': JSON.stringify({ workspaces: ['apps/*'] }),
      '/repo/node_modules/@clerk/nextjs/package.json': '{"version":"6.30.0"}',
      '/repo/apps/docs/package.json': pkg({ next: '^16.0.0' }),
    };
    assert.deepStrictEqual(detectClerkVersion(memoryFileSystem(monorepo), '/repo/apps/docs'), notUsed);
  });

  it('a workspace root that declares @clerk/nextjs serves its apps; any other package.json above does not', () => {
    const rootDeclares = {
      '/repo/package.json': JSON.stringify({ workspaces: ['apps/*'], dependencies: { '@clerk/nextjs': 'latest' } }),
      '/repo/apps/web/package.json': pkg({ next: '^16.0.0' }),
    };
    assert.strictEqual(detectClerkVersion(memoryFileSystem(rootDeclares), '/repo/apps/web').notUsed, undefined);
    const pnpmRoot = { ...rootDeclares, '/repo/package.json': pkg({ '@clerk/nextjs': '^6.0.0' }), '/repo/pnpm-workspace.yaml': 'packages: [apps/*]' };
    assert.strictEqual(detectClerkVersion(memoryFileSystem(pnpmRoot), '/repo/apps/web').notUsed, undefined);
    const notAWorkspace = { ...rootDeclares, '/repo/package.json': pkg({ '@clerk/nextjs': '^6.0.0' }) };
    assert.strictEqual(detectClerkVersion(memoryFileSystem(notAWorkspace), '/repo/apps/web').notUsed, true);
  });

  it('an installed package.json without a valid version is skipped', () => {
    const fs = memoryFileSystem({
      '/app/package.json': pkg({ '@clerk/nextjs': '^6.1.0' }),
      '/app/node_modules/@clerk/nextjs/package.json': '{"name":"@clerk/nextjs"}',
    });
    assert.strictEqual(detectClerkVersion(fs, '/app').source, 'declared');
  });
});

describe('clerk: the analyzer’s version per project', () => {
  const route = "import { auth } from '@clerk/nextjs/server';\nexport async function GET() {\n  const { userId } = auth();\n  return Response.json({ userId });\n}\n";

  it('reports the version with each file and answers clerkApi(fileName)', () => {
    const analyzer = new Analyzer(memoryFileSystem({
      '/a/package.json': pkg({ '@clerk/nextjs': '^4.29.0' }),
      '/b/package.json': pkg({ '@clerk/nextjs': '^6.0.0' }),
      '/b/node_modules/@clerk/nextjs/package.json': installed('6.20.1'),
    }));
    assert.deepStrictEqual(analyzer.analyze('/a/app/api/x/route.ts', route).clerk, { version: '4.29.0', api: 'v4', source: 'declared', file: '/a/package.json' });
    assert.strictEqual(analyzer.analyze('/b/app/api/x/route.ts', route).clerk.version, '6.20.1');
    assert.strictEqual(analyzer.clerkApi('/a/app/api/x/route.ts'), 'v4');
    assert.strictEqual(analyzer.clerkApi('/b/app/api/x/route.ts'), 'v6');
    assert.strictEqual(analyzer.clerkApi('/elsewhere/app/api/x/route.ts'), 'v6');
  });

  it('caches per project root and refreshes when a package.json changes', () => {
    const files: Record<string, string> = { '/a/package.json': pkg({ '@clerk/nextjs': '^5.7.0' }) };
    let reads = 0;
    const base = memoryFileSystem(files);
    const fs = {
      ...base,
      readFile: (p: string) => {
        if (p.endsWith('package.json')) reads++;
        return files[p] ?? base.readFile(p);
      },
      fileExists: (p: string) => p in files,
    };
    const analyzer = new Analyzer(fs);
    const has = (text: string) => analyzer.analyze('/a/app/api/x/route.ts', text).findings.some((f) => f.ruleId === 'auth-not-awaited');
    assert.strictEqual(has(route), false);
    const afterFirst = reads;
    analyzer.analyze('/a/app/api/y/route.ts', route);
    assert.strictEqual(reads, afterFirst, 'package.json re-read for a second file of the same project');

    files['/a/package.json'] = pkg({ '@clerk/nextjs': '^6.0.0' });
    assert.strictEqual(has(route), false, 'no refresh before fileChanged');
    analyzer.fileChanged('/a/package.json');
    assert.strictEqual(has(route), true);

    files['/a/node_modules/@clerk/nextjs/package.json'] = installed('5.7.5');
    analyzer.fileChanged('/a/node_modules/@clerk/nextjs/package.json');
    assert.strictEqual(analyzer.clerkApi('/a/app/api/x/route.ts'), 'v5');
  });
});
