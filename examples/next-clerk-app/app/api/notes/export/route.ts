// Unguarded: auth() is called but its userId is never checked, so a signed-out request still runs the export.
// expect: missing-auth-guard GET
import { auth } from '@clerk/nextjs/server';
import { db } from '@/lib/db';

export async function GET() {
  const { userId } = await auth();

  const notes = await db.notes.listByOwner(userId as string);
  const markdown = notes.map((n) => `# ${n.title}\n\n${n.body}`).join('\n\n---\n\n');
  return new Response(markdown, {
    headers: {
      'Content-Type': 'text/markdown; charset=utf-8',
      'Content-Disposition': 'attachment; filename="notes.md"',
    },
  });
}
