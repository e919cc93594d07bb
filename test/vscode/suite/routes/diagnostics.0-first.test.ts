// Time from opening a route file to its first diagnostic, in the real host. This is the first route
// file any test opens, so it includes loading the analysis core (and TypeScript) on first use.
// The figure is logged as `[first-diagnostic] N ms` in test-results/vscode/routes.page.log.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { openDocument, revertActiveEditor, waitFor } from '../util';

describe('first diagnostic', () => {
  afterEach(revertActiveEditor);

  it('appears within a few seconds of opening an unguarded route (cold: the core loads on first use)', async () => {
    const started = Date.now();
    const { document } = await openDocument('app/api/orders/route.ts');
    const found = await waitFor(() => {
      const ours = vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'clerk-route-guard');
      return ours.length > 0 && ours;
    }, 10_000, 'the first clerk-route-guard diagnostic');
    const elapsed = Date.now() - started;
    console.log(`[first-diagnostic] ${elapsed} ms`);
    assert.ok(found.length > 0);
    assert.ok(elapsed < 10_000, `${elapsed} ms`);
  });
});
