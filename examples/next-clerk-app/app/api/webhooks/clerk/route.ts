// Clerk webhook: deletes a user's notes when the user is deleted (svix signature verified first).
import type { WebhookEvent } from '@clerk/nextjs/server';
import { headers } from 'next/headers';
import { Webhook } from 'svix';
import { db } from '@/lib/db';

export async function POST(req: Request) {
  const payload = await req.text();
  const headerList = await headers();

  let evt: WebhookEvent;
  try {
    evt = new Webhook(process.env.CLERK_WEBHOOK_SIGNING_SECRET!).verify(payload, {
      'svix-id': headerList.get('svix-id') ?? '',
      'svix-timestamp': headerList.get('svix-timestamp') ?? '',
      'svix-signature': headerList.get('svix-signature') ?? '',
    }) as WebhookEvent;
  } catch {
    return new Response('Invalid signature', { status: 400 });
  }

  if (evt.type === 'user.deleted' && evt.data.id) {
    await db.notes.removeByOwner(evt.data.id);
  }
  return new Response('ok');
}
