/**
 * What a call or a value is, judged by what it does rather than by the library it comes from: an SDK
 * client made from configuration, a verification of a webhook signature, a lookup of a credential the
 * caller sends, a value signed with the app's secret, a liveness probe, infrastructure (connections,
 * logging, rate limits, health checks), a constant written to module state. The attacker run (engine.ts)
 * asks these questions; they only read syntax and abstract values.
 */
// import-equals compiles to a plain require, without a second getter layer over TypeScript's exports.
import ts = require('typescript');
import { INFRASTRUCTURE_FUNCTION } from './knownModules';
import type { ModuleContext } from './module';
import { AValue, NULL } from './values';

const { SyntaxKind } = ts;

/**
 * `createClient(process.env.URL!, process.env.KEY!, { auth: … })`, `neon(url)`, `drizzle(sql)`: a
 * factory given a secret from the environment (or a client) and nothing from the request builds an
 * SDK client, as `new X(…)` does; calling the client's methods is the I/O.
 */
export function madeFromConfiguration(args: readonly AValue[]): boolean {
  return args.some((a) => a.secret || a.client) && !args.some((a) => a.readOnly);
}

/**
 * `createClient(process.env.NEXT_PUBLIC_SUPABASE_URL!, process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY!, …)`,
 * `initializeApp({ apiKey: process.env.NEXT_PUBLIC_FIREBASE_API_KEY, … })`, `getFirestore(app)`: made from
 * public configuration or a public client, with no secret anywhere in the arguments.
 */
export function madeOnlyFromPublicConfiguration(args: readonly AValue[]): boolean {
  return args.some((a) => holds(a, (v) => v.publicConfig === true || v.publicClient === true, 2)) && !args.some((a) => holds(a, (v) => v.secret === true || v.client === true || v.clerkBackend === true, 3));
}

function holds(value: AValue, test: (v: AValue) => boolean, depth: number): boolean {
  if (test(value)) return true;
  if (depth === 0 || !value.props) return false;
  for (const p of value.props.values()) if (holds(p, test, depth - 1)) return true;
  return false;
}

/** An argument is, or directly holds, a value signed with a secret. */
export function carriesMinted(args: readonly AValue[]): boolean {
  return args.some((a) => carries(a, 'minted'));
}

/** `createHmac(alg, secret)`, `crypto.subtle.sign(…)`: a keyed hash, whose output is a signature. */
export function isKeyedHash(callee: ts.Expression): boolean {
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
  return /^(createHmac|sign|hmac)$/i.test(name);
}

/** Calls that change or send something, by their name (`create`, `updateMany`, `sendEmail`, `$executeRaw`). */
export const WRITE_METHOD = /^\$?(create|update|upsert|delete|insert|remove|destroy|save|set|put|post|patch|send|publish|trigger|increment|decrement|incr|decr|del|mutate|execute|rpc|charge|refund|transfer|upload|write|push|add)/i;

/**
 * `fetch(url, { headers: { Authorization: `Bearer ${await getToken()}` } })`: the request carries the
 * caller's Clerk session to a service that authenticates it, and the signed-out caller has none.
 */
export function forwardsAbsentSession(args: readonly AValue[]): boolean {
  return args.some((a) => holds(a, (v) => v.sessionToken === true, 3));
}

/**
 * An OAuth callback trading the code the provider sent back for tokens: a request to the provider's token
 * endpoint (`https://oauth2.googleapis.com/token`, `https://${shop}/admin/oauth/access_token`, Slack's
 * `oauth.v2.access`) from a function that reads a `code`, or any call given
 * `grant_type: 'authorization_code'` (`stripe.oauth.token({ grant_type: 'authorization_code', code })`).
 * `url` is the value of the first argument (a constant's text when it is one).
 */
