// auth() is called but its result is never checked: destructured, renamed, kept whole, without userId.
import { auth } from '@clerk/nextjs/server';
import { db } from '../../lib/db';

export async function GET() {
  const { userId } = await auth();
  const items = await db.item.findMany({ where: { ownerId: userId } });
  return Response.json(items);
}

export async function POST(req: Request) {
  const { userId: clerkId } = await auth();
  const { title } = (await req.json()) as { title: string };
  return Response.json(await db.item.create({ data: { title, ownerId: clerkId } }));
}

export async function PUT() {
  const session = await auth();
  return Response.json(await db.item.update('1', { ownerId: session.userId }));
}

export async function DELETE() {
  const { orgId } = await auth();
  return Response.json(await db.item.findMany({ where: { ownerId: orgId } }));
}
