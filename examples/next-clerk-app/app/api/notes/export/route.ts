// Exports every note of the signed-in user as JSON.
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
