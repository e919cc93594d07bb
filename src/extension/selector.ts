import type * as vscode from 'vscode';

const LANGUAGES = ['typescript', 'typescriptreact', 'javascript', 'javascriptreact'];

/** Route files in every language the extension checks (the path test in resources/kinds.ts is stricter). */
export const ROUTE_SELECTOR: vscode.DocumentFilter[] = LANGUAGES.map((language) => ({ language, pattern: '**/app/**/route.*' }));

/** App Router resource files: route handlers, pages, layouts, templates and parallel-route defaults. */
export const APP_FILE_SELECTOR: vscode.DocumentFilter[] = [
  ...ROUTE_SELECTOR,
  ...LANGUAGES.map((language) => ({ language, pattern: '**/app/**/{page,layout,template,default}.*' })),
];

/**
 * Where the extension's diagnostics (and so its fixes) may appear: any source file, since a Server
 * Function may be declared anywhere. Providers keep to checked documents (see isCheckedDocument).
 */
export const CHECKED_SELECTOR: vscode.DocumentFilter[] = LANGUAGES.map((language) => ({ language }));
