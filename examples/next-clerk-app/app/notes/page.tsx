import { auth } from '@clerk/nextjs/server';
import { db } from '@/lib/db';
import { createNote } from './actions';

export default async function NotesPage() {
  const { userId } = await auth.protect();
  const notes = await db.notes.listByOwner(userId);
  return (
    <main style={{ fontFamily: 'system-ui', padding: 32 }}>
      <h1>Your notes</h1>
      <ul>
        {notes.map((note) => (
          <li key={note.id}>{note.title}</li>
        ))}
      </ul>
      <form action={createNote}>
        <input name="title" placeholder="Title" />
        <button type="submit">Add</button>
      </form>
    </main>
  );
}
