/** The fuzz corpus: the route fixtures, each with the in-memory project it is analysed in. */
import * as fs from 'fs';
import * as path from 'path';
import { isRouteFilePath } from '../../../../src/core';
import { FIXTURES, listFiles, loadResourceFixtures, ResourceFixture } from '../../support/fixtures';

const REPO = path.resolve(__dirname, '../../../..');

export const VIRTUAL_ROOT = '/virtual/project';

export function packageJsonFor(fixture: Pick<ResourceFixture, 'clerkVersion'>): string {
  return JSON.stringify({ dependencies: { '@clerk/nextjs': fixture.clerkVersion ?? '^7.0.0', next: '^16.0.0' } });
}

export function routeFixtures(): ResourceFixture[] {
  return loadResourceFixtures();
}

export function virtualFileName(fixture: ResourceFixture): string {
  return path.posix.join(VIRTUAL_ROOT, fixture.virtualPath);
}

export interface FixtureProject {
  name: string;
  /** Every source and config file of the project, by absolute path. */
  files: Record<string, string>;
  routes: string[];
}

/** The multi-file fixture projects and the example app, read into memory. */
export function fixtureProjects(): FixtureProject[] {
  const dirs = fs
    .readdirSync(path.join(FIXTURES, 'projects'))
    .sort()
    .map((p) => path.join(FIXTURES, 'projects', p));
  dirs.push(path.resolve(__dirname, '../../../../examples/next-clerk-app'));
  return dirs.map((dir) => {
    const list = listFiles(dir, (f) => /\.(ts|tsx|js|jsx|mts|mjs|cts|cjs|json)$/.test(f));
    const files = Object.fromEntries(list.map((f) => [f, fs.readFileSync(f, 'utf8')]));
    return { name: path.relative(REPO, dir), files, routes: list.filter((f) => isRouteFilePath(f)) };
  });
}
