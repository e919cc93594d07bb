/**
 * `clerk-route-guard check [paths…]`: the analysis core as a CI gate. Exit codes follow ESLint:
 * 0 clean (or within --max-warnings), 1 findings, 2 bad usage or an unreadable path.
 */
import { parseArgs } from 'util';
import { Analyzer, FileReport } from '../core';
import { PathError, collectCheckedFiles } from './files';
import { fixFlaggedFiles } from './fix';
import { CheckedFile, FORMATS, Format, counts, formatJson, formatSarif, formatStylish } from './formatters';

declare const CRG_VERSION: string;
const VERSION = typeof CRG_VERSION === 'string' ? CRG_VERSION : 'dev';

const USAGE = `Usage: clerk-route-guard check [paths...] [options]

Checks Next.js route handlers (app/**/route.ts) for a missing Clerk auth guard.
Paths are files or folders (default: the current folder).

Options:
  --format <stylish|json|sarif>  output format (default: stylish)
  --max-warnings <n>             exit 1 only when there are more than n warnings (errors always fail)
  --public-route <glob>          routes that are public by design, relative to the project root (repeatable)
  --max-file-size <chars>        skip files larger than this (default: 2000000)
  --fix                          add the Clerk auth check (401) to every flagged handler, then report what remains
  -h, --help                     show this help
  -v, --version                  show the version`;

/** A usage problem: reported as one line on stderr with exit code 2. */
class UsageError extends Error {}

interface CliOptions {
  paths: string[];
  format: Format;
  maxWarnings?: number;
  publicRoutes: string[];
  maxFileSize?: number;
  fix?: boolean;
}

function parseCommandLine(argv: string[]): CliOptions | 'help' | 'version' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        'max-warnings': { type: 'string' },
        'public-route': { type: 'string', multiple: true },
        'max-file-size': { type: 'string' },
        fix: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (values.version) return 'version';
  const [command, ...paths] = positionals;
  if (command === undefined) return 'help';
  if (command !== 'check') throw new UsageError(`unknown command "${command}" (expected "check")`);
  const format = (values.format ?? 'stylish') as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`unknown format "${values.format}" (expected ${FORMATS.join(', ')})`);
  return {
    paths: paths.length ? paths : ['.'],
    format,
    maxWarnings: wholeNumber('--max-warnings', values['max-warnings']),
    publicRoutes: values['public-route'] ?? [],
    maxFileSize: wholeNumber('--max-file-size', values['max-file-size']),
    fix: values.fix === true,
  };
}

function wholeNumber(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} takes a whole number, got "${value}"`);
  return Number(value);
}

function run(options: CliOptions): number {
  const cwd = process.cwd();
  const files = collectCheckedFiles(options.paths, cwd);
  if (options.fix) fixFlaggedFiles(files, { publicRoutes: options.publicRoutes, maxFileSize: options.maxFileSize }, cwd, (line) => process.stderr.write(line + '\n'));
  const analyzer = new Analyzer(undefined, { publicRoutes: options.publicRoutes, maxFileSize: options.maxFileSize });
  const progress = process.stderr.isTTY && files.length > 200;
  const reports: CheckedFile[] = [];
  let previousRoot: string | undefined;
  files.forEach((file, i) => {
    if (progress && i % 100 === 0) process.stderr.write(`\rclerk-route-guard: ${i}/${files.length} files`);
    const report = analyzer.analyze(file);
    if (previousRoot !== undefined && report.projectRoot !== previousRoot) analyzer.releaseProject(previousRoot);
    previousRoot = report.projectRoot;
    reports.push(keep(report));
  });
  if (progress) process.stderr.write('\r\u001b[K');
  const output = format(options.format, reports, cwd);
  if (output) process.stdout.write(output + '\n');
  const internalErrors = reports.filter((r) => r.skipped?.startsWith('internal error'));
  for (const r of internalErrors) process.stderr.write(`clerk-route-guard: ${r.fileName}: ${r.skipped}\n`);
  // Like ESLint: a file the checker could not check is a failure of the run, not a clean result.
  return internalErrors.length ? 2 : exitCode(reports, options.maxWarnings);
}

function keep(report: FileReport): CheckedFile {
  // Copies, not slices: a message cut from the source would keep the whole file's text alive.
  const copy = (text: string): string => JSON.parse(JSON.stringify(text)) as string;
  const findings = report.findings.map(({ fix: _fix, onlyReads: _onlyReads, ...f }) => ({
    ...f,
    // What `--fix` changes: the guard added to a flagged resource (migration fixes are editor-only).
    fixable: f.ruleId === 'missing-auth-guard' && counts(f),
    message: copy(f.message),
    related: f.related.map((r) => ({ ...r, message: copy(r.message) })),
  }));
  return { fileName: report.fileName, projectRoot: report.projectRoot, skipped: report.skipped, findings };
}

function format(kind: Format, reports: CheckedFile[], cwd: string): string {
  switch (kind) {
    case 'json':
      return formatJson(reports, (f) => f.fixable === true);
    case 'sarif':
      return formatSarif(reports, cwd, VERSION);
    default:
      return formatStylish(reports, cwd, process.stdout.isTTY === true);
  }
}

function exitCode(reports: CheckedFile[], maxWarnings: number | undefined): number {
  const findings = reports.flatMap((r) => r.findings).filter(counts);
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  if (errors > 0) return 1;
  if (maxWarnings !== undefined) return warnings > maxWarnings ? 1 : 0;
  return warnings > 0 ? 1 : 0;
}

export function main(argv: string[]): number {
  try {
    const options = parseCommandLine(argv);
    if (options === 'help') {
      process.stdout.write(USAGE + '\n');
      return 0;
    }
    if (options === 'version') {
      process.stdout.write(VERSION + '\n');
      return 0;
    }
    return run(options);
  } catch (error) {
    if (error instanceof UsageError || error instanceof PathError) {
      process.stderr.write(`clerk-route-guard: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`clerk-route-guard: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
