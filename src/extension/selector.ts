import type * as vscode from 'vscode';

/** Route files in every language the extension checks (the path test in routeFiles.ts is stricter). */
export const ROUTE_SELECTOR: vscode.DocumentFilter[] = ['typescript', 'typescriptreact', 'javascript', 'javascriptreact'].map((language) => ({
  language,
  pattern: '**/app/**/route.*',
}));
