/**
 * The rule pages say what the rules do: one page per rule, its header's default severity and "Quick
 * fix: yes/no" agree with the rule table, and every whole-file sample under "Bad" is reported by its
 * rule while every one under "Good" is not (statement-only samples are illustrations and are skipped).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Analyzer, memoryFileSystem, RULES, RuleId } from '../../src/core';

const DOCS = path.resolve(__dirname, '../../docs/rules');

/**
 * Where a rule's samples live when their first line does not say: the middleware rule's in
 * middleware.ts; null for middleware-not-covering and route-matcher-protection, whose findings need routes and a middleware file
 * together (test/unit/middleware.fixtures.test.ts checks it on whole projects).
 */
const SAMPLE_FILE: Partial<Record<RuleId, string | null>> = { 'deprecated-middleware': 'middleware.ts', 'middleware-not-covering': null, 'route-matcher-protection': null };
const ROOT = '/virtual/project';

interface Sample {
  section: 'Bad' | 'Good';
  file: string;
  code: string;
}

/** Code blocks under `## Bad` / `## Good` that are whole files (they import or export something). */
function samples(markdown: string, rule: RuleId): Sample[] {
  if (SAMPLE_FILE[rule] === null) return [];
  const out: Sample[] = [];
  let section: Sample['section'] | undefined;
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heading = /^## (.*)$/.exec(lines[i]);
    if (heading) section = heading[1] === 'Bad' || heading[1] === 'Good' ? heading[1] : undefined;
    const fence = /^```(ts|tsx)$/.exec(lines[i]);
    if (!fence || !section) continue;
    const end = lines.indexOf('```', i + 1);
    const code = lines.slice(i + 1, end).join('\n');
    i = end;
    if (!/^(import|export) /m.test(code) || code.includes('…')) continue;
    // `// app/notes/actions.ts` on the first line says where the sample lives.
    const named = /^\/\/ ((?:src\/)?app\/\S+|\S*(?:middleware|proxy)\.tsx?|\S+\.tsx?)$/.exec(code.split('\n')[0]);
    out.push({ section, file: named?.[1] ?? SAMPLE_FILE[rule] ?? `app/api/sample/route.${fence[1]}`, code });
  }
  return out;
}

function findingsOf(sample: Sample): string[] {
  const pkg = JSON.stringify({ dependencies: { '@clerk/nextjs': '^7.0.0', next: '^16.0.0' } });
  const fileName = `${ROOT}/${sample.file}`;
  const analyzer = new Analyzer(memoryFileSystem({ [`${ROOT}/package.json`]: pkg, [fileName]: sample.code }));
  return analyzer.analyze(fileName).findings.filter((f) => f.severity !== 'info').map((f) => f.ruleId);
}

describe('rule docs', () => {
  const pages = fs.readdirSync(DOCS).filter((f) => f.endsWith('.md'));

  it('has exactly one page per rule', () => {
    assert.deepEqual(pages.map((p) => p.replace(/\.md$/, '')).sort(), Object.keys(RULES).sort());
  });

  for (const rule of Object.keys(RULES) as RuleId[]) {
    describe(rule, () => {
      const markdown = fs.readFileSync(path.join(DOCS, `${rule}.md`), 'utf8');

      it('the header names the rule, its default severity and whether it has a quick fix', () => {
        assert.equal(markdown.split('\n')[0], `# ${rule}`);
        const header = markdown.split('\n').find((l) => l.startsWith('**Default severity:**')) ?? '';
        assert.ok(header.includes(RULES[rule].defaultSeverity), `${header} mentions ${RULES[rule].defaultSeverity}`);
        const fix = /\*\*Quick fix(?:es)?:\*\* (yes|no)/.exec(header)?.[1];
        assert.equal(fix, RULES[rule].fix === 'none' ? 'no' : 'yes', header);
      });

      for (const sample of samples(markdown, rule)) {
        it(`${sample.section} sample ${sample.file} ${sample.section === 'Bad' ? 'is' : 'is not'} reported`, () => {
          const found = findingsOf(sample);
          if (sample.section === 'Bad') assert.ok(found.includes(rule), `expected ${rule}, got ${JSON.stringify(found)}`);
          else assert.ok(!found.includes(rule), `expected no ${rule}, got ${JSON.stringify(found)}`);
        });
      }
    });
  }

  it('checks the whole-file samples of missing-auth-guard and deprecated-middleware', () => {
    for (const rule of ['missing-auth-guard', 'deprecated-middleware'] as const) {
      const found = samples(fs.readFileSync(path.join(DOCS, `${rule}.md`), 'utf8'), rule);
      assert.ok(found.some((s) => s.section === 'Bad') && found.some((s) => s.section === 'Good'), rule);
    }
  });
});
