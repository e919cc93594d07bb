// Public: a health check that touches nothing and returns a constant.
// expect: none
import { NextResponse } from 'next/server';

export const dynamic = 'force-dynamic';

export function GET() {
  return NextResponse.json({ status: 'ok' });
}
