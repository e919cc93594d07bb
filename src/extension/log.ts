/** The "Clerk Route Guard" output channel, created on first use. */
import * as vscode from 'vscode';

let channel: vscode.OutputChannel | undefined;

export function outputChannel(): vscode.OutputChannel {
  channel ??= vscode.window.createOutputChannel('Clerk Route Guard');
  return channel;
}

export function log(message: string): void {
  outputChannel().appendLine(`[${new Date().toISOString()}] ${message}`);
}

export function logError(message: string, error: unknown): void {
  const detail = error instanceof Error ? error.stack ?? error.message : String(error);
  log(`${message}\n${detail}`);
}

export function disposeLog(): void {
  channel?.dispose();
  channel = undefined;
}
