/**
 * `clerk-route-guard map`: the protection map of the given folders as text (a URL tree), JSON, or one
 * self-contained HTML page a reviewer can open without a network.
 */
import * as path from 'path';
import { MappedResource, PROTECTION_STATES, ProtectionState } from '../core';

export const MAP_FORMATS = ['text', 'json', 'html'] as const;
export type MapFormat = (typeof MAP_FORMATS)[number];

const STATE_ORDER = Object.keys(PROTECTION_STATES) as ProtectionState[];

function relative(cwd: string, file: string): string {
  return (path.relative(cwd, file) || file).split(path.sep).join('/');
}

function label(r: MappedResource): string {
  return r.kind === 'route' ? r.name : r.kind === 'server-function' ? r.name : r.kind;
}

function middlewareNote(r: MappedResource, cwd: string): string {
  const m = r.middleware;
  if (!m) return '';
  const matchers = m.matchers.length ? ` ${m.matchers.join(', ')}` : '';
  return ` [middleware ${relative(cwd, m.fileName)}:${m.line + 1}${matchers}${m.condition ? ` ${m.condition}` : ''}]`;
}

/** Counts per state, most severe first, non-zero only: "2 unguarded · 3 own check". */
export function stateCounts(resources: readonly MappedResource[]): string {
  return STATE_ORDER.map((s) => [s, resources.filter((r) => r.state === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${PROTECTION_STATES[s].label}`)
    .join(' · ');
}

export function formatMapText(resources: readonly MappedResource[], cwd: string): string {
  const lines: string[] = [];
  const width = Math.max(10, ...resources.map((r) => (r.url ?? relative(cwd, r.fileName)).length + 2));
  const row = (where: string, r: MappedResource) =>
    `${where.padEnd(width)} ${label(r).padEnd(10)} ${PROTECTION_STATES[r.state].label.padEnd(18)} ${relative(cwd, r.fileName)}:${r.line + 1}${r.reason ? ` (${r.reason})` : ''}${middlewareNote(r, cwd)}`;
  for (const r of resources.filter((x) => x.url !== undefined)) lines.push(row(r.url!, r));
  const functions = resources.filter((x) => x.url === undefined);
  if (functions.length) {
    lines.push('', 'Server Functions (POSTed to whatever page uses them; no middleware matcher applies)');
    for (const r of functions) lines.push(row(relative(cwd, r.fileName), r));
  }
  lines.push('', `${resources.length} resource${resources.length === 1 ? '' : 's'}: ${stateCounts(resources) || 'none'}`);
  return lines.join('\n');
}

export function formatMapJson(resources: readonly MappedResource[], cwd: string): string {
  return JSON.stringify(
    resources.map((r) => ({
      url: r.url ?? null,
      kind: r.kind,
      name: r.name,
      state: r.state,
      file: relative(cwd, r.fileName),
      line: r.line + 1,
      reason: r.reason ?? null,
      middleware: r.middleware ? { file: relative(cwd, r.middleware.fileName), line: r.middleware.line + 1, matchers: r.middleware.matchers, condition: r.middleware.condition ?? null } : null,
    })),
    null,
    2,
  );
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STATE_COLOR: Record<ProtectionState, string> = {
  'unguarded': '#c62828', 'middleware-only': '#ef6c00', 'own-check': '#2e7d32', 'public': '#1565c0', 'no-work': '#757575', 'not-judged': '#6a1b9a',
};

/** One HTML file, no scripts or network: folders of the URL tree as <details> with their counts. */
export function formatMapHtml(resources: readonly MappedResource[], cwd: string, title: string): string {
  interface Folder { name: string; children: Map<string, Folder>; resources: MappedResource[] }
  const root: Folder = { name: '/', children: new Map(), resources: [] };
  for (const r of resources.filter((x) => x.url !== undefined)) {
    let folder = root;
    for (const segment of r.url!.split('/').filter(Boolean)) {
      let next = folder.children.get(segment);
      if (!next) folder.children.set(segment, (next = { name: segment, children: new Map(), resources: [] }));
      folder = next;
    }
    folder.resources.push(r);
  }
  const all = (f: Folder): MappedResource[] => [...f.resources, ...[...f.children.values()].flatMap(all)];
  const item = (r: MappedResource) =>
    `<li><span class="state" style="background:${STATE_COLOR[r.state]}">${escapeHtml(PROTECTION_STATES[r.state].label)}</span> <b>${escapeHtml(label(r))}</b> <code>${escapeHtml(relative(cwd, r.fileName))}:${r.line + 1}</code>${r.reason ? ` <i>${escapeHtml(r.reason)}</i>` : ''}${r.middleware ? ` <small>${escapeHtml(middlewareNote(r, cwd).trim())}</small>` : ''}</li>`;
  const folder = (f: Folder, depth: number): string =>
    `<details${depth < 2 ? ' open' : ''}><summary><b>${escapeHtml(f.name)}</b> <small>${escapeHtml(stateCounts(all(f)))}</small></summary><ul>${f.resources.map(item).join('')}${[...f.children.values()].sort((a, b) => a.name.localeCompare(b.name)).map((c) => `<li>${folder(c, depth + 1)}</li>`).join('')}</ul></details>`;
  const functions = resources.filter((x) => x.url === undefined);
  const legend = STATE_ORDER.map((s) => `<li><span class="state" style="background:${STATE_COLOR[s]}">${escapeHtml(PROTECTION_STATES[s].label)}</span> ${escapeHtml(PROTECTION_STATES[s].description)}</li>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font:14px/1.5 system-ui,sans-serif;margin:2em;color:#222}ul{list-style:none;padding-left:1.2em}code{font-size:12px;color:#555}.state{color:#fff;border-radius:3px;padding:0 6px;font-size:12px}small{color:#666}</style></head>
<body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(`${resources.length} resources: ${stateCounts(resources)}`)}</p>
<ul>${legend}</ul><h2>URLs</h2>${folder(root, 0)}
${functions.length ? `<h2>Server Functions</h2><ul>${functions.map(item).join('')}</ul>` : ''}
</body></html>`;
}
