// The signed-in user's notes: GET lists them, POST creates one.
import { auth } from '@clerk/nextjs/server';
import { NextResponse } from 'next/server';
import { db } from '@/lib/db';

export async function GET() {
  const { userId } = await auth();
  if (!userId) {
    return NextResponse.json({ error: 'Unauthorized' }, { status: 401 });
  }

  const notes = await db.notes.listByOwner(userId);
  return NextResponse.json(notes);
}

export async function POST(req: Request) {
  const { userId } = await auth.protect();

  const { title, body } = await req.json();
  const note = await db.notes.create({ ownerId: userId, title, body });
  return NextResponse.json(note, { status: 201 });
}
