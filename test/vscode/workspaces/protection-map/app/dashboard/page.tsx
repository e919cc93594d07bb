// Relies on the middleware's createRouteMatcher list: no check of its own.
import { db } from '../../lib/db';

export default async function DashboardPage() {
  const notes = await db.notes.list();
  return (
    <ul>
      {notes.map((note) => (
        <li key={note.id}>{note.title}</li>
      ))}
    </ul>
  );
}
