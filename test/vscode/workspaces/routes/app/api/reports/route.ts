import { db } from '../../../lib/db';

// Two unguarded handlers. No test opens this file: the workspace check must report it while closed.
export async function GET() {
  const orders = await db.orders.list();
  return Response.json({ count: orders.length });
}

export async function DELETE(request: Request) {
  await db.orders.remove(new URL(request.url).searchParams.get('id') ?? '');
  return new Response(null, { status: 204 });
}
