import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, waitForExtensionActive } from '../util';

describe('activation (routes workspace)', () => {
  // This file sorts first, so nothing has opened a document yet: activation can only come from the
  // workspaceContains:**/app/**/route.* event, not from onLanguage.
  it('activates on a Next.js workspace with route handlers, without opening a file', async () => {
    assert.deepStrictEqual(vscode.window.visibleTextEditors.map((e) => e.document.uri.toString()), [], 'an editor is already open');
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID), `${EXTENSION_ID} is not installed in the host`);
    await waitForExtensionActive(EXTENSION_ID, 20_000);
  });
});
