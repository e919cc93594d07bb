/**
 * `npm run realworld -- <folder of extracted repos> [--dump FILE] [--repo NAME] [--kind KIND]`
 *
 * Runs the checker on each whole repository of the development corpus (one folder per repo, named
 * `owner+name`, as listed in test/realworld/corpus.tsv) as a user would, and scores its
 * `missing-auth-guard` warnings against the hand labels in test/realworld/labels.tsv (one row per
 * resource: route handlers by method, pages and layouts as `default`, Server Functions by name):
 * precision = labelled holes warned / labelled resources warned (public-on-purpose counts as false),
 * recall = labelled holes warned / labelled holes. Only repo names, commits and labels are kept in this
 * project, never the repositories' code.
 *
 * `--dump FILE` writes every warning and every unwarned resource as TSV, for triage. `--kind` keeps
 * one kind of resource: `route`, `component` (pages, layouts, templates, defaults), `server-function`.
 * `--eslint` also runs ESLint with the plugin (dist/eslint.js; `npm run build` first) over each repo's
 * checked files and diffs its findings with the analyzer's, file by file (rule, line, column).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Analyzer, FileReport, ResourceKind } from '../src/core';
import { collectCheckedFiles } from '../src/cli/files';

type Label = 'hole' | 'ok' | 'public';

interface LabelRow {
  repo: string;
  file: string;
  handler: string;
  label: Label;
  idiom: string;
}

const HERE = path.resolve(__dirname, '../test/realworld');

function readTsv(file: string): string[][] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) => line.split('\t'));
}

function readLabels(): Map<string, LabelRow> {
  const labels = new Map<string, LabelRow>();
  for (const [repo, file, handler, label, idiom = ''] of readTsv(path.join(HERE, 'labels.tsv'))) {
    if (label !== 'hole' && label !== 'ok' && label !== 'public') throw new Error(`labels.tsv: bad label "${label}" for ${repo} ${file} ${handler}`);
    labels.set(key(repo, file, handler), { repo, file, handler, label, idiom });
  }
  return labels;
}

function key(repo: string, file: string, handler: string): string {
  return `${repo}\t${file}\t${handler}`;
}

type KindFilter = 'route' | 'component' | 'server-function' | 'all';

function kept(kind: ResourceKind, filter: KindFilter): boolean {
  if (filter === 'all') return true;
  if (filter === 'component') return kind !== 'route' && kind !== 'server-function';
  return kind === filter;
}

interface RepoResult {
  repo: string;
  files: number;
  resources: number;
  warnings: number;
  infos: number;
  tp: number;
  fp: number;
  fn: number;
  unlabelledWarnings: number;
  disagreements: string[];
}

function parseArgs(argv: string[]): { corpus: string; dump?: string; only?: string; kind: KindFilter; eslint: boolean } {
  const args = [...argv];
  let dump: string | undefined;
  let only: string | undefined;
  let eslint = false;
  let kind: KindFilter = 'all';
  const positional: string[] = [];
  while (args.length) {
    const a = args.shift()!;
    if (a === '--dump') dump = args.shift();
    else if (a === '--repo') only = args.shift();
    else if (a === '--kind') kind = args.shift() as KindFilter;
    else if (a === '--eslint') eslint = true;
    else positional.push(a);
  }
  if (positional.length !== 1 || !['route', 'component', 'server-function', 'all'].includes(kind)) {
    process.stderr.write('usage: npm run realworld -- <folder of extracted repos> [--dump FILE] [--repo owner/name] [--kind route|component|server-function|all] [--eslint]\n');
    process.exit(2);
  }
  return { corpus: path.resolve(positional[0]), dump, only, kind, eslint };
}

async function main(): Promise<void> {
  const { corpus, dump, only, kind, eslint } = parseArgs(process.argv.slice(2));
  const listed = readTsv(path.join(HERE, 'corpus.tsv')).map(([repo]) => repo);
  const labels = readLabels();
  const dumpRows: string[] = ['repo\tfile\thandler\tverdict\tlevel\tlabel\tmessage\twork\tkind\treads'];
  const results: RepoResult[] = [];
  const eslintDiffs: { files: number; differences: string[] }[] = [];
  for (const repo of listed) {
    if (only && repo !== only) continue;
    const dir = path.join(corpus, repo.replace('/', '+'));
    if (!fs.existsSync(dir)) {
      process.stderr.write(`realworld: ${repo} is not extracted in ${corpus}; skipped\n`);
      continue;
    }
    results.push(checkRepo(repo, dir, labels, dumpRows, kind));
    if (eslint) eslintDiffs.push(await diffWithEslint(repo, dir));
  }
  if (dump) fs.writeFileSync(dump, dumpRows.join('\n') + '\n');
  printTable(results);
  if (eslint) {
    const differences = eslintDiffs.flatMap((d) => d.differences);
    console.log(`\nESLint plugin vs analyzer: ${eslintDiffs.reduce((t, d) => t + d.files, 0)} files, ${differences.length} with different findings`);
    for (const line of differences.slice(0, 20)) console.log(line);
  }
}

/** ESLint with the plugin over the repo's checked files: any file whose findings differ from the analyzer's. */
async function diffWithEslint(repo: string, dir: string): Promise<{ files: number; differences: string[] }> {
  // Loaded only with --eslint: the plain run needs neither ESLint nor the built plugin.
  const { ESLint } = await import('eslint');
  const plugin = require(path.resolve(__dirname, '../dist/eslint.js'));
  const parser = require('@typescript-eslint/parser');
  const files = collectCheckedFiles([dir], dir);
  const eslint = new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    overrideConfig: [{ ...plugin.configs.recommended, languageOptions: { parser, parserOptions: { ecmaFeatures: { jsx: true } } } }],
  });
  const analyzer = new Analyzer();
  const differences: string[] = [];
  for (const result of await eslint.lintFiles(files)) {
    // The repos' own eslint-disable comments name rules this run does not load: only ours and parse failures count.
    const ours = result.messages.filter((m) => (m.ruleId === null && m.fatal) || m.ruleId?.startsWith('clerk-route-guard/'));
    const fromEslint = ours.map((m) => `${m.ruleId?.replace('clerk-route-guard/', '') ?? 'fatal'}@${m.line}:${m.column}`).sort().join(' ');
    const fromCore = analyzer.analyze(result.filePath).findings.map((f) => `${f.ruleId}@${f.range.start.line + 1}:${f.range.start.character + 1}`).sort().join(' ');
    if (fromEslint !== fromCore) differences.push(`  ${repo} ${path.relative(dir, result.filePath)}: eslint [${fromEslint}] analyzer [${fromCore}]`);
  }
  return { files: files.length, differences };
}

