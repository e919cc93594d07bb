import * as fs from 'fs';
import * as path from 'path';
import { Analyzer } from '../src/core';
import { collectCheckedFiles } from '../src/cli/files';
const HERE = path.resolve(__dirname, '../test/realworld');
const rows = fs.readFileSync(path.join(HERE, 'labels.tsv'), 'utf8').split('\n').filter(l => l.trim() && !l.startsWith('#')).map(l => l.split('\t'));
const labels = new Map(rows.map(([r, f, h, l, i]) => [`${r}\t${f}\t${h}`, `${l}\t${i ?? ''}`]));
const out: string[] = [];
for (const [repo] of fs.readFileSync(path.join(HERE, 'corpus.tsv'), 'utf8').split('\n').filter(l => l.trim() && !l.startsWith('#')).map(l => l.split('\t'))) {
  const dir = path.join('/work/corpus', repo.replace('/', '+'));
  if (!fs.existsSync(dir)) continue;
  const an = new Analyzer();
  for (const file of collectCheckedFiles([dir], dir)) {
    const rep = an.analyze(file);
    const rel = path.relative(dir, file);
    const text = fs.readFileSync(file, 'utf8');
    const clerkInFile = /@clerk\/|auth\(|currentUser\(|getAuth\(/.test(text);
    for (const f of rep.findings) {
      if (f.ruleId !== 'missing-auth-guard' || f.severity !== 'warning') continue;
      const lab = labels.get(`${repo}\t${rel}\t${f.handler}`) ?? 'unlabelled\t';
      out.push([repo, rel, f.handler, f.resource, f.onlyReads ? 'reads' : 'writes', f.failedCheck ? 'failed' : 'nocheck', clerkInFile ? 'clerkfile' : 'noclerk', lab].join('\t'));
    }
  }
}
fs.writeFileSync('/tmp/feat/feat.tsv', out.join('\n') + '\n');
