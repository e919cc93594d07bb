/**
 * `clerk-route-guard check [paths…]`: the analysis core as a CI gate. Exit codes follow ESLint:
 * 0 clean (or within --max-warnings), 1 findings, 2 bad usage or an unreadable path.
 * `map [paths…]` prints the protection map; `migrate [paths…]` moves the middleware's protection into
 * the resources (1 while anything could not be migrated).
 */
import { parseArgs } from 'util';
import * as path from 'path';
import { Analyzer, buildProtectionMap, FileReport, isMiddlewareFilePath } from '../core';
import { PathError, collectCheckedFiles } from './files';
import { fixFlaggedFiles } from './fix';
import { CheckedFile, FORMATS, Format, counts, formatJson, formatSarif, formatStylish } from './formatters';
import { formatMapHtml, formatMapJson, formatMapText, MAP_FORMATS, MapFormat } from './map';
import { migrateProjects } from './migrate';

declare const CRG_VERSION: string;
const VERSION = typeof CRG_VERSION === 'string' ? CRG_VERSION : 'dev';

const USAGE = `Usage: clerk-route-guard <check|map|migrate> [paths...] [options]

Finds the server-side resources of a Next.js App Router app (route handlers, pages, layouts, templates,
defaults, Server Functions) that do protected work without a signed-in Clerk user.
Paths are files or folders (default: the current folder).

Commands:
  check                          report findings (exit 1 when there are warnings or errors)
  map                            print every resource with its URL and who protects it
  migrate                        move the middleware's createRouteMatcher protection into the resources

Options:
  --format <format>              check: stylish|json|sarif (default: stylish); map: text|json|html (default: text)
  --max-warnings <n>             check: exit 1 only when there are more than n warnings (errors always fail)
  --public-route <glob>          resources that are public by design, relative to the project root (repeatable)
  --max-file-size <chars>        skip files larger than this (default: 2000000)
  --fix                          check: add the Clerk auth check to every flagged resource, then report what remains
  --dry-run                      migrate: print the changes (a table and a unified diff) without writing
  -h, --help                     show this help
  -v, --version                  show the version`;

/** A usage problem: reported as one line on stderr with exit code 2. */
class UsageError extends Error {}

type Command = 'check' | 'map' | 'migrate';
const COMMANDS: readonly Command[] = ['check', 'map', 'migrate'];

interface CliOptions {
  command: Command;
  paths: string[];
  format: Format | MapFormat;
  dryRun?: boolean;
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
        'dry-run': { type: 'boolean' },
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
  if (!COMMANDS.includes(command as Command)) throw new UsageError(`unknown command "${command}" (expected ${COMMANDS.join(', ')})`);
  const formats: readonly string[] = command === 'map' ? MAP_FORMATS : FORMATS;
  const format = values.format ?? formats[0];
  if (!formats.includes(format)) throw new UsageError(`unknown format "${values.format}" for ${command} (expected ${formats.join(', ')})`);
  if (values.fix && command !== 'check') throw new UsageError('--fix is an option of check');
  if (values['dry-run'] && command !== 'migrate') throw new UsageError('--dry-run is an option of migrate');
  return {
    command: command as Command,
    paths: paths.length ? paths : ['.'],
    format: format as Format | MapFormat,
    dryRun: values['dry-run'] === true,
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
  if (options.command === 'map') return printMap(options, files, cwd);
  if (options.command === 'migrate') return migrate(options, files, cwd);
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
  const output = format(options.format as Format, reports, cwd);
  if (output) process.stdout.write(output + '\n');
  const internalErrors = reports.filter((r) => r.skipped?.startsWith('internal error'));
  for (const r of internalErrors) process.stderr.write(`clerk-route-guard: ${r.fileName}: ${r.skipped}\n`);
  // Like ESLint: a file the checker could not check is a failure of the run, not a clean result.
  return internalErrors.length ? 2 : exitCode(reports, options.maxWarnings);
}

function printMap(options: CliOptions, files: readonly string[], cwd: string): number {
  const analyzer = new Analyzer(undefined, { publicRoutes: options.publicRoutes, maxFileSize: options.maxFileSize });
  const resources = buildProtectionMap(analyzer, files);
  const title = `Protection map of ${path.basename(path.resolve(cwd, options.paths[0]))}`;
  const text = options.format === 'json' ? formatMapJson(resources, cwd) : options.format === 'html' ? formatMapHtml(resources, cwd, title) : formatMapText(resources, cwd);
  process.stdout.write(text + '\n');
  return 0;
}

/** The middleware files Next.js could run (not inside an app folder). */
function migrate(options: CliOptions, files: readonly string[], cwd: string): number {
  const middlewareFiles = files.filter((f) => isMiddlewareFilePath(f));
  if (middlewareFiles.length === 0) {
    process.stderr.write('clerk-route-guard: no middleware.ts or proxy.ts found: nothing to migrate\n');
    return 0;
  }
  const result = migrateProjects(middlewareFiles, cwd, options.dryRun === true, (line) => process.stdout.write(line + '\n'));
  const refused = result.plans.reduce((n, p) => n + p.refused.length, 0);
  return refused > 0 || result.problems.length > 0 ? 1 : 0;
}

function keep(report: FileReport): CheckedFile {
  // Copies, not slices: a message cut from the source would keep the whole file's text alive.
  const copy = (text: string): string => JSON.parse(JSON.stringify(text)) as string;
  const findings = report.findings.map(({ fix: _fix, onlyReads: _onlyReads, publicIntent: _publicIntent, failedCheck: _failedCheck, ...f }) => ({
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
