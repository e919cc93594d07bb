import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, sleep } from '../util';

describe('activation (unrelated workspace)', () => {
  // No file is opened here on purpose: opening index.ts would (rightly) activate via onLanguage.
  it('stays inactive in a workspace without route handlers', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed in the host`);
    const routes = await vscode.workspace.findFiles('**/app/**/route.{ts,tsx,js,jsx,mts,mjs,cts,cjs}');
    assert.deepStrictEqual(routes.map((u) => u.path), [], 'fixture unexpectedly contains route files');
    // Workspace-contains activation is decided during host start-up; leave time for a late activation.
    await sleep(2_000);
    assert.strictEqual(extension.isActive, false);
  });
});
