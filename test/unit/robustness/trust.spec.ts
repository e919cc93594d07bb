/**
 * Trust: the bundles must not run child processes, open network connections, evaluate strings as
 * code or load the workspace's code. A static scan of dist/*.js allows only the exact occurrences that
 * TypeScript 5.9's compiler (bundled into dist/analyzer.js) contains, checked against
 * node_modules/typescript/lib/typescript.js; a runtime test analyses a booby-trapped workspace under
 * hooks that record every module load, network call and eval.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { bundle, BUNDLES, buildBundles, REPO } from './support/cli';
import { Scratch } from './support/tmp';

const RISKY_MODULES = 'child_process|http|https|http2|net|tls|dgram|dns|cluster|vm|worker_threads|inspector|repl';

/** What may not appear in a bundle, each found at an identifier boundary (so `isEval(` does not count). */
const PATTERNS: Record<string, RegExp> = {
  'risky module require': new RegExp(`(?<![\\w$.])require\\s*\\(\\s*["'\`](?:node:)?(?:${RISKY_MODULES})["'\`]\\s*\\)`, 'g'),
  'risky module import': new RegExp(`(?<![\\w$.])(?:import|from)\\s*\\(?\\s*["'\`](?:node:)?(?:${RISKY_MODULES})["'\`]`, 'g'),
  'require of a computed name': /(?<![\w$.])require\s*\(\s*(?!["'`\s])/g,
  'import() of a computed name': /(?<![\w$.])import\s*\(\s*(?!["'`\s])/g,
  'eval(': /(?<![\w$.])eval\s*\(/g,
  'new Function': /(?<![\w$.])new\s+Function\b/g,
  'Function(': /(?<![\w$.])Function\s*\(/g,
  'fetch(': /(?<![\w$.])fetch\s*\(/g,
  'XMLHttpRequest / WebSocket': /\b(?:XMLHttpRequest|WebSocket)\b/g,
  'process.binding / dlopen': /\bprocess\s*\.\s*(?:binding|_linkedBinding|dlopen)\b/g,
};

interface Occurrence {
  pattern: string;
  /** The trimmed source line the match is on. */
  line: string;
}

function scan(text: string): Occurrence[] {
  const found: Occurrence[] = [];
  for (const [pattern, re] of Object.entries(PATTERNS)) {
    for (const m of text.matchAll(re)) {
      const start = text.lastIndexOf('\n', m.index!) + 1;
      const end = text.indexOf('\n', m.index!);
      found.push({ pattern, line: text.slice(start, end < 0 ? undefined : end).trim() });
    }
  }
  return found;
}

/**
 * Every occurrence TypeScript 5.9's compiler legitimately has: the pattern, a piece of its line that
 * survives esbuild's re-printing, and how many times. Two are code the analyzer never reaches: the CPU
 * profiler (`--generateCpuProfile`) and `sys.require`, tsserver's plugin loader. The others are text
 * inside strings (diagnostic messages, code-fix templates).
 */
const TYPESCRIPT_ALLOWED: ReadonlyArray<{ pattern: string; piece: string; count: number }> = [
  { pattern: 'risky module require', piece: 'const inspector = require("inspector");', count: 1 },
  { pattern: 'require of a computed name', piece: 'return { module: require(modulePath), modulePath, error: void 0 };', count: 1 },
  { pattern: 'require of a computed name', piece: `can only be imported by using 'import {1} = require({2})'`, count: 2 },
  { pattern: 'require of a computed name', piece: '= require(${quotedModuleSpecifier})${suffix}`', count: 1 },
  { pattern: 'import() of a computed name', piece: `"This use of 'import' is invalid. 'import()' calls can be written, but they must have parentheses`, count: 1 },
  { pattern: 'import() of a computed name', piece: '}${moduleSpecifier}${quote', count: 1 },
];

/**
 * Project text that matches a pattern without doing it: the token snippet's template writes a `fetch(`
 * call into the user's route file (src/core/templates.ts); the extension bundle inlines the templates.
 */
const SNIPPET_TEXT_ALLOWED: typeof TYPESCRIPT_ALLOWED = [
  { pattern: 'fetch(', piece: 'const res = await fetch(${quote(tabStop(3', count: 1 },
];

/** Occurrences not covered by the allow-list (each allowed entry absorbs up to its count). */
function unexpected(found: readonly Occurrence[], allowed: typeof TYPESCRIPT_ALLOWED): string[] {
  const left = allowed.map((a) => a.count);
  const out: string[] = [];
  for (const o of found) {
    const i = allowed.findIndex((a, j) => left[j] > 0 && a.pattern === o.pattern && o.line.includes(a.piece));
    if (i >= 0) left[i]--;
    else out.push(`${o.pattern} :: ${o.line.length > 300 ? o.line.slice(0, 300) + '…' : o.line}`);
  }
  return out;
}

/** Modules each bundle may require (Node built-ins outside RISKY_MODULES, and these). */
const ALLOWED_REQUIRES: Record<string, readonly string[]> = {
  'dist/extension.js': ['vscode', './analyzer.js', './protectionMapTree.js', 'url', 'path', 'fs', 'os', 'util'],
  'dist/protectionMapTree.js': ['vscode', './analyzer.js', 'url', 'path'],
  'dist/cli.js': ['./analyzer.js', 'url', 'path', 'fs', 'os', 'util', 'module', 'picomatch'],
  // TypeScript's: inspector (CPU profiler) and source-map-support (debug mode), both in try/catch, resolved
  // from the extension's folder, never the workspace.
  'dist/analyzer.js': ['url', 'path', 'fs', 'os', 'util', 'crypto', 'perf_hooks', 'buffer', 'inspector', 'source-map-support'],
};

describe('trust: what the bundles contain and do', function () {
  this.timeout(60_000);
  before(() => buildBundles());

  it('the allow-list is exactly what TypeScript 5.9 itself contains (so project code cannot hide behind it)', function () {
    const tsVersion = JSON.parse(fs.readFileSync(path.join(REPO, 'node_modules/typescript/package.json'), 'utf8')).version as string;
    assert.match(tsVersion, /^5\.9\./, `TypeScript ${tsVersion}: review the allow-list for this version`);
    const tsText = fs.readFileSync(path.join(REPO, 'node_modules/typescript/lib/typescript.js'), 'utf8');
    const inTypeScript = scan(tsText);
    assert.deepStrictEqual(unexpected(inTypeScript, TYPESCRIPT_ALLOWED), [], 'typescript.js has more than the allow-list');
    assert.strictEqual(inTypeScript.length, TYPESCRIPT_ALLOWED.reduce((n, a) => n + a.count, 0), 'an allow-list entry is not in typescript.js');
  });

  it('the scanner finds each forbidden form (self-check)', function () {
    const sample = [
      'const cp = require("child_process");',
      "const h = require('node:https');",
      'import net from "net";',
      'const x = await import("node:http");',
      'require(userFile);',
      'await import(specifier);',
      'eval(code);',
      'const f = new Function("return 1");',
      'const g = Function("return 1");',
      'fetch("https://example.com");',
      'new WebSocket(url);',
      "process.binding('fs');",
    ].join('\n');
    const found = scan(sample);
    assert.deepStrictEqual(new Set(found.map((o) => o.pattern)), new Set(Object.keys(PATTERNS)));
    assert.strictEqual(unexpected(found, TYPESCRIPT_ALLOWED).length, found.length);
    assert.deepStrictEqual(scan('isEval(x); obj.eval(y); myFunction(z); prefetch(a); requireAuth(b);'), []);
  });

  for (const name of BUNDLES) {
    const bundleName = `dist/${name}`;
    it(`${bundleName}: no child processes, network, eval or computed requires beyond TypeScript's own`, function () {
      const text = fs.readFileSync(bundle(name), 'utf8');
      const allowed = [...(name === 'analyzer.js' ? TYPESCRIPT_ALLOWED : []), ...SNIPPET_TEXT_ALLOWED];
      assert.deepStrictEqual(unexpected(scan(text), allowed), [], `unexpected in ${bundleName}`);
    });

    it(`${bundleName}: requires only ${ALLOWED_REQUIRES[bundleName].join(', ')}`, function () {
      const text = fs.readFileSync(bundle(name), 'utf8');
      const required = new Set([...text.matchAll(/(?<![\w$.])require\s*\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1].replace(/^node:/, '')));
      const extra = [...required].filter((r) => !ALLOWED_REQUIRES[bundleName].includes(r));
      assert.deepStrictEqual(extra, []);
    });
  }

  it('analysing a booby-trapped workspace loads none of its code, spawns nothing and makes no network call', function () {
    const trap = new Scratch('trap');
    const tools = new Scratch('trap-tools'); // the hook and its report, outside the workspace
    try {
      const marker = trap.path('EXECUTED');
      const evil = `require('fs').writeFileSync(${JSON.stringify(marker)}, __filename + '\\n', { flag: 'a' });\nmodule.exports = new Proxy({}, { get() { return () => {}; } });\n`;
      const evilEsm = `import { writeFileSync } from 'fs';\nwriteFileSync(${JSON.stringify(marker)}, 'esm\\n', { flag: 'a' });\nexport async function requireUser() {}\nexport const prisma: any = {};\n`;
      trap.write('package.json', JSON.stringify({ main: 'evil.js', scripts: { postinstall: `node evil.js` }, dependencies: { '@clerk/nextjs': '^6.0.0' } }));
      trap.write('evil.js', evil);
      trap.write('tsconfig.json', JSON.stringify({ compilerOptions: { plugins: [{ name: './evil-plugin' }], paths: { '@/*': ['./src/*'] } }, extends: './evil.js' }));
      trap.write('evil-plugin.js', evil);
      trap.write('node_modules/evil-plugin/index.js', evil);
      trap.write('node_modules/@clerk/nextjs/package.json', JSON.stringify({ name: '@clerk/nextjs', version: '6.1.0', main: 'index.js' }));
      trap.write('node_modules/@clerk/nextjs/index.js', evil);
      trap.write('node_modules/@clerk/nextjs/server.js', evil);
      trap.write('next.config.js', evil);
      trap.write('middleware.js', evil);
      trap.write('src/middleware.ts', evilEsm + "export default function middleware() {}\nexport const config = { matcher: ['/(api|trpc)(.*)'] };\n");
      trap.write('src/lib/auth.ts', evilEsm);
      trap.write('src/lib/db.js', evil);
      trap.write(
        'src/app/api/x/route.ts',
        `import { requireUser, prisma } from '@/lib/auth';\nimport db from '../../../lib/db';\nconst lazy = require('../../../lib/db');\nexport async function GET() { await requireUser(); await import('../../../lib/db'); return Response.json(await prisma.x.findMany(), db, lazy); }\nexport async function POST() { return Response.json(await db.x.create()); }\n`,
      );
      trap.write('src/app/api/y/route.js', `const db = require('../../../lib/db');\nmodule.exports.GET = async () => db.x();\nexport async function DELETE() { await db.x.delete(); }\n`);
      const hook = tools.write(
        'trap-hook.cjs',
        `const Module = require('module');
const seen = { loads: [], risky: [], fetch: 0, evals: 0 };
const load = Module._load;
Module._load = function (request, parent, ...rest) {
  const resolved = (() => { try { return Module._resolveFilename(request, parent, ...rest); } catch { return request; } })();
  seen.loads.push(resolved);
  if (/^(node:)?(${RISKY_MODULES})$/.test(request)) seen.risky.push(request);
  return load.call(this, request, parent, ...rest);
};
globalThis.fetch = () => { seen.fetch++; throw new Error('network'); };
const realEval = globalThis.eval;
globalThis.eval = function (s) { seen.evals++; return realEval(s); };
const RealFunction = Function;
globalThis.Function = function (...args) { seen.evals++; return RealFunction(...args); };
process.on('exit', () => { require('fs').writeFileSync(process.env.TRAP_REPORT, JSON.stringify(seen)); });
`,
      );
      const reportFile = tools.path('trap-report.json');
      const script = `
const core = require(${JSON.stringify(bundle('analyzer.js'))});
const analyzer = new core.Analyzer(core.nodeFileSystem());
const out = [];
for (const f of ${JSON.stringify([trap.path('src/app/api/x/route.ts'), trap.path('src/app/api/y/route.js')])}) {
  const report = analyzer.analyze(f);
  out.push({ f, skipped: report.skipped, findings: report.findings.map((x) => x.ruleId + ' ' + x.handler) });
  for (const h of report.resources) {
    if (typeof core.quickFixesFor === 'function') { try { core.quickFixesFor(analyzer, f, require('fs').readFileSync(f, 'utf8'), h); } catch (e) { out.push({ fixError: String(e) }); } }
  }
}
process.stdout.write(JSON.stringify(out));
`;
      const result = spawnSync(process.execPath, ['--require', hook, '-e', script], {
        cwd: trap.root,
        encoding: 'utf8',
        env: { ...process.env, TRAP_REPORT: reportFile, NODE_OPTIONS: '' },
        timeout: 30_000,
      });
      assert.strictEqual(result.status, 0, result.stderr);
      const analysed = JSON.parse(result.stdout) as Array<{ skipped?: string; findings: string[] }>;
      assert.ok(analysed.every((r) => !('fixError' in r)), result.stdout);
      assert.ok(analysed.every((r) => r.skipped === undefined), result.stdout);
      assert.ok(analysed[0].findings.includes('missing-auth-guard POST'), result.stdout);
      const seen = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as { loads: string[]; risky: string[]; fetch: number; evals: number };
      assert.strictEqual(fs.existsSync(marker), false, `workspace code ran: ${fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8') : ''}`);
      assert.ok(seen.loads.some((l) => l === bundle('analyzer.js')), 'the load hook recorded nothing: it is not working');
      assert.deepStrictEqual(seen.loads.filter((l) => l.startsWith(trap.root)), [], 'workspace files were loaded as modules');
      assert.deepStrictEqual(seen.risky, [], 'risky modules were loaded');
      assert.strictEqual(seen.fetch, 0, 'fetch was called');
      assert.strictEqual(seen.evals, 0, 'eval or Function was called');
    } finally {
      trap.remove();
      tools.remove();
    }
  });
});
