import * as assert from 'node:assert/strict';
import { readSitemapEntries, sitemapEntryFor } from '../../src/core/project/sitemap';
import type { FileSystem } from '../../src/core/project/fileSystem';

function memoryFs(files: Record<string, string>): FileSystem {
  return {
    readFile: (p) => files[p],
    fileExists: (p) => p in files,
    directoryExists: (p) => Object.keys(files).some((f) => f.startsWith(`${p}/`)),
  };
}

const ROOT = '/virtual/shop';
const SITEMAP_TS = [
  "import type { MetadataRoute } from 'next';",
  "import { db } from '@/lib/db';",
  "const baseUrl = process.env.NEXT_PUBLIC_APP_URL || 'http://localhost:3000';",
  'export default async function sitemap(): Promise<MetadataRoute.Sitemap> {',
  '  const products = await db.product.findMany();',
  "  const pages = ['/about', '/menu'].map((p) => ({ url: `${baseUrl}${p}`, changeFrequency: 'weekly' as const }));",
  '  return [',
  '    { url: baseUrl, priority: 1 },',
  '    ...pages,',
  '    ...products.map((p) => ({ url: `${baseUrl}/products/${p.slug}` })),',
  '    { url: `${baseUrl}/tips/choose-a-kit?ref=sitemap` },',
  '  ];',
  '}',
].join('\n');

describe('sitemap: pages the app lists for search engines', () => {
  const entries = readSitemapEntries(memoryFs({ [`${ROOT}/app/sitemap.ts`]: SITEMAP_TS }), ROOT);
  const listed = (url: string) => sitemapEntryFor(entries, url) !== undefined;

  it('reads paths written out, paths on the origin, and the origin alone as the home page', () => {
    assert.ok(listed('/'));
    assert.ok(listed('/about'));
    assert.ok(listed('/menu'));
  });

  it('a computed segment stands for a dynamic one, and a written-out entry for the dynamic page it is one of', () => {
    assert.ok(listed('/products/[slug]'));
    assert.ok(listed('/tips/[slug]'));
    assert.ok(!listed('/products'), 'the product list itself is not listed');
    assert.ok(!listed('/products/[slug]/edit'));
  });

  it('lists nothing else: module names are no paths, and a computed segment does not stand for a written one', () => {
    assert.ok(!listed('/lib/db'));
    assert.ok(!listed('/dashboard'));
    const computedOnly = readSitemapEntries(memoryFs({ [`${ROOT}/app/sitemap.ts`]: 'export default () => [{ url: `${baseUrl}/${slug}` }];' }), ROOT);
    assert.equal(sitemapEntryFor(computedOnly, '/admin'), undefined);
    assert.notEqual(sitemapEntryFor(computedOnly, '/[slug]'), undefined);
  });

  it('reads a static public/sitemap.xml, and an app without a sitemap (or with one that cannot be read) lists nothing', () => {
    const xml = '<urlset><url><loc>https://shop.example/faq</loc></url><url><loc>https://shop.example/</loc></url></urlset>';
    const fromXml = readSitemapEntries(memoryFs({ [`${ROOT}/public/sitemap.xml`]: xml }), ROOT);
    assert.notEqual(sitemapEntryFor(fromXml, '/faq'), undefined);
    assert.notEqual(sitemapEntryFor(fromXml, '/'), undefined);
    assert.deepEqual(readSitemapEntries(memoryFs({}), ROOT), []);
    const broken: FileSystem = { ...memoryFs({}), readFile: () => { throw new Error('EACCES'); } };
    assert.deepEqual(readSitemapEntries(broken, ROOT), []);
  });
});

describe('sitemap: read through the analyzer', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Analyzer } = require('../../src/core') as typeof import('../../src/core');
  const page = (model: string) => [
    "import { db } from '@/lib/db';",
    'export default async function Page() {',
    `  const rows = await db.${model}.findMany();`,
    '  return <ul>{rows.map((r) => <li key={r.id}>{r.name}</li>)}</ul>;',
    '}',
  ].join('\n');
  const files: Record<string, string> = {
    [`${ROOT}/package.json`]: JSON.stringify({ dependencies: { '@clerk/nextjs': '^6.0.0', next: '15.0.0' } }),
    [`${ROOT}/app/sitemap.ts`]: SITEMAP_TS,
    [`${ROOT}/app/menu/page.tsx`]: page('menuItem'),
    [`${ROOT}/app/orders/page.tsx`]: page('order'),
  };
  const severity = (analyzer: InstanceType<typeof Analyzer>, file: string) =>
    analyzer.analyze(file).findings.find((f) => f.ruleId === 'missing-auth-guard')?.severity;

  it('a page the sitemap lists that only reads is information; one it does not list stays a warning; a sitemap edit is read again', () => {
    const analyzer = new Analyzer(memoryFs(files));
    assert.equal(severity(analyzer, `${ROOT}/app/menu/page.tsx`), 'info');
    assert.equal(severity(analyzer, `${ROOT}/app/orders/page.tsx`), 'warning');
    files[`${ROOT}/app/sitemap.ts`] = 'export default () => [];';
    analyzer.fileChanged(`${ROOT}/app/sitemap.ts`);
    assert.equal(severity(analyzer, `${ROOT}/app/menu/page.tsx`), 'warning');
    files[`${ROOT}/app/sitemap.ts`] = SITEMAP_TS;
  });
});