function checkRepo(repo: string, dir: string, labels: Map<string, LabelRow>, dumpRows: string[], kind: KindFilter): RepoResult {
  const files = collectCheckedFiles([dir], dir);
  const analyzer = new Analyzer();
  const result: RepoResult = { repo, files: 0, resources: 0, warnings: 0, infos: 0, tp: 0, fp: 0, fn: 0, unlabelledWarnings: 0, disagreements: [] };
  const seen = new Set<string>();
  for (const file of files) {
    const report: FileReport = analyzer.analyze(file);
    const rel = path.relative(dir, file).split(path.sep).join('/');
    const resources = report.resources.filter((r) => kept(r.kind, kind));
    if (resources.length) result.files++;
    for (const handler of resources) {
      result.resources++;
      const finding = report.findings.find((f) => f.ruleId === 'missing-auth-guard' && f.handler === handler.name);
      const warned = finding !== undefined && (finding.severity === 'warning' || finding.severity === 'error');
      if (finding && !warned) result.infos++;
      if (warned) result.warnings++;
      const label = labels.get(key(repo, rel, handler.name));
      seen.add(key(repo, rel, handler.name));
      if (label) {
        if (warned && label.label === 'hole') result.tp++;
        else if (warned) {
          result.fp++;
          result.disagreements.push(`  false warning  ${rel} ${handler.name} (${label.label}${label.idiom ? `: ${label.idiom}` : ''})`);
        } else if (label.label === 'hole') {
          result.fn++;
          result.disagreements.push(`  missed hole    ${rel} ${handler.name} (${handler.status}${label.idiom ? `; ${label.idiom}` : ''})`);
        }
      } else if (warned) result.unlabelledWarnings++;
      const work = finding?.related.find((r) => r.message.startsWith('Protected work'));
      dumpRows.push([
        repo, rel, handler.name, warned ? 'warning' : handler.status, finding?.severity ?? '', label?.label ?? '',
        finding?.message ?? '', work ? `${work.fileName ? path.relative(dir, work.fileName) : rel}:${work.range.start.line + 1} ${work.message}` : '',
        handler.kind, finding?.onlyReads ? 'reads' : '',
      ].join('\t'));
    }
  }
  for (const [k, label] of labels) {
    if (label.repo === repo && !seen.has(k) && kind === 'all') result.disagreements.push(`  label for a resource not found: ${label.file} ${label.handler}`);
  }
  return result;
}

function ratio(a: number, b: number): string {
  return b === 0 ? '   -' : (a / b).toFixed(2);
}

function printTable(results: RepoResult[]): void {
  const total = results.reduce(
    (t, r) => ({ ...t, files: t.files + r.files, resources: t.resources + r.resources, warnings: t.warnings + r.warnings, infos: t.infos + r.infos, tp: t.tp + r.tp, fp: t.fp + r.fp, fn: t.fn + r.fn, unlabelledWarnings: t.unlabelledWarnings + r.unlabelledWarnings }),
    { repo: 'total', files: 0, resources: 0, warnings: 0, infos: 0, tp: 0, fp: 0, fn: 0, unlabelledWarnings: 0, disagreements: [] } as RepoResult,
  );
  const width = Math.max(5, ...results.map((r) => r.repo.length));
  const row = (r: RepoResult) =>
    `${r.repo.padEnd(width)} ${String(r.files).padStart(6)} ${String(r.resources).padStart(9)} ${String(r.warnings).padStart(8)} ${String(r.infos).padStart(5)} ${String(r.tp).padStart(4)} ${String(r.fp).padStart(4)} ${String(r.fn).padStart(4)} ${ratio(r.tp, r.tp + r.fp).padStart(9)} ${ratio(r.tp, r.tp + r.fn).padStart(6)} ${String(r.unlabelledWarnings).padStart(10)}`;
  console.log(`${'repo'.padEnd(width)} ${'files'.padStart(6)} ${'resources'.padStart(9)} ${'warnings'.padStart(8)} ${'infos'.padStart(5)} ${'TP'.padStart(4)} ${'FP'.padStart(4)} ${'FN'.padStart(4)} ${'precision'.padStart(9)} ${'recall'.padStart(6)} ${'unlabelled'.padStart(10)}`);
  for (const r of results) console.log(row(r));
  console.log(row(total));
  const disagreements = results.filter((r) => r.disagreements.length);
  if (disagreements.length) {
    console.log('\nDisagreements with the labels:');
    for (const r of disagreements) console.log(`${r.repo}\n${r.disagreements.join('\n')}`);
  }
}

main().catch((error) => {
  process.stderr.write(`realworld: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
