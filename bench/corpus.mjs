// Deterministic corpus of Next.js projects for the benchmarks (see bench/run.mjs).
//
// Layout: <dir>/p00 … p79, each a project of PROJECT_SIZE route files with a package.json, a tsconfig
// with `paths: { "@/*": ["./src/*"] }`, helpers in src/lib (auth helpers, a guard that returns a
// response, higher-order wrappers, a barrel index, validation, prisma/db) and route files under
// src/app/**/route.ts. File i's content depends only on (SEED, i), so the first N files of a large
// corpus are exactly the files of a small one: benchmarks on 1k, 2k, 5k and 20k files pass the first
// N/PROJECT_SIZE project folders.
//
// Route files mix:
// - generated handlers in the shapes of test/fixtures (auth + 401, auth.protect(), currentUser(),
//   helpers from @/lib/auth that return the user or throw, a guard helper returning a response,
//   withAuth / nested wrappers, the `@/lib` barrel, unguarded database work, traps, svix webhooks,
//   cron secrets, annotated public handlers, arrow and export-alias forms), padded with types,
//   constants, local helpers and long post-check bodies up to a target size of 10 to 3,000 lines;
// - verbatim copies of test/fixtures/resources files (those without a `clerk:` version header).
// Each route file's header states the findings the generator expects (`// expect: …`, as in the
// fixtures), so the bench can report whether the analyzer agreed.
//
// Usage: node bench/corpus.mjs [--files N] [--dir PATH]   (default 2000 files in .cache/bench-corpus)
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_DIR = path.join(REPO, '.cache', 'bench-corpus');
export const PROJECT_SIZE = 250;
export const SEED = 0x5eed2025;
/** Bump when the generator's output changes, so cached corpora are rebuilt. */
const GENERATOR_VERSION = 3;

// ---- deterministic randomness -----------------------------------------------------------------

function mulberry32(a) {
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function rngFor(...keys) {
  let h = SEED >>> 0;
  for (const k of keys) {
    const s = String(k);
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 2654435761) >>> 0;
    h = Math.imul(h ^ (h >>> 16), 2246822507) >>> 0;
  }
  const next = mulberry32(h);
  const r = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
    weighted: (table) => {
      const total = table.reduce((s, [, w]) => s + w, 0);
      let x = next() * total;
      for (const [v, w] of table) if ((x -= w) < 0) return v;
      return table[table.length - 1][0];
    },
    shuffle: (list) => {
      const a = [...list];
      for (let i = a.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [a[i], a[j]] = [a[j], a[i]];
      }
      return a;
    },
  };
  return r;
}

const RESOURCES = [
  'project', 'task', 'invoice', 'report', 'note', 'team', 'member', 'comment', 'post', 'order',
  'subscription', 'file', 'board', 'event', 'message', 'ticket', 'workspace', 'document', 'habit', 'goal',
];
const FIELDS = ['title', 'status', 'amount', 'priority', 'dueDate', 'tags', 'ownerId', 'orgId', 'archived', 'position', 'color', 'notes'];
const cap = (s) => s[0].toUpperCase() + s.slice(1);

// ---- target sizes -----------------------------------------------------------------------------

/** Lines of route file i: mostly small, a tail of large files, always some 10- and 3,000-line files. */
function targetLines(i, r) {
  if (i % 500 === 3) return 10;
  if (i % 500 === 7) return 3000;
  const band = r.weighted([['small', 55], ['medium', 33], ['large', 12]]);
  const [lo, hi] = band === 'small' ? [10, 100] : band === 'medium' ? [100, 600] : [600, 3000];
  return Math.round(Math.exp(Math.log(lo) + r.next() * (Math.log(hi) - Math.log(lo))));
}

// ---- padding blocks (module level and inside handlers) ----------------------------------------

function typeBlock(r, n) {
  const res = r.pick(RESOURCES);
  const fields = r.shuffle(FIELDS).slice(0, r.int(3, 10));
  return [
    `interface ${cap(res)}Row${n} {`,
    `  id: string;`,
    ...fields.map((f) => `  ${f}${r.chance(0.3) ? '?' : ''}: ${r.pick(['string', 'number', 'boolean', 'string[]', 'Date | null'])};`),
    `}`,
    ``,
  ];
}

function constBlock(r, n) {
  const entries = r.int(3, 12);
  const lines = [`const SETTINGS_${n} = {`];
  for (let k = 0; k < entries; k++) {
    if (r.chance(0.3)) lines.push(`  section${k}: { enabled: ${r.chance(0.5)}, limit: ${r.int(1, 500)}, label: 'Section ${k}' },`);
    else lines.push(`  key${k}: ${r.chance(0.5) ? `'value-${n}-${k}'` : r.int(0, 9999)},`);
  }
  lines.push(`} as const;`, ``);
  return lines;
}

