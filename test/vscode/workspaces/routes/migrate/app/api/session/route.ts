import { auth } from '@clerk/nextjs/server';

// Written for Clerk v5: auth() was synchronous then. On v6+ it returns a Promise.
export async function GET() {
  const { userId } = auth();
  if (!userId) return new Response('Unauthorized', { status: 401 });
  return Response.json({ userId });
}
