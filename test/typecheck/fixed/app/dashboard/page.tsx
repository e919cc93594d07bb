// A page that reads every item for anyone: fixed with protect() (preferred) or the redirect.
import { db } from '../lib/db';

export default async function DashboardPage() {
  const items = await db.item.findMany();
  return (
    <ul>
      {items.map((item) => (
        <li key={item.id}>{item.title}</li>
      ))}
    </ul>
  );
}