/** A local function that computes without I/O (never called, or called after the check). */
function localFunctionBlock(r, n) {
  const res = r.pick(RESOURCES);
  const lines = [
    `function format${cap(res)}${n}(row: Record<string, unknown>, locale = 'en-US') {`,
    `  const out: Record<string, string> = {};`,
    `  for (const [key, value] of Object.entries(row)) {`,
    `    if (value === null || value === undefined) continue;`,
    `    if (value instanceof Date) out[key] = value.toLocaleDateString(locale);`,
    `    else if (typeof value === 'number') out[key] = value.toFixed(2);`,
    `    else out[key] = String(value).trim();`,
    `  }`,
  ];
  const cases = r.int(0, 6);
  if (cases) {
    lines.push(`  switch (out.status) {`);
    for (let k = 0; k < cases; k++) lines.push(`    case 'state-${k}':`, `      out.badge = '${res}-${k}';`, `      break;`);
    lines.push(`    default:`, `      out.badge = 'none';`, `  }`);
  }
  lines.push(`  return out;`, `}`, ``);
  return lines;
}

/** Statements after the identity check: database work, loops, branches, error handling. */
function postChunk(r, n, user) {
  const res = r.pick(RESOURCES);
  const kind = r.int(0, 4);
  if (kind === 0) {
    return [
      `const rows${n} = await prisma.${res}.findMany({`,
      `  where: { ownerId: ${user}, archived: false },`,
      `  orderBy: { createdAt: 'desc' },`,
      `  take: ${r.int(10, 100)},`,
      `});`,
    ];
  }
  if (kind === 1) {
    return [
      `for (const item${n} of await prisma.${res}.findMany({ where: { ownerId: ${user} } })) {`,
      `  if (item${n}.archived) continue;`,
      `  await prisma.auditLog.create({ data: { entityId: item${n}.id, actor: ${user}, action: 'read-${n}' } });`,
      `}`,
    ];
  }
  if (kind === 2) {
    const cases = r.int(2, 5);
    const lines = [`switch (new URL(req.url).searchParams.get('mode${n}')) {`];
    for (let k = 0; k < cases; k++) {
      lines.push(`  case 'm${k}': {`, `    await prisma.${res}.updateMany({ where: { ownerId: ${user} }, data: { position: ${k} } });`, `    break;`, `  }`);
    }
    lines.push(`  default:`, `    console.info('[${res}] nothing to do for mode ${n}');`, `}`);
    return lines;
  }
  if (kind === 3) {
    return [
      `try {`,
      `  const updated${n} = await prisma.${res}.update({ where: { id: '${res}-${n}' }, data: { updatedBy: ${user} } });`,
      `  console.info('[${res}] updated', updated${n}.id);`,
      `} catch (error${n}) {`,
      `  console.error('[${res}] update failed', error${n});`,
      `  return NextResponse.json({ error: 'Could not update ${res}' }, { status: 500 });`,
      `}`,
    ];
  }
  return [
    `const summary${n} = {`,
    `  owner: ${user},`,
    `  total: ${r.int(0, 1000)},`,
    `  generatedAt: new Date().toISOString(),`,
    `  labels: ['${res}', 'bench', 'chunk-${n}'],`,
    `};`,
    `if (summary${n}.total > ${r.int(0, 1000)}) console.debug('[${res}] large result', summary${n});`,
  ];
}

/** Harmless statements a handler may run before it checks the caller (parsing, logging). */
function preLines(r, n, method, useValidation) {
  const lines = [];
  if (r.chance(0.5)) {
    lines.push(`const { searchParams } = new URL(req.url);`);
    lines.push(`const page${n} = Math.max(1, Number(searchParams.get('page') ?? '1'));`);
    if (useValidation) lines.push(`const query${n} = parseListQuery(searchParams);`);
  }
  if (r.chance(0.4)) lines.push(`console.log(\`[${method}] \${req.method} \${new URL(req.url).pathname}\`);`);
  return lines;
}

// ---- handler shapes ---------------------------------------------------------------------------
// Each returns { imports: [[module, name]], lines, post: index in lines where post chunks go,
// user: the expression of the signed-in user id after the check, expect: 'guarded'|'unguarded'|'public' }.

const SHAPES = [
  ['guarded-401', 20], ['protect', 7], ['current-user', 6], ['helper-user-id', 8], ['helper-throws', 5],
  ['guard-response', 5], ['with-auth', 6], ['nested-wrappers', 3], ['barrel', 3], ['unguarded-db', 10],
  ['trap-check-after-work', 4], ['trap-only-logs', 3], ['webhook-svix', 3], ['public-annotated', 4],
  ['cron-secret', 3], ['arrow-guarded', 5], ['export-alias', 3],
];

