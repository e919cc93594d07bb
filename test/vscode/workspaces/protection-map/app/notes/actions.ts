'use server';

import { db } from '../../lib/db';

export async function renameNote(id: string, title: string) {
  await db.notes.rename(id, title);
}
