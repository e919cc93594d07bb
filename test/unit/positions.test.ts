/** Line and column of offsets: the same as TypeScript's for every kind of line break. */
import * as assert from 'assert';
import * as fc from 'fast-check';
import ts = require('typescript');
import { positionAt, textRange } from '../../src/core/positions';

const parse = (text: string) => ts.createSourceFile('/p/app/api/x/route.ts', text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);

describe('positions', () => {
  it('agree with getLineAndCharacterOfPosition at every offset, for \\n, \\r\\n, \\r, U+2028 and U+2029 text', () => {
    const piece = fc.constantFrom('a', 'bc', ' ', '\n', '\r\n', '\r', '\u2028', '\u2029', '\n\n', 'é', '😀');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const sf = parse(pieces.join(''));
        for (let offset = 0; offset <= sf.text.length; offset++) {
          assert.deepStrictEqual(positionAt(sf, offset), sf.getLineAndCharacterOfPosition(offset), `offset ${offset} of ${JSON.stringify(sf.text)}`);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives the first and last line of a range', () => {
    const sf = parse('export async function GET() {\n  return Response.json({});\n}\n');
    const start = sf.text.indexOf('return');
    assert.deepStrictEqual(textRange(sf, start, sf.text.length), {
      start,
      end: sf.text.length,
      range: { start: { line: 1, character: 2 }, end: { line: 3, character: 0 } },
    });
  });
});
