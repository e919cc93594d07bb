// Writes snippets/clerk.code-snippets from src/core/templates.ts, the single source of the
// Clerk code. `npm run snippets` regenerates it; `npm run snippets -- --check` only fails when the committed
// file is stale (the unit tests check the same thing).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderSnippetsFile, SNIPPETS_PATH } from '../src/core/templates';

const file = join(__dirname, '..', SNIPPETS_PATH);
const text = renderSnippetsFile();

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    // missing counts as stale
  }
  if (current !== text) {
    console.error(`${SNIPPETS_PATH} is stale: run \`npm run snippets\`.`);
    process.exit(1);
  }
  console.log(`${SNIPPETS_PATH} is up to date.`);
} else {
  writeFileSync(file, text);
  console.log(`Wrote ${SNIPPETS_PATH}.`);
}
