// A guarded page with an unguarded inline action: the action gets its own guard.
import { auth } from '@clerk/nextjs/server';
import { redirect } from 'next/navigation';
import { db } from '../lib/db';

export default async function NotesPage() {
  const { userId } = await auth();
  if (!userId) redirect('/sign-in');
  async function addNote(formData: FormData) {
    'use server';
    await db.item.create({ data: { title: String(formData.get('title')) } });
  }
  return (
    <form action={addNote}>
      <input name="title" />
    </form>
  );
}
