// `auth` here is NextAuth's: Clerk's must come in under another name.
import { NextResponse } from 'next/server';
import { db } from '../../lib/db';
import { auth } from '../../lib/next-auth';

export async function GET() {
  const session = await auth();
  const items = await db.item.findMany({ where: { ownerId: session?.user?.email ?? null } });
  return NextResponse.json(items);
}
