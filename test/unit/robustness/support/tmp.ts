/** Scratch folders on disk for tests that need real files, symlinks and permissions. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export class Scratch {
  readonly root: string;
  constructor(prefix: string) {
    this.root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `crg-${prefix}-`)));
  }
  path(relative: string): string {
    return path.join(this.root, relative);
  }
  write(relative: string, content: string | Buffer): string {
    const file = this.path(relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    return file;
  }
  mkdir(relative: string): string {
    const dir = this.path(relative);
    fs.mkdirSync(dir, { recursive: true });
    return dir;
  }
  symlink(target: string, relative: string): string {
    const link = this.path(relative);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(target, link);
    return link;
  }
  remove(): void {
    // chmod back what a test made unreadable, so the folder can be removed.
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          fs.chmodSync(full, 0o755);
          walk(full);
        } else if (entry.isFile()) fs.chmodSync(full, 0o644);
      }
    };
    try {
      walk(this.root);
    } catch {
      // best effort
    }
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

/** An unguarded GET that does protected work, for tests that need one finding. */
export const UNGUARDED_ROUTE = `import { prisma } from '@/lib/prisma';

export async function GET() {
  return Response.json(await prisma.invoice.findMany());
}
`;

/** Generates a route file of at least `size` characters: many guarded helpers and one unguarded GET at the end. */
export function generatedRoute(size: number): string {
  const parts = ["import { auth } from '@clerk/nextjs/server';", "import { prisma } from '@/lib/prisma';", ''];
  let length = parts.join('\n').length;
  for (let i = 0; length < size; i++) {
    const chunk = `async function listItems${i}(req: Request) {
  const { userId } = await auth();
  if (!userId) return new Response('Unauthorized', { status: 401 });
  const url = new URL(req.url);
  const page = Number(url.searchParams.get('page') ?? '${i % 7}');
  return Response.json(await prisma.item.findMany({ where: { userId, group: ${i} }, skip: page * 20, take: 20 }));
}
`;
    parts.push(chunk);
    length += chunk.length + 1;
  }
  parts.push('export async function GET() {', '  return Response.json(await prisma.item.deleteMany());', '}', '');
  return parts.join('\n');
}
