import { db, Order } from '../../../lib/db';

// Three unguarded handlers: the fix-all adds the check to each.
export async function GET() {
  return Response.json(await db.orders.list());
}

export async function POST(request: Request) {
  const order = (await request.json()) as Order;
  return Response.json(await db.orders.create(order), { status: 201 });
}

export async function DELETE(request: Request) {
  const id = new URL(request.url).searchParams.get('id') ?? '';
  await db.orders.remove(id);
  return new Response(null, { status: 204 });
}
