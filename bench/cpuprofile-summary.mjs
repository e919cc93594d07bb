// Summarises a V8 .cpuprofile (from `node --cpu-prof`): the top functions by self time, attributed to
// bundle function names and, through the bundle's source map, to the original file and line
// (src/core/… or node_modules/typescript/…); then self time per original file, and the inclusive
// time of the analyzer's main steps.
//
// Usage: node bench/cpuprofile-summary.mjs <file.cpuprofile> [--top 20]
import { readFileSync, existsSync } from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Inclusive-time rows: analyzer entry points worth watching (matched on the bundle's function names). */
const STEPS = [
  'analyze', 'projectFor', 'projectRoot', 'readFile', 'parse', 'parseSource', 'createSourceFile', 'checkRouteModule',
  'findHandlers', 'judge', 'runFunction', 'summarize', 'load', 'resolveModuleName', 'module', 'exportTarget',
  'exportValue', 'indexDeclarations', 'missingGuardFinding', 'annotationReason', 'publicAnnotationReason',
  'getLineAndCharacterOfPosition', 'getLineStarts', 'getStart', 'laterClerkCall', 'statSync', 'readFileSync',
];

export function summarize(profilePath, { top = 20 } = {}) {
  const profile = JSON.parse(readFileSync(profilePath, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  // Self time per node from the sample deltas (more exact than hitCount × interval).
  const self = new Map();
  const stacks = [];
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0) / 1000;
    const id = profile.samples[i];
    self.set(id, (self.get(id) ?? 0) + dt);
    stacks.push([id, dt]);
    total += dt;
  }

  const maps = new Map();
  const sourceMapFor = (url) => {
    if (!url.startsWith('file://')) return undefined;
    if (maps.has(url)) return maps.get(url);
    let map;
    const file = fileURLToPath(url);
    if (existsSync(`${file}.map`)) {
      try {
        map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')));
      } catch {
        map = undefined;
      }
    }
    maps.set(url, map);
    return map;
  };
  const shortPath = (p) => {
    const abs = p.startsWith('file://') ? fileURLToPath(p) : path.resolve(path.dirname(fileURLToPath(pathToFileURL(REPO + '/dist/x'))), p);
    const rel = path.relative(REPO, abs);
    return rel.startsWith('..') ? p : rel;
  };
  const origin = (frame) => {
    const { url, lineNumber, columnNumber } = frame;
    if (!url) return { file: '(native)', line: 0 };
    const map = sourceMapFor(url);
    if (map && lineNumber >= 0) {
      const entry = map.findEntry(lineNumber, columnNumber);
      if (entry && entry.originalSource) return { file: shortPath(entry.originalSource), line: entry.originalLine + 1, bundle: `${shortPath(url)}:${lineNumber + 1}` };
    }
    return { file: url.startsWith('file://') ? shortPath(url) : url.replace(/^node:/, 'node:'), line: lineNumber + 1 };
  };
  const keyOf = (n) => `${n.callFrame.functionName || '(anonymous)'}\u0000${n.callFrame.url}\u0000${n.callFrame.lineNumber}\u0000${n.callFrame.columnNumber}`;

  const rows = new Map();
  for (const [id, ms] of self) {
    const n = byId.get(id);
    const key = keyOf(n);
    const row = rows.get(key) ?? { name: n.callFrame.functionName || '(anonymous)', frame: n.callFrame, self: 0 };
    row.self += ms;
    rows.set(key, row);
  }
  const ranked = [...rows.values()].sort((a, b) => b.self - a.self);

  // Self time per original source file (TypeScript's own files are one bundle module: split by area).
  const perFile = new Map();
  for (const row of ranked) {
    const o = origin(row.frame);
    const area = o.file.includes('typescript') ? 'typescript (bundled compiler)' : o.file;
    perFile.set(area, (perFile.get(area) ?? 0) + row.self);
  }

  // Inclusive time: the analyzer's entry points by name, and every function of the project's own
  // sources (src/…, through the source map); a sample counts once per function on its stack.
  const originOfNode = new Map();
  const nodeOrigin = (id) => {
    if (!originOfNode.has(id)) originOfNode.set(id, origin(byId.get(id).callFrame));
    return originOfNode.get(id);
  };
  const inclusive = new Map();
  const inclusiveSrc = new Map();
  for (const [id, dt] of stacks) {
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const frame = byId.get(cur).callFrame;
      const name = frame.functionName;
      if (STEPS.includes(name) && !seen.has(name)) {
        seen.add(name);
        inclusive.set(name, (inclusive.get(name) ?? 0) + dt);
      }
      const o = nodeOrigin(cur);
      if (o.file.startsWith('src/')) {
        const key = `${name || '(anonymous)'}  (${o.file}:${o.line})`;
        if (!seen.has(key)) {
          seen.add(key);
          inclusiveSrc.set(key, (inclusiveSrc.get(key) ?? 0) + dt);
        }
      }
    }
  }

  const pct = (ms) => `${((100 * ms) / total).toFixed(1).padStart(5)}%`;
  const out = [];
  out.push(`CPU profile ${path.relative(process.cwd(), profilePath)}: ${(total / 1000).toFixed(2)} s sampled`);
  out.push('');
  out.push(`Top ${top} functions by self time:`);
  out.push(`  ${'self ms'.padStart(8)} ${'share'.padStart(6)}  function  (original source ← bundle line)`);
  for (const row of ranked.slice(0, top)) {
    const o = origin(row.frame);
    const where = o.bundle ? `${o.file}:${o.line} ← ${o.bundle}` : `${o.file}${o.line ? `:${o.line}` : ''}`;
    out.push(`  ${row.self.toFixed(0).padStart(8)} ${pct(row.self)}  ${row.name}  (${where})`);
  }
  out.push('');
  out.push('Self time by source:');
  for (const [file, ms] of [...perFile].sort((a, b) => b[1] - a[1]).slice(0, 15)) out.push(`  ${ms.toFixed(0).padStart(8)} ${pct(ms)}  ${file}`);
  out.push('');
  out.push('Inclusive time of analyzer steps (bundle function names; a sample counts once per name):');
  for (const [name, ms] of [...inclusive].sort((a, b) => b[1] - a[1])) out.push(`  ${ms.toFixed(0).padStart(8)} ${pct(ms)}  ${name}`);
  out.push('');
  out.push(`Top ${top} project functions (src/…) by inclusive time:`);
  for (const [key, ms] of [...inclusiveSrc].sort((a, b) => b[1] - a[1]).slice(0, top)) out.push(`  ${ms.toFixed(0).padStart(8)} ${pct(ms)}  ${key}`);
  return out.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: node bench/cpuprofile-summary.mjs <file.cpuprofile> [--top N]');
    process.exit(2);
  }
  const i = process.argv.indexOf('--top');
  console.log(summarize(path.resolve(file), { top: i > 0 ? Number(process.argv[i + 1]) : 20 }));
}
