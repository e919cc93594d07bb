// Unguarded: anyone can read the items.
export async function GET() {
  const items = [{ id: 1, name: 'first' }];
  return Response.json(items);
}
