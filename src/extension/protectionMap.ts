/**
 * The "Clerk: protection map" tree view in the Explorer: the app's URL tree, each resource with who
 * protects it. The core computes the map (buildProtectionMap, with the analyzer of each workspace
 * folder, over the files the workspace check reads); this file only arranges it as a tree. It is
 * computed when the view is shown, and again, debounced, after the diagnostics controller analyses an
 * edit or a watched file changes, but only while the view is visible (else when it next becomes so).
 */
import * as path from 'path';
import * as vscode from 'vscode';
import type { MappedResource, ProtectionState } from '../core';
// kinds.ts has no TypeScript import: esbuild inlines it, so deciding whether to show the view never loads the core.
import { appFileKind, COMPONENT_FILE_GLOB, IGNORED_FOLDERS, ROUTE_FILE_GLOB } from '../core/resources/kinds';
import { loadCore } from './core';
import type { DiagnosticsController } from './diagnostics';
import { logError } from './log';
import { readSettings } from './settings';
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
      return treeItem(node);
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
        ? folderChildren(perFolder[0].folder, perFolder[0].resources)
        : perFolder.map(({ folder, enabled, resources }) => folderNode(folder, enabled, resources));
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

// Building the tree ---------------------------------------------------------------------------------

interface Draft {
  kind: MapNodeKind;
  id: string;
  label: string;
  path?: string;
  root?: string;
  resource?: MappedResource;
  children: Draft[];
  segments?: Map<string, Draft>;
}

/** One workspace folder of a multi-root workspace. */
function folderNode(folder: vscode.WorkspaceFolder, enabled: boolean, resources: readonly MappedResource[]): MapNode {
  const children = folderChildren(folder, resources);
  const node = finish({ kind: 'workspace-folder', id: `folder:${folder.uri.toString()}`, label: folder.name, path: folder.uri.fsPath, children: [] }, children);
  if (!enabled) return { ...node, description: 'checks turned off' };
  return children.length === 0 ? { ...node, description: 'no server-side resources' } : node;
}

/**
 * A folder's URL tree (one per `app` folder: a monorepo's apps each get a node of their own when there
 * are several), then its Server Functions grouped by file.
 */
function folderChildren(folder: vscode.WorkspaceFolder, resources: readonly MappedResource[]): MapNode[] {
  const root = folder.uri.fsPath;
  const key = folder.uri.toString();
  const apps = new Map<string, Draft>();
  const functions: Draft = { kind: 'server-functions', id: `functions:${key}`, label: 'Server Functions', children: [], segments: new Map() };
  for (const resource of resources) {
    if (resource.url === undefined) {
      let file = functions.segments!.get(resource.fileName);
      if (!file) {
        file = { kind: 'file', id: `file:${resource.fileName}`, label: relative(root, resource.fileName), path: resource.fileName, root, children: [] };
        functions.segments!.set(resource.fileName, file);
        functions.children.push(file);
      }
      file.children.push(resourceDraft(resource, root));
      continue;
    }
    const appDir = appDirOf(resource.fileName);
    let app = apps.get(appDir);
    if (!app) {
      app = { kind: 'segment', id: `url:${key}:${appDir}:/`, label: '/', path: '/', root, children: [], segments: new Map() };
      apps.set(appDir, app);
    }
    let segment = app;
    let url = '';
    for (const part of resource.url.split('/').filter(Boolean)) {
      url += `/${part}`;
      let next = segment.segments!.get(part);
      if (!next) {
        next = { kind: 'segment', id: `url:${key}:${appDir}:${url}`, label: part, path: url, root, children: [], segments: new Map() };
        segment.segments!.set(part, next);
        segment.children.push(next);
      }
      segment = next;
    }
    segment.children.push(resourceDraft(resource, root));
  }
  const trees = apps.size === 1
    ? [...apps.values()].map(finishDraft)
    : [...apps].sort(([a], [b]) => a.localeCompare(b)).map(([appDir, tree]) =>
      finish({ kind: 'app', id: `app:${key}:${appDir}`, label: relative(root, appDir) || path.basename(appDir), path: appDir, root, children: [] }, [finishDraft(tree)]));
  return functions.children.length > 0 ? [...trees, finishDraft(functions)] : trees;
}

function resourceDraft(resource: MappedResource, root: string): Draft {
  const label = resource.kind === 'route' || resource.kind === 'server-function' ? resource.name : resource.kind;
  return { kind: 'resource', id: `resource:${resource.fileName}:${resource.kind}:${resource.name}`, label, resource, root, children: [] };
}

/** Resources first (in the core's order), then the segments below, by name. */
function finishDraft(draft: Draft): MapNode {
  const leaves = draft.children.filter((c) => c.kind === 'resource');
  const folders = draft.children.filter((c) => c.kind !== 'resource');
  if (draft.kind === 'segment') folders.sort((a, b) => a.label.localeCompare(b.label));
  const sameLabel = (label: string) => leaves.filter((l) => l.label === label).length > 1;
  const children = [...leaves.map((l) => leafNode(l, sameLabel(l.label))), ...folders.map(finishDraft)];
  return finish(draft, children);
}

function leafNode(draft: Draft, ambiguous: boolean): MapNode {
  const resource = draft.resource!;
  const state = loadCore().PROTECTION_STATES[resource.state].label;
  // Two pages at one URL (parallel routes, route groups): say which file each is.
  const description = ambiguous ? `${state} · ${relative(draft.root ?? '', resource.fileName)}` : state;
  return { kind: 'resource', id: draft.id, label: draft.label, description, counts: { [resource.state]: 1 }, children: [], resource, root: draft.root };
}

