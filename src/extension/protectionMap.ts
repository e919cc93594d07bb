/**
 * The "Clerk: protection map" tree view in the Explorer: the app's URL tree, each resource with who
 * protects it. The core computes the map (buildProtectionMap, with the analyzer of each workspace
 * folder, over the files the workspace check reads); this file only arranges it as a tree. It is
 * computed when the view is shown, and again, debounced, after the diagnostics controller analyses an
 * edit or a watched file changes, but only while the view is visible (else when it next becomes so).
 */
import * as vscode from 'vscode';
import type { MappedResource, ProtectionState } from '../core';
// kinds.ts has no TypeScript import: esbuild inlines it, so deciding whether to show the view never loads the core.
import { appFileKind, COMPONENT_FILE_GLOB, IGNORED_FOLDERS, ROUTE_FILE_GLOB } from '../core/resources/kinds';
import { loadCore } from './core';
import type { DiagnosticsController } from './diagnostics';
import { logError } from './log';
import { readSettings } from './settings';
import type * as Tree from './protectionMapTree';
import { findCheckedFiles } from './workspaceCheck';

export const PROTECTION_MAP_VIEW = 'clerkRouteGuard.protectionMap';
export const REFRESH_PROTECTION_MAP_COMMAND = 'clerkRouteGuard.refreshProtectionMap';
/** The `when` of the view in package.json: set once the workspace is known to hold App Router files. */
export const PROTECTION_MAP_CONTEXT = 'clerkRouteGuard.appRouterWorkspace';

const REFRESH_DELAY_MS = 300;
/** Files mapped between two yields to the extension host, so the editor stays responsive. */
const FILES_PER_SLICE = 25;
const EMPTY_MESSAGE = 'No server-side resources found in this workspace.';

export type MapNodeKind = 'workspace-folder' | 'app' | 'segment' | 'server-functions' | 'file' | 'resource';

/** A node of the tree, plain data (the tests read it through the extension's API). */
export interface MapNode {
  readonly kind: MapNodeKind;
  readonly id: string;
  /** `/`, `api`, `[id]`; `GET`, `page`, a Server Function's name; a file's or folder's name. */
  readonly label: string;
  /** Folders: the resources below counted by state, most severe first; resources: the state's label. */
  readonly description: string;
  /** How many resources at or below this node are in each state. */
  readonly counts: Readonly<Partial<Record<ProtectionState, number>>>;
  readonly children: readonly MapNode[];
  /** Resource nodes: the core's entry. */
  readonly resource?: MappedResource;
  /** Segments: the URL (`/api/notes`); files: the file's path; apps: the `app` folder's path. */
  readonly path?: string;
  /** The workspace folder's path, for relative paths in tooltips. */
  readonly root?: string;
}