export function exchangesAuthorizationCode(node: ts.CallExpression, url: AValue | undefined, isRequest: boolean, sourceFile: ts.SourceFile): boolean {
  const literalUrl = typeof url?.literal === 'string' ? url.literal : undefined;
  if (!mentionsOAuth(sourceFile) && !(literalUrl && TOKEN_ENDPOINT.test(literalUrl))) return false;
  const argsText = node.arguments.map((a) => a.getText(sourceFile)).join(' ');
  if (AUTHORIZATION_CODE_GRANT.test(argsText)) return true;
  if (!isRequest || node.arguments.length === 0) return false;
  const urlText = literalUrl ?? node.arguments[0]!.getText(sourceFile);
  if (!TOKEN_ENDPOINT.test(urlText)) return false;
  const fn = functionsAround(node, sourceFile)[0];
  return fn !== undefined && /\bcode\b/.test(fn.getText(sourceFile));
}

/** Most files never speak OAuth: one scan of the text per file spares every call the argument texts. */
const oauthFiles = new WeakMap<ts.SourceFile, boolean>();
function mentionsOAuth(sourceFile: ts.SourceFile): boolean {
  let known = oauthFiles.get(sourceFile);
  if (known === undefined) {
    known = /oauth|authorization_code/i.test(sourceFile.text);
    oauthFiles.set(sourceFile, known);
  }
  return known;
}

