/**
 * A project: the folder of the nearest package.json. It owns the compiler options (for `paths`
 * aliases such as `@/lib/auth`), resolves imports with TypeScript's own module resolution, and keeps
 * parsed helper files, reused while their text is unchanged.
 */
// import-equals compiles to a plain require, without a second getter layer over TypeScript's exports.
import ts = require('typescript');
import * as path from 'path';
import { ModuleContext, ModuleLoader, type ModelColumns } from '../analysis/module';
import type { FileSystem } from './fileSystem';
import { findWorkspacePackages, packageNameOf, resolveWorkspaceImport } from './workspaces';
import { readPrismaColumns, type PrismaColumns } from './prismaSchema';

/** Files the resolver may hand back that are project source (never declaration files). */
const SOURCE_FILE = /\.(ts|tsx|js|jsx|mts|mjs|cts|cjs)$/;

export class Project implements ModuleLoader {
  private options?: ts.CompilerOptions;
  private pathPatterns?: RegExp[];
  /** Parsed helper files (null: unreadable or too large), until fileChanged. */
  private readonly modules = new Map<string, ModuleContext | null>();
  /** The last tree of each file analysed from an editor buffer, for incremental parsing. */
  private readonly editorTrees = new Map<string, ts.SourceFile>();
  /** Import resolutions: alias or absolute target → resolved file (null: not a project file). */
  private readonly resolutions = new Map<string, string | null>();
  private resolutionCache?: ts.ModuleResolutionCache;
  /** The monorepo's workspace packages by name (see workspaces.ts), found on first bare import. */
  private workspacePackages?: Map<string, string>;
  private readonly resolutionHost: ts.ModuleResolutionHost;
  /** The Prisma schema's required columns, read on first use (see prismaSchema.ts). */
  private prismaFields?: PrismaColumns;

  constructor(
    readonly root: string,
    private readonly fs: FileSystem,
    private readonly maxFileSize: number,
    /** The project is on Clerk 6 or later (see ModuleLoader). */
    readonly clerkAuthIsAsync = true,
  ) {
    this.resolutionHost = {
      fileExists: (p) => fs.fileExists(p),
      readFile: (p) => fs.readFile(p),
      directoryExists: (p) => fs.directoryExists(p),
      realpath: (p) => p,
      getCurrentDirectory: () => root,
    };
  }

  /**
   * Parses a file's text as a module of this project. With `incremental` (an editor buffer being
   * typed in), the previous tree of that file is updated for the changed span instead of parsed again.
   */
  parse(fileName: string, text: string, incremental = false): ModuleContext {
    const previous = incremental ? this.editorTrees.get(fileName) : undefined;
    const sourceFile = previous ? reparse(previous, text) : parseSource(fileName, text);
    if (incremental) this.editorTrees.set(fileName, sourceFile);
    return new ModuleContext(fileName, sourceFile, this);
  }

  /** The editor closed the file: its tree need not be kept for incremental parsing. */
  forgetEditorTree(fileName: string): void {
    this.editorTrees.delete(fileName);
  }

  load(specifier: string, fromFile: string): ModuleContext | undefined {
    if (!this.isProjectSpecifier(specifier)) return undefined;
    // TypeScript's own cache is per containing folder, and every route sits in a folder of its own:
    // remember results by what they depend on instead (the alias, or the absolute target path).
    const key = specifier.startsWith('.') ? path.resolve(path.dirname(fromFile), specifier) : specifier;
    let file = this.resolutions.get(key);
    if (file === undefined) {
      file = this.resolve(specifier, fromFile);
      this.resolutions.set(key, file);
    }
    return file === null ? undefined : this.module(file);
  }

  private resolve(specifier: string, fromFile: string): string | null {
    const workspacePackage = this.workspacePackage(specifier);
    if (workspacePackage) return resolveWorkspaceImport(this.fs, workspacePackage, specifier) ?? null;
    const resolved = ts.resolveModuleName(specifier, fromFile, this.compilerOptions(), this.resolutionHost, this.cache()).resolvedModule;
    if (!resolved || resolved.isExternalLibraryImport) return null;
    const file = resolved.resolvedFileName;
    if (!SOURCE_FILE.test(file) || file.endsWith('.d.ts') || file.includes('/node_modules/')) return null;
    return file;
  }

  /**
   * A helper file's module, parsed once and kept until `fileChanged` says the file changed: reading
   * every helper again for every route (and every keystroke) would cost more than the analysis.
   */
  module(fileName: string): ModuleContext | undefined {
    const cached = this.modules.get(fileName);
    if (cached !== undefined) return cached ?? undefined;
    const text = this.fs.readFile(fileName);
    const module = text === undefined || text.length > this.maxFileSize ? null : this.parse(fileName, text);
    this.modules.set(fileName, module);
    return module ?? undefined;
  }

  /**
   * A file changed: drop its module. Unless it was only edited, drop every resolution too (a created or
   * deleted file can change where an import resolves).
   */
  fileChanged(fileName: string, edited = false): void {
    this.modules.delete(fileName);
    if (!edited) this.resolutions.clear();
  }

  prismaColumns(model: string): ModelColumns | undefined {
    this.prismaFields ??= readPrismaColumns(this.fs, this.root);
    return this.prismaFields.get(model);
  }

