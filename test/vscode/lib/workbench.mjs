// Opening the VS Code web workbench in headless Chromium and waiting for the test run to finish.
import { createWriteStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const VIEWPORT = { width: 1280, height: 800 };

/** `stateDir`: Chromium writes crash-report settings under XDG_CONFIG_HOME even with a temp profile. */
export async function launchBrowser(stateDir) {
  return chromium.launch({
    executablePath: process.env.CRG_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    env: { ...process.env, XDG_CONFIG_HOME: path.join(stateDir, 'config'), XDG_CACHE_HOME: path.join(stateDir, 'cache') },
    args: [
      '--no-sandbox', // root in CI containers
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/**
 * The workbench URL that opens `folder` and runs `extensionTestsPath` in the extension host (with
 * `extensionDevelopmentPath`, if given, loaded as the extension under development). Both are paths on
 * the server, so they are vscode-remote URIs of the server's authority.
 */
export function workbenchUrl({ port, folder, workspaceFile, extensionDevelopmentPath, extensionTestsPath }) {
  const authority = `127.0.0.1:${port}`;
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', `vscode-remote://${authority}${extensionDevelopmentPath}`]);
  payload.push(['extensionTestsPath', `vscode-remote://${authority}${extensionTestsPath}`]);
  // A `.code-workspace` file opens a multi-root workspace; otherwise the folder itself is opened.
  const target = workspaceFile ? `workspace=${encodeURIComponent(workspaceFile)}` : `folder=${encodeURIComponent(folder)}`;
  return `http://${authority}/?${target}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/**
 * Opens `url` and resolves when the workbench reports the end of the test run through
 * window.codeAutomationExit, or on timeout / page crash. Everything the page logs (including the
 * extension host's console, which the workbench forwards) goes to `logFile`. While it waits it serves
 * screenshot requests from the tests (see screenshot() in suite/util.ts).
 * Returns { kind: 'exit', code } | { kind: 'timeout' } | { kind: 'crash' }.
 */
export async function runInWorkbench({ browser, url, timeoutMs, screenshotDir, logFile }) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const log = createWriteStream(logFile, { flags: 'a' });
  let finish;
  const finished = new Promise((resolve) => (finish = resolve));
  try {
    const page = await context.newPage();
    await page.exposeFunction('codeAutomationExit', (code) => finish({ kind: 'exit', code }));
    page.on('console', (message) => log.write(`[${message.type()}] ${message.text()}\n`));
    page.on('pageerror', (error) => log.write(`[pageerror] ${error.stack ?? error}\n`));
    page.on('crash', () => finish({ kind: 'crash' }));

    const stopScreenshots = serveScreenshots(page, screenshotDir, log);
    const timer = setTimeout(() => finish({ kind: 'timeout' }), timeoutMs);
    try {
      log.write(`[runner] open ${url}\n`);
      await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
      return await finished;
    } finally {
      clearTimeout(timer);
      await stopScreenshots();
    }
  } finally {
    await context.close().catch(() => {});
    await new Promise((resolve) => log.end(resolve));
  }
}

// Polls the screenshot dir for `<name>.request` files written by tests, answers each with
// `<name>.png` (written under a temporary name and renamed, so the test never reads half a file).
function serveScreenshots(page, dir, log) {
  mkdirSync(dir, { recursive: true });
  let busy = Promise.resolve();
  const poll = async () => {
    for (const file of readdirSync(dir)) {
      if (!file.endsWith('.request')) continue;
      const name = file.slice(0, -'.request'.length);
      const partial = path.join(dir, `${name}.partial.png`);
      try {
        await page.screenshot({ path: partial });
        renameSync(partial, path.join(dir, `${name}.png`));
        log.write(`[runner] screenshot ${name}.png\n`);
      } catch (error) {
        log.write(`[runner] screenshot ${name} failed: ${error.message}\n`);
      }
      rmSync(path.join(dir, file), { force: true });
    }
  };
  const interval = setInterval(() => {
    busy = busy.then(poll).catch(() => {});
  }, 100);
  return async () => {
    clearInterval(interval);
    await busy;
    if (existsSync(dir)) for (const file of readdirSync(dir)) if (file.endsWith('.request')) rmSync(path.join(dir, file), { force: true });
  };
}
