// Tests shared by the `routes` and `packaged` scenarios: every snippet the extension contributes is
// offered as a completion after typing the `clerk-route` stem in a route file, and accepting it yields
// the snippet body with every tab stop at its default.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { normalizeIndentation, parseJsonc, snippetDefaultText } from '../snippetText';
import { EXTENSION_ID, completionLabel, completionsAt, openDocument, revertActiveEditor, setText, waitFor } from '../util';

const STEM = 'clerk-route';

interface ContributedSnippet {
  name: string;
  prefix: string;
  body: string;
}

/** The snippets listed in the manifest's contributes.snippets, read from the extension's own folder. */
function contributedSnippets(): ContributedSnippet[] {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`extension ${EXTENSION_ID} is not installed`);
  const entries: { path: string }[] = extension.packageJSON.contributes?.snippets ?? [];
  const files = [...new Set(entries.map((entry) => path.join(extension.extensionPath, entry.path)))];
  if (files.length === 0) throw new Error('the manifest contributes no snippet files');
  const snippets: ContributedSnippet[] = [];
  for (const file of files) {
    const json = parseJsonc(fs.readFileSync(file, 'utf8')) as Record<string, { prefix: string | string[]; body: string | string[] }>;
    for (const [name, snippet] of Object.entries(json)) {
      const body = Array.isArray(snippet.body) ? snippet.body.join('\n') : snippet.body;
      for (const prefix of [snippet.prefix].flat()) snippets.push({ name, prefix, body });
    }
  }
  return snippets;
}

function isSnippetItem(item: vscode.CompletionItem, prefix: string): boolean {
  return item.kind === vscode.CompletionItemKind.Snippet && completionLabel(item) === prefix;
}

/** Types the stem as the whole content of the editor and returns the position after it. */
async function typeStem(editor: vscode.TextEditor): Promise<vscode.Position> {
  await setText(editor, STEM);
  return new vscode.Position(0, STEM.length);
}

export function describeSnippetCompletions(routeFiles: string[]): void {
  // Read at definition time so each prefix gets its own test; a missing or malformed snippet file makes
  // this test file fail to load, which the runner reports as a failure.
  const snippets = contributedSnippets();

  describe('contributed snippets', () => {
    it('all start with the clerk-route stem', () => {
      assert.ok(snippets.length > 0, 'no snippets contributed');
      const off = snippets.filter((s) => !s.prefix.startsWith(STEM)).map((s) => s.prefix);
      assert.deepStrictEqual(off, [], 'prefixes without the stem');
    });

    for (const relPath of routeFiles) {
      describe(`in ${relPath}`, () => {
        let editor: vscode.TextEditor;
        before(async () => {
          ({ editor } = await openDocument(relPath));
        });
        afterEach(async () => {
          await vscode.commands.executeCommand('leaveSnippet');
          await revertActiveEditor();
        });

        it(`offers every prefix after typing "${STEM}"`, async () => {
          const position = await typeStem(editor);
          let missing: string[] = snippets.map((s) => s.prefix);
          // Extension snippets are loaded lazily by the workbench: poll until they show up.
          await waitFor(async () => {
            const items = await completionsAt(editor.document.uri, position);
            missing = snippets.map((s) => s.prefix).filter((prefix) => !items.some((item) => isSnippetItem(item, prefix)));
            return missing.length === 0;
          }, 20_000, 'snippet completions').catch(() => {
            assert.fail(`snippet prefixes not offered in ${relPath} after typing "${STEM}": ${missing.join(', ')}`);
          });
        });

        for (const snippet of snippets) {
          it(`accepting ${snippet.prefix} inserts its body with the defaults`, async () => {
            const position = await typeStem(editor);
            const item = await waitFor(async () => (await completionsAt(editor.document.uri, position)).find((i) => isSnippetItem(i, snippet.prefix)),
              20_000, `completion ${snippet.prefix}`);
            // Accept it the way the suggest widget does: its insert text replaces its range (the stem).
            const insertText = typeof item.insertText === 'string' ? new vscode.SnippetString().appendText(item.insertText) : item.insertText;
            assert.ok(insertText, 'completion item without insert text');
            const range = item.range instanceof vscode.Range ? item.range : item.range?.replacing;
            assert.ok(await editor.insertSnippet(insertText, range ?? new vscode.Range(new vscode.Position(0, 0), position)), 'insertSnippet refused');

            const { insertSpaces, tabSize } = editor.options;
            const expected = normalizeIndentation(snippetDefaultText(snippet.body, { filePath: editor.document.uri.fsPath }),
              insertSpaces === true, typeof tabSize === 'number' ? tabSize : 4);
            assert.strictEqual(editor.document.getText(), expected);
          });
        }
      });
    }
  });
}
