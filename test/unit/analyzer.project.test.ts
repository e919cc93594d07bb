/** Which project a file belongs to: the nearest package.json, searched from above a route's `app` folder. */
import * as assert from 'assert';
import { Analyzer, FileSystem, memoryFileSystem } from '../../src/core';

const ROUTE = "import { auth } from '@clerk/nextjs/server';\nexport async function GET() {\n  const { userId } = await auth();\n  if (!userId) return new Response(null, { status: 401 });\n  return Response.json({ userId });\n}\n";
const pkg = (clerk: string) => JSON.stringify({ dependencies: { '@clerk/nextjs': clerk, next: '^16.0.0' } });

function counting(files: Record<string, string>): FileSystem & { probes: string[] } {
  const inner = memoryFileSystem(files);
  const probes: string[] = [];
  return { probes, readFile: inner.readFile, directoryExists: inner.directoryExists, fileExists: (p) => (probes.push(p), inner.fileExists(p)) };
}

describe('analyzer: project of a file', () => {
  it('a package.json inside the app folder does not make a route a project of its own', () => {
    const fs = counting({ '/repo/web/package.json': pkg('^7.0.0'), '/repo/web/src/app/api/old/package.json': pkg('^4.0.0') });
    const report = new Analyzer(fs).analyze('/repo/web/src/app/api/old/route.ts', ROUTE);
    assert.strictEqual(report.projectRoot, '/repo/web');
    assert.strictEqual(report.clerk.api, 'v6');
  });

  it('a project folder named app, with its own app folder, is still found', () => {
    const fs = counting({ '/repo/app/package.json': pkg('^7.0.0') });
    assert.strictEqual(new Analyzer(fs).analyze('/repo/app/app/api/x/route.ts', ROUTE).projectRoot, '/repo/app');
  });

  it('routes of one project probe for package.json once, not once per route folder', () => {
    const fs = counting({ '/repo/web/package.json': pkg('^7.0.0') });
    const analyzer = new Analyzer(fs);
    for (let i = 0; i < 50; i++) analyzer.analyze(`/repo/web/src/app/api/items-${i}/[id]/route.ts`, ROUTE);
    const packageProbes = fs.probes.filter((p) => p.endsWith('/package.json') && !p.includes('/node_modules/'));
    assert.deepStrictEqual(packageProbes, ['/repo/web/src/package.json', '/repo/web/package.json']);
  });

  it('other files (middleware, helpers) search from their own folder', () => {
    const fs = counting({ '/repo/package.json': pkg('^7.0.0'), '/repo/packages/web/package.json': pkg('^6.0.0') });
    assert.strictEqual(new Analyzer(fs).analyze('/repo/packages/web/middleware.ts', 'export default function m() {}\n').projectRoot, '/repo/packages/web');
  });
});
