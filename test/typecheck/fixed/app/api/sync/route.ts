// A non-async handler with a declared return type, exported under two names.
import { db } from '../../lib/db';

function handler(req: Request): Response {
  void db.item.findMany({ where: { ownerId: new URL(req.url).searchParams.get('owner') } });
  return Response.json({ queued: true });
}

export { handler as GET, handler as POST };
