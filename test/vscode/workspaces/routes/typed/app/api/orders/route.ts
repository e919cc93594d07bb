import { NextResponse } from 'next/server';
import { db } from '../../../lib/db';

// Unguarded: anyone can list the orders.
export async function GET() {
  const orders = await db.orders.list();
  return NextResponse.json(orders);
}
