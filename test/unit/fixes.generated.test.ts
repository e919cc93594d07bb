/**
 * Property tests of the quick fixes over generated route files: every handler form × every body shape ×
 * every code style (indentation, quotes, semicolons, line endings), each with extra dimensions drawn by
 * fast-check from a fixed seed (Clerk API, .ts/.js, existing imports, another handler, comments, BOM).
 * Each case checks the properties in fixes/harness.ts, that the edit follows the file's style, and that
 * an existing auth() call is reused rather than repeated.
 */
import * as assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { applyEdits, fixAllInFile, quickFixesFor } from '../../src/core';
import { checkAction, Workspace } from './fixes/harness';
import {
  AUTH_SHAPES, describeVariant, EXPRESSION_SHAPES, Extras, Form, FORMS, generate, Shape, SHAPES, STYLES, Variant,
} from './fixes/variants';

const SEED = 20251127;

const extrasArb: fc.Arbitrary<Extras> = fc.record({
  api: fc.constantFrom('v4' as const, 'v5' as const, 'v6' as const),
  ext: fc.constantFrom('ts' as const, 'js' as const),
  clerkImport: fc.constantFrom('none' as const, 'other' as const, 'nextauth' as const),
  nextResponse: fc.boolean(),
  other: fc.constantFrom('guarded' as const, 'unguarded' as const, 'none' as const),
  decoration: fc.constantFrom('none' as const, 'comment-after-brace' as const, 'jsdoc' as const, 'leading-comment' as const, 'bom' as const),
});

function grid(): Array<[Form, Shape]> {
  return FORMS.flatMap((form) => SHAPES.filter((shape) => form !== 'arrow-expression' || EXPRESSION_SHAPES.has(shape)).map((shape): [Form, Shape] => [form, shape]));
}

const packageJson = (v: Variant) =>
  JSON.stringify({ dependencies: { '@clerk/nextjs': { v4: '4.29.0', v5: '5.7.0', v6: '7.9.0' }[v.extras.api], next: '16.0.0' } });

const RANDOM_RUNS = 200;
const counts = { cases: 0, random: 0, actions: 0, byForm: new Map<string, number>(), byShape: new Map<string, number>(), byApi: new Map<string, number>() };
const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);