export class ProtectionMapProvider implements vscode.TreeDataProvider<MapNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Fires when a computation of the map has finished (for the tests). */
  private readonly computed = new vscode.EventEmitter<readonly MapNode[]>();
  readonly onDidCompute = this.computed.event;
  private view?: vscode.TreeView<MapNode>;
  private model?: Promise<MapNode[]>;
  private stale = true;
  /** Something changed while the view was hidden: refresh it when it is shown. */
  private pending = false;
  private timer?: ReturnType<typeof setTimeout>;
  private generation = 0;
  private readonly parents = new WeakMap<MapNode, MapNode>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly controller: DiagnosticsController) {}

  /** Connects the view: a change noted while it was hidden refreshes it when it becomes visible. */
  attach(view: vscode.TreeView<MapNode>): void {
    this.view = view;
    this.subscriptions.push(
      view.onDidChangeVisibility((e) => {
        if (e.visible && this.pending) {
          this.pending = false;
          this.changed.fire();
        }
      }),
    );
  }

  get treeView(): vscode.TreeView<MapNode> | undefined {
    return this.view;
  }

  /** How many times the map has been computed (the tests check that activation computes nothing). */
  get computations(): number {
    return this.generation;
  }

  /** Something the map depends on changed (an analysed edit, a file on disk, settings, folders). */
  invalidate(): void {
    this.stale = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.view?.visible) this.changed.fire();
      else this.pending = true;
    }, REFRESH_DELAY_MS);
  }

  /** The Refresh button: compute again now. */
  refresh(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.stale = true;
    this.pending = false;
    this.changed.fire();
  }

  /** The top nodes, computing the map when it is out of date. Never rejects. */
  roots(): Promise<MapNode[]> {
    if (this.stale || !this.model) {
      this.stale = false;
      this.model = this.compute();
    }
    return this.model;
  }

  async getChildren(node?: MapNode): Promise<MapNode[]> {
    if (node) return [...node.children];
    try {
      const roots = await this.roots();
      if (this.view) this.view.message = roots.length === 0 ? EMPTY_MESSAGE : undefined;
      return roots;
    } catch (error) {
      logError('Listing the protection map failed.', error);
      return [];
    }
  }

  getParent(node: MapNode): MapNode | undefined {
    return this.parents.get(node);
  }

  getTreeItem(node: MapNode): vscode.TreeItem {
    try {
      return loadTree().treeItem(node);
    } catch (error) {
      logError('Showing a protection map entry failed.', error);
      return new vscode.TreeItem(node.label);
    }
  }

  private async compute(): Promise<MapNode[]> {
    const generation = ++this.generation;
    // A newer computation has started (a change arrived meanwhile): its answer is the one to show.
    const superseded = () => generation !== this.generation;
    try {
      const core = loadCore();
      const files = await findCheckedFiles();
      const folders = vscode.workspace.workspaceFolders ?? [];
      const byFolder = new Map<string, string[]>();
      for (const uri of files) {
        const key = vscode.workspace.getWorkspaceFolder(uri)?.uri.toString();
        if (key !== undefined) byFolder.set(key, [...(byFolder.get(key) ?? []), uri.fsPath]);
      }
      const perFolder: { folder: vscode.WorkspaceFolder; enabled: boolean; resources: MappedResource[] }[] = [];
      for (const folder of folders) {
        const enabled = readSettings(folder.uri).enable;
        const resources: MappedResource[] = [];
        const folderFiles = enabled ? byFolder.get(folder.uri.toString()) ?? [] : [];
        const analyzer = folderFiles.length > 0 ? this.controller.getAnalyzer(folder.uri) : undefined;
        for (let i = 0; analyzer && i < folderFiles.length; i += FILES_PER_SLICE) {
          resources.push(...core.buildProtectionMap(analyzer, folderFiles.slice(i, i + FILES_PER_SLICE)));
          await new Promise((resolve) => setTimeout(resolve, 0));
          if (superseded()) return this.roots();
        }
        perFolder.push({ folder, enabled, resources: resources.sort(core.compareMapped) });
      }
      const roots = perFolder.length === 1
        ? loadTree().folderChildren(perFolder[0].folder, perFolder[0].resources)
        : perFolder.map(({ folder, enabled, resources }) => loadTree().folderNode(folder, enabled, resources));
      this.recordParents(roots, undefined);
      this.computed.fire(roots);
      return roots;
    } catch (error) {
      logError('Computing the protection map failed.', error);
      return [];
    }
  }

  private recordParents(nodes: readonly MapNode[], parent: MapNode | undefined): void {
    for (const node of nodes) {
      if (parent) this.parents.set(node, parent);
      this.recordParents(node.children, node);
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
    this.computed.dispose();
  }
}

/**
 * Shows the view (its `when` context key) once the workspace holds an App Router file, so it stays out of
 * the Explorer of TypeScript projects that activated the extension by opening a file.
 */
export async function showViewForAppRouter(): Promise<void> {
  try {
    const exclude = `**/{${[...IGNORED_FOLDERS].join(',')}}/**`;
    for (const glob of [ROUTE_FILE_GLOB, COMPONENT_FILE_GLOB]) {
      if ((await vscode.workspace.findFiles(glob, exclude, 1)).length > 0) {
        await setViewContext(true);
        return;
      }
    }
    await setViewContext(false);
  } catch (error) {
    logError('Looking for App Router files failed.', error);
  }
}

let shown = false;

/** A file was created on disk: the first App Router file shows the view. */
export function fileCreated(uri: vscode.Uri): void {
  if (!shown && appFileKind(uri.fsPath)) void setViewContext(true);
}

async function setViewContext(value: boolean): Promise<void> {
  shown = value;
  await vscode.commands.executeCommand('setContext', PROTECTION_MAP_CONTEXT, value);
}

let tree: typeof Tree | undefined;

/** The tree-building half, loaded when the view is first computed (see protectionMapTree.ts). */
function loadTree(): typeof Tree {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  tree ??= require('./protectionMapTree') as typeof Tree;
  return tree;
}
