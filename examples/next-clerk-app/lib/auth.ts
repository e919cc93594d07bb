import { auth } from '@clerk/nextjs/server';

/** The signed-in user's id, or null when signed out. Callers must stop when it is null. */
export async function getSignedInUserId(): Promise<string | null> {
  const { userId } = await auth();
  return userId;
}
