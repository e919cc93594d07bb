import { auth } from '@clerk/nextjs/server';

// Guarded: answers 401 unless a Clerk user is signed in.
export async function GET() {
  const { userId } = await auth();
  if (!userId) return new Response('Unauthorized', { status: 401 });

  return Response.json({ userId });
}