function shape(kind, method, n, r, lib, useValidation) {
  const pre = () => preLines(r, n, method, useValidation);
  const res = r.pick(RESOURCES);
  const I = (m, name) => [m, name];
  const unauthorized = `return NextResponse.json({ error: 'Unauthorized' }, { status: 401 });`;
  const fnHead = `export async function ${method}(req: Request) {`;
  const result = (lines, post, extra) => ({ lines, post, ...extra });
  switch (kind) {
    case 'guarded-401': {
      const p = pre();
      const lines = [fnHead, ...p.map((l) => `  ${l}`), `  const { userId } = await auth();`, `  if (!userId) {`, `    ${unauthorized}`, `  }`, ``];
      const post = lines.length;
      lines.push(`  return NextResponse.json({ ok: true, userId });`, `}`);
      return result(lines, post, { user: 'userId', expect: 'guarded', imports: [I('@clerk/nextjs/server', 'auth'), I('next/server', 'NextResponse')] });
    }
    case 'protect': {
      const lines = [fnHead, `  const { userId } = await auth.protect();`];
      const post = lines.length;
      lines.push(`  return NextResponse.json({ userId });`, `}`);
      return result(lines, post, { user: 'userId', expect: 'guarded', imports: [I('@clerk/nextjs/server', 'auth'), I('next/server', 'NextResponse')] });
    }
    case 'current-user': {
      const lines = [fnHead, `  const user = await currentUser();`, `  if (!user) {`, `    ${unauthorized}`, `  }`];
      const post = lines.length;
      lines.push(`  return NextResponse.json({ id: user.id, email: user.emailAddresses[0]?.emailAddress ?? '' });`, `}`);
      return result(lines, post, { user: 'user.id', expect: 'guarded', imports: [I('@clerk/nextjs/server', 'currentUser'), I('next/server', 'NextResponse')] });
    }
    case 'helper-user-id': {
      const p = pre();
      const lines = [fnHead, ...p.map((l) => `  ${l}`), `  const userId = await getUserId();`, `  if (!userId) ${unauthorized}`];
      const post = lines.length;
      lines.push(`  return NextResponse.json({ userId });`, `}`);
      return result(lines, post, { user: 'userId', expect: 'guarded', imports: [I(lib('auth'), 'getUserId'), I('next/server', 'NextResponse')] });
    }
    case 'helper-throws': {
      const lines = [fnHead, `  try {`, `    const userId = await requireUserId();`];
      const post = lines.length;
      lines.push(`    return NextResponse.json({ userId });`, `  } catch (err) {`, `    return errorResponse(err);`, `  }`, `}`);
      return result(lines, post, { user: 'userId', expect: 'guarded', indent: '    ', imports: [I(lib('auth'), 'requireUserId'), I(lib('api'), 'errorResponse'), I('next/server', 'NextResponse')] });
    }
    case 'guard-response': {
      const admin = r.chance(0.4);
      const lines = [fnHead, `  const result = await ${admin ? 'checkOrgAdmin' : 'checkAuth'}();`, `  if (!result.authorized) return result.response;`];
      const post = lines.length;
      lines.push(`  return NextResponse.json({ userId: result.userId });`, `}`);
      return result(lines, post, { user: 'result.userId', expect: 'guarded', imports: [I(lib('guard'), admin ? 'checkOrgAdmin' : 'checkAuth'), I('next/server', 'NextResponse')] });
    }
    case 'with-auth': {
      const lines = [`export const ${method} = withAuth(async (req, user) => {`];
      const post = lines.length;
      lines.push(`  return NextResponse.json({ userId: user.userId });`, `});`);
      return result(lines, post, { user: 'user.userId', expect: 'guarded', imports: [I(lib('api/with-auth'), 'withAuth'), I('next/server', 'NextResponse')] });
    }
    case 'nested-wrappers': {
      const lines = [`export const ${method} = withErrorHandler(`, `  withLogging(`, `    withAuth(async (req, user) => {`];
      const post = lines.length;
      lines.push(`      return NextResponse.json({ userId: user.userId });`, `    }),`, `  ),`, `);`);
      return result(lines, post, {
        user: 'user.userId', expect: 'guarded', indent: '      ',
        imports: [I(lib('api/with-auth'), 'withAuth'), I(lib('api/with-logging'), 'withLogging'), I(lib('api/with-error-handler'), 'withErrorHandler'), I('next/server', 'NextResponse')],
      });
    }
    case 'barrel': {
      const lines = [fnHead, `  const user = await requireUser();`];
      const post = lines.length;
      lines.push(`  return NextResponse.json({ id: user.id });`, `}`);
      return result(lines, post, { user: 'user.id', expect: 'guarded', imports: [I(lib(''), 'requireUser'), I('next/server', 'NextResponse')] });
    }
    case 'unguarded-db': {
      const lines = [fnHead, `  const items = await prisma.${res}.findMany({ take: 50 });`];
      const post = lines.length;
      lines.push(`  return NextResponse.json(items);`, `}`);
      return result(lines, post, { user: `'anonymous'`, expect: 'unguarded', imports: [I(lib('prisma'), 'prisma'), I('next/server', 'NextResponse')] });
    }
    case 'trap-check-after-work': {
      const lines = [fnHead, `  const body = await req.json();`, `  const created = await prisma.${res}.create({ data: body });`, `  const { userId } = await auth();`, `  if (!userId) {`, `    ${unauthorized}`, `  }`];
      const post = lines.length;
      lines.push(`  return NextResponse.json({ id: created.id, userId });`, `}`);
      return result(lines, post, { user: 'userId', expect: 'unguarded', imports: [I('@clerk/nextjs/server', 'auth'), I(lib('prisma'), 'prisma'), I('next/server', 'NextResponse')] });
    }
    case 'trap-only-logs': {
      const lines = [fnHead, `  const { userId } = await auth();`, `  if (!userId) {`, `    console.warn('[${method} /api/${res}] request without a session');`, `  }`, `  await prisma.${res}.deleteMany({ where: { ownerId: userId ?? 'anonymous' } });`];
      const post = lines.length;
      lines.push(`  return new NextResponse(null, { status: 204 });`, `}`);
      return result(lines, post, { user: `userId ?? 'anonymous'`, expect: 'unguarded', imports: [I('@clerk/nextjs/server', 'auth'), I(lib('prisma'), 'prisma'), I('next/server', 'NextResponse')] });
    }
    case 'webhook-svix': {
      const lines = [
        fnHead,
        `  const payload = await req.text();`,
        `  const h = await headers();`,
        `  const wh = new Webhook(process.env.CLERK_WEBHOOK_SIGNING_SECRET!);`,
        `  let evt: { type: string; data: { id: string } };`,
        `  try {`,
        `    evt = wh.verify(payload, {`,
        `      'svix-id': h.get('svix-id')!,`,
        `      'svix-timestamp': h.get('svix-timestamp')!,`,
        `      'svix-signature': h.get('svix-signature')!,`,
        `    }) as { type: string; data: { id: string } };`,
        `  } catch {`,
        `    return new Response('Invalid signature', { status: 400 });`,
        `  }`,
      ];
      const post = lines.length;
      lines.push(`  return new Response('ok');`, `}`);
      return result(lines, post, { user: 'evt.data.id', expect: 'guarded', imports: [I('next/headers', 'headers'), I('svix', 'Webhook'), I(lib('prisma'), 'prisma'), I('next/server', 'NextResponse')] });
    }
    case 'public-annotated': {
      const lines = [`// clerk-route-guard public: published ${res}s are listed for signed-out visitors`, fnHead, `  const items = await prisma.${res}.findMany({ where: { published: true } });`];
      const post = lines.length;
      lines.push(`  return NextResponse.json(items);`, `}`);
      return result(lines, post, { user: `'public'`, expect: 'public', imports: [I(lib('prisma'), 'prisma'), I('next/server', 'NextResponse')] });
    }
    case 'cron-secret': {
      const lines = [fnHead, `  const authHeader = req.headers.get('authorization');`, `  if (authHeader !== \`Bearer \${process.env.CRON_SECRET}\`) {`, `    return new Response('Unauthorized', { status: 401 });`, `  }`];
      const post = lines.length;
      lines.push(`  return Response.json({ done: true });`, `}`);
      return result(lines, post, { user: `'cron'`, expect: 'guarded', imports: [I(lib('prisma'), 'prisma'), I('next/server', 'NextResponse')] });
    }
    case 'arrow-guarded': {
      const lines = [`export const ${method} = async (req: Request) => {`, `  const { userId } = await auth();`, `  if (!userId) return new NextResponse('Unauthorized', { status: 401 });`];
      const post = lines.length;
      lines.push(`  return NextResponse.json({ userId });`, `};`);
      return result(lines, post, { user: 'userId', expect: 'guarded', imports: [I('@clerk/nextjs/server', 'auth'), I('next/server', 'NextResponse')] });
    }
    case 'export-alias': {
      const guarded = r.chance(0.6);
      const lines = [`async function handle${method}(req: Request) {`];
      if (guarded) lines.push(`  const { userId } = await auth();`, `  if (!userId) ${unauthorized}`);
      else lines.push(`  const userId = req.headers.get('x-user-id');`, `  await prisma.${res}.updateMany({ where: { ownerId: userId ?? '' }, data: { seen: true } });`);
      const post = lines.length;
      lines.push(`  return NextResponse.json({ userId });`, `}`, ``, `export { handle${method} as ${method} };`);
      return result(lines, post, {
        user: 'userId', expect: guarded ? 'guarded' : 'unguarded',
        imports: [I('@clerk/nextjs/server', 'auth'), I(lib('prisma'), 'prisma'), I('next/server', 'NextResponse')],
      });
    }
    default:
      throw new Error(kind);
  }
}

