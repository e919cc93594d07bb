// The same unguarded read in both apps: each app's folder settings decide how it is reported.
export async function GET() {
  const res = await fetch(`${process.env.DB_URL}/products`);
  return Response.json(await res.json());
}
