/**
 * The pages an app lists in its sitemap (`app/sitemap.ts`, or a static `public/sitemap.xml`): URLs the
 * project hands to search engines, so pages it means anyone to read. A statement of intent, read like
 * the middleware's public list, for pages only (a sitemap lists pages, not API routes).
 *
 * A sitemap's entries are built from the site's origin and a path (`${baseUrl}/menu`,
 * `${siteUrl}/products/${product.id}`, `'/about'` mapped onto the origin, or the origin alone for the home
 * page). Each becomes a path pattern whose computed segments (`*`) stand for a page's dynamic segment
 * (`/products/[id]`); a literal entry also stands for the dynamic page it is one instance of
 * (`/tips/choose-a-kit` for `/tips/[slug]`). Entries built by helpers (`getProfileUrl(handle)`) are not
 * followed.
 */
import * as path from 'path';
import ts = require('typescript');
import type { RelatedLocation } from '../findings';
import { nodeRange, textRangeIn } from '../positions';
import type { FileSystem } from './fileSystem';
import { parseSource } from './project';

export interface SitemapEntry {
  /** Path segments; `*` is a computed segment. The home page has none. */
  readonly segments: readonly string[];
  readonly location: RelatedLocation;
}

const APP_FOLDERS = ['app', path.join('src', 'app')];
const SITEMAP_SOURCES = ['sitemap.ts', 'sitemap.js', 'sitemap.tsx', 'sitemap.jsx', 'sitemap.mjs'];
const STATIC_SITEMAPS = [path.join('public', 'sitemap.xml')];

/** Every entry of the app's sitemaps under `projectRoot` (none when it has no sitemap). */
export function readSitemapEntries(fs: FileSystem, projectRoot: string): SitemapEntry[] {
  try {
    return readEntries(fs, projectRoot);
  } catch {
    // A sitemap that cannot be read states nothing; it must not cost the pages their analysis.
    return [];
  }
}

function readEntries(fs: FileSystem, projectRoot: string): SitemapEntry[] {
  const entries: SitemapEntry[] = [];
  for (const folder of APP_FOLDERS) {
    for (const name of SITEMAP_SOURCES) {
      const file = path.join(projectRoot, folder, name);
      const text = fs.readFile(file);
      if (text !== undefined) entries.push(...entriesInSource(file, text));
    }
  }
  for (const name of STATIC_SITEMAPS) {
    const file = path.join(projectRoot, name);
    const text = fs.readFile(file);
    if (text !== undefined) entries.push(...entriesInXml(file, text));
  }
  return entries;
}

/** The entry that lists the page at `urlPath` (`/products/[id]`, groups left out), if one does. */
export function sitemapEntryFor(entries: readonly SitemapEntry[], urlPath: string): SitemapEntry | undefined {
  const page = urlPath.split('/').filter(Boolean);
  return entries.find((entry) => listsPage(entry.segments, page));
}

function listsPage(entry: readonly string[], page: readonly string[]): boolean {
  for (let i = 0; i < page.length; i++) {
    const segment = page[i]!;
    // `[...slug]`, `[[...slug]]`: the rest of the URL, however long (`[[…]]` also none).
    if (/^\[\[?\.\.\./.test(segment)) return entry.length > i || segment.startsWith('[[');
    const listed = entry[i];
    if (listed === undefined) return false;
    const dynamic = segment.startsWith('[');
    if (listed === '*' ? !dynamic : !dynamic && listed !== segment) return false;
  }
  return entry.length === page.length;
}

// A path written out: '/about', '/tips/choose-a-kit' (no spaces, no query).
const PATH_TEXT = /^\/[\w\-./~%]*$/;
const SCHEME_AND_HOST = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i;
/** Names that hold the site's origin: `baseUrl`, `SITE_URL`, `process.env.NEXT_PUBLIC_APP_URL`, `domain`. */
const ORIGIN_NAME = /(base|site|app|domain|host|origin|public)_?url$|^(base|site|domain|host|origin|url)$|_URL$/i;

function entriesInSource(file: string, text: string): SitemapEntry[] {
  const sf = parseSource(file, text);
  const entries: SitemapEntry[] = [];
  const add = (pathText: string, node: ts.Node): void => {
    const clean = pathText.replace(/[?#].*$/, '');
    entries.push({
      segments: clean.split('/').filter(Boolean),
      location: { fileName: file, message: `${path.basename(file)} lists ${clean || '/'} for search engines`, ...nodeRange(sf, node) },
    });
  };
  const visit = (node: ts.Node): void => {
    // Module names are no paths.
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
    if (ts.isStringLiteralLike(node)) {
      // '/about', or a full URL ('https://shop.example/about', the origin alone for the home page).
      const origin = SCHEME_AND_HOST.exec(node.text);
      const text = origin ? node.text.slice(origin[0].length) : node.text;
      if (origin ? text === '' || text.startsWith('/') : PATH_TEXT.test(text) && !text.startsWith('//')) add(text, node);
    } else if (ts.isTemplateExpression(node)) {
      const pathText = templatePath(node);
      if (pathText !== undefined) add(pathText, node);
    } else if (ts.isPropertyAssignment(node) && propertyName(node.name) === 'url' && namesTheOrigin(node.initializer)) {
      add('', node.initializer);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return entries;
}

/**
 * `${baseUrl}/products/${p.id}` → `/products/*`, `https://shop.example/${slug}` → `/*`: a URL on the site's
 * origin, its computed parts as `*`. `undefined` for any other text.
 */
function templatePath(node: ts.TemplateExpression): string | undefined {
  let text = node.head.text;
  const spans = node.templateSpans;
  let from = 0;
  if (text === '' && spans.length > 0 && namesTheOrigin(spans[0]!.expression)) {
    text = spans[0]!.literal.text;
    from = 1;
  } else if (SCHEME_AND_HOST.test(text)) {
    text = text.replace(SCHEME_AND_HOST, '');
  } else if (!text.startsWith('/') || text.startsWith('//')) return undefined;
  for (const span of spans.slice(from)) text += '*' + span.literal.text;
  if (text !== '' && !text.startsWith('/') && !text.startsWith('?')) return undefined;
  return text;
}

function namesTheOrigin(expression: ts.Expression): boolean {
  if (ts.isIdentifier(expression)) return ORIGIN_NAME.test(expression.text);
  if (ts.isPropertyAccessExpression(expression)) return ORIGIN_NAME.test(expression.name.text);
  return false;
}

function propertyName(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteralLike(name) ? name.text : undefined;
}

const LOC = /<loc>\s*([^<\s]+)\s*<\/loc>/g;

function entriesInXml(file: string, text: string): SitemapEntry[] {
  const entries: SitemapEntry[] = [];
  for (const match of text.matchAll(LOC)) {
    const pathText = match[1]!.replace(SCHEME_AND_HOST, '').replace(/[?#].*$/, '');
    const start = match.index! + match[0].indexOf(match[1]!);
    entries.push({
      segments: pathText.split('/').filter(Boolean),
      location: { fileName: file, message: `${path.basename(file)} lists ${pathText || '/'} for search engines`, ...textRangeIn(text, start, start + match[1]!.length) },
    });
  }
  return entries;
}
