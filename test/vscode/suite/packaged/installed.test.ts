import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXTENSION_ID, waitForExtensionActive } from '../util';

describe('packaged .vsix', () => {
  // Sorts before snippets.test.ts, so no document is open yet: activation comes from workspaceContains.
  it('is the installed copy, and it activates on the routes workspace', async () => {
    assert.deepStrictEqual(vscode.window.visibleTextEditors.map((e) => e.document.uri.toString()), [], 'an editor is already open');
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed`);
    // run.mjs installs the .vsix into this folder and starts the host without extensionDevelopmentPath.
    const extensionsDir = process.env.CRG_EXTENSIONS_DIR;
    assert.ok(extensionsDir, 'CRG_EXTENSIONS_DIR not set by the runner');
    assert.ok(extension.extensionPath.startsWith(extensionsDir + path.sep), `loaded from ${extension.extensionPath}, not from ${extensionsDir}`);
    assert.ok(fs.existsSync(path.join(extension.extensionPath, extension.packageJSON.main)), 'main entry point missing from the package');
    await waitForExtensionActive(EXTENSION_ID, 20_000);
  });
});
