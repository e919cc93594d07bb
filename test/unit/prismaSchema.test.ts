import * as assert from 'node:assert/strict';
import { columnsOf } from '../../src/core/project/prismaSchema';

describe('Prisma schema: columns', () => {
  it('sorts scalar and enum fields into required (no ? or []) and optional (?), by the client accessor; drops relations, lists and comments', () => {
    const fields = columnsOf([
      'enum Role { ADMIN MEMBER }',
      'model CartItem {',
      '  id        String   @id @default(cuid())',
      '  userId    String   // the owner',
      '  quantity  Int',
      '  note      String?',
      '  tags      String[]',
      '  role      Role',
      '  product   Product  @relation(fields: [productId], references: [id])',
      '  productId String',
      '  @@index([userId])',
      '}',
      '// model Ghost { name String }',
      'model Product { id String @id\n items CartItem[] }',
    ].join('\n'));
    assert.deepEqual([...fields.keys()], ['cartItem', 'product']);
    assert.deepEqual([...fields.get('cartItem')!.required].sort(), ['id', 'productId', 'quantity', 'role', 'userId']);
    assert.deepEqual([...fields.get('cartItem')!.optional], ['note']);
    assert.deepEqual([...fields.get('product')!.required], ['id']);
    assert.deepEqual([...fields.get('product')!.optional], []);
  });
});

describe('Prisma schema: read through the analyzer', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Analyzer } = require('../../src/core') as typeof import('../../src/core');
  const ROOT = '/virtual/prisma-app';
  const ROUTE = `${ROOT}/app/api/addresses/route.ts`;
  const route = [
    "import { getAuth } from '@clerk/nextjs/server';",
    "import { db } from '@/lib/prisma';",
    'export async function POST(request: Request) {',
    '  const { userId } = getAuth(request as never);',
    '  const { street } = await request.json();',
    '  return Response.json(await db.address.create({ data: { street, userId } }));',
    '}',
  ].join('\n');
  const schema = (owner: string) => `model Address {\n  id String @id\n  street String\n  userId ${owner}\n}\n`;

  it('a required owner column stops the write; made optional (and the schema change reported), the write is found', () => {
    const files: Record<string, string> = {
      [`${ROOT}/package.json`]: JSON.stringify({ dependencies: { '@clerk/nextjs': '^6.0.0' } }),
      [`${ROOT}/prisma/schema.prisma`]: schema('String'),
      [ROUTE]: route,
    };
    // Reads the record as it is now, so the schema can change under the analyzer.
    const live = {
      readFile: (p: string) => files[p],
      fileExists: (p: string) => p in files,
      directoryExists: (p: string) => Object.keys(files).some((f) => f.startsWith(`${p}/`)),
    };
    const analyzer = new Analyzer(live);
    const warned = () => analyzer.analyze(ROUTE).findings.some((f) => f.ruleId === 'missing-auth-guard' && f.handler === 'POST');
    assert.equal(warned(), false);
    files[`${ROOT}/prisma/schema.prisma`] = schema('String?');
    analyzer.fileChanged(`${ROOT}/prisma/schema.prisma`);
    assert.equal(warned(), true);
  });
});
