/**
 * `clerk-route-guard migrate [--dry-run]`: moves the middleware's protection into the resources for every
 * middleware/proxy file under the given folders (see core/protection/migrate.ts). With --dry-run, a
 * summary table and a unified diff; otherwise each changed file is written atomically (as `check --fix`
 * does). The exit code is 1 while anything could not be migrated.
 */
import * as fs from 'fs';
import * as path from 'path';
import { createTwoFilesPatch } from 'diff';
import { describeMoved, MigrationPlan, nodeFileSystem, planMigration } from '../core';
import { unsafeTarget, writeFileAtomically } from './fix';

export interface MigrateResult {
  readonly plans: MigrationPlan[];
  readonly written: string[];
  readonly problems: string[];
}

export function migrateProjects(middlewareFiles: readonly string[], cwd: string, dryRun: boolean, out: (text: string) => void): MigrateResult {
  const rel = (f: string) => (path.relative(cwd, f) || f).split(path.sep).join('/');
  const plans: MigrationPlan[] = [];
  const written: string[] = [];
  const problems: string[] = [];
  for (const file of middlewareFiles) {
    const plan = planMigration(nodeFileSystem(), file);
    plans.push(plan);
    out(`${rel(file)}: ${plan.moved.length} check${plan.moved.length === 1 ? '' : 's'} to move, ${plan.refused.length} refused${plan.changes.has(file) ? ', middleware reduced to clerkMiddleware()' : ''}`);
    if (plan.moved.length) {
      const width = Math.max(...plan.moved.map((m) => describeMoved(m).length));
      for (const m of plan.moved) out(`  ${describeMoved(m).padEnd(width)}  ${m.check.padEnd(24)}  ${rel(m.fileName)}`);
    }
    for (const r of plan.refused) out(`  refused: ${rel(r.fileName)}${r.name ? ` ${r.name}` : ''}: ${r.reason}`);
    for (const [changed, { before, after }] of plan.changes) {
      if (dryRun) {
        out(createTwoFilesPatch(`a/${rel(changed)}`, `b/${rel(changed)}`, before, after, undefined, undefined, { context: 3 }).trimEnd());
        continue;
      }
      const unsafe = unsafeTarget(changed, plan.projectRoot, cwd);
      const raw = unsafe ? undefined : readRaw(changed);
      if (unsafe || raw === undefined) {
        problems.push(`${rel(changed)}: not written: ${unsafe ?? 'cannot be read'}`);
        continue;
      }
      const bom = raw.startsWith(BOM) ? BOM : '';
      // The plan was made from the text without its byte-order mark; anything else means it changed since.
      const current = bom ? raw.slice(1) : raw;
      if (current === before && writeFileAtomically(changed, bom + after, raw) === 'written') written.push(changed);
      else problems.push(`${rel(changed)}: not written: it changed on disk during the migration`);
    }
  }
  for (const p of problems) out(`clerk-route-guard: ${p}`);
  return { plans, written, problems };
}

const BOM = '\uFEFF';

function readRaw(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
