// A stand-in database client: every call goes over the network with the app's key, so the analyzer counts it
// as protected work.
export interface Item {
  id: string;
  ownerId: string | null;
  title: string;
}

async function query<T>(operation: string, args?: unknown): Promise<T> {
  const res = await fetch(`https://db.example.com/${operation}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${process.env.DB_TOKEN ?? ''}` },
    body: JSON.stringify(args ?? null),
  });
  return (await res.json()) as T;
}

export const db = {
  item: {
    findMany: (args?: { where?: { ownerId?: string | null } }) => query<Item[]>('item.findMany', args),
    create: (args: { data: Partial<Item> }) => query<Item>('item.create', args),
    update: (id: string, data: Partial<Item>) => query<Item>('item.update', { id, data }),
  },
};
