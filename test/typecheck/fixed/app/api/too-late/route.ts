// The check comes after the write; PATCH's check only logs.
import { auth } from '@clerk/nextjs/server';
import { NextResponse } from 'next/server';
import { db } from '../../lib/db';

export async function POST(req: Request) {
  const { title } = (await req.json()) as { title: string };
  const item = await db.item.create({ data: { title } });

  const { userId } = await auth();
  if (!userId) {
    return NextResponse.json({ error: 'Unauthorized' }, { status: 401 });
  }

  return NextResponse.json({ item, userId });
}

export async function PATCH() {
  const { userId } = await auth();
  if (!userId) {
    console.warn('PATCH without a session');
  }
  return NextResponse.json(await db.item.update('1', { ownerId: userId }));
}
