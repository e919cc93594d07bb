// Public: returns a constant list and touches nothing, so there is nothing to guard (snippet tests type here).
export async function GET() {
  const items = [{ id: 1, name: 'first' }];
  return Response.json(items);
}
