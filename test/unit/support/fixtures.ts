/**
 * Reads the fixture corpus: resource files (route handlers, pages, layouts, Server Functions) whose
 * header comments state the expected findings.
 *
 *   // <one-line description>
 *   // expect: missing-auth-guard GET      (one line per expected finding, or `// expect: none`)
 *   // clerk: 4.29.0                       (optional: installed @clerk/nextjs version)
 *   // path: app/(admin)/api/x/route.ts    (optional: where the file lives in its virtual project)
 */
import * as fs from 'fs';
import * as path from 'path';

export const FIXTURES = path.resolve(__dirname, '../../fixtures');

export interface Expectation {
  ruleId: string;
  handler?: string;
  /** `info` for information-level findings (`// expect: missing-auth-guard GET info`); others are left unsaid. */
  severity?: string;
}

export interface ResourceFixture {
  /** Path of the fixture file in the repo. */
  file: string;
  /** Relative name used in test titles. */
  name: string;
  description: string;
  text: string;
  expect: Expectation[];
  clerkVersion?: string;
  virtualPath: string;
}

export function parseHeader(text: string): Omit<ResourceFixture, 'file' | 'name' | 'text' | 'virtualPath'> & { path?: string } {
  const lines = text.split(/\r?\n/);
  const header: string[] = [];
  for (const line of lines) {
    if (!line.startsWith('//')) break;
    header.push(line.replace(/^\/\/\s?/, ''));
  }
  const expect: Expectation[] = [];
  let clerkVersion: string | undefined;
  let virtualPath: string | undefined;
  for (const line of header) {
    const m = /^(expect|clerk|path):\s*(.*)$/.exec(line.trim());
    if (!m) continue;
    if (m[1] === 'expect' && m[2].trim() !== 'none') {
      const [ruleId, ...rest] = m[2].trim().split(/\s+/);
      // `rule info` (no handler: a middleware finding) or `rule HANDLER [info]`.
      const severity = rest.at(-1) === 'info' ? rest.pop() : undefined;
      expect.push({ ruleId, handler: rest[0], severity });
    } else if (m[1] === 'clerk') clerkVersion = m[2].trim();
    else if (m[1] === 'path') virtualPath = m[2].trim();
  }
  return { description: header[0] ?? '', expect, clerkVersion, path: virtualPath };
}

/** The file's header states what it expects (`// expect: …`, including `// expect: none`). */
export function declaresExpectations(text: string): boolean {
  for (const line of text.split(/\r?\n/)) {
    if (!line.startsWith('//')) return false;
    if (/^\/\/\s?expect:/.test(line)) return true;
  }
  return false;
}

export function listFiles(dir: string, predicate: (file: string) => boolean): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') out.push(...listFiles(full, predicate));
    } else if (predicate(full)) out.push(full);
  }
  return out.sort();
}

/** Every single-file fixture under test/fixtures/resources. */
export function loadResourceFixtures(): ResourceFixture[] {
  const root = path.join(FIXTURES, 'resources');
  return listFiles(root, (f) => /\.(ts|tsx|js|jsx|mts|mjs|cts|cjs)$/.test(f)).map((file) => {
    const text = fs.readFileSync(file, 'utf8');
    const header = parseHeader(text);
    const ext = path.extname(file).slice(1);
    return {
      file,
      name: path.relative(root, file),
      text,
      description: header.description,
      expect: header.expect,
      clerkVersion: header.clerkVersion,
      virtualPath: header.path ?? `app/api/fixture/route.${ext}`,
    };
  });
}

export function formatExpectations(list: readonly Expectation[]): string[] {
  return list.map((e) => [e.ruleId, e.handler, e.severity === 'info' ? 'info' : undefined].filter(Boolean).join(' ')).sort();
}

/** The package.json of a test project that uses Clerk (a project that declares no Clerk is not judged). */
export const CLERK_PACKAGE_JSON = JSON.stringify({ dependencies: { '@clerk/nextjs': '^7.0.0' } });
