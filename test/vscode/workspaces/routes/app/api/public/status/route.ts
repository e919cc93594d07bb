import { db } from '../../../../lib/db';

// Unguarded, but under app/api/public/: a publicRoutes glob can declare it public.
export async function GET() {
  const orders = await db.orders.list();
  return Response.json({ open: orders.length });
}
