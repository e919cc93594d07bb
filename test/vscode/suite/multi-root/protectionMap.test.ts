// The protection map in a multi-root workspace: one top node per workspace folder, each folder's
// resources judged by its own analyzer (the shop declares its catalog public, the admin app does not).
import * as assert from 'assert';
import { mapNodeAt, mapResources, showProtectionMap } from '../util';

describe('multi-root workspace: protection map', () => {
  it('has one top node per workspace folder, each with its own states', async function () {
    this.timeout(60_000);
    const map = await showProtectionMap();
    const roots = await map.getChildren();
    assert.deepStrictEqual(roots.map((n) => [n.kind, n.label]), [['workspace-folder', 'shop'], ['workspace-folder', 'admin']]);
    assert.deepStrictEqual(mapResources(mapNodeAt(roots, 'shop').children), ['/api/catalog GET public']);
    assert.deepStrictEqual(mapResources(mapNodeAt(roots, 'admin').children), ['/api/catalog GET unguarded']);
    assert.strictEqual(mapNodeAt(roots, 'admin').description, '1 unguarded');
    assert.strictEqual(mapNodeAt(roots, 'shop', '/', 'api', 'catalog', 'GET').description, 'public on purpose');
  });
});
