import * as assert from 'node:assert/strict';
import { requiredFieldsOf } from '../../src/core/project/prismaSchema';

describe('Prisma schema: required columns', () => {
  it('keeps scalar and enum fields without ? or [], by the client accessor; drops relations, lists and comments', () => {
    const fields = requiredFieldsOf([
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
    assert.deepEqual([...fields.get('cartItem')!].sort(), ['id', 'productId', 'quantity', 'role', 'userId']);
    assert.deepEqual([...fields.get('product')!], ['id']);
  });
});
