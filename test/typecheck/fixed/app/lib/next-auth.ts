// A stand-in for NextAuth's `auth()` (not Clerk's): its session says nothing about a Clerk user.
export async function auth(): Promise<{ user?: { email: string } } | null> {
  return null;
}
