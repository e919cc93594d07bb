/**
 * `clerk-route-guard check --fix`, through the built CLI (dist/cli.js, built here with `node esbuild.mjs`):
 * on a copy of examples/next-clerk-app (plus a CRLF + BOM + executable route and a re-exported handler)
 * it leaves no missing-auth-guard finding, keeps modes, BOMs and line endings, leaves no temporary files,
 * and a second run changes no byte. It never writes through a symbolic link or outside the project.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { unsafeTarget, writeFileAtomically } from '../../src/cli/fix';
import { CLERK_PACKAGE_JSON, listFiles } from './support/fixtures';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const EXAMPLE = path.join(ROOT, 'examples', 'next-clerk-app');

function cli(cwd: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, 'check', ...args], { cwd, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** missing-auth-guard findings as `file HANDLER-less message`, from the JSON output. */
function missingGuards(cwd: string, ...paths: string[]): string[] {
  const out = cli(cwd, '--format', 'json', ...paths);
  const results = JSON.parse(out.stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string; line: number }> }>;
  return results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'missing-auth-guard').map((m) => `${path.relative(cwd, r.filePath)}:${m.line}`));
}

function snapshot(dir: string): Map<string, { bytes: string; mode: number }> {
  const out = new Map<string, { bytes: string; mode: number }>();
  for (const f of listFiles(dir, () => true)) {
    const stat = fs.lstatSync(f);
    out.set(path.relative(dir, f), { bytes: stat.isSymbolicLink() ? `-> ${fs.readlinkSync(f)}` : fs.readFileSync(f).toString('base64'), mode: stat.mode });
  }
  return out;
}

