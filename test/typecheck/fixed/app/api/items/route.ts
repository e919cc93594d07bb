// Two unguarded handlers: a list and a create that reads the body first.
import { NextResponse } from 'next/server';
import { db } from '../../lib/db';

export async function GET() {
  const items = await db.item.findMany();
  return NextResponse.json(items);
}

export async function POST(req: Request) {
  const { title } = (await req.json()) as { title: string };
  const item = await db.item.create({ data: { title } });
  return NextResponse.json(item, { status: 201 });
}
