import { db } from '../../../lib/db';

// Unguarded. Opened only through the workbench (vscode.open), so closing its editor closes the document.
export async function GET() {
  return Response.json(await db.orders.list());
}