describe('check --fix (built CLI)', function () {
  this.timeout(120_000);
  let tmp: string;

  before(() => {
    const started = performance.now();
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'pipe' });
    console.log(`      (built dist/ in ${Math.round(performance.now() - started)} ms)`);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'crg-fix-'));
  });

  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('fixes two routes whose handlers live in one helper file: the second fix sees the first on disk', () => {
    const app = path.join(tmp, 'shared-helper');
    const write = (rel: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(app, rel)), { recursive: true });
      fs.writeFileSync(path.join(app, rel), text);
    };
    write('package.json', JSON.stringify({ dependencies: { '@clerk/nextjs': '^7.0.0' } }));
    write('lib/db.ts', 'export const db = { list: async () => fetch("https://db.internal/list") };\n');
    write(
      'lib/handlers.ts',
      "import { db } from './db';\n\nexport async function listA() {\n  return Response.json(await db.list());\n}\n\nexport async function listB() {\n  return Response.json(await db.list());\n}\n",
    );
    write('app/api/a/route.ts', "export { listA as GET } from '../../../lib/handlers';\n");
    write('app/api/b/route.ts', "export { listB as GET } from '../../../lib/handlers';\n");
    assert.equal(missingGuards(app).length, 2);
    const run = cli(app, '--fix');
    assert.doesNotMatch(run.stderr, /not fixed/, run.stderr);
    assert.deepEqual(missingGuards(app), []);
    assert.equal((fs.readFileSync(path.join(app, 'lib/handlers.ts'), 'utf8').match(/await auth\(\)/g) ?? []).length, 2);
  });

  it('fixes a copy of examples/next-clerk-app: no finding left, style kept, a second run changes no byte', () => {
    const app = path.join(tmp, 'next-clerk-app');
    fs.cpSync(EXAMPLE, app, { recursive: true });
    // More forms than the example has: CRLF + BOM + executable, a re-exported handler in lib/.
    const crlf = path.join(app, 'app', 'api', 'crlf', 'route.ts');
    fs.mkdirSync(path.dirname(crlf), { recursive: true });
    fs.writeFileSync(crlf, '\uFEFF' + ["import { db } from '@/lib/db'", '', 'export async function DELETE() {', '\tawait db.notes.remove("x")', '\treturn new Response(null, { status: 204 })', '}', ''].join('\r\n'));
    fs.chmodSync(crlf, 0o755);
    const reexport = path.join(app, 'app', 'api', 'archive', 'route.ts');
    fs.mkdirSync(path.dirname(reexport), { recursive: true });
    fs.writeFileSync(reexport, "export { archive as POST } from '@/lib/archive';\n");
    fs.writeFileSync(
      path.join(app, 'lib', 'archive.ts'),
      "import { db } from './db';\n\nexport async function archive(req: Request) {\n  const { id } = await req.json();\n  await db.notes.remove(id);\n  return Response.json({ archived: id });\n}\n",
    );

    const before = missingGuards(app);
    console.log(`      (before: ${before.length} missing-auth-guard findings: ${before.join(', ')})`);
    assert.ok(before.length >= 5, `the copy has findings to fix: ${before.join(', ')}`);

    const fix = cli(app, '--fix');
    assert.match(fix.stderr, /fixed DELETE in app\/api\/crlf\/route\.ts/);
    assert.deepEqual(missingGuards(app), [], `after --fix:\n${fix.stderr}`);

    const crlfText = fs.readFileSync(crlf, 'utf8');
    assert.ok(crlfText.startsWith('\uFEFF'), 'BOM kept');
    assert.ok(!/(^|[^\r])\n/.test(crlfText), 'CRLF kept');
    assert.match(crlfText, /\r\n\tconst \{ userId \} = await auth\(\)\r\n\tif \(!userId\) \{\r\n\t\treturn new Response\('Unauthorized', \{ status: 401 \}\)\r\n\t\}/);
    assert.equal(fs.statSync(crlf).mode & 0o777, 0o755, 'mode kept');
    assert.match(fs.readFileSync(path.join(app, 'lib', 'archive.ts'), 'utf8'), /const \{ userId \} = await auth\(\);/, 'the re-exported handler is fixed in lib/');
    assert.equal(fs.readFileSync(reexport, 'utf8'), "export { archive as POST } from '@/lib/archive';\n");
    assert.deepEqual(listFiles(app, (f) => f.endsWith('.tmp')), [], 'no temporary files left');

    const first = snapshot(app);
    const again = cli(app, '--fix');
    assert.equal(again.stderr, '', 'nothing to fix the second time');
    assert.deepEqual(snapshot(app), first, 'the second run changed bytes');
  });

  it('never writes through a symbolic link or outside the project', () => {
    const project = path.join(tmp, 'links');
    const outside = path.join(tmp, 'outside');
    fs.mkdirSync(path.join(project, 'app', 'api', 'real'), { recursive: true });
    fs.mkdirSync(path.join(outside, 'dir'), { recursive: true });
    fs.writeFileSync(path.join(project, 'package.json'), '{"dependencies":{"@clerk/nextjs":"^7.0.0"}}\n');
    const unguarded = "import { db } from './db';\n\nexport async function GET() {\n  return Response.json(await db.list());\n}\n";
    fs.writeFileSync(path.join(project, 'app', 'api', 'real', 'route.ts'), unguarded);
    fs.writeFileSync(path.join(outside, 'route.ts'), unguarded);
    fs.writeFileSync(path.join(outside, 'dir', 'route.ts'), unguarded);
    // A route file that is a link to a file outside, and a folder that is a link to a folder outside.
    fs.mkdirSync(path.join(project, 'app', 'api', 'file-link'));
    fs.symlinkSync(path.join(outside, 'route.ts'), path.join(project, 'app', 'api', 'file-link', 'route.ts'));
    fs.symlinkSync(path.join(outside, 'dir'), path.join(project, 'app', 'api', 'dir-link'));
    const outsideBefore = snapshot(outside);

    // Walked (links are not followed) and named explicitly (links are refused).
    const walked = cli(project, '--fix');
    const named = cli(project, '--fix', 'app/api/file-link/route.ts', 'app/api/dir-link/route.ts');
    assert.deepEqual(snapshot(outside), outsideBefore, 'nothing outside the project changed');
    assert.match(named.stderr, /file-link\/route\.ts: not fixed: .*symbolic link/);
    assert.match(named.stderr, /dir-link\/route\.ts: not fixed: .*symbolic link/);
    assert.match(walked.stderr + named.stderr, /fixed GET in app\/api\/real\/route\.ts/);
    assert.match(fs.readFileSync(path.join(project, 'app', 'api', 'real', 'route.ts'), 'utf8'), /await auth\(\)/);
  });

  it('does not overwrite a file that changed after it was read, and leaves no temporary file', () => {
    const dir = path.join(tmp, 'atomic');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'route.ts');
    fs.writeFileSync(file, 'old');
    fs.chmodSync(file, 0o640);
    fs.writeFileSync(file, 'edited meanwhile');
    assert.equal(writeFileAtomically(file, 'fixed', 'old'), 'changed');
    assert.equal(fs.readFileSync(file, 'utf8'), 'edited meanwhile');
    assert.equal(writeFileAtomically(file, 'fixed', 'edited meanwhile'), 'written');
    assert.equal(fs.readFileSync(file, 'utf8'), 'fixed');
    assert.equal(fs.statSync(file).mode & 0o777, 0o640);
    assert.deepEqual(fs.readdirSync(dir), ['route.ts']);
  });

  it('refuses targets outside the project, in ignored folders, or behind links', () => {
    const project = path.join(tmp, 'links');
    assert.equal(unsafeTarget(path.join(project, 'app', 'api', 'real', 'route.ts'), project), undefined);
    assert.match(unsafeTarget(path.join(tmp, 'outside', 'route.ts'), project)!, /outside/);
    assert.match(unsafeTarget(path.join(project, 'node_modules', 'x', 'route.ts'), project)!, /ignored/);
    assert.match(unsafeTarget(path.join(project, 'app', 'api', 'file-link', 'route.ts'), project)!, /symbolic link/);
    assert.match(unsafeTarget(path.join(project, 'app', 'api', 'dir-link', 'route.ts'), project)!, /symbolic link/);
    // A project folder that is itself a link out of the folder the CLI runs in.
    fs.symlinkSync(project, path.join(tmp, 'project-link'));
    const viaLink = path.join(tmp, 'project-link', 'app', 'api', 'real', 'route.ts');
    assert.equal(unsafeTarget(viaLink, path.join(tmp, 'project-link')), undefined, 'links above the project are not the tree');
    assert.match(unsafeTarget(viaLink, path.join(tmp, 'project-link'), tmp)!, /symbolic link/);
  });

  it('does not rewrite a route that is not valid UTF-8 (the undecodable bytes would be lost)', () => {
    const project = path.join(tmp, 'latin1');
    const file = path.join(project, 'app', 'api', 'x', 'route.ts');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(path.join(project, 'package.json'), CLERK_PACKAGE_JSON);
    const bytes = Buffer.concat([Buffer.from('// caf'), Buffer.from([0xe9]), Buffer.from("\nimport { db } from './db';\n\nexport async function GET() {\n  return Response.json(await db.list());\n}\n")]);
    fs.writeFileSync(file, bytes);
    const run = cli(project, '--fix');
    assert.ok(fs.readFileSync(file).equals(bytes), 'unchanged');
    assert.match(run.stderr, /app\/api\/x\/route\.ts: not fixed: the file is not valid UTF-8/);
  });
});
