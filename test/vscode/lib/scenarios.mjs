// The scenarios run.mjs runs, in this order. Each one gets a fresh code-server (fresh user data,
// extensions folder, XDG folders and TMPDIR) and a fresh copy of its workspace, and runs the tests in
// test/vscode/suite/<suite>/**/*.test.ts. To add tests, drop a *.test.ts file into the suite folder of
// the scenario it belongs to; to add a scenario, add an entry here and a suite folder.
// A scenario with `onlyWhenNamed` runs only when named on run.mjs's command line, never in a plain
// `npm run test:vscode` (`npm test`).
const all = [
  {
    name: 'routes',
    description: 'development extension, Next.js workspace with route handlers',
    workspace: 'routes', // test/vscode/workspaces/<workspace>, copied to a temp dir
    suite: 'routes',
    extension: 'development', // loaded from the repo via extensionDevelopmentPath
  },
  {
    name: 'unrelated',
    description: 'development extension, workspace without route handlers (must stay inactive)',
    workspace: 'unrelated',
    suite: 'unrelated',
    extension: 'development',
  },
  {
    name: 'multi-root',
    description: 'development extension, a multi-root workspace of two apps with their own folder settings',
    workspace: 'multi-root',
    workspaceFile: 'apps.code-workspace', // opened as a workspace (its folders), not as a folder
    suite: 'multi-root',
    extension: 'development',
  },
  {
    name: 'protection-map',
    description: 'development extension, the "Clerk: protection map" view on an app whose middleware protects /dashboard with createRouteMatcher',
    workspace: 'protection-map',
    suite: 'protection-map',
    extension: 'development',
  },
  {
    name: 'packaged',
    description: 'the .vsix from `npm run package`, installed with --install-extension, on the routes workspace',
    workspace: 'routes',
    suite: 'packaged',
    extension: 'vsix', // installed into the scenario's extensions dir; no extensionDevelopmentPath
  },
  {
    name: 'screenshots',
    description: 'README / Marketplace screenshots of examples/next-clerk-app (npm run screenshots)',
    workspace: '../../../examples/next-clerk-app', // relative to test/vscode/workspaces: the example app itself
    suite: 'screenshots',
    extension: 'development',
    onlyWhenNamed: true,
  },
];

const named = new Set(process.argv.slice(2));
export const scenarios = all.filter((scenario) => !scenario.onlyWhenNamed || named.has(scenario.name));
