import { sessionUserId } from '../../../lib/session';
import { db } from '../../../lib/db';

// Guarded through lib/session.ts (which the tests rename and delete).
export async function GET() {
  const userId = await sessionUserId();
  const orders = await db.orders.list();
  return Response.json({ userId, orders });
}
