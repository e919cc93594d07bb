// Admin-only: lists the app's users (org:admin role).
import { auth, clerkClient } from '@clerk/nextjs/server';
import { NextResponse } from 'next/server';

export async function GET() {
  const { has } = await auth();
  if (!has({ role: 'org:admin' })) {
    return NextResponse.json({ error: 'Forbidden' }, { status: 403 });
  }

  const client = await clerkClient();
  const { data: users, totalCount } = await client.users.getUserList({ limit: 50, orderBy: '-created_at' });
  return NextResponse.json({
    totalCount,
    users: users.map((u) => ({ id: u.id, email: u.primaryEmailAddress?.emailAddress ?? null })),
  });
}
