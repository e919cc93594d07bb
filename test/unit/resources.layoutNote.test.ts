/**
 * A flagged page under a layout that checks says that the layout's check does not protect it, and
 * the note follows the layout: it goes when the layout stops checking (the analyzer is told the file
 * changed), and edits to the page alone keep it.
 */
import * as assert from 'node:assert/strict';
import { Analyzer, FileSystem } from '../../src/core';
import { CLERK_PACKAGE_JSON } from './support/fixtures';

const ROOT = '/virtual/app';
const LAYOUT = `${ROOT}/app/dashboard/layout.tsx`;
const PAGE = `${ROOT}/app/dashboard/page.tsx`;

const CHECKING_LAYOUT = `import { auth } from '@clerk/nextjs/server';
import { redirect } from 'next/navigation';
export default async function Layout({ children }: { children: React.ReactNode }) {
  const { userId } = await auth();
  if (!userId) redirect('/sign-in');
  return <section>{children}</section>;
}
`;
const PLAIN_LAYOUT = `export default function Layout({ children }: { children: React.ReactNode }) {
  return <section>{children}</section>;
}
`;
const PAGE_TEXT = `export default async function Page() {
  const rows = await fetch(\`\${process.env.DB_URL}/invoices\`);
  return <pre>{await rows.text()}</pre>;
}
`;

function mutableFileSystem(files: Map<string, string>): FileSystem {
  return {
    readFile: (f) => files.get(f),
    fileExists: (f) => files.has(f),
    directoryExists: (d) => [...files.keys()].some((f) => f.startsWith(`${d}/`)),
  };
}

const layoutNote = (analyzer: Analyzer, text = PAGE_TEXT) =>
  analyzer.analyze(PAGE, text).findings.find((f) => f.ruleId === 'missing-auth-guard')?.related.find((r) => r.message.startsWith('The check in'));

describe('the layout note on a flagged page', () => {
  it("names the layout whose check does not run for the page, at the layout's name", () => {
    const files = new Map([[`${ROOT}/package.json`, CLERK_PACKAGE_JSON], [LAYOUT, CHECKING_LAYOUT], [PAGE, PAGE_TEXT]]);
    const note = layoutNote(new Analyzer(mutableFileSystem(files)));
    assert.equal(note?.message, 'The check in app/dashboard/layout.tsx does not run for this page on client-side navigation');
    assert.equal(note?.fileName, LAYOUT);
    assert.deepEqual(note?.range.start, { line: 2, character: 30 });
  });

  it('follows the layout: gone once it stops checking, kept while only the page is edited', () => {
    const files = new Map([[`${ROOT}/package.json`, CLERK_PACKAGE_JSON], [LAYOUT, CHECKING_LAYOUT], [PAGE, PAGE_TEXT]]);
    const analyzer = new Analyzer(mutableFileSystem(files));
    assert.ok(layoutNote(analyzer));
    analyzer.fileChanged(PAGE, 'edited');
    assert.ok(layoutNote(analyzer, PAGE_TEXT + '// edited\n'), 'an edit of the page keeps the note');
    files.set(LAYOUT, PLAIN_LAYOUT);
    analyzer.fileChanged(LAYOUT);
    assert.equal(layoutNote(analyzer), undefined);
  });

  it('is absent when no layout checks', () => {
    const files = new Map([[`${ROOT}/package.json`, CLERK_PACKAGE_JSON], [LAYOUT, PLAIN_LAYOUT], [PAGE, PAGE_TEXT]]);
    assert.equal(layoutNote(new Analyzer(mutableFileSystem(files))), undefined);
  });
});
