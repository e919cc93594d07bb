// The signed-in user's profile and note count.
import { currentUser } from '@clerk/nextjs/server';
import { NextResponse } from 'next/server';
import { db } from '@/lib/db';

export async function GET() {
  const user = await currentUser();
  if (!user) {
    return NextResponse.json({ error: 'Unauthorized' }, { status: 401 });
  }

  const notes = await db.notes.listByOwner(user.id);
  return NextResponse.json({
    id: user.id,
    name: user.fullName,
    email: user.primaryEmailAddress?.emailAddress ?? null,
    noteCount: notes.length,
  });
}