/** Lines of the route file's import block, modules and names sorted. */
function importBlock(imports) {
  const byModule = new Map();
  for (const [m, name] of imports) {
    if (!byModule.has(m)) byModule.set(m, new Set());
    byModule.get(m).add(name);
  }
  return [...byModule.keys()].sort().map((m) => `import { ${[...byModule.get(m)].sort().join(', ')} } from '${m}';`);
}

// ---- fixture copies ---------------------------------------------------------------------------

function loadFixtures() {
  const root = path.join(REPO, 'test', 'fixtures', 'resources');
  const out = [];
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|tsx|js|jsx|mts|mjs|cts|cjs)$/.test(entry.name)) {
        const text = readFileSync(full, 'utf8');
        const header = text.split(/\r?\n/).filter((l) => l.startsWith('//'));
        if (header.some((l) => /^\/\/\s*clerk:/.test(l))) continue; // depends on an old Clerk version
        const expected = header
          .map((l) => /^\/\/\s*expect:\s*missing-auth-guard\s+([\w@]+)/.exec(l)?.[1])
          .filter(Boolean);
        // `// path: app/…/page.tsx`, `// path: lib/actions.ts`: a page, layout or Server Function fixture.
        const at = header.map((l) => /^\/\/\s*path:\s*(\S+)/.exec(l)?.[1]).find(Boolean);
        const resourcePath = at && !/(^|\/)route\.\w+$/.test(at) ? at : undefined;
        out.push({ name: path.relative(root, full), ext: path.extname(full).slice(1), text, expected, resourcePath });
      }
    }
  };
  walk(root);
  return out;
}

