// In-process measurements, each run in its own Node process by bench/run.mjs and printing one JSON
// object on stdout:
//
//   node --expose-gc bench/inprocess.cjs analysis <corpus-dir> <projects> <runs>
//     Analyzer.analyze(file, text) over every route file, given the texts in memory as the floor is
//     (a fresh Analyzer per run, so helper files are read, parsed and summarised again), against the
//     parse floor: ts.createSourceFile (ScriptTarget.Latest, setParentNodes false, the analyzer's
//     script kinds) over the same route files plus the helper files the analysis reached. Also
//     Analyzer.analyze(file), which reads each route itself (as the CLI does), for information.
//     One warm-up of each, then `runs` alternated runs; medians.
//
//   node --expose-gc bench/inprocess.cjs typing <corpus-dir> <projects> <edits>
//     A ~1,000-line route file that calls helpers: one cold analysis, 50 warm-up edits, then `edits`
//     edits of a string literal, each followed by analyze(fileName, newText). Per-edit times, and whether any cached
//     helper module was parsed again (identity of the project's cached modules before and after).
//
//   node bench/inprocess.cjs profile <corpus-dir> <projects> <runs>
//     The analysis loop only (one warm-up + `runs` passes), for `node --cpu-prof`.
'use strict';
const fs = require('fs');
const path = require('path');

const REPO = path.resolve(__dirname, '..');
const ANALYZER = path.join(REPO, 'dist', 'analyzer.js');

const [mode, corpusDir, projectCount, countArg] = process.argv.slice(2);
const manifest = JSON.parse(fs.readFileSync(path.join(corpusDir, 'manifest.json'), 'utf8'));
const projects = manifest.projects.slice(0, Number(projectCount));
const routes = projects.flatMap((p) => p.routes.map((r) => path.join(corpusDir, p.name, r)));
const count = Number(countArg);

const gc = typeof global.gc === 'function' ? global.gc : () => {};
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
/** CPU time (user + system) of this process in ms: steadier than wall time on a busy machine. */
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

/** The helper modules an Analyzer has cached: projects → Project.modules (private; may be renamed). */
function cachedModules(analyzer) {
  const out = new Map();
  const projectsMap = analyzer.projects;
  if (!(projectsMap instanceof Map)) return undefined;
  for (const project of projectsMap.values()) {
    if (!(project.modules instanceof Map)) return undefined;
    for (const [file, entry] of project.modules) out.set(file, entry && entry.module ? entry.module : entry);
  }
  return out;
}

/** The TypeScript for the floor: node_modules' copy, checked against the version bundled in dist/analyzer.js. */
function floorTypeScript() {
  const ts = require(require.resolve('typescript', { paths: [REPO] }));
  const head = fs.readFileSync(ANALYZER, 'utf8');
  const bundled = /\bversion = "(\d+\.\d+\.\d+[^"]*)"/.exec(head)?.[1];
  return { ts, version: ts.version, bundledVersion: bundled };
}

function scriptKind(ts, fileName) {
  if (/\.tsx$/.test(fileName)) return ts.ScriptKind.TSX;
  if (/\.(jsx|js|mjs|cjs)$/.test(fileName)) return ts.ScriptKind.JSX;
  return ts.ScriptKind.TS;
}

/** The route texts, read once: the floor parses texts in memory, and so does the budgeted analysis. */
let routeTexts;

function analysisPass(Analyzer, { read = false } = {}) {
  routeTexts ??= routes.map((file) => fs.readFileSync(file, 'utf8'));
  const analyzer = new Analyzer();
  let findings = 0;
  let skipped = 0;
  const c0 = cpuMs();
  const t0 = performance.now();
  for (let i = 0; i < routes.length; i++) {
    const report = read ? analyzer.analyze(routes[i]) : analyzer.analyze(routes[i], routeTexts[i]);
    for (const f of report.findings) if (f.ruleId === 'missing-auth-guard') findings++;
    if (report.skipped) skipped++;
  }
  return { ms: performance.now() - t0, cpu: cpuMs() - c0, findings, skipped, analyzer };
}

