/** The manifest repeats facts the core owns; these tests keep the copies equal. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { COMPONENT_FILE_GLOB, ROUTE_FILE_GLOB, RULES, ruleSettingName } from '../../src/core';

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8'));

describe('package.json manifest', () => {
  it('activates on workspaces containing the route files and pages the core checks', () => {
    assert.ok(manifest.activationEvents.includes(`workspaceContains:${ROUTE_FILE_GLOB}`), JSON.stringify(manifest.activationEvents));
    assert.ok(manifest.activationEvents.includes(`workspaceContains:${COMPONENT_FILE_GLOB}`), JSON.stringify(manifest.activationEvents));
    assert.ok(!manifest.activationEvents.includes('*'));
  });

  it('has a severity setting for every rule, defaulting to the rule severity', () => {
    const properties = manifest.contributes.configuration.properties;
    for (const [rule, { defaultSeverity }] of Object.entries(RULES)) {
      const setting = properties[`clerkRouteGuard.severity.${ruleSettingName(rule as keyof typeof RULES)}`];
      assert.ok(setting, `no setting for ${rule}`);
      assert.strictEqual(setting.default, defaultSeverity, rule);
    }
  });
});
