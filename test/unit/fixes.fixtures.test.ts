/**
 * Every fixture the analyzer flags (single-file routes and multi-file projects) gets each quick fix,
 * and fix-all: the result parses, the handler is no longer flagged, nothing else changed, and a second
 * application has nothing to do. See fixes/harness.ts for the checks.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { applyEdits, editsByFile, fixAllInFile, isRouteFilePath, nodeFileSystem, quickFixesFor, ResourceKind } from '../../src/core';
import { FIXTURES, listFiles, loadResourceFixtures, parseHeader } from './support/fixtures';
import type { ClerkApi } from '../../src/core/templates';
import { apiOfVersion, checkAction, parseErrors, Workspace } from './fixes/harness';

interface Case {
  name: string;
  ws: Workspace;
  routeFile: string;
  handlers: string[];
  clerkVersion?: string;
}

/** Handlers with a missing-auth-guard warning (information findings, such as an unreadable dispatcher, offer no fix). */
function flaggedHandlers(expect: { ruleId: string; handler?: string; severity?: string }[]): string[] {
  return expect.filter((e) => e.ruleId === 'missing-auth-guard' && e.handler && e.severity !== 'info').map((e) => e.handler as string);
}

function routeCases(): Case[] {
  const root = '/virtual/project';
  return loadResourceFixtures()
    .filter((f) => flaggedHandlers(f.expect).length > 0)
    .map((f) => {
      const routeFile = path.posix.join(root, f.virtualPath);
      const pkg = JSON.stringify({ dependencies: { '@clerk/nextjs': f.clerkVersion ?? '^7.0.0', next: '^16.0.0' } });
      return {
        name: `resources/${f.name}`,
        ws: new Workspace({ [`${root}/package.json`]: pkg, [routeFile]: f.text }),
        routeFile,
        handlers: flaggedHandlers(f.expect),
        clerkVersion: f.clerkVersion,
      };
    });
}

function projectCases(): Case[] {
  const dir = path.join(FIXTURES, 'projects');
  return listFiles(dir, (f) => isRouteFilePath(f))
    .map((routeFile) => ({ routeFile, header: parseHeader(fs.readFileSync(routeFile, 'utf8')) }))
    .filter(({ header }) => flaggedHandlers(header.expect).length > 0)
    .map(({ routeFile, header }) => ({
      name: `projects/${path.relative(dir, routeFile)}`,
      ws: new Workspace({}, nodeFileSystem()),
      routeFile,
      handlers: flaggedHandlers(header.expect),
      clerkVersion: header.clerkVersion,
    }));
}

/**
 * The fixes each kind of resource gets: a route handler the 401 guard (preferred) and protect(); a page
 * or layout protect() (preferred) and the redirect to sign-in; a Server Function the throwing guard.
 * Clerk v4 has no protect() (and pages get only the annotation there).
 */
function expectedFixes(kind: ResourceKind, api: ClerkApi | undefined): { ids: string[]; preferred: string[] } {
  if (kind === 'server-function') return { ids: ['add-guard', 'mark-public'], preferred: ['add-guard'] };
  if (kind === 'route') return { ids: api === 'v4' ? ['add-guard', 'mark-public'] : ['add-guard', 'protect', 'mark-public'], preferred: ['add-guard'] };
  return api === 'v4' ? { ids: ['mark-public'], preferred: [] } : { ids: ['protect', 'redirect-sign-in', 'mark-public'], preferred: ['protect'] };
}

describe('quick fixes on every flagged fixture', function () {
  this.timeout(120_000);
  const cases = [...routeCases(), ...projectCases()];
  const counts = { fixtures: cases.length, handlers: 0, actions: 0, fixAll: 0 };
  const started = performance.now();

  after(() => {
    console.log(
      `      (${counts.fixtures} fixtures, ${counts.handlers} flagged handlers, ${counts.actions} quick fixes and ${counts.fixAll} fix-alls checked in ${Math.round(performance.now() - started)} ms)`,
    );
  });

  it('covers at least 100 flagged fixtures, project fixtures included', () => {
    assert.ok(cases.length >= 100, `only ${cases.length}`);
    assert.ok(cases.some((c) => c.name.startsWith('projects/')));
  });

  for (const c of cases) {
    it(c.name, () => {
      const api = apiOfVersion(c.clerkVersion);
      for (const handler of c.handlers) {
        counts.handlers++;
        const actions = quickFixesFor(c.ws.analyzer(), c.routeFile, c.ws.text(c.routeFile), handler, api);
        const kind = c.ws.analyzer().analyze(c.routeFile).resources.find((r) => r.name === handler)!.kind;
        const expected = expectedFixes(kind, api);
        assert.deepEqual(actions.map((a) => a.id), expected.ids, `${handler}: offered fixes`);
        assert.deepEqual(actions.filter((a) => a.isPreferred).map((a) => a.id), expected.preferred);
        for (const action of actions) {
          counts.actions++;
          checkAction(c.ws, c.routeFile, handler, action, { expect: action.id === 'mark-public' ? 'public' : 'guarded', api });
        }
        const mark = actions.find((a) => a.id === 'mark-public')!;
        const marked = applyEdits(c.ws.text(c.routeFile), mark.edits);
        assert.equal(marked.slice(mark.selection!.start, mark.selection!.end), 'why signed-out callers may use this handler');
      }

      // Fix-all: one edit set for the file; afterwards nothing is flagged and a second run has no edits.
      counts.fixAll++;
      const edits = fixAllInFile(c.ws.analyzer(), c.routeFile, c.ws.text(c.routeFile), api);
      const fixed = c.ws.withEdits(edits);
      for (const [file] of editsByFile(edits)) {
        assert.ok(parseErrors(file, fixed.text(file)).length <= parseErrors(file, c.ws.text(file)).length, `syntax errors in ${file}`);
      }
      const report = fixed.analyzer().analyze(c.routeFile);
      assert.deepEqual(report.findings.filter((f) => f.ruleId === 'missing-auth-guard' && f.severity !== 'info').map((f) => f.handler), [], 'flagged after fix-all');
      assert.deepEqual(fixAllInFile(fixed.analyzer(), c.routeFile, fixed.text(c.routeFile), api), [], 'second fix-all');
    });
  }
});
