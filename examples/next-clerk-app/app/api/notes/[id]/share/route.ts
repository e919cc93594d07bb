// Shares a note by link.
import { auth } from '@clerk/nextjs/server';
import { NextResponse } from 'next/server';
import { db } from '@/lib/db';

export async function POST(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const note = await db.notes.update(id, { shared: true });

  const { userId } = await auth();
  if (!userId || note?.ownerId !== userId) {
    return NextResponse.json({ error: 'Unauthorized' }, { status: 401 });
  }

  return NextResponse.json({ url: new URL(`/shared/${id}`, req.url).toString() });
}
