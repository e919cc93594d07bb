/**
 * Arranging the protection map as the view's tree, and its items. Bundled apart (dist/protectionMapTree.js)
 * and required the first time the view is computed: activating the extension does not load it.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import type { MappedResource, ProtectionState } from '../core';
import { loadCore } from './core';
import type { MapNode, MapNodeKind } from './protectionMap';

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
export function folderNode(folder: vscode.WorkspaceFolder, enabled: boolean, resources: readonly MappedResource[]): MapNode {
  const children = folderChildren(folder, resources);
  const node = finish({ kind: 'workspace-folder', id: `folder:${folder.uri.toString()}`, label: folder.name, path: folder.uri.fsPath, children: [] }, children);
  if (!enabled) return { ...node, description: 'checks turned off' };
  return children.length === 0 ? { ...node, description: 'no server-side resources' } : node;
}

/**
 * A folder's URL tree (one per `app` folder: a monorepo's apps each get a node of their own when there
 * are several), then its Server Functions grouped by file.
 */
export function folderChildren(folder: vscode.WorkspaceFolder, resources: readonly MappedResource[]): MapNode[] {
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

export function treeItem(node: MapNode): vscode.TreeItem {
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
