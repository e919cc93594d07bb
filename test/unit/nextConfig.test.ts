/** next.config's basePath, read only when it is written as one literal. */
import * as assert from 'node:assert/strict';
import { memoryFileSystem } from '../../src/core';
import { readBasePath } from '../../src/core/project/nextConfig';

const read = (name: string, text: string) => readBasePath(memoryFileSystem({ [`/app/${name}`]: text }), '/app');

describe('next.config basePath', () => {
  it('a literal in any config file name', () => {
    assert.equal(read('next.config.js', "module.exports = { basePath: '/docs' };"), '/docs');
    assert.equal(read('next.config.ts', "const config: NextConfig = { reactStrictMode: true, basePath: '/shop/v2' };\nexport default config;"), '/shop/v2');
  });

  it('none, computed, conditional or malformed: no basePath guessed', () => {
    assert.equal(read('next.config.mjs', 'export default { reactStrictMode: true };'), '');
    assert.equal(read('next.config.mjs', 'export default { basePath: process.env.BASE_PATH };'), '');
    assert.equal(read('next.config.mjs', "export default isProd ? { basePath: '/a' } : { basePath: '/b' };"), '');
    assert.equal(read('next.config.mjs', "export default { basePath: 'docs/' };"), '');
    assert.equal(readBasePath(memoryFileSystem({}), '/app'), '');
  });
});
