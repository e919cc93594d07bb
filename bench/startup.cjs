// Start-up cost of the VS Code adapter, in a plain Node process: load dist/extension.js and call
// activate() with a stand-in `vscode` module, then check that TypeScript (dist/analyzer.js) was not
// loaded. Prints one JSON object. Used only by bench/run.mjs.
//
// The stand-in is permissive so it keeps working as the adapter grows: every property is a callable,
// constructible proxy; calls return another proxy that is also a Disposable; iterating one yields
// nothing; `then` is undefined so awaiting one does not hang.
'use strict';
const Module = require('module');
const path = require('path');

const t00 = process.hrtime.bigint();
const EXTENSION = path.resolve(__dirname, '..', 'dist', 'extension.js');
const touched = new Set();

function standIn(name) {
  const children = new Map();
  const target = function () {};
  return new Proxy(target, {
    get(_t, prop) {
      if (prop === 'then') return undefined;
      if (prop === Symbol.iterator) return function* () {};
      if (prop === Symbol.asyncIterator) return async function* () {};
      if (prop === Symbol.toPrimitive) return (hint) => (hint === 'number' ? 0 : '');
      if (prop === 'toString' || prop === 'toJSON') return () => name;
      if (prop === 'length' || prop === 'size') return 0;
      if (prop === 'dispose') return () => {};
      if (typeof prop === 'symbol') return undefined;
      const key = `${name}.${prop}`;
      touched.add(key);
      if (!children.has(prop)) children.set(prop, standIn(key));
      return children.get(prop);
    },
    set(_t, prop, value) {
      children.set(prop, value);
      return true;
    },
    has: () => true,
    apply: () => standIn(`${name}()`),
    construct: () => standIn(`new ${name}`),
  });
}

/**
 * The module itself is a plain object with every top-level name of the VS Code API (read from
 * @types/vscode), so bundlers' ESM interop (which copies own properties) sees them all; names it
 * does not know still resolve to stand-ins through the proxy.
 */
function vscodeModule() {
  let names = [];
  try {
    const dts = require('fs').readFileSync(require.resolve('@types/vscode/index.d.ts', { paths: [path.resolve(__dirname, '..')] }), 'utf8');
    names = [...dts.matchAll(/^ {4}export (?:class|enum|namespace|function|const|let|var) ([A-Za-z_$][\w$]*)/gm)].map((m) => m[1]);
  } catch {
    names = ['workspace', 'window', 'languages', 'commands', 'env', 'extensions', 'Uri', 'Range', 'Position', 'Diagnostic',
      'DiagnosticSeverity', 'DiagnosticRelatedInformation', 'Location', 'Disposable', 'EventEmitter', 'ProgressLocation',
      'LanguageStatusSeverity', 'CodeAction', 'CodeActionKind', 'WorkspaceEdit', 'TextEdit', 'StatusBarAlignment', 'RelativePattern'];
  }
  const api = {};
  for (const name of names) api[name] = standIn(`vscode.${name}`);
  return new Proxy(api, {
    get: (t, p) => (p in t || typeof p === 'symbol' || p === '__esModule' || p === 'then' ? t[p] : (t[p] = standIn(`vscode.${String(p)}`))),
  });
}

const vscode = vscodeModule();
const originalLoad = Module._load;
Module._load = function (request, parent, isMain) {
  if (request === 'vscode') return vscode;
  return originalLoad.call(this, request, parent, isMain);
};

function context() {
  const memento = { get: (_k, d) => d, update: async () => {}, keys: () => [], setKeysForSync: () => {} };
  const root = path.resolve(__dirname, '..');
  const base = {
    subscriptions: [],
    extensionPath: root,
    extensionUri: standIn('context.extensionUri'),
    globalState: memento,
    workspaceState: memento,
    asAbsolutePath: (p) => path.join(root, p),
    storagePath: undefined,
    globalStoragePath: path.join(root, '.cache', 'bench-global-storage'),
    logPath: path.join(root, '.cache', 'bench-log'),
    extensionMode: 1,
  };
  return new Proxy(base, { get: (t, p) => (p in t ? t[p] : typeof p === 'symbol' ? undefined : standIn(`context.${String(p)}`)) });
}

function loadedTypeScript() {
  return Object.keys(require.cache).filter((f) => /[\\/]analyzer\.js$|[\\/]typescript[\\/]/.test(f));
}

async function main() {
  const ctx = context();
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const extension = require(EXTENSION);
  const t1 = process.hrtime.bigint();
  let activateError;
  try {
    await extension.activate(ctx);
  } catch (error) {
    activateError = String(error && error.stack ? error.stack.split('\n').slice(0, 3).join(' | ') : error);
  }
  const t2 = process.hrtime.bigint();
  const cpu = process.cpuUsage(c0);
  const atActivation = loadedTypeScript();
  // Anything the adapter schedules right after activation (timers, promises) must not load it either.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const afterIdle = loadedTypeScript();
  const ms = (a, b) => Number(b - a) / 1e6;
  process.stdout.write(
    JSON.stringify({
      requireMs: ms(t0, t1),
      activateMs: ms(t1, t2),
      totalMs: ms(t0, t2),
      cpuMs: (cpu.user + cpu.system) / 1000,
      sinceProcessScriptMs: ms(t00, t2),
      typescriptLoadedAtActivation: atActivation.map((f) => path.relative(process.cwd(), f)),
      typescriptLoadedAfterIdle: afterIdle.map((f) => path.relative(process.cwd(), f)),
      subscriptions: ctx.subscriptions.length,
      activateError,
      touched: [...touched].filter((k) => !k.includes('()')).sort(),
    }) + '\n',
  );
  process.exit(0);
}

main();
