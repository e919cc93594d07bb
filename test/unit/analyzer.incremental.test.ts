/**
 * The editor's analyzer re-parses only the changed span of a file (ts.updateSourceFile). Whatever the
 * sequence of edits, its findings must equal those of a fresh full parse of the same text.
 */
import * as assert from 'assert';
import * as path from 'path';
import { Analyzer, memoryFileSystem } from '../../src/core';
import { loadResourceFixtures } from './support/fixtures';

const ROOT = '/virtual/project';
const PACKAGE = JSON.stringify({ dependencies: { '@clerk/nextjs': '^7.0.0' } });

function summary(analyzer: Analyzer, fileName: string, text: string): string[] {
  const report = analyzer.analyze(fileName, text);
  return [
    ...report.resources.map((h) => `${h.name} ${h.status} ${h.nameStart}-${h.nameEnd}`),
    ...report.findings.map((f) => `${f.ruleId} ${f.handler ?? ''} ${f.start}-${f.end}`),
  ].sort();
}

/** Edits as typing makes them: delete a line, put it back, type inside a line, undo. */
function editSequence(text: string): string[] {
  const lines = text.split('\n');
  const texts: string[] = [];
  for (let i = Math.floor(lines.length / 3); i < lines.length; i += Math.max(1, Math.floor(lines.length / 4))) {
    texts.push([...lines.slice(0, i), ...lines.slice(i + 1)].join('\n'));
    texts.push(text);
    const at = text.indexOf('\n', Math.floor(text.length / 2));
    if (at > 0) texts.push(text.slice(0, at) + ' // typing' + text.slice(at));
    texts.push(text.slice(0, Math.floor(text.length * 0.6)));
    texts.push(text);
  }
  return texts;
}

describe('analyzer: incremental re-parsing matches a full parse', () => {
  for (const fixture of loadResourceFixtures()) {
    it(fixture.name, () => {
      const fileName = path.posix.join(ROOT, fixture.virtualPath);
      const files = { [`${ROOT}/package.json`]: PACKAGE };
      const incremental = new Analyzer(memoryFileSystem(files), { incremental: true });
      for (const text of [fixture.text, ...editSequence(fixture.text)]) {
        const fresh = new Analyzer(memoryFileSystem(files));
        assert.deepStrictEqual(summary(incremental, fileName, text), summary(fresh, fileName, text));
      }
    });
  }
});
