// The README / Marketplace screenshots, taken of examples/next-clerk-app in the real workbench
// (`npm run screenshots` runs this scenario with CRG_SCREENSHOT_DIR=images/screenshots). Each step still
// asserts the state it photographs, so a broken feature fails the run instead of producing a picture of
// nothing. The widgets themselves (hover, quick-fix menu, suggest list) live in the workbench's DOM,
// which the extension host cannot see: after opening one, the step waits a fixed time for it to paint.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  EXTENSION_ID, PROTECTION_MAP_VIEW, clerkDiagnostics, executeCodeActions, getDiagnosticsFor, mapNodeAt, mapResources, openDocument, ruleOf,
  screenshot, showProtectionMap, sleep, waitFor, workspaceRoot, workspaceUri,
} from '../util';

const MIXED = 'app/api/notes/[id]/route.ts'; // GET guarded, DELETE flagged

/**
 * Settings for legible pictures, in the scenario's throw-away user settings (workspace settings would
 * add a .vscode folder to the explorer).
 */
const SETTINGS: Record<string, unknown> = {
  'workbench.colorTheme': 'Default Dark Modern',
  'window.title': '${activeEditorShort}${separator}next-clerk-app',
  'editor.minimap.enabled': false,
  'editor.fontSize': 14,
  'editor.lineHeight': 21,
  'editor.snippetSuggestions': 'top',
  'editor.hover.delay': 100,
  'workbench.editor.enablePreview': false,
  // Only the snippets in the suggest list, each with its whole prefix.
  'typescript.suggest.enabled': false,
  'editor.wordBasedSuggestions': 'off',
  'editor.suggest.showInlineDetails': false,
  'editor.tabSize': 2, // the snippets indent with tabs; narrower, more of each line fits the details pane
  // As little chrome as the web workbench allows (its title bar says "[Extension Development Host]").
  'window.commandCenter': false,
  'workbench.layoutControl.enabled': false,
  'window.menuBarVisibility': 'hidden',
};

/** Clears notifications and side panels before a picture. */
async function tidy(): Promise<void> {
  await vscode.commands.executeCommand('notifications.clearAll');
  await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
}

async function cursorOn(editor: vscode.TextEditor, needle: string): Promise<vscode.Position> {
  const at = editor.document.getText().indexOf(needle);
  assert.ok(at >= 0, `${needle} not found`);
  const position = editor.document.positionAt(at + 1);
  editor.selection = new vscode.Selection(position, position);
  editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return position;
}

