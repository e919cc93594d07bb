/**
 * Lazy access to the analysis core. `../core` is bundled as dist/analyzer.js (with TypeScript in it);
 * requiring it only when the first route file needs analysing keeps VS Code's start-up untouched.
 */
import * as vscode from 'vscode';
import type * as Core from '../core';

let core: typeof Core | undefined;

export function loadCore(): typeof Core {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  core ??= require('../core') as typeof Core;
  return core;
}

/**
 * The file system the analyzer reads helpers through: an open editor's unsaved text wins over the
 * disk, so a helper edit shows up in the route's diagnostics before it is saved.
 */
export function editorFileSystem(): Core.FileSystem {
  const disk = loadCore().nodeFileSystem();
  const openText = (path: string) =>
    vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === path)?.getText();
  return {
    readFile: (path) => openText(path) ?? disk.readFile(path),
    fileExists: (path) => openText(path) !== undefined || disk.fileExists(path),
    directoryExists: (path) => disk.directoryExists(path),
    // Listing the app folder: which resources rely on a createRouteMatcher list (route-matcher-protection).
    readDirectory: (path) => disk.readDirectory?.(path) ?? [],
  };
}