function finish(draft: Draft, children: MapNode[]): MapNode {
  const counts: Partial<Record<ProtectionState, number>> = {};
  for (const child of children) {
    for (const [state, n] of Object.entries(child.counts) as [ProtectionState, number][]) counts[state] = (counts[state] ?? 0) + n;
  }
  return { kind: draft.kind, id: draft.id, label: draft.label, description: countsText(counts), counts, children, path: draft.path, root: draft.root };
}

/** `2 unguarded · 3 middleware only · 5 own check`: non-zero states, in the core's order (most severe first). */
export function countsText(counts: Readonly<Partial<Record<ProtectionState, number>>>): string {
  const states = loadCore().PROTECTION_STATES;
  return (Object.keys(states) as ProtectionState[])
    .filter((state) => (counts[state] ?? 0) > 0)
    .map((state) => `${counts[state]} ${states[state].label}`)
    .join(' · ');
}

/** The folder holding a file's routing: the last `app` folder of its path. */
function appDirOf(fileName: string): string {
  const m = /^(.*[\\/]app)[\\/]/.exec(fileName);
  return m ? m[1] : path.dirname(fileName);
}

function relative(root: string, fileName: string): string {
  const rel = root ? path.relative(root, fileName) : fileName;
  return rel.startsWith('..') || path.isAbsolute(rel) ? fileName : rel.split(path.sep).join('/');
}

// Tree items ----------------------------------------------------------------------------------------

const STATE_ICONS: Record<ProtectionState, [string, string?]> = {
  'unguarded': ['error', 'problemsErrorIcon.foreground'],
  'middleware-only': ['warning', 'problemsWarningIcon.foreground'],
  'own-check': ['pass', 'testing.iconPassed'],
  'public': ['globe'],
  'no-work': ['circle-outline'],
  'not-judged': ['question'],
};

export function stateIcon(state: ProtectionState): vscode.ThemeIcon {
  const [id, color] = STATE_ICONS[state];
  return new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);
}

function treeItem(node: MapNode): vscode.TreeItem {
  const expand = node.kind === 'workspace-folder' || node.kind === 'app' || node.kind === 'server-functions' || (node.kind === 'segment' && node.path === '/') ||
    (node.counts.unguarded ?? 0) > 0 || (node.kind === 'segment' && (node.counts['middleware-only'] ?? 0) > 0);
  const state = node.children.length === 0
    ? vscode.TreeItemCollapsibleState.None
    : expand ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
  const item = new vscode.TreeItem(node.label, state);
  item.id = node.id;
  item.description = node.description;
  item.contextValue = node.resource ? `resource.${node.resource.state}` : node.kind;
  const resource = node.resource;
  if (resource) {
    item.iconPath = stateIcon(resource.state);
    item.tooltip = resourceTooltip(resource, node.root);
    const line = new vscode.Range(resource.line, 0, resource.line, 0);
    item.command = { title: 'Open', command: 'vscode.open', arguments: [vscode.Uri.file(resource.fileName), { selection: line, preview: true }] };
    return item;
  }
  switch (node.kind) {
    case 'workspace-folder':
      item.iconPath = new vscode.ThemeIcon('root-folder');
      break;
    case 'app':
      item.iconPath = new vscode.ThemeIcon('folder-library');
      break;
    case 'server-functions':
      item.iconPath = new vscode.ThemeIcon('symbol-function');
      break;
    case 'file':
      item.iconPath = vscode.ThemeIcon.File;
      item.resourceUri = vscode.Uri.file(node.path!);
      break;
    default:
      item.iconPath = new vscode.ThemeIcon('folder');
  }
  const where = node.kind === 'segment' ? node.path : node.kind === 'server-functions' ? undefined : relative(node.root ?? '', node.path ?? '');
  item.tooltip = [where, node.description || undefined].filter(Boolean).join('\n');
  return item;
}

/** The resource, its file and line, what its state means, why, and what the middleware decides. */
export function resourceTooltip(resource: MappedResource, root: string | undefined): vscode.MarkdownString {
  const states = loadCore().PROTECTION_STATES;
  const md = new vscode.MarkdownString();
  const what = resource.kind === 'route' ? `${resource.name} ${resource.url}` : resource.kind === 'server-function' ? resource.name : `${resource.kind} ${resource.url}`;
  md.appendMarkdown(`${resource.kind === 'server-function' ? 'Server Function ' : ''}${code(what)}: **${escape(states[resource.state].label)}**\n\n`);
  md.appendMarkdown(`${code(`${relative(root ?? '', resource.fileName)}:${resource.line + 1}`)}\n\n`);
  md.appendMarkdown(`${escape(capitalize(states[resource.state].description))}\n\n`);
  if (resource.reason) md.appendMarkdown(`Reason: ${escape(resource.reason)}\n\n`);
  const rule = resource.middleware;
  if (rule) {
    md.appendMarkdown(`Middleware: ${code(`${relative(root ?? '', rule.fileName)}:${rule.line + 1}`)} stops signed-out requests`);
    if (rule.matchers.length > 0) md.appendMarkdown(`, decided by ${rule.matchers.map(code).join(', ')}`);
    if (rule.condition) md.appendMarkdown(`, with ${code(rule.condition)}`);
    md.appendMarkdown('\n\n');
  } else if (resource.url !== undefined) {
    md.appendMarkdown('Middleware: does not stop signed-out requests to this URL\n\n');
  }
  return md;
}

/** Text as Markdown: the characters that would start emphasis, code, links or HTML are escaped. */
function escape(text: string): string {
  return text.replace(/[\\`*_[\]<>#|~&]/g, '\\$&').replace(/\s+/g, ' ');
}

/** A Markdown code span, whatever backticks the text holds. */
function code(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.includes('`') ? `\`\` ${flat} \`\`` : `\`${flat}\``;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