// ---- one route file ---------------------------------------------------------------------------

const METHODS = ['GET', 'POST', 'PATCH', 'DELETE', 'PUT'];

function routeFile(i, fixtures, routeRelDir) {
  const r = rngFor('route', i);
  const target = targetLines(i, r);
  // Relative specifiers for some files, `@/lib/…` aliases for the rest.
  const relative = r.chance(0.15);
  const libDir = path.posix.relative(routeRelDir, 'src/lib') || '.';
  const lib = (name) => (relative ? `${libDir}/${name}`.replace(/\/$/, '') : `@/lib${name ? `/${name}` : ''}`);

  if (fixtures.length && r.chance(0.15)) {
    const fx = fixtures[r.int(0, fixtures.length - 1)];
    const lines = fx.text.replace(/\s+$/, '').split('\n');
    let n = 0;
    while (lines.length < target) {
      n++;
      lines.push('', ...(r.chance(0.5) ? typeBlock(r, n) : localFunctionBlock(r, n)));
    }
    return { ext: fx.ext, text: lines.join('\n') + '\n', expected: fx.expected, shapes: [`fixture:${fx.name}`] };
  }

  const useValidation = r.chance(0.3);
  const methods = r.shuffle(METHODS).slice(0, r.weighted([[1, 45], [2, 35], [3, 15], [4, 5]]));
  const handlers = methods.map((method, k) => ({ method, ...shape(r.weighted(SHAPES), method, k + 1, r, lib, useValidation), chunks: [] }));
  // A handler's kind was drawn above; remember it for the header.
  const imports = handlers.flatMap((h) => h.imports);
  if (useValidation) imports.push([lib('validation'), 'parseListQuery']);
  const moduleBlocks = [];
  let n = 100;
  const count = () => {
    const body = handlers.reduce((s, h) => s + h.lines.length + h.chunks.reduce((c, x) => c + x.length + 1, 0) + 1, 0);
    return 3 + importBlock(imports).length + 1 + moduleBlocks.reduce((s, b) => s + b.length, 0) + body;
  };
  const withPrisma = () => {
    if (!imports.some(([, name]) => name === 'prisma')) imports.push([lib('prisma'), 'prisma']);
  };
  while (count() < target) {
    n++;
    const x = r.next();
    if (x < 0.6) {
      const h = handlers[r.int(0, handlers.length - 1)];
      withPrisma();
      h.chunks.push(postChunk(r, n, h.user));
    } else if (x < 0.75) moduleBlocks.push(typeBlock(r, n));
    else if (x < 0.85) moduleBlocks.push(constBlock(r, n));
    else moduleBlocks.push(localFunctionBlock(r, n));
  }
  const expected = handlers.filter((h) => h.expect === 'unguarded').map((h) => h.method);
  const out = [
    `// Bench corpus route ${i}: ${handlers.map((h) => `${h.method} ${h.expect}`).join(', ')}.`,
    expected.length ? expected.map((m) => `// expect: missing-auth-guard ${m}`).join('\n') : '// expect: none',
    ...importBlock(imports),
    '',
    ...moduleBlocks.flat(),
  ];
  for (const h of handlers) {
    const indent = h.indent ?? '  ';
    const chunkLines = h.chunks.flatMap((c) => [...c.map((l) => indent + l), '']);
    out.push(...h.lines.slice(0, h.post), ...chunkLines, ...h.lines.slice(h.post), '');
  }
  return { ext: 'ts', text: out.join('\n'), expected, shapes: handlers.map((h) => h.expect) };
}

