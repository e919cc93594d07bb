import { auth } from '@clerk/nextjs/server';

/** Throws when signed out (the integration tests rename and delete this file). */
export async function sessionUserId(): Promise<string> {
  const { userId } = await auth();
  if (!userId) throw new Error('Unauthorized');
  return userId;
}
