import * as vscode from 'vscode';

// Placeholder adapter while the analyzer lands: activation only.
export function activate(_context: vscode.ExtensionContext): void {}

export function deactivate(): void {}
