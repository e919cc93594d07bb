// A wrapper that only logs: the fix goes into the callback that runs.
import { db } from '../../lib/db';
import { withLogging } from '../../lib/with-logging';

export const GET = withLogging(async (req: Request) => {
  const owner = new URL(req.url).searchParams.get('owner');
  return Response.json(await db.item.findMany({ where: { ownerId: owner } }));
});
