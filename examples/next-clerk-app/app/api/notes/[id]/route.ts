// One note: GET reads it for its owner; DELETE removes it.
import { NextResponse } from 'next/server';
import { getSignedInUserId } from '@/lib/auth';
import { db } from '@/lib/db';

type Ctx = { params: Promise<{ id: string }> };

export async function GET(_req: Request, { params }: Ctx) {
  const userId = await getSignedInUserId();
  if (!userId) {
    return NextResponse.json({ error: 'Unauthorized' }, { status: 401 });
  }

  const { id } = await params;
  const note = await db.notes.find(id);
  if (!note || note.ownerId !== userId) {
    return NextResponse.json({ error: 'Not found' }, { status: 404 });
  }
  return NextResponse.json(note);
}

export async function DELETE(_req: Request, { params }: Ctx) {
  const { id } = await params;
  await db.notes.remove(id);
  return new NextResponse(null, { status: 204 });
}
