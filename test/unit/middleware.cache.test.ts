/** The middleware is read through the analyzer's FileSystem, parsed once, and read and located again on fileChanged. */
import * as assert from 'assert';
import { Analyzer, FileSystem } from '../../src/core';

const ROUTE = "import { auth } from '@clerk/nextjs/server';\nexport async function GET() {\n  const { userId } = await auth();\n  if (!userId) return new Response(null, { status: 401 });\n  return Response.json({ userId });\n}\n";
const MIDDLEWARE = (matcher: string) => `import { clerkMiddleware } from '@clerk/nextjs/server';\nexport default clerkMiddleware();\nexport const config = { matcher: ${JSON.stringify(matcher)} };\n`;

/** A mutable in-memory file system that counts reads per file. */
function mutableFs(files: Record<string, string>): FileSystem & { reads: Map<string, number> } {
  const reads = new Map<string, number>();
  return {
    reads,
    readFile: (p) => {
      reads.set(p, (reads.get(p) ?? 0) + 1);
      return files[p];
    },
    fileExists: (p) => p in files,
    directoryExists: (p) => Object.keys(files).some((f) => f.startsWith(p + '/')),
  };
}

describe('middleware: caching and refresh', () => {
  const files: Record<string, string> = {
    '/p/package.json': JSON.stringify({ dependencies: { '@clerk/nextjs': '^7.0.0', next: '^16.0.0' } }),
  };
  const fs = mutableFs(files);
  const analyzer = new Analyzer(fs);
  const covering = () => analyzer.analyze('/p/app/api/x/route.ts', ROUTE).findings.filter((f) => f.ruleId === 'middleware-not-covering');

  it('missing, then created (after fileChanged), then edited, then its text served unsaved', () => {
    assert.strictEqual(covering().length, 1);
    files['/p/proxy.ts'] = MIDDLEWARE('/api/:path*');
    assert.strictEqual(covering().length, 1, 'locations are cached until fileChanged');
    analyzer.fileChanged('/p/proxy.ts');
    assert.strictEqual(covering().length, 0);

    // An edit counts once it is reported (the editor reports every keystroke in an open middleware).
    files['/p/proxy.ts'] = MIDDLEWARE('/dashboard/:path*');
    assert.strictEqual(covering().length, 0, 'the parsed middleware is kept until fileChanged');
    analyzer.fileChanged('/p/proxy.ts', 'edited');
    assert.match(covering()[0].message, /config\.matcher in proxy\.ts does not match \/api\/x/);
    files['/p/proxy.ts'] = MIDDLEWARE('/(api|trpc)(.*)');
    analyzer.fileChanged('/p/proxy.ts', 'edited');
    assert.strictEqual(covering().length, 0);

    delete files['/p/proxy.ts'];
    analyzer.fileChanged('/p/proxy.ts');
    assert.strictEqual(covering().length, 1);
  });

  it('reads the middleware once until it changes, and the package.json files once per project', () => {
    files['/p/middleware.ts'] = MIDDLEWARE('/api/:path*');
    analyzer.fileChanged('/p/middleware.ts');
    fs.reads.clear();
    for (let i = 0; i < 3; i++) covering();
    assert.strictEqual(fs.reads.get('/p/middleware.ts'), 1);
    assert.strictEqual(fs.reads.get('/p/package.json') ?? 0, 0);
    analyzer.fileChanged('/p/middleware.ts', 'edited');
    covering();
    assert.strictEqual(fs.reads.get('/p/middleware.ts'), 2);
  });

  it('an unreadable or huge middleware file gives no finding either way', () => {
    files['/p/middleware.ts'] = 'x'.repeat(600_000);
    analyzer.fileChanged('/p/middleware.ts', 'edited');
    assert.strictEqual(covering().length, 0);
  });
});
