import { db } from '../../../lib/db';

export async function POST(req: Request) {
  const { title } = await req.json();
  return Response.json(await db.notes.create({ title }));
}