function routeDir(j, r) {
  const res = RESOURCES[j % RESOURCES.length];
  const name = `${res}s-${j}`;
  const v = r.int(0, 9);
  if (v <= 4) return `src/app/api/${name}`;
  if (v <= 6) return `src/app/api/${name}/[id]`;
  if (v === 7) return `src/app/(dashboard)/api/${name}`;
  if (v === 8) return `src/app/api/v1/${name}/[...slug]`;
  return `src/app/api/orgs/[orgId]/${name}`;
}

// ---- helper files of a project ----------------------------------------------------------------

function libPadding(r, count) {
  const lines = [];
  for (let k = 0; k < count; k++) {
    const res = r.pick(RESOURCES);
    lines.push(
      ``,
      `/** Formats a ${res} for the API response. */`,
      `export function present${cap(res)}${k}(row: { id: string; createdAt: Date; [key: string]: unknown }) {`,
      `  const { id, createdAt, ...rest } = row;`,
      `  const visible = Object.fromEntries(Object.entries(rest).filter(([key]) => !key.startsWith('_')));`,
      `  return { id, createdAt: createdAt.toISOString(), ...visible, kind: '${res}' };`,
      `}`,
    );
  }
  return lines;
}

function projectFiles(p) {
  const r = rngFor('project', p);
  const pad = () => libPadding(r, r.int(2, 40));
  const files = {
    'package.json': JSON.stringify(
      { name: `bench-app-${p}`, private: true, dependencies: { '@clerk/nextjs': '^6.30.0', '@prisma/client': '^6.10.0', next: '^15.5.0', svix: '^1.70.0' } },
      null,
      2,
    ) + '\n',
    'tsconfig.json': JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2017', lib: ['dom', 'dom.iterable', 'esnext'], strict: true, module: 'esnext', moduleResolution: 'bundler',
          jsx: 'preserve', baseUrl: '.', paths: { '@/*': ['./src/*'] },
        },
        include: ['next-env.d.ts', '**/*.ts', '**/*.tsx'],
        exclude: ['node_modules'],
      },
      null,
      2,
    ) + '\n',
    'src/middleware.ts': [
      `import { clerkMiddleware } from '@clerk/nextjs/server';`,
      ``,
      `export default clerkMiddleware();`,
      ``,
      `export const config = { matcher: ['/((?!_next|[^?]*\\\\.(?:html?|css|js(?!on)|jpe?g|webp|png|gif|svg|ico)).*)', '/(api|trpc)(.*)'] };`,
    ].join('\n') + '\n',
    'src/lib/prisma.ts': [
      `import { PrismaClient } from '@prisma/client';`,
      ``,
      `const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };`,
      ``,
      `export const prisma = globalForPrisma.prisma ?? new PrismaClient();`,
      ``,
      `if (process.env.NODE_ENV !== 'production') globalForPrisma.prisma = prisma;`,
    ].join('\n') + '\n',
    'src/lib/db.ts': [`export { prisma as db } from './prisma';`, ...pad()].join('\n') + '\n',
    'src/lib/errors.ts': [
      `export class HttpError extends Error {`,
      `  constructor(`,
      `    public readonly status: number,`,
      `    message: string,`,
      `  ) {`,
      `    super(message);`,
      `  }`,
      `}`,
      ``,
      `export class UnauthorizedError extends HttpError {`,
      `  constructor() {`,
      `    super(401, 'Unauthorized');`,
      `  }`,
      `}`,
      ``,
      `export class ForbiddenError extends HttpError {`,
      `  constructor() {`,
      `    super(403, 'Forbidden');`,
      `  }`,
      `}`,
    ].join('\n') + '\n',
    'src/lib/auth.ts': [
      `import { auth, currentUser } from '@clerk/nextjs/server';`,
      `import { prisma } from './prisma';`,
      `import { UnauthorizedError } from './errors';`,
      ``,
      `/** The signed-in Clerk user id, or null when signed out. Callers must check it. */`,
      `export async function getUserId(): Promise<string | null> {`,
      `  const { userId } = await auth();`,
      `  return userId;`,
      `}`,
      ``,
      `/** The signed-in user's id; throws UnauthorizedError when signed out. */`,
      `export async function requireUserId(): Promise<string> {`,
      `  const { userId } = await auth();`,
      `  if (!userId) throw new UnauthorizedError();`,
      `  return userId;`,
      `}`,
      ``,
      `/** The signed-in Clerk user; throws UnauthorizedError when signed out. */`,
      `export async function requireUser() {`,
      `  const user = await currentUser();`,
      `  if (!user) throw new UnauthorizedError();`,
      `  return user;`,
      `}`,
      ``,
      `/** The app's own user row for the signed-in Clerk user, or null when signed out. */`,
      `export async function getCurrentDbUser() {`,
      `  const clerkUser = await currentUser();`,
      `  if (!clerkUser) return null;`,
      `  return prisma.user.upsert({`,
      `    where: { clerkId: clerkUser.id },`,
      `    update: {},`,
      `    create: { clerkId: clerkUser.id, email: clerkUser.emailAddresses[0]?.emailAddress ?? '' },`,
      `  });`,
      `}`,
      ...pad(),
    ].join('\n') + '\n',
    'src/lib/api.ts': [
      `import { NextResponse } from 'next/server';`,
      `import { HttpError } from './errors';`,
      ``,
      `/** Maps a thrown error to a JSON response. */`,
      `export function errorResponse(err: unknown) {`,
      `  if (err instanceof HttpError) {`,
      `    return NextResponse.json({ error: err.message }, { status: err.status });`,
      `  }`,
      `  console.error(err);`,
      `  return NextResponse.json({ error: 'Internal error' }, { status: 500 });`,
      `}`,
      ...pad(),
    ].join('\n') + '\n',
    'src/lib/guard.ts': [
      `import { auth } from '@clerk/nextjs/server';`,
      `import { NextResponse } from 'next/server';`,
      ``,
      `type Denied = { authorized: false; response: NextResponse };`,
      `type Allowed = { authorized: true; response?: undefined; userId: string; orgId: string | null };`,
      ``,
      `/** Checks for a signed-in user; on failure the caller returns \`response\`. */`,
      `export async function checkAuth(): Promise<Denied | Allowed> {`,
      `  const { userId, orgId } = await auth();`,
      `  if (!userId) {`,
      `    return { authorized: false, response: NextResponse.json({ error: 'Unauthorized' }, { status: 401 }) };`,
      `  }`,
      `  return { authorized: true, userId, orgId: orgId ?? null };`,
      `}`,
      ``,
      `/** Like checkAuth, but also requires the org:admin role in an active organization. */`,
      `export async function checkOrgAdmin(): Promise<Denied | (Allowed & { orgId: string })> {`,
      `  const { userId, orgId, has } = await auth();`,
      `  if (!userId || !orgId || !has({ role: 'org:admin' })) {`,
      `    return { authorized: false, response: NextResponse.json({ error: 'Forbidden' }, { status: 403 }) };`,
      `  }`,
      `  return { authorized: true, userId, orgId };`,
      `}`,
    ].join('\n') + '\n',
    'src/lib/api/with-auth.ts': [
      `import { auth } from '@clerk/nextjs/server';`,
      `import { NextResponse } from 'next/server';`,
      ``,
      `export type User = { userId: string };`,
      ``,
      `/** Calls \`handler\` with the signed-in user; answers 401 when there is none. */`,
      `export function withAuth(handler: (req: Request, user: User) => Promise<Response>) {`,
      `  return async (req: Request) => {`,
      `    const { userId } = await auth();`,
      `    if (!userId) return NextResponse.json({ error: 'Unauthorized' }, { status: 401 });`,
      `    return handler(req, { userId });`,
      `  };`,
      `}`,
    ].join('\n') + '\n',
    'src/lib/api/with-logging.ts': [
      `/** Logs the request line. Does not check who is calling. */`,
      `export function withLogging<A extends [Request, ...unknown[]]>(handler: (...args: A) => Promise<Response>) {`,
      `  return async (...args: A): Promise<Response> => {`,
      `    const [req] = args;`,
      `    console.info(\`[api] \${req.method} \${new URL(req.url).pathname}\`);`,
      `    return handler(...args);`,
      `  };`,
      `}`,
    ].join('\n') + '\n',
    'src/lib/api/with-error-handler.ts': [
      `import { NextResponse } from 'next/server';`,
      ``,
      `/** Turns an unexpected throw into a 500. Does not check who is calling. */`,
      `export function withErrorHandler<A extends unknown[]>(handler: (...args: A) => Promise<Response>) {`,
      `  return async (...args: A): Promise<Response> => {`,
      `    try {`,
      `      return await handler(...args);`,
      `    } catch (err) {`,
      `      console.error(err);`,
      `      return NextResponse.json({ error: 'Internal error' }, { status: 500 });`,
      `    }`,
      `  };`,
      `}`,
    ].join('\n') + '\n',
    'src/lib/validation.ts': [
      `export interface ListQuery {`,
      `  page: number;`,
      `  pageSize: number;`,
      `  sort: 'asc' | 'desc';`,
      `  search?: string;`,
      `}`,
      ``,
      `/** Parses paging and sorting from search params. Pure: no I/O. */`,
      `export function parseListQuery(params: URLSearchParams): ListQuery {`,
      `  const page = Math.max(1, Number(params.get('page') ?? '1'));`,
      `  const pageSize = Math.min(100, Math.max(1, Number(params.get('pageSize') ?? '20')));`,
      `  const sort = params.get('sort') === 'asc' ? 'asc' : 'desc';`,
      `  const search = params.get('q')?.trim() || undefined;`,
      `  return { page, pageSize, sort, search };`,
      `}`,
      ...pad(),
    ].join('\n') + '\n',
    'src/lib/index.ts': [`export * from './auth';`, `export * from './guard';`, `export { prisma } from './prisma';`].join('\n') + '\n',
  };
  return files;
}

