// A layout whose sidebar counts every order for anyone.
import type { ReactNode } from 'react';
import { db } from '../../lib/db';

export default async function AppLayout({ children }: { children: ReactNode }) {
  const orders = await db.orders.list();
  return (
    <div>
      <aside>{orders.length} orders</aside>
      {children}
    </div>
  );
}
