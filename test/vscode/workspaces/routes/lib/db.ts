// A stand-in for the app's database client: every call goes to a database HTTP API.
export interface Order {
  id: string;
  total: number;
}

const DB_URL = process.env.DB_URL ?? 'https://db.example.com';

export const db = {
  orders: {
    list: async (): Promise<Order[]> => (await fetch(`${DB_URL}/orders`)).json(),
    create: async (order: Order): Promise<Order> =>
      (await fetch(`${DB_URL}/orders`, { method: 'POST', body: JSON.stringify(order) })).json(),
    remove: async (id: string): Promise<void> => {
      await fetch(`${DB_URL}/orders/${encodeURIComponent(id)}`, { method: 'DELETE' });
    },
  },
};