// ---- the corpus -------------------------------------------------------------------------------

function inputsHash(fixtures) {
  const h = createHash('sha256');
  h.update(`v${GENERATOR_VERSION}:${SEED}:${PROJECT_SIZE}`);
  h.update(readFileSync(fileURLToPath(import.meta.url)));
  for (const f of fixtures) h.update(f.name).update(f.text);
  return h.digest('hex').slice(0, 16);
}

/**
 * Makes sure `dir` holds at least `files` route files (rounded up to whole projects) and returns the
 * manifest: { hash, projects: [{ dir, routes, expectedFindings, lines }] } for the first ⌈files/250⌉
 * projects (`routes` lists the route files, then the page, layout and Server Function files)
 * projects. Regenerates when the generator or the fixtures changed.
 */
export function ensureCorpus({ files = 2000, dir = DEFAULT_DIR, log = () => {} } = {}) {
  const fixtures = loadFixtures();
  const hash = inputsHash(fixtures);
  const manifestPath = path.join(dir, 'manifest.json');
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch {
    manifest = undefined;
  }
  if (!manifest || manifest.hash !== hash) {
    rmSync(dir, { recursive: true, force: true });
    manifest = { hash, projects: [] };
  }
  const wanted = Math.ceil(files / PROJECT_SIZE);
  if (manifest.projects.length < wanted) {
    const started = Date.now();
    for (let p = manifest.projects.length; p < wanted; p++) manifest.projects.push(writeProject(dir, p, fixtures));
    mkdirSync(dir, { recursive: true });
    writeFileSync(manifestPath, JSON.stringify(manifest));
    log(`corpus: wrote ${wanted * PROJECT_SIZE} route files in ${wanted} projects under ${path.relative(process.cwd(), dir) || dir} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
  const projects = manifest.projects.slice(0, wanted).map((p) => ({ ...p, dir: path.join(dir, p.name) }));
  return { hash, dir, projects };
}

function writeProject(dir, p, fixtures) {
  const name = `p${String(p).padStart(2, '0')}`;
  const root = path.join(dir, name);
  const write = (rel, text) => {
    const full = path.join(root, rel);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, text);
  };
  for (const [rel, text] of Object.entries(projectFiles(p))) write(rel, text);
  const routes = [];
  let expectedFindings = 0;
  let lines = 0;
  const r = rngFor('dirs', p);
  const routeFixtures = fixtures.filter((fx) => !fx.resourcePath);
  for (let j = 0; j < PROJECT_SIZE; j++) {
    const i = p * PROJECT_SIZE + j;
    const relDir = routeDir(j, r);
    const file = routeFile(i, routeFixtures, relDir);
    const rel = `${relDir}/route.${file.ext}`;
    write(rel, file.text);
    routes.push(rel);
    expectedFindings += file.expected.length;
    lines += file.text.split('\n').length;
  }
  // Pages, layouts and Server Function modules: copies of the resource fixtures, each at its own path
  // under a folder of its own (`app/x/page.tsx` → `src/app/bench-3/x/page.tsx`).
  const resources = fixtures.filter((fx) => fx.resourcePath);
  for (let k = 0; k < Math.min(RESOURCES_PER_PROJECT, resources.length); k++) {
    const fx = resources[(p * RESOURCES_PER_PROJECT + k) % resources.length];
    const rel = benchResourcePath(fx.resourcePath, k);
    write(rel, fx.text);
    routes.push(rel);
    expectedFindings += fx.expected.length;
    lines += fx.text.split('\n').length;
  }
  return { name, routes, expectedFindings, lines };
}

/** Resource fixtures written into each project (besides its PROJECT_SIZE route files). */
const RESOURCES_PER_PROJECT = 25;

function benchResourcePath(fixturePath, k) {
  const app = /^(src\/)?app\//.exec(fixturePath);
  if (app) return `src/app/bench-${k}/${fixturePath.slice(app[0].length)}`;
  return `src/bench-${k}/${fixturePath}`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : fallback;
  };
  const corpus = ensureCorpus({ files: Number(arg('--files', 2000)), dir: path.resolve(arg('--dir', DEFAULT_DIR)), log: console.log });
  const routes = corpus.projects.reduce((s, p) => s + p.routes.length, 0);
  const lines = corpus.projects.reduce((s, p) => s + p.lines, 0);
  console.log(`${routes} route files, ${lines} lines, ${corpus.projects.length} projects, hash ${corpus.hash}`);
}
