'use server';

import { auth } from '@clerk/nextjs/server';
import { revalidatePath } from 'next/cache';
import { db } from '@/lib/db';

export async function createNote(formData: FormData) {
  const { userId } = await auth();
  if (!userId) throw new Error('Unauthorized');
  await db.notes.create({ ownerId: userId, title: String(formData.get('title') ?? ''), body: '' });
  revalidatePath('/notes');
}

export async function renameNote(id: string, title: string) {
  await db.notes.update(id, { title });
  revalidatePath('/notes');
}
