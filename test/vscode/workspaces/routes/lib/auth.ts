import { auth } from '@clerk/nextjs/server';

/** The signed-in user's id; throws when signed out, so callers never carry on without a user. */
export async function requireUser(): Promise<string> {
  const { userId } = await auth();
  if (!userId) throw new Error('Unauthorized');
  return userId;
}
