// A tiny in-memory store so the example runs without a database. Swap it for Prisma or Drizzle.
export type Note = {
  id: string;
  ownerId: string;
  title: string;
  body: string;
  shared: boolean;
  createdAt: string;
};

const notes = new Map<string, Note>();

export const db = {
  notes: {
    async listByOwner(ownerId: string): Promise<Note[]> {
      return [...notes.values()].filter((n) => n.ownerId === ownerId);
    },
    async find(id: string): Promise<Note | undefined> {
      return notes.get(id);
    },
    async create(data: Pick<Note, 'ownerId' | 'title' | 'body'>): Promise<Note> {
      const note: Note = { ...data, id: crypto.randomUUID(), shared: false, createdAt: new Date().toISOString() };
      notes.set(note.id, note);
      return note;
    },
    async update(id: string, patch: Partial<Omit<Note, 'id'>>): Promise<Note | undefined> {
      const note = notes.get(id);
      if (!note) return undefined;
      const updated = { ...note, ...patch };
      notes.set(id, updated);
      return updated;
    },
    async remove(id: string): Promise<void> {
      notes.delete(id);
    },
    async removeByOwner(ownerId: string): Promise<number> {
      const mine = [...notes.values()].filter((n) => n.ownerId === ownerId);
      mine.forEach((n) => notes.delete(n.id));
      return mine.length;
    },
  },
};