const AUTHORIZATION_CODE_GRANT = /['"`]authorization_code['"`]|grant_type=authorization_code/;
const TOKEN_ENDPOINT = /oauth[^'"`\s?]*?(token|access)/i;

/** The functions whose bodies hold `node`, innermost first (source files are parsed without parent links). */
function functionsAround(node: ts.Node, sourceFile: ts.SourceFile): ts.Node[] {
  const found: ts.Node[] = [];
  const visit = (n: ts.Node): void => {
    if (n.pos > node.pos || n.end < node.end) return;
    if (ts.isFunctionLike(n)) found.unshift(n);
    ts.forEachChild(n, visit);
  };
  ts.forEachChild(sourceFile, visit);
  return found;
}

/**
 * `fetch('https://noembed.com/embed?url=…')`, `fetch(`${process.env.NEXT_PUBLIC_APP_URL}/api/plans`)`:
 * a request to a fixed public host (or the app's own public URL, whose route is judged on its own) that
 * carries no secret: the attacker can send it themselves. A URL the caller picks (server-side request
 * forgery), a server-only host from the environment, and any key in the headers or body stay work. (The
 * engine also keeps a write to a fixed host other than the app's own origin as work: see evCall.)
 */
export function fetchesPublicUrl(args: readonly AValue[]): boolean {
  const [url, ...rest] = args;
  const isPublic = url !== undefined && (url.publicUrl === true || (typeof url.literal === 'string' && isPublicOrigin(url.literal)));
  return isPublic && !rest.some((a) => holds(a, (v) => v.secret === true || v.client === true || v.clerkBackend === true || v.minted === true, 3));
}

/** A secret within `depth` levels of object literals: `{ p_cert_key: process.env.KAMIS_KEY }`. */
export function holdsSecret(value: AValue, depth: number): boolean {
  return holds(value, (v) => v.secret === true, depth);
}

/**
 * A read from the app's own backend service (a URL built on `process.env.API_URL`) that carries
 * nothing secret: no key, token or client of the app's in its options or body. `call` is `fetch` or
 * the HTTP client's method (`get`, `post`, …).
 */
export function fetchesServiceAnonymously(args: readonly AValue[], call: string): boolean {
  const [url, ...rest] = args;
  if (url?.serviceUrl !== true || rest.some((a) => holds(a, (v) => v.secret === true || v.client === true || v.clerkBackend === true || v.minted === true || v.credential === true, 3))) return false;
  // Only a read: a write sent on for anyone makes the app the service's open gateway, and a service
  // inside the app's network may take any request that reaches it as trusted.
  return isReadRequest(args, call);
}

/** `fetch(url)`, `fetch(url, { method: 'GET' })`, `axios.get(url)`: a request that asks, not one that changes. */
export function isReadRequest(args: readonly AValue[], call: string): boolean {
  if (call !== 'fetch') return /^(get|head)$/i.test(call);
  const method = args[1]?.props?.get('method');
  return method === undefined || (typeof method.literal === 'string' && /^(get|head)$/i.test(method.literal));
}

/** The value, or an object literal within `depth` levels of it, is a credential from the request. */
export function holdsCredential(value: AValue, depth: number): boolean {
  if (value.credential) return true;
  if (depth === 0 || !value.props) return false;
  // `where: { clerkUserId: bearer }`: the code looks the value up as who the caller claims to be. A user
  // id is no secret (ids leak through URLs and other responses), whatever header it came in.
  for (const [key, p] of value.props) if (!NAMES_AN_IDENTITY.test(key) && holdsCredential(p, depth - 1)) return true;
  return false;
}

const NAMES_AN_IDENTITY = /^(clerk_?)?(user|account|member|customer|owner|author|creator)_?id$|^clerk_?id$/i;

/** `userId`, `clerkId`, `ownerId`: a name for whose records these are. */
export function namesAnIdentity(name: string): boolean {
  return NAMES_AN_IDENTITY.test(name);
}

/**
 * `findUnique({ where: { clerkId: userId } })` with a user id the caller sends (the body, the query, a
 * plain cookie): a lookup of whoever the caller names. Ids are no secret, so a check of what it finds
 * (`user.role !== 'ADMIN'`) is passed by naming an admin.
 */
export function looksUpChosenIdentity(args: readonly AValue[]): boolean {
  return args.some((a) => {
    const where = a.props?.get('where');
    if (!where?.props) return false;
    for (const [key, v] of where.props) {
      if (NAMES_AN_IDENTITY.test(key) && v.readOnly && !v.credential && !v.secret && !v.absentUser && v.literal === undefined) return true;
    }
    return false;
  });
}

const FILTERED_WRITE = /^\$?(update|delete|remove|destroy)/i;
const LIST_READ = /many|all|list|search|query|select/i;

/**
 * What a call keyed by the signed-out caller's absent id does: `findFirst({ where: { userId } })` finds
 * nothing (null), `findMany(…)` an empty list, and `deleteMany({ where: { id, userId } })` changes
 * nothing. `undefined` when the call is not keyed by it. A write that stores it (`create({ data: { email,
 * userId } })`: a lead with an optional owner) and an upsert are still work; `where: { userId: user?.id }`
 * (undefined: no filter at all in Prisma) never carries the flag.
 */
export function answerKeyedByAbsentUser(method: string, args: readonly AValue[]): AValue | undefined {
  if (WRITE_METHOD.test(method) && !FILTERED_WRITE.test(method)) return undefined;
  // Only an ORM's `where` filter says how null is compared; a function given the id itself
  // (`listDocuments(userId)`) may read null as "no filter".
  const keyed = args.some((a) => {
    const where = a.props?.get('where');
    return where !== undefined && holdsAbsentUser(where, 2);
  });
  // Mongoose: `User.findById(userId)` with null looks for `_id: null` and finds no one; a filter object
  // (`Address.find({ userId })`) compares its fields as a `where` does.
  const mongoKeyed = (BY_ID.test(method) && args[0]?.absentUser === true) || (MONGO_FILTERED.test(method) && filtersByAbsentUser(args[0]));
  // `pool.query('SELECT … WHERE clerk_id = $1', [userId])`: SQL compares with the null id.
  const sqlKeyed = typeof args[0]?.literal === 'string' && selectsByComparison(args[0].literal) && args.slice(1).some((a) => holdsAbsentUser(a, 2));
  if (!keyed && !mongoKeyed && !sqlKeyed) return undefined;
  return LIST_READ.test(method) || method === 'find' ? EMPTY_LIST : NULL;
}

const BY_ID = /^findById(AndUpdate|AndDelete|AndRemove)?$/;
const MONGO_FILTERED = /^(find|findOne|findOneAnd(Update|Delete|Replace)|countDocuments|exists|updateOne|updateMany|deleteOne|deleteMany)$/;

/** `{ userId }` with the signed-out caller's null id among the filter's own fields. */
function filtersByAbsentUser(filter: AValue | undefined): boolean {
  if (!filter?.props || filter.props.has('where')) return false;
  for (const v of filter.props.values()) if (v.absentUser) return true;
  return false;
}

const EMPTY_LIST: AValue = { truth: 'truthy' };
/** A list with no rows, its first element read as `const [row] = rows` (better-sqlite3's `.all()`). */
export const NO_ROWS: AValue = { truth: 'truthy', props: new Map([['0', NULL]]) };

/**
 * Raw SQL that reads rows chosen by comparisons joined with AND (`SELECT … WHERE clerk_id = ?`,
 * `… WHERE user_id = $1 AND status = 'open'`), with every placeholder after the WHERE: bound to the
 * signed-out caller's null id, a comparison with NULL is never true (`= NULL`, `IN (NULL)`, `> NULL`),
 * so no row is selected. OR, IS, COALESCE, CASE and outer joins can select rows anyway.
 */
export function selectsByComparison(sql: string): boolean {
  const where = sql.search(/\bwhere\b/i);
  if (where < 0 || !/^\s*(\(\s*)?select\b/i.test(sql)) return false;
  if (NULL_TOLERANT_SQL.test(sql)) return false;
  return !SQL_PLACEHOLDER.test(sql.slice(0, where)) && SQL_PLACEHOLDER.test(sql.slice(where));
}
const NULL_TOLERANT_SQL = /\b(or|is|coalesce|ifnull|nullif|isnull|nvl|left|right|full|case)\b|<=>/i;
/** `?`, `?1`, `$1`, `:name`, `@name` (a `::type` cast is not one). */
const SQL_PLACEHOLDER = /\?|\$\d|(?<!:):[a-z_]|@[a-z_]/i;

export function holdsAbsentUser(value: AValue, depth: number): boolean {
  if (value.absentUser) return true;
  if (depth === 0 || !value.props) return false;
  for (const p of value.props.values()) if (holdsAbsentUser(p, depth - 1)) return true;
  return false;
}

/** Header names that carry a webhook's signature. */
export const SIGNATURE_HEADER = /signature|^svix-|^webhook-(id|timestamp|signature)$/i;
export const SIGNATURE: AValue = { truth: 'unknown', readOnly: true, signature: true };

/** A call given both a signature from the request and a secret (directly, or in the receiver). */
export function verifiesSignature(args: readonly AValue[], receiver: AValue | undefined): boolean {
  return args.some((a) => carries(a, 'signature')) && (receiver?.secret === true || args.some((a) => carries(a, 'secret')));
}

/** The value, or one of its known properties, has the flag (no copies: this runs for every unknown call). */
function carries(value: AValue, flag: 'signature' | 'secret' | 'minted'): boolean {
  if (value[flag] === true) return true;
  if (value.props) for (const p of value.props.values()) if (p[flag] === true) return true;
  return false;
}

const literals = new Map<string, AValue>();

/** The value of a string literal, text kept (for equality with another literal); shared per text. */
export function literalValue(text: string): AValue {
  let value = literals.get(text);
  if (!value) {
    if (literals.size > 10_000) literals.clear();
    // `'/dashboard'`: a path the code names (see AValue.namedPath).
    value = { truth: text === '' ? 'falsy' : 'truthy', literal: text, namedPath: text.startsWith('/') || undefined };
    literals.set(text, value);
  }
  return value;
}

/** `await import('./x')`, `require('better-sqlite3')`: loading code, not running anything of the caller's. */
export function isDynamicImport(node: ts.CallExpression): boolean {
  if (node.expression.kind === SyntaxKind.ImportKeyword) return true;
  return ts.isIdentifier(node.expression) && node.expression.text === 'require' && node.arguments.length === 1 && ts.isStringLiteralLike(node.arguments[0]);
}

/**
 * sql`SELECT 1`, `db.$queryRaw('SELECT 1')`: a liveness probe of the database reads no data; fixed
 * schema set-up that is a no-op once done (`CREATE TABLE IF NOT EXISTS …`) changes none, and reading
 * the schema (`PRAGMA table_info(users)`) reads no one's rows.
 */
export function isProbeOrSetup(node: ts.CallExpression | ts.TaggedTemplateExpression): boolean {
  const arg = ts.isTaggedTemplateExpression(node) ? node.template : node.arguments[0];
  // `db.execute(sql\`SELECT 1\`)`: the probe handed to the driver.
  if (arg && ts.isTaggedTemplateExpression(arg)) return isProbeOrSetup(arg);
  return arg !== undefined && ts.isStringLiteralLike(arg) && (LIVENESS_QUERY.test(arg.text) || SCHEMA_IF_MISSING.test(arg.text) || SCHEMA_INTROSPECTION.test(arg.text));
}

/**
 * Reading the schema itself, fixed text (`PRAGMA table_info(users)`, `SELECT column_name FROM
 * information_schema.columns …`): which columns a table has, the same for every caller, no one's rows.
 */
const SCHEMA_INTROSPECTION = /^\s*(pragma\s+(table_info|table_xinfo|index_list|index_info|foreign_key_list)\s*\(|select\b[^;]*\bfrom\s+(information_schema\.(columns|tables)|sqlite_(master|schema))\b)/i;

const LIVENESS_QUERY = /^\s*select\s+(1|now\(\)|version\(\))(\s|;|$|\s+as\s)/i;
/**
 * Idempotent schema set-up, fixed text run before the first query (`CREATE TABLE IF NOT EXISTS replies
 * (…)`, `ALTER TABLE users ADD COLUMN IF NOT EXISTS bio text`): once the schema is there it changes
 * nothing, whoever sends the request.
 */
const SCHEMA_IF_MISSING = /^\s*(create\s+(unique\s+)?(table|index|extension|schema)\s+if\s+not\s+exists|alter\s+table\s+(if\s+exists\s+)?[\w."]+\s+add\s+column\s+if\s+not\s+exists)\b/i;

/**
 * `indexesCreated = true` in a function that tests the flag itself (`if (indexesCreated) return;` or
 * `if (!indexesCreated) { … }`): it remembers that the function's own set-up ran, so it runs once. A
 * flag that grants something is set in one place and tested in another (`subscriptionActive = true`).
 */
export function setsOwnRunOnceFlag(assignment: ts.Node, name: string, sf: ts.SourceFile): boolean {
  // The function around the assignment, or one it is nested in: `if (!columnsPromise) { columnsPromise =
  // load().catch(() => { columnsPromise = null }) }` resets the memo from a callback.
  for (const owner of functionsAround(assignment, sf)) {
    let tested = false;
    const find = (n: ts.Node): void => {
      if (tested) return;
      if (ts.isIfStatement(n) && testsFlag(n.expression, name)) tested = true;
      else ts.forEachChild(n, find);
    };
    ts.forEachChild(owner, find);
    if (tested) return true;
  }
  return false;
}

function testsFlag(condition: ts.Expression, name: string): boolean {
  if (ts.isPrefixUnaryExpression(condition) && condition.operator === SyntaxKind.ExclamationToken) return testsFlag(condition.operand, name);
  return ts.isIdentifier(condition) && condition.text === name;
}

const LOOPBACK_URL = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/i;

/**
 * The expression of a statement `fetch('http://127.0.0.1:7242/ingest/…', { … }).catch(() => {})`: a log
 * line sent to a debugging agent on the developer's machine (editors' debug modes insert them). Left
 * floating, its answer unused, it reads and changes nothing of the app's; an awaited or used loopback
 * fetch (a sidecar service) still counts.
 */
export function isLoopbackLog(statementExpression: ts.Expression): boolean {
  let e = statementExpression;
  if (ts.isVoidExpression(e)) e = e.expression;
  // `.catch(() => {})` / `.then(…)` chained on it.
  while (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && /^(catch|then|finally)$/.test(e.expression.name.text)) e = e.expression.expression;
  if (!ts.isCallExpression(e) || !ts.isIdentifier(e.expression) || e.expression.text !== 'fetch') return false;
  const url = e.arguments[0];
  return url !== undefined && ts.isStringLiteralLike(url) && LOOPBACK_URL.test(url.text);
}

const COUNTER_METHOD = /^(incr|incrby|incrBy|decr|expire|pexpire|ttl|get|set|del|zadd|zcard|zcount|zremrangebyscore)$/;
// A key that names a rate-limit counter: `rate-limit:${ip}`, `ratelimit_${ip}`, a `rateKey` variable.
const RATE_LIMIT_KEY = /rate[-_: ]?limit|throttl|\brate[-_]?key\b/i;

/** `redis.incr(\`rate-limit:${ip}\`)`, `redis.expire(rateKey, 60)`: counting requests, not anyone's data. */
export function countsRequests(call: ts.CallExpression, sf: ts.SourceFile): boolean {
  // Runs for every unknown call: the method name first, the key's text only for a counter's methods.
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || !COUNTER_METHOD.test(callee.name.text)) return false;
  const key = call.arguments[0];
  if (!key || !(ts.isStringLiteralLike(key) || ts.isTemplateExpression(key) || ts.isIdentifier(key))) return false;
  return RATE_LIMIT_KEY.test(key.getText(sf));
}

export function isInfrastructureCall(callee: ts.Expression): boolean {
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  return name !== undefined && INFRASTRUCTURE_FUNCTION.test(name);
}

/** A value the program wrote itself (`true`, `0`, `'pro'`), not one from the request or a call. */
export function isConstant(value: AValue): boolean {
  return value.truth !== 'unknown' && !value.readOnly && !value.call && !value.props && !value.client;
}

/** `client = new Pool()`, `cached = await connect()`: lazy initialisation of a module variable, not state a request changes. */
export function createsInstance(expr: ts.Expression): boolean {
  let e = expr;
  while (ts.isAwaitExpression(e) || ts.isParenthesizedExpression(e)) e = e.expression;
  return ts.isNewExpression(e) || ts.isCallExpression(e);
}

/** `auth()`, `currentUser()`, `auth.protect()`: a call of a name the module imports from Clerk. */
export function isClerkIdentityCall(call: ts.CallExpression, module: ModuleContext): boolean {
  let callee = call.expression;
  if (ts.isPropertyAccessExpression(callee)) callee = callee.expression;
  if (!ts.isIdentifier(callee)) return false;
  return module.clerkImportNames().includes(callee.text);
}

/**
 * `cache.has(key)`, `cache.get(key)`, `cache.set(key, value)` on a module-level Map that only the calling
 * function fills and whose hits it returns (`if (cache.has(k)) return cache.get(k); … cache.set(k, v)`): a
 * memo. It hands back what the function computes on a miss, so the run takes the miss (see engine.ts).
 * A handler that stores what callers send (`drafts.set(id, text)`) returns no hit: shared state.
 */
export function usesOwnMemo(call: ts.CallExpression, sf: ts.SourceFile): boolean {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || !/^(get|has|set)$/.test(callee.name.text) || !ts.isIdentifier(callee.expression)) return false;
  const name = callee.expression.text;
  // Parents are not kept (see project.ts), so one walk tracks the innermost function around each node.
  let owner: ts.Node | undefined;
  const writers: (ts.Node | undefined)[] = [];
  const returnsHit: ts.Node[] = [];
  // `let breaker = cache.get(name); if (!breaker) { … cache.set(name, breaker) } return breaker`.
  const hitNames = new Set<string>();
  let writesOtherwise = false;
  const visit = (node: ts.Node, fn: ts.Node | undefined): void => {
    if (node === call) owner = fn;
    if (fn && ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer && isGetOf(node.initializer, name)) hitNames.add(node.name.text);
    if (fn && ts.isReturnStatement(node) && node.expression && (isGetOf(node.expression, name) || (ts.isIdentifier(node.expression) && hitNames.has(node.expression.text)))) returnsHit.push(fn);
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ts.isIdentifier(node.expression.expression)
      && node.expression.expression.text === name && /^(set|delete|clear)$/.test(node.expression.name.text)) {
      if (node.expression.name.text === 'set') writers.push(fn);
      else writesOtherwise = true;
    }
    const inner = ts.isFunctionLike(node) ? node : fn;
    ts.forEachChild(node, (child) => visit(child, inner));
  };
  visit(sf, undefined);
  return owner !== undefined && !writesOtherwise && returnsHit.includes(owner) && writers.length > 0 && writers.every((fn) => fn === owner);
}

/** `cache.get(key)`, `cache.get(key)!`, `cache.get(key) as T`. */
function isGetOf(expr: ts.Expression, name: string): boolean {
  let e = expr;
  while (ts.isNonNullExpression(e) || ts.isAsExpression(e) || ts.isParenthesizedExpression(e) || ts.isAwaitExpression(e)) e = e.expression;
  return ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'get'
    && ts.isIdentifier(e.expression.expression) && e.expression.expression.text === name;
}

const EXPIRY_FIELD = /^(expires?(_?at|_?on)?|expiry(_?date)?|expiration(_?date)?|valid_?until)$/i;

/**
 * `pendingLogin.deleteMany({ where: { expiresAt: { lt: new Date() } } })`: housekeeping that removes only
 * rows that have lapsed, as a scheduled job would; the caller chooses nothing about what goes.
 */
export function deletesOnlyLapsed(call: ts.CallExpression): boolean {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || !/^delete(many)?$/i.test(callee.name.text)) return false;
  const where = objectProperty(call.arguments[0], 'where');
  if (!where || !ts.isObjectLiteralExpression(where) || where.properties.length !== 1) return false;
  const only = where.properties[0];
  if (!ts.isPropertyAssignment(only) || !EXPIRY_FIELD.test(propertyName(only.name)) || !ts.isObjectLiteralExpression(only.initializer)) return false;
  const bounds = only.initializer.properties;
  return bounds.length === 1 && ts.isPropertyAssignment(bounds[0]) && /^lte?$/.test(propertyName(bounds[0].name)) && isNow(bounds[0].initializer);
}

function propertyName(name: ts.PropertyName): string {
  return ts.isIdentifier(name) || ts.isStringLiteralLike(name) ? name.text : '';
}

function objectProperty(expr: ts.Expression | undefined, name: string): ts.Expression | undefined {
  if (!expr || !ts.isObjectLiteralExpression(expr)) return undefined;
  for (const p of expr.properties) if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === name) return p.initializer;
  return undefined;
}

/** `new Date()`, `Date.now()`, or a local named `now`. */
function isNow(expr: ts.Expression): boolean {
  if (ts.isNewExpression(expr)) return ts.isIdentifier(expr.expression) && expr.expression.text === 'Date' && !expr.arguments?.length;
  if (ts.isCallExpression(expr)) {
    const callee = expr.expression;
    return ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'Date' && callee.name.text === 'now';
  }
  return ts.isIdentifier(expr) && /^now$/i.test(expr.text);
}

/**
 * `https://api.example.com/…`: a host on the internet. Loopback, private addresses and names without a
 * dot (`http://backend:8000`, a sidecar or a service on the app's own network) are not reachable by the
 * attacker, so a request there is the server's own.
 */
export function isPublicOrigin(url: string): boolean {
  const host = /^https?:\/\/(?:[^@/?#]*@)?([^/?#:$]+)/i.exec(url)?.[1]?.toLowerCase();
  if (!host || !host.includes('.')) return false;
  return !/^(127\.|10\.|0\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|169\.254\.)|\.(local|internal|localhost)$/.test(host);
}
