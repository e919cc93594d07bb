'use server';
// A Server Function that deletes any order for any caller.
import { db } from '../../lib/db';

export async function removeOrder(id: string) {
  await db.orders.remove(id);
}
