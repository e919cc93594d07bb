/**
 * The project's Prisma schema, read for one fact: which columns of each model are required. Prisma
 * refuses a query that writes null into one before anything is sent, so a `create` that stores the
 * signed-out caller's null user id there changes nothing (see engine.ts).
 */
import * as path from 'path';
import { FileSystem, readJsonObject } from './fileSystem';

/** Required scalar fields by the client's accessor (`cartItem` for `model CartItem`). */
export type RequiredFields = ReadonlyMap<string, ReadonlySet<string>>;

/** The schema's files: `package.json`'s `prisma.schema`, `prisma/schema.prisma`, `schema.prisma`, or a `prisma/schema/` folder. */
export function readPrismaRequiredFields(fs: FileSystem, root: string): RequiredFields {
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
  return requiredFieldsOf(texts.join('\n'));
}

const MODEL = /\bmodel\s+(\w+)\s*\{([^}]*)\}/g;
const FIELD = /^\s*(\w+)\s+(\w+)(\[\])?(\?)?/;

/** Each model's fields that take neither `?` nor `[]` and are no relation, by the client's accessor name. */
export function requiredFieldsOf(schema: string): RequiredFields {
  const text = schema.replace(/\/\/.*$/gm, '');
  const models = [...text.matchAll(MODEL)];
  const modelNames = new Set(models.map((m) => m[1]));
  const out = new Map<string, Set<string>>();
  for (const [, name, body] of models) {
    const required = new Set<string>();
    for (const line of body.split('\n')) {
      const field = FIELD.exec(line);
      // A relation field (its type is a model) is no column; a list or `?` field may be empty.
      if (field && !field[3] && !field[4] && !modelNames.has(field[2])) required.add(field[1]);
    }
    out.set(name.charAt(0).toLowerCase() + name.slice(1), required);
  }
  return out;
}
