// A page that renders every order to anyone who asks.
import { db } from '../../lib/db';

export default async function DashboardPage() {
  const orders = await db.orders.list();
  return (
    <ul>
      {orders.map((order) => (
        <li key={order.id}>{order.total}</li>
      ))}
    </ul>
  );
}
