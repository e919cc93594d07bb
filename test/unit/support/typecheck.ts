/**
 * Type-checking route files against the real Clerk and Next.js types: copy test/typecheck/ into a
 * git-ignored folder inside the repo (so module resolution walks up to the repo's node_modules), write
 * the files into one of its projects (v6: @clerk/nextjs 7 + next 16; v5: @clerk/nextjs 5 through the
 * `clerk-nextjs-v5` alias), and check them in one Program. Used by the snippet and the quick-fix tests.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '..', '..', '..');

// Parsed lib and package declaration files are shared between the Programs (v6 and v5 both load next 16
// and the DOM lib), which roughly halves the second Program's time.
const sourceCache = new Map<string, ts.SourceFile>();

export interface CheckResult {
  /** Diagnostics by project-relative file name ('' for global ones). */
  byFile: Map<string, ts.Diagnostic[]>;
  fileCount: number;
  ms: number;
  dir: string;
}

/**
 * Writes `files` (project-relative names) into a copy of test/typecheck/<project> and type-checks it.
 * The copy is removed unless something other than a file whose name contains 'broken' has errors.
 */
export function typecheckProject(project: 'v6' | 'v5', files: Map<string, string>): CheckResult {
  fs.mkdirSync(path.join(ROOT, '.cache'), { recursive: true });
  const tmp = fs.mkdtempSync(path.join(ROOT, '.cache', 'typecheck-'));
  fs.cpSync(path.join(ROOT, 'test', 'typecheck'), tmp, { recursive: true });
  const dir = path.join(tmp, project);
  for (const [file, text] of files) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  const configPath = path.join(dir, 'tsconfig.json');
  const read = ts.readConfigFile(configPath, ts.sys.readFile);
  assert.equal(read.error, undefined, 'tsconfig readable');
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, dir, undefined, configPath);
  assert.deepEqual(parsed.errors, [], 'tsconfig valid');

  const start = performance.now();
  const host = ts.createCompilerHost(parsed.options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    if (fileName.startsWith(dir)) return getSourceFile(fileName, languageVersion, onError, shouldCreate);
    const key = `${fileName}|${JSON.stringify(languageVersion)}`;
    let sf = sourceCache.get(key);
    if (!sf) {
      sf = getSourceFile(fileName, languageVersion, onError, shouldCreate);
      if (sf) sourceCache.set(key, sf);
    }
    return sf;
  };
  const program = ts.createProgram(parsed.fileNames, parsed.options, host);
  const diagnostics = ts.getPreEmitDiagnostics(program);
  const ms = Math.round(performance.now() - start);

  const byFile = new Map<string, ts.Diagnostic[]>();
  for (const d of diagnostics) {
    const key = d.file ? path.relative(dir, d.file.fileName) : '';
    byFile.set(key, [...(byFile.get(key) ?? []), d]);
  }
  const result = { byFile, fileCount: parsed.fileNames.length, ms, dir };
  // Keep the folder when something is wrong, to look at; otherwise clean up.
  if (diagnostics.length === 0 || [...byFile.keys()].every((f) => f.includes('broken'))) fs.rmSync(tmp, { recursive: true, force: true });
  return result;
}

export function formatDiagnostics(diagnostics: readonly ts.Diagnostic[], dir: string): string {
  return ts.formatDiagnostics(diagnostics, {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => dir,
    getNewLine: () => '\n',
  });
}

/** No diagnostics in `files` (project-relative) nor global ones. */
export function assertClean(result: CheckResult, files: Iterable<string>): void {
  const found = [...files].flatMap((f) => result.byFile.get(f) ?? []).concat(result.byFile.get('') ?? []);
  assert.equal(found.length, 0, `expected no diagnostics (project kept in ${result.dir}):\n${formatDiagnostics(found, result.dir)}`);
}
