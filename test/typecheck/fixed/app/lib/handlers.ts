import { NextResponse } from 'next/server';
import { db } from './db';

export async function archiveItems(req: Request) {
  const { ids } = (await req.json()) as { ids: string[] };
  const items = await Promise.all(ids.map((id) => db.item.update(id, { title: '(archived)' })));
  return NextResponse.json({ archived: items.length });
}
