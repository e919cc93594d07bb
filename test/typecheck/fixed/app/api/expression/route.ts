// Expression-bodied arrows, one of them aliased.
import { NextResponse } from 'next/server';
import { db } from '../../lib/db';

export const GET = async () => NextResponse.json(await db.item.findMany());

export const POST = GET;

export const PUT = async (req: Request) =>
  NextResponse.json(await db.item.create({ data: (await req.json()) as { title: string } }));
