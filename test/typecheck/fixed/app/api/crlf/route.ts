// CRLF, tabs, double quotes, no semicolons.
import { db } from "../../lib/db"

export async function GET(req: Request) {
	const owner = new URL(req.url).searchParams.get("owner")
	const items = await db.item.findMany({ where: { ownerId: owner } })
	return Response.json(items)
}
