// The page checks, but the form action declared in it is posted on its own and does not.
import { auth } from '@clerk/nextjs/server';
import { db } from '../../lib/db';

export default async function NotesPage() {
  await auth.protect();
  async function addOrder(formData: FormData) {
    'use server';
    await db.orders.create({ id: String(formData.get('id')), total: 0 });
  }
  return (
    <form action={addOrder}>
      <input name="id" />
    </form>
  );
}
