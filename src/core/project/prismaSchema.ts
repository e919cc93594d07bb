/**
 * The project's Prisma schema, read for one fact: which columns of each model are required and which
 * optional. Prisma refuses a query that writes null into a required one, or compares one with null,
 * before anything is sent, so a `create` or `findMany` given the signed-out caller's null user id there
 * does nothing; compared with an optional one, null selects the rows that have no owner (see engine.ts).
 */
import * as path from 'path';
import type { ModelColumns } from '../analysis/module';
import { FileSystem, readJsonObject } from './fileSystem';

/** Each model's columns by the client's accessor (`cartItem` for `model CartItem`). */
export type PrismaColumns = ReadonlyMap<string, ModelColumns>;

/** The schema's files: `package.json`'s `prisma.schema`, `prisma/schema.prisma`, `schema.prisma`, or a `prisma/schema/` folder. */
export function readPrismaColumns(fs: FileSystem, root: string): PrismaColumns {
  const texts: string[] = [];
  const configured = readJsonObject(fs, path.join(root, 'package.json'))?.prisma as { schema?: unknown } | undefined;
  const candidates = [
    typeof configured?.schema === 'string' ? path.resolve(root, configured.schema) : undefined,
    path.join(root, 'prisma', 'schema.prisma'),
    path.join(root, 'schema.prisma'),
  ];
  for (const file of candidates) {
    const text = file && fs.fileExists(file) ? fs.readFile(file) : undefined;
    if (text !== undefined) {
      texts.push(text);
      break;
    }
  }
  const folder = path.join(root, 'prisma', 'schema');
  if (texts.length === 0 && fs.directoryExists(folder)) {
    for (const entry of fs.readDirectory?.(folder) ?? []) {
      if (!entry.isDirectory && entry.name.endsWith('.prisma')) texts.push(fs.readFile(path.join(folder, entry.name)) ?? '');
    }
  }
  return columnsOf(texts.join('\n'));
}

const MODEL = /\bmodel\s+(\w+)\s*\{([^}]*)\}/g;
const FIELD = /^\s*(\w+)\s+(\w+)(\[\])?(\?)?/;

/** Each model's columns: required ones take neither `?` nor `[]`, optional ones take `?`. */
export function columnsOf(schema: string): PrismaColumns {
  const text = schema.replace(/\/\/.*$/gm, '');
  const models = [...text.matchAll(MODEL)];
  const modelNames = new Set(models.map((m) => m[1]));
  const out = new Map<string, ModelColumns>();
  for (const [, name, body] of models) {
    const required = new Set<string>();
    const optional = new Set<string>();
    for (const line of body.split('\n')) {
      const field = FIELD.exec(line);
      // A relation field (its type is a model) is no column; a list may be empty but holds no null.
      if (!field || field[3] || modelNames.has(field[2])) continue;
      (field[4] ? optional : required).add(field[1]);
    }
    out.set(name.charAt(0).toLowerCase() + name.slice(1), { required, optional });
  }
  return out;
}
