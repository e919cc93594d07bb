import type * as vscode from 'vscode';

const LANGUAGES = ['typescript', 'typescriptreact', 'javascript', 'javascriptreact'];

/** Route files in every language the extension checks (the path test in routeFiles.ts is stricter). */
export const ROUTE_SELECTOR: vscode.DocumentFilter[] = LANGUAGES.map((language) => ({ language, pattern: '**/app/**/route.*' }));

/** Route files and middleware/proxy files: where the extension's diagnostics (and so its fixes) appear. */
export const CHECKED_SELECTOR: vscode.DocumentFilter[] = [
  ...ROUTE_SELECTOR,
  ...LANGUAGES.map((language) => ({ language, pattern: '**/{middleware,proxy}.*' })),
];