/** The whole fixed file keeps the generated file's style. */
function assertStyle(v: Variant, fixed: string, label: string): void {
  const text = fixed.replace(/^\uFEFF/, '');
  if (v.style.eol === '\r\n') assert.ok(!/(^|[^\r])\n/.test(text), `${label}: a bare LF in a CRLF file`);
  else assert.ok(!text.includes('\r'), `${label}: a CR in an LF file`);
  const other = v.style.quote === "'" ? '"' : "'";
  assert.ok(!text.includes(other), `${label}: ${other} quotes in a ${v.style.quote} file`);
  for (const line of text.split(v.style.eol)) {
    assert.ok(!/[ \t]$/.test(line), `${label}: trailing whitespace: ${JSON.stringify(line)}`);
    const indent = /^[ \t]*/.exec(line)![0];
    if (v.style.indent === '\t') assert.ok(!indent.includes(' '), `${label}: spaces in a tab-indented file: ${JSON.stringify(line)}`);
    else assert.ok(!indent.includes('\t') && indent.length % v.style.indent.length === 0, `${label}: indentation ${JSON.stringify(line)}`);
    const code = line.trim();
    if (!v.style.semi) assert.ok(!code.endsWith(';'), `${label}: a semicolon in a file without: ${JSON.stringify(line)}`);
    else if (/^(const|return|await|import)\b/.test(code)) assert.ok(/[;({,]$/.test(code), `${label}: missing semicolon: ${JSON.stringify(line)}`);
  }
}

/** What the add-guard fix must have done for the body shape. */
function assertReuse(v: Variant, fixed: string, label: string): void {
  const q = (s: string) => s.replace(/'/g, v.style.quote);
  const authCalls = (fixed.match(/\b(auth|clerkAuth)\(\)/g) ?? []).length;
  assert.equal(authCalls, 1, `${label}: auth() called ${authCalls} times`);
  if (v.shape === 'renamed-auth') assert.match(fixed, /if \(!clerkId\) \{/, `${label}: checks the renamed binding`);
  if (v.shape === 'auth-object') assert.match(fixed, /if \(!session\.userId\) \{/, `${label}: checks session.userId`);
  if (v.shape === 'non-stopping-check') {
    assert.equal((fixed.match(/if \(!userId\)/g) ?? []).length, 1, `${label}: one check`);
    assert.match(fixed, /console\.warn\(.signed out.\);?\r?\n\s*return /, `${label}: the logging check now returns`);
  }
  if (v.shape === 'auth-after-work') {
    assert.ok(fixed.indexOf('if (!userId)') < fixed.indexOf('db.item.findMany()'), `${label}: the check moved before the work`);
    assert.equal((fixed.match(/db\.item\.findMany\(\)/g) ?? []).length, 1, `${label}: the work stays once`);
  } else {
    const expected = v.extras.nextResponse ? q("NextResponse.json({ error: 'Unauthorized' }, { status: 401 })") : q("new Response('Unauthorized', { status: 401 })");
    assert.ok(fixed.includes(`return ${expected}`), `${label}: answers with ${expected}`);
  }
  if (v.extras.clerkImport === 'nextauth' && !AUTH_SHAPES.has(v.shape)) {
    assert.match(fixed, /import \{ (currentUser, )?auth as clerkAuth \} from/, `${label}: Clerk's auth imported as clerkAuth`);
    assert.match(fixed, /clerkAuth\(\)/, `${label}: and called so`);
  }
  const clerkModule = v.extras.api === 'v4' ? '@clerk/nextjs' : '@clerk/nextjs/server';
  const imports = fixed.match(new RegExp(`from ${v.style.quote}${clerkModule.replace(/\//g, '\\/')}${v.style.quote}`, 'g')) ?? [];
  assert.equal(imports.length, 1, `${label}: one import from ${clerkModule}`);
  const awaitsAuth = /await (auth|clerkAuth)\(\)/.test(fixed);
  assert.equal(awaitsAuth, v.extras.api === 'v6', `${label}: auth() awaited only on v6`);
}

function checkVariant(v: Variant): void {
  const label = describeVariant(v);
  const ws = new Workspace({ '/virtual/gen/package.json': packageJson(v), [v.fileName]: v.text });
  const report = ws.analyzer().analyze(v.fileName);
  assert.equal(report.skipped, undefined, label);
  const status = report.resources.find((h) => h.name === 'GET')?.status;
  assert.equal(status, v.shape === 'empty' ? 'guarded' : 'unguarded', `${label}: generated status\n${v.text}`);

  const api = v.extras.api;
  // A file with no indented line cannot show its indentation: the editor's setting is passed then.
  const fallbackStyle = /^[ \t]+\S/m.test(v.text) ? undefined : { indent: v.style.indent };
  const actions = quickFixesFor(ws.analyzer(), v.fileName, v.text, 'GET', api, { anyStatus: v.shape === 'empty', fallbackStyle });
  assert.deepEqual(actions.map((a) => a.id), api === 'v4' ? ['add-guard', 'mark-public'] : ['add-guard', 'protect', 'mark-public'], label);
  for (const action of actions) {
    counts.actions++;
    const after = checkAction(ws, v.fileName, 'GET', action, { expect: action.id === 'mark-public' ? 'public' : 'guarded', api });
    const fixed = after.text(v.fileName);
    assertStyle(v, fixed, `${label} ${action.id}`);
    if (action.id === 'add-guard') assertReuse(v, fixed, `${label} add-guard`);
    if (action.id === 'mark-public') {
      assert.equal(applyEdits(v.text, action.edits).replace(/^\uFEFF/, '').slice(action.selection!.start, action.selection!.end), 'why signed-out callers may use this handler');
    }
  }

  // Fix-all fixes GET and the unguarded PATCH at once, with one import; a second run has nothing to do.
  const edits = fixAllInFile(ws.analyzer(), v.fileName, v.text, api, { fallbackStyle });
  const fixed = ws.withEdits(edits);
  const after = fixed.analyzer().analyze(v.fileName);
  assert.deepEqual(after.findings.filter((f) => f.ruleId === 'missing-auth-guard').map((f) => f.handler), [], `${label}: fix-all`);
  if (edits.length) assertStyle(v, fixed.text(v.fileName), `${label} fix-all`);
  assert.deepEqual(fixAllInFile(fixed.analyzer(), v.fileName, fixed.text(v.fileName), api), [], `${label}: second fix-all`);
}

describe('quick fixes on generated handlers (form × body shape × style)', function () {
  this.timeout(300_000);
  const cells = grid();
  const extras = fc.sample(extrasArb, { numRuns: cells.length * STYLES.length, seed: SEED });
  const started = performance.now();

  after(() => {
    const fmt = (m: Map<string, number>) => [...m].map(([k, n]) => `${k} ${n}`).join(', ');
    console.log(
      `      (${counts.cases} generated grid cases + ${counts.random} random fast-check cases; ${counts.actions} quick fixes and ${counts.cases + counts.random} fix-alls checked in ${Math.round(performance.now() - started)} ms; seed ${SEED})`,
    );
    console.log(`      (by form: ${fmt(counts.byForm)})`);
    console.log(`      (by shape: ${fmt(counts.byShape)})`);
    console.log(`      (by API: ${fmt(counts.byApi)}; ${STYLES.length} styles per form × shape)`);
  });

  let k = 0;
  for (const form of FORMS) {
    it(form, () => {
      for (const [f, shape] of cells) {
        if (f !== form) continue;
        for (const style of STYLES) {
          const v = generate(form, shape, style, extras[k++ % extras.length]);
          checkVariant(v);
          counts.cases++;
          bump(counts.byForm, form);
          bump(counts.byShape, shape);
          bump(counts.byApi, v.extras.api);
        }
      }
    });
  }

  it('a random sample of the same space, with fast-check shrinking on failure', () => {
    fc.assert(
      fc.property(fc.constantFrom(...cells), fc.constantFrom(...STYLES), extrasArb, ([form, shape], style, ex) => {
        checkVariant(generate(form, shape, style, ex));
        counts.random++;
      }),
      { numRuns: RANDOM_RUNS, seed: SEED + 1 },
    );
  });
});
