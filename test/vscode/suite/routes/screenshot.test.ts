import * as assert from 'assert';
import * as fs from 'fs';
import { openDocument, screenshot } from '../util';

describe('workbench screenshots', () => {
  it('the runner captures the workbench on request', async function () {
    if (!process.env.CRG_SCREENSHOT_DIR) this.skip(); // runner started without a screenshot directory
    await openDocument('app/api/items/route.ts');
    const file = await screenshot('routes-items-route');
    assert.ok(file, 'no screenshot path');
    const png = fs.readFileSync(file);
    assert.deepStrictEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'not a PNG');
    // IHDR width/height: the runner's viewport, so a README picture has a known size.
    assert.deepStrictEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [1280, 800]);
  });
});
