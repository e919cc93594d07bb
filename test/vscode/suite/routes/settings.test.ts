// Settings take effect immediately on open route files, and are restored after each test.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { clerkDiagnostics, getDiagnosticsFor, openDocument, ruleOf, setSetting, waitFor } from '../util';

const ORDERS = 'app/api/orders/route.ts';
const PUBLIC_STATUS = 'app/api/public/status/route.ts';
const TOUCHED = ['severity.missingAuthGuard', 'enable', 'publicRoutes'];

/** Waits until the open document's missing-auth-guard diagnostics have exactly these severities. */
async function expectSeverities(uri: vscode.Uri, severities: vscode.DiagnosticSeverity[], what: string): Promise<void> {
  const current = () => clerkDiagnostics(uri).filter((d) => ruleOf(d) === 'missing-auth-guard').map((d) => d.severity);
  await waitFor(() => JSON.stringify(current()) === JSON.stringify(severities), 10_000,
    () => `${what}: severities ${JSON.stringify(severities)} on ${uri.path} (now ${JSON.stringify(current())})`);
}

describe('settings', () => {
  afterEach(async () => {
    for (const key of TOUCHED) await setSetting(key, undefined);
  });

  it('severity.missingAuthGuard: error raises it at once, off removes it, unset restores the warning', async () => {
    const { document } = await openDocument(ORDERS);
    await getDiagnosticsFor(document.uri, undefined, { until: (d) => d.length === 1 });
    await expectSeverities(document.uri, [vscode.DiagnosticSeverity.Warning], 'default');

    await setSetting('severity.missingAuthGuard', 'error');
    await expectSeverities(document.uri, [vscode.DiagnosticSeverity.Error], 'error');
    await setSetting('severity.missingAuthGuard', 'hint');
    await expectSeverities(document.uri, [vscode.DiagnosticSeverity.Hint], 'hint');
    await setSetting('severity.missingAuthGuard', 'off');
    await expectSeverities(document.uri, [], 'off');
    await setSetting('severity.missingAuthGuard', undefined);
    await expectSeverities(document.uri, [vscode.DiagnosticSeverity.Warning], 'unset');
  });

  it('enable=false clears every open route file, enable=true brings the diagnostics back', async () => {
    const docs = [];
    for (const relPath of [ORDERS, 'app/api/bulk/route.ts', 'migrate/app/api/session/route.ts']) {
      const { document } = await openDocument(relPath);
      await getDiagnosticsFor(document.uri, undefined, { until: (d) => d.length > 0 });
      docs.push(document);
    }
    await setSetting('enable', false);
    const allOfOurs = () => vscode.languages.getDiagnostics().flatMap(([, list]) => list).filter((d) => d.source === 'clerk-route-guard');
    await waitFor(() => allOfOurs().length === 0, 10_000, () => `all clerk-route-guard diagnostics to go (now ${allOfOurs().length})`);
    await setSetting('enable', true);
    for (const document of docs) {
      await waitFor(() => clerkDiagnostics(document.uri).length > 0, 10_000, `diagnostics back on ${document.uri.path}`);
    }
  });

  it('publicRoutes: a glob (relative to the project root) makes a route public', async () => {
    const { document } = await openDocument(PUBLIC_STATUS);
    await getDiagnosticsFor(document.uri, undefined, { until: (d) => d.length === 1 && ruleOf(d[0]) === 'missing-auth-guard' });
    const { document: other } = await openDocument(ORDERS);
    await getDiagnosticsFor(other.uri, undefined, { until: (d) => d.length === 1 });

    await setSetting('publicRoutes', ['app/api/public/**']);
    await waitFor(() => clerkDiagnostics(document.uri).length === 0, 10_000, `${PUBLIC_STATUS} to be public`);
    assert.strictEqual(clerkDiagnostics(other.uri).length, 1, `${ORDERS} is not under the glob and must stay flagged`);

    await setSetting('publicRoutes', undefined);
    await waitFor(() => clerkDiagnostics(document.uri).length === 1, 10_000, `${PUBLIC_STATUS} to be flagged again`);
  });
});