function hoverText(hovers: vscode.Hover[] | undefined): string {
  return (hovers ?? []).flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

describe('screenshots', () => {
  before(async function () {
    this.timeout(60_000);
    // Real type packages (the repository's node_modules) so hovers show resolved types and imports
    // carry no "cannot find module" squiggles.
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    const link = path.join(workspaceRoot().fsPath, 'node_modules');
    if (!fs.existsSync(link)) fs.symlinkSync(path.join(extension.extensionPath, 'node_modules'), link, 'dir');
    // The TypeScript the example app pins (~5.9), not the one VS Code bundles (6.x deprecates its baseUrl).
    const settings = { ...SETTINGS, 'typescript.tsdk': path.join(extension.extensionPath, 'node_modules', 'typescript', 'lib') };
    const config = vscode.workspace.getConfiguration();
    for (const [key, value] of Object.entries(settings)) await config.update(key, value, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.view.explorer');
  });

  it('1: the warning squiggle and its hover on an unguarded handler', async function () {
    this.timeout(60_000);
    const { document, editor } = await openDocument(MIXED);
    await vscode.commands.executeCommand('revealInExplorer', document.uri);
    const [diagnostic] = await getDiagnosticsFor(document.uri, undefined, { until: (d) => d.length === 1 && ruleOf(d[0]) === 'missing-auth-guard' });
    assert.strictEqual(document.getText(diagnostic.range), 'DELETE');
    const position = await cursorOn(editor, 'DELETE(');
    // TypeScript's part of the hover (the signature), once its project has loaded.
    await waitFor(async () => {
      const text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position));
      return text.includes('function DELETE') && !text.includes('loading');
    }, 45_000, 'the TypeScript hover of DELETE');
    await executeCodeActions(document.uri, diagnostic.range); // warm, so the hover has its "Quick Fix..." link
    await tidy();
    await sleep(500);
    await vscode.commands.executeCommand('editor.action.showHover');
    await sleep(2500);
    assert.ok(await screenshot('hover-missing-auth-guard'));
    await vscode.commands.executeCommand('editor.action.hideHover');
  });

  it('2: the quick-fix menu with the preferred fix first', async function () {
    this.timeout(30_000);
    const { editor } = await openDocument(MIXED);
    await cursorOn(editor, 'DELETE(');
    await tidy();
    await vscode.commands.executeCommand('editor.action.quickFix');
    await sleep(2000);
    assert.ok(await screenshot('quick-fix-menu'));
    await vscode.commands.executeCommand('hideCodeActionWidget');
  });

  it('3: the Problems panel after checking the workspace', async function () {
    this.timeout(30_000);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const result = await vscode.commands.executeCommand<{ files: number; findings: number }>('clerkRouteGuard.checkWorkspace');
    assert.ok(result.files >= 8, `files checked: ${result.files}`);
    assert.strictEqual(result.findings, 4, 'the example app changed: update this step and the README');
    const flagged = vscode.languages.getDiagnostics().filter(([uri]) => clerkDiagnostics(uri).length > 0);
    assert.strictEqual(flagged.length, 4);
    // Anything else in the panel (a schema the offline host cannot download, ...) shows up too.
    const others = vscode.languages.getDiagnostics().flatMap(([uri, list]) => list.filter((d) => d.source !== 'clerk-route-guard')
      .map((d) => `${path.basename(uri.path)}: [${d.source}] ${d.message}`));
    console.log(`[screenshots] other problems: ${JSON.stringify(others)}`);
    await openDocument('app/api/notes/export/route.ts');
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    // Room for all four findings: shrink the editor part, which grows the panel.
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    for (let i = 0; i < 3; i++) await vscode.commands.executeCommand('workbench.action.decreaseViewHeight');
    await tidy();
    await sleep(2000);
    assert.ok(await screenshot('problems-panel'));
  });
  it('4: snippet completions after typing clerk-route in a new route.ts', async function () {
    this.timeout(30_000);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const uri = workspaceUri('app/api/projects/route.ts');
    fs.mkdirSync(path.dirname(uri.fsPath), { recursive: true });
    fs.writeFileSync(uri.fsPath, '');
    const { editor } = await openDocument('app/api/projects/route.ts');
    await vscode.commands.executeCommand('workbench.action.closeSidebar'); // room for the details on the right
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), 'clerk-route'));
    editor.selection = new vscode.Selection(0, 11, 0, 11);
    await tidy();
    await vscode.commands.executeCommand('editor.action.triggerSuggest');
    await sleep(1500);
    // The list is sorted by prefix: step down to clerk-route-protected.
    for (let i = 0; i < snippetPrefixes().indexOf('clerk-route-protected'); i++) await vscode.commands.executeCommand('selectNextSuggestion');
    await vscode.commands.executeCommand('toggleSuggestionDetails'); // the snippet's body next to the list
    await sleep(1500);
    assert.ok(await screenshot('snippet-completions'));
    await vscode.commands.executeCommand('hideSuggestWidget');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('5: the protection map view in the Explorer', async function () {
    this.timeout(60_000);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const { editor } = await openDocument(MIXED);
    await cursorOn(editor, 'DELETE(');
    const map = await showProtectionMap();
    // The map alone in the Explorer: the file tree (which cannot be hidden) moves to the closed panel,
    // the outline and timeline sections are hidden.
    await vscode.commands.executeCommand('vscode.moveViews', { viewIds: ['workbench.explorer.fileView'], destinationId: 'workbench.panel.markers' });
    await vscode.commands.executeCommand('workbench.action.closePanel');
    for (const view of ['outline', 'timeline']) await vscode.commands.executeCommand(`${view}.removeView`);
    await showProtectionMap();
    const roots = await map.getChildren();
    assert.deepStrictEqual(mapResources(roots).filter((r) => r.endsWith(' unguarded')),
      ['/api/notes/[id] DELETE unguarded', '/api/notes/[id]/share POST unguarded', '/api/notes/export GET unguarded', 'actions.ts renameNote unguarded'],
      'the example app changed: update this step and the README');
    // Wide enough for the folders' counts.
    await vscode.commands.executeCommand(`${PROTECTION_MAP_VIEW}.focus`);
    for (let i = 0; i < 3; i++) await vscode.commands.executeCommand('workbench.action.decreaseViewWidth'); // the editor's
    await map.treeView!.reveal(mapNodeAt(roots, '/', 'api', 'notes', '[id]', 'DELETE'), { select: true, focus: true });
    await tidy();
    await sleep(1500);
    assert.ok(await screenshot('protection-map'));
  });

  it('6: the same map from the command line, in the integrated terminal', async function () {
    this.timeout(60_000);
    const cli = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist', 'cli.js');
    // What the terminal will show, checked first: the picture must not be of an error.
    const { execFileSync } = await import('child_process');
    const output = execFileSync(process.execPath, [cli, 'map', '.'], { cwd: workspaceRoot().fsPath, encoding: 'utf8' });
    assert.match(output, /\/api\/notes\/\[id\]\s+DELETE\s+unguarded/);
    assert.match(output, /resources: .*unguarded.*own check/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    const terminal = vscode.window.createTerminal({ name: 'map', cwd: workspaceRoot().fsPath });
    terminal.show();
    await vscode.commands.executeCommand('workbench.action.toggleMaximizedPanel');
    await sleep(1500);
    terminal.sendText(`clear; node ${JSON.stringify(cli)} map .`);
    await tidy();
    await sleep(3000);
    assert.ok(await screenshot('cli-map'));
  });
});

/** The contributed snippets' prefixes, sorted as the suggest widget lists them. */
function snippetPrefixes(): string[] {
  const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
  const text = fs.readFileSync(path.join(extension.extensionPath, 'snippets', 'clerk.code-snippets'), 'utf8');
  const snippets = JSON.parse(text.replace(/^\s*\/\/.*$/gm, '')) as Record<string, { prefix: string }>;
  return Object.values(snippets).map((s) => s.prefix).sort();
}