  /** Forget cached compiler options and resolutions (tsconfig/jsconfig or the Prisma schema changed). */
  invalidate(): void {
    this.prismaFields = undefined;
    this.options = undefined;
    this.pathPatterns = undefined;
    this.resolutionCache = undefined;
    this.workspacePackages = undefined;
    this.resolutions.clear();
  }

  /**
   * Relative and absolute specifiers, those matching a `paths` alias, and the monorepo's own workspace
   * packages; other bare packages (libraries) are not followed.
   */
  private isProjectSpecifier(specifier: string): boolean {
    if (specifier.startsWith('.') || specifier.startsWith('/')) return true;
    this.compilerOptions();
    return this.pathPatterns!.some((p) => p.test(specifier)) || this.workspacePackage(specifier) !== undefined;
  }

  private workspacePackage(specifier: string): string | undefined {
    if (specifier.startsWith('.') || specifier.startsWith('/')) return undefined;
    this.workspacePackages ??= findWorkspacePackages(this.fs, this.root);
    return this.workspacePackages.get(packageNameOf(specifier));
  }

  compilerOptions(): ts.CompilerOptions {
    if (!this.options) {
      this.options = this.readCompilerOptions();
      this.pathPatterns = Object.keys(this.options.paths ?? {}).map(
        // Escape every regex character, `*` included (a key may hold several), then the first `*` is the wildcard.
        (key) => new RegExp(`^${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace('\\*', '.*')}$`),
      );
    }
    return this.options;
  }

  private cache(): ts.ModuleResolutionCache {
    this.resolutionCache ??= ts.createModuleResolutionCache(this.root, (s) => s, this.compilerOptions());
    return this.resolutionCache;
  }

  /** tsconfig.json, else jsconfig.json, read with TypeScript's own reader (comments, trailing commas, extends). */
  private readCompilerOptions(): ts.CompilerOptions {
    const defaults: ts.CompilerOptions = {
      allowJs: true,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      resolveJsonModule: false,
    };
    for (const name of ['tsconfig.json', 'jsconfig.json']) {
      const configPath = path.join(this.root, name);
      if (!this.fs.fileExists(configPath)) continue;
      const read = ts.readConfigFile(configPath, (p) => this.fs.readFile(p));
      if (read.error || typeof read.config !== 'object' || read.config === null) return defaults;
      const parseHost: ts.ParseConfigHost = {
        useCaseSensitiveFileNames: true,
        fileExists: (p) => this.fs.fileExists(p),
        readFile: (p) => this.fs.readFile(p),
        // Never enumerate the project's files: only the options matter here.
        readDirectory: () => [],
      };
      const parsed = ts.parseJsonConfigFileContent(read.config, parseHost, this.root, undefined, configPath);
      return { ...defaults, ...parsed.options, allowJs: true, noEmit: true };
    }
    return defaults;
  }
}

/**
 * `ts.updateSourceFile` over the span between the longest common prefix and suffix of the two texts:
 * a keystroke re-parses one statement, not the file. The previous tree must not be used afterwards.
 */
function reparse(previous: ts.SourceFile, text: string): ts.SourceFile {
  const old = previous.text;
  if (old === text) return previous;
  const max = Math.min(old.length, text.length);
  let prefix = 0;
  while (prefix < max && old.charCodeAt(prefix) === text.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && old.charCodeAt(old.length - 1 - suffix) === text.charCodeAt(text.length - 1 - suffix)) suffix++;
  const span = { start: prefix, length: old.length - prefix - suffix };
  let updated: ts.SourceFile;
  try {
    updated = ts.updateSourceFile(previous, text, { span, newLength: text.length - prefix - suffix });
  } catch (error) {
    if (error instanceof RangeError) throw error;
    return parseSource(previous.fileName, text);
  }
  incrementallyParsed.add(updated);
  return updated;
}

/** Trees from `ts.updateSourceFile`: their identifier table only holds the names of the re-parsed span. */
const incrementallyParsed = new WeakSet<ts.SourceFile>();

/**
 * Every name the parser saw in the file (`SourceFile.identifiers`: internal, but there since
 * TypeScript 2; test/unit/rules.precheck.test.ts fails if the bundled version drops it). Undefined
 * when it is missing or, after an incremental re-parse, incomplete.
 */
export function identifierTable(sf: ts.SourceFile): ReadonlyMap<string, string> | undefined {
  const identifiers = (sf as { identifiers?: unknown }).identifiers;
  return identifiers instanceof Map && !incrementallyParsed.has(sf) ? identifiers : undefined;
}

/** TypeScript's own parser failed on a file (it asserts on a few malformed inputs): the file is skipped. */
export class UnparsableError extends Error {}

export function parseSource(fileName: string, text: string): ts.SourceFile {
  try {
    return ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, scriptKindOf(fileName));
  } catch (error) {
    // A stack overflow is deep nesting, which the analyzer reports as such.
    if (error instanceof RangeError) throw error;
    throw new UnparsableError(`TypeScript could not parse ${path.basename(fileName)} (${error instanceof Error ? error.message : String(error)})`);
  }
}

function scriptKindOf(fileName: string): ts.ScriptKind {
  if (/\.tsx$/.test(fileName)) return ts.ScriptKind.TSX;
  if (/\.(jsx|js|mjs|cjs)$/.test(fileName)) return ts.ScriptKind.JSX;
  return ts.ScriptKind.TS;
}
