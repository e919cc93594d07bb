import { auth } from '@clerk/nextjs/server';
import { db } from '../../../lib/db';

export async function GET() {
  const { userId } = await auth();
  if (!userId) return new Response(null, { status: 401 });
  return Response.json(await db.notes.list());
}

export async function POST(req: Request) {
  const { userId } = await auth();
  if (!userId) return new Response(null, { status: 401 });
  const { title } = await req.json();
  return Response.json(await db.notes.create({ title }));
}
