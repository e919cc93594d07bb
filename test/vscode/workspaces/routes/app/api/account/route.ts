import { requireUser } from '../../../lib/auth';
import { db } from '../../../lib/db';

// Guarded through lib/auth.ts: requireUser() throws for signed-out callers.
export async function GET() {
  const userId = await requireUser();
  const orders = await db.orders.list();
  return Response.json({ userId, orders });
}