function analysis() {
  const { Analyzer } = require(ANALYZER);
  const { ts, version, bundledVersion } = floorTypeScript();
  // Warm-up: JIT for both parsers; tells which helper files the analysis reaches.
  const warm = analysisPass(Analyzer);
  analysisPass(Analyzer, { read: true });
  const helpers = cachedModules(warm.analyzer);
  const helperFiles = helpers
    ? [...helpers.keys()]
    : projects.flatMap((p) => listFiles(path.join(corpusDir, p.name, 'src', 'lib')));
  const floorFiles = [...routes, ...helperFiles].map((f) => ({ f, text: fs.readFileSync(f, 'utf8'), kind: scriptKind(ts, f) }));
  const floorPass = () => {
    const c0 = cpuMs();
    const t0 = performance.now();
    for (const { f, text, kind } of floorFiles) ts.createSourceFile(f, text, ts.ScriptTarget.Latest, false, kind);
    return { ms: performance.now() - t0, cpu: cpuMs() - c0 };
  };
  const readPass = () => {
    const t0 = performance.now();
    for (const { f } of floorFiles) fs.readFileSync(f, 'utf8');
    return performance.now() - t0;
  };
  floorPass();
  const floor = [];
  const floorCpu = [];
  const analyses = [];
  const analysesCpu = [];
  const reads = [];
  const reading = [];
  let last;
  for (let i = 0; i < count; i++) {
    gc();
    const f = floorPass();
    floor.push(f.ms);
    floorCpu.push(f.cpu);
    gc();
    last = analysisPass(Analyzer);
    analyses.push(last.ms);
    analysesCpu.push(last.cpu);
    gc();
    reads.push(readPass());
    gc();
    reading.push(analysisPass(Analyzer, { read: true }).ms);
  }
  const bytes = floorFiles.reduce((s, x) => s + x.text.length, 0);
  const lines = floorFiles.reduce((s, x) => s + x.text.split('\n').length, 0);
  return {
    routes: routes.length,
    helpers: helperFiles.length,
    helpersFrom: helpers ? 'analyzer cache' : 'src/lib listing',
    lines,
    bytes,
    tsVersion: version,
    bundledTsVersion: bundledVersion,
    floorMs: median(floor),
    analysisMs: median(analyses),
    analysisReadingMs: median(reading),
    readMs: median(reads),
    floorCpuMs: median(floorCpu),
    analysisCpuMs: median(analysesCpu),
    floorRuns: floor,
    analysisRuns: analyses,
    findings: last.findings,
    skipped: last.skipped,
    expectedFindings: projects.reduce((s, p) => s + p.expectedFindings, 0),
  };
}

function listFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** Among route files of 900 to 1,100 lines, the one importing the most project helpers (then closest to 1,000 lines). */
function typingFile() {
  let best;
  for (const file of routes) {
    const text = fs.readFileSync(file, 'utf8');
    const lines = text.split('\n').length;
    if (lines < 900 || lines > 1100) continue;
    const helpers = new Set([...text.matchAll(/from '((?:@\/|\.\.?\/)[^']*)'/g)].map((m) => m[1])).size;
    const score = helpers * 10000 - Math.abs(lines - 1000);
    if (!best || score > best.score) best = { file, text, lines, score, helpers };
  }
  if (!best) throw new Error('no route file of 900 to 1,100 lines in the corpus');
  return best;
}

const WARMUP_EDITS = 50;

function typing() {
  const { Analyzer, nodeFileSystem } = require(ANALYZER);
  const target = typingFile();
  // Count file-system calls per edit (the analyzer reads helpers through this interface).
  const disk = nodeFileSystem();
  const calls = { readFile: 0, fileExists: 0, directoryExists: 0 };
  const counting = {
    readFile: (p) => (calls.readFile++, disk.readFile(p)),
    fileExists: (p) => (calls.fileExists++, disk.fileExists(p)),
    directoryExists: (p) => (calls.directoryExists++, disk.directoryExists(p)),
  };
  // Edit a string literal near the middle of the file (not in an import).
  const literals = [...target.text.matchAll(/'([^'\n\\]{3,})'/g)].filter((m) => {
    const lineStart = target.text.lastIndexOf('\n', m.index) + 1;
    return !target.text.startsWith('import', lineStart);
  });
  const mid = literals.reduce((a, b) => (Math.abs(b.index - target.text.length / 2) < Math.abs(a.index - target.text.length / 2) ? b : a));
  const edited = (k) => target.text.slice(0, mid.index + 1) + `${mid[1]} (edit ${k})` + target.text.slice(mid.index + mid[0].length - 1);

  const analyzer = new Analyzer(counting, { incremental: true }); // as the editor configures it
  const t0 = performance.now();
  const first = analyzer.analyze(target.file, target.text);
  const coldMs = performance.now() - t0;
  // Warm-up edits (an editor session has analysed other files before): timed, reported apart.
  const warmup = [];
  for (let k = 1; k <= WARMUP_EDITS; k++) {
    const text = edited(-k);
    const s = performance.now();
    analyzer.analyze(target.file, text);
    warmup.push(performance.now() - s);
  }
  const before = cachedModules(analyzer);
  const times = [];
  Object.keys(calls).forEach((k) => (calls[k] = 0));
  const cpuTimes = [];
  for (let k = 1; k <= count; k++) {
    const text = edited(k);
    const c = cpuMs();
    const s = performance.now();
    const report = analyzer.analyze(target.file, text);
    times.push(performance.now() - s);
    cpuTimes.push(cpuMs() - c);
    if (report.skipped) throw new Error(`edit ${k}: skipped: ${report.skipped}`);
  }
  const after = cachedModules(analyzer);
  let reparsed;
  if (before && after) {
    reparsed = 0;
    for (const [file, module] of after) if (before.get(file) !== module) reparsed++;
  }
  // Cross-check by timing: a fresh analyzer per call must parse and summarise the helpers again.
  const cold = [];
  for (let k = 0; k < 20; k++) {
    const fresh = new Analyzer();
    const s = performance.now();
    fresh.analyze(target.file, edited(k));
    cold.push(performance.now() - s);
  }
  // The route file's own parse, for comparison (same TypeScript version, see the analysis mode).
  const { ts } = floorTypeScript();
  const parse = [];
  for (let k = 0; k < 30; k++) ts.createSourceFile(target.file, edited(k), ts.ScriptTarget.Latest, false, scriptKind(ts, target.file));
  for (let k = 0; k < 50; k++) {
    const text = edited(k);
    const s = performance.now();
    ts.createSourceFile(target.file, text, ts.ScriptTarget.Latest, false, scriptKind(ts, target.file));
    parse.push(performance.now() - s);
  }
  return {
    file: path.relative(corpusDir, target.file),
    lines: target.lines,
    helperImports: target.helpers,
    handlers: first.resources.length,
    findings: first.findings.filter((f) => f.ruleId === 'missing-auth-guard').length,
    edits: count,
    warmupEdits: WARMUP_EDITS,
    warmupP95: percentile(warmup, 95),
    noWarmupP95: percentile([...warmup, ...times].slice(0, count), 95),
    coldFirstMs: coldMs,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    cpuP50: percentile(cpuTimes, 50),
    cpuP95: percentile(cpuTimes, 95),
    max: Math.max(...times),
    coldAnalyzerMedianMs: median(cold),
    routeParseMedianMs: median(parse),
    cachedHelpers: after ? after.size : undefined,
    reparsedHelpers: reparsed,
    fsCallsPerEdit: Object.fromEntries(Object.entries(calls).map(([k, v]) => [k, v / count])),
  };
}

function profile() {
  const { Analyzer } = require(ANALYZER);
  analysisPass(Analyzer);
  const times = [];
  for (let i = 0; i < count; i++) times.push(analysisPass(Analyzer).ms);
  return { routes: routes.length, passes: count, analysisRuns: times };
}

const result = mode === 'analysis' ? analysis() : mode === 'typing' ? typing() : mode === 'profile' ? profile() : undefined;
if (!result) {
  process.stderr.write(`unknown mode ${mode}\n`);
  process.exit(2);
}
process.stdout.write(JSON.stringify(result) + '\n');
