// A stand-in for the app's database client: every call goes to a database HTTP API.
export interface Note {
  id: string;
  title: string;
}

const DB_URL = process.env.DB_URL ?? 'https://db.example.com';

export const db = {
  notes: {
    list: async (): Promise<Note[]> => (await fetch(`${DB_URL}/notes`)).json(),
    create: async (note: Omit<Note, 'id'>): Promise<Note> =>
      (await fetch(`${DB_URL}/notes`, { method: 'POST', body: JSON.stringify(note) })).json(),
    rename: async (id: string, title: string): Promise<void> => {
      await fetch(`${DB_URL}/notes/${encodeURIComponent(id)}`, { method: 'PATCH', body: JSON.stringify({ title }) });
    },
  },
};
