/**
 * Snippets for the project's Clerk version. The contributed snippets (snippets/*.code-snippets) are
 * today's API (v6/v7); on a project whose installed or declared `@clerk/nextjs` is v4 or v5 this
 * provider offers the same patterns written for that version, from the same templates, listed first:
 * route snippets in route files, page snippets in pages and layouts, Server Action snippets in other
 * files (the inline form action in any file but a route).
 */
import * as vscode from 'vscode';
// templates.ts imports no TypeScript: esbuild inlines it, and completion never loads the core for v6.
import { renderSnippetBody, SnippetFile, SNIPPETS, SNIPPET_PREFIX_STEM } from '../core/templates';
import { appFileKind } from '../core/resources/kinds';
import type { DiagnosticsController } from './diagnostics';
import { logError } from './log';

export class VersionedSnippetCompletions implements vscode.CompletionItemProvider {
  constructor(private readonly controller: DiagnosticsController) {}

  provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] {
    try {
      if (document.uri.scheme !== 'file' || !this.controller.isCheckedDocument(document)) return [];
      const typed = /[\w-]*$/.exec(document.lineAt(position.line).text.slice(0, position.character))?.[0] ?? '';
      // Only once the user is typing the snippets' stem: no analyzer work on ordinary completion.
      if (!typed || !(SNIPPET_PREFIX_STEM.startsWith(typed) || typed.startsWith(SNIPPET_PREFIX_STEM))) return [];
      const api = this.controller.getAnalyzer(document.uri).clerkApi(document.uri.fsPath);
      if (api === 'v6') return [];
      const range = new vscode.Range(position.line, position.character - typed.length, position.line, position.character);
      const here = snippetFileOf(document.uri.fsPath);
      return SNIPPETS.flatMap((snippet) => {
        const body = (snippet.file ?? 'route') === here || (here !== 'route' && snippet.file === 'page' && snippet.fragment) ? renderSnippetBody(snippet, api) : undefined;
        if (!body) return [];
        const item = new vscode.CompletionItem(snippet.prefix, vscode.CompletionItemKind.Snippet);
        item.insertText = new vscode.SnippetString(body.join('\n'));
        item.detail = `Clerk ${api} (this project's @clerk/nextjs)`;
        item.documentation = snippet.description(api);
        item.range = range;
        item.sortText = `0${snippet.prefix}`;
        return [item];
      });
    } catch (error) {
      logError('Computing snippet completions failed.', error);
      return [];
    }
  }
}

/** Which snippets suit a file: route snippets in route files, page snippets in pages and layouts, Server Action snippets elsewhere. */
function snippetFileOf(fileName: string): SnippetFile {
  const kind = appFileKind(fileName);
  if (kind === 'route') return 'route';
  return kind ? 'page' : 'actions';
}
