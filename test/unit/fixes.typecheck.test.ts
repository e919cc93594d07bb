/**
 * The fixed code type-checks against the real types: the small project in test/typecheck/fixed/ (every
 * resource flagged: handler forms, existing auth() calls, a check that comes too late, a sync handler with
 * a return type, expression-bodied arrows, a wrapper, NextAuth's `auth`, a re-export whose fix goes into
 * another file, a CRLF/tab/no-semicolon file; a page, a sync layout, a Server Function module and an
 * inline action) is fixed with fix-all and with the protect fix (the kind's preferred fix where it has
 * no protect), and the originals and both fixed copies are checked in one Program:
 *   - v6 API against @clerk/nextjs 7 and next 16 (the repo's devDependencies);
 *   - v5 API against @clerk/nextjs 5 (the `clerk-nextjs-v5` alias, see test/typecheck/v5/tsconfig.json).
 * v4 is not type-checked: @clerk/nextjs 4 cannot be installed next to next 16 / react 19 (its peer ranges
 * stop at next 15 and react 18; see the note in snippets.test.ts). Its renderings are covered by the
 * syntax checks of the property tests only.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { Analyzer, appFileKind, fixAllInFile, mayHoldServerFunctions, nodeFileSystem, quickFixesFor } from '../../src/core';
import type { ClerkApi } from '../../src/core/templates';
import { listFiles } from './support/fixtures';
import { assertClean, typecheckProject } from './support/typecheck';
import { Workspace } from './fixes/harness';

const SOURCE = path.resolve(__dirname, '..', 'typecheck', 'fixed');
const APP = path.join(SOURCE, 'app');

function fixedCopies(api: ClerkApi): { files: Map<string, string>; routes: string[]; fixedHandlers: number } {
  const all = listFiles(SOURCE, (f) => f.endsWith('.ts') || f.endsWith('.tsx'));
  const routes = all.filter((f) => appFileKind(f) || mayHoldServerFunctions(fs.readFileSync(f, 'utf8')));
  let fixAll = new Workspace({}, nodeFileSystem());
  let protect = new Workspace({}, nodeFileSystem());
  let fixedHandlers = 0;
  for (const route of routes) {
    const flagged = new Analyzer(nodeFileSystem()).analyze(route).findings.filter((f) => f.ruleId === 'missing-auth-guard');
    assert.ok(flagged.length > 0, `${path.relative(SOURCE, route)} is flagged before the fix`);
    fixedHandlers += flagged.length;
    fixAll = fixAll.withEdits(fixAllInFile(fixAll.analyzer(), route, fixAll.text(route), api));
    const actions = quickFixesFor(protect.analyzer(), route, protect.text(route), flagged[0].handler!, api);
    const action = actions.find((a) => a.id === 'protect') ?? (flagged[0].resource === 'server-function' ? actions.find((a) => a.isPreferred) : undefined);
    assert.ok(action, `protect offered for ${path.relative(SOURCE, route)}`);
    protect = protect.withEdits(action.edits);
  }
  for (const route of routes) {
    const report = fixAll.analyzer().analyze(route);
    assert.deepEqual(report.findings.filter((f) => f.ruleId === 'missing-auth-guard').map((f) => f.handler), [], `${route} after fix-all`);
  }
  const files = new Map<string, string>();
  for (const file of all) {
    const rel = path.relative(APP, file);
    const original = fs.readFileSync(file, 'utf8');
    files.set(`app/original/${rel}`, original);
    files.set(`app/fixed/${rel}`, fixAll.text(file));
    files.set(`app/protect/${rel}`, protect.text(file));
    if (routes.includes(file) && !rel.includes('reexport')) assert.notEqual(fixAll.text(file), original, `${rel} changed`);
  }
  assert.notEqual(fixAll.text(path.join(APP, 'lib', 'handlers.ts')), fs.readFileSync(path.join(APP, 'lib', 'handlers.ts'), 'utf8'), 'the re-exported handler was fixed in its own file');
  return { files, routes, fixedHandlers };
}

for (const [project, api, what] of [
  ['v6', 'v6', '@clerk/nextjs 7 and next 16'],
  ['v5', 'v5', '@clerk/nextjs 5 (v5 API)'],
] as const) {
  describe(`fixed files type-check against ${what}`, function () {
    this.timeout(120_000);
    it('the originals, the fix-all result and the protect result all type-check', () => {
      const { files, routes, fixedHandlers } = fixedCopies(api);
      // The check can fail: the v5 spelling (sync auth()) against Clerk 7, where auth() returns a Promise.
      const broken = new Map<string, string>();
      if (api === 'v6') {
        for (const [file, text] of fixedCopies('v5').files) if (file.startsWith('app/fixed/')) broken.set(file.replace('app/fixed/', 'app/broken-v5-api/'), text);
      }
      const result = typecheckProject(project, new Map([...files, ...broken]));
      console.log(`      (${project}: ${routes.length} resource files, ${fixedHandlers} flagged resources fixed; ${result.fileCount} files in one Program, ${result.ms} ms)`);
      assertClean(result, files.keys());
      if (api === 'v6') {
        const messages = [...result.byFile].filter(([f]) => f.includes('broken-v5-api')).flatMap(([, ds]) => ds.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')));
        assert.ok(messages.some((m) => /Property 'userId' does not exist on type 'Promise/.test(m)), `expected TS2339 on userId, got:\n${messages.join('\n')}`);
      }
      const fixed = [...files].filter(([f]) => f.startsWith('app/fixed/api/')).map(([, t]) => t).join('\n');
      assert.match(fixed, api === 'v6' ? /await auth\(\)/ : /= auth\(\)/);
      assert.match(fixed, /auth as clerkAuth/);
      // The sync handler becomes async on v6, its declared `Response` a `Promise<Response>`; v5's auth() is sync.
      assert.match(fixed, api === 'v6' ? /async function handler\(req: Request\): Promise<Response>/ : /\nfunction handler\(req: Request\): Response/);
    });
  });
}
