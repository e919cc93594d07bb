/**
 * The abstract values of the "attacker run": one execution of a handler by a caller who has no Clerk
 * session, no valid webhook signature and no shared secret. For each expression we only need what that
 * caller would see: is the value falsy (then `if (!userId) return` stops them), what its properties are,
 * and what calling it does.
 */
import type { FunctionRef, WorkSite } from './scope';
import { trpcProperty, type TrpcPart } from './trpc';

/** What the attacker sees of a value. `unknown` means either branch of a test on it may run. */
export type Truth = 'null' | 'undefined' | 'false' | 'falsy' | 'truthy' | 'unknown';

/** What calling a value does on the attacker run. */
export type CallBehavior =
  /**
   * Returns `value` and does no protected work (Clerk's `auth()`, `has()`, …). `identity` marks the
   * calls that establish who the caller is. `unawaited`: what a call that is not awaited gives (a Promise,
   * for Clerk 6's `auth()`), when that differs.
   */
  | { kind: 'returns'; value: AValue; identity?: boolean; unawaited?: AValue }
  /**
   * Never returns for the attacker: throws or redirects (`auth.protect()`, `redirect()`, svix `verify`).
   * `whenAwaited`: it rejects a Promise, so only an awaited (or returned) call stops the handler.
   */
  | { kind: 'stops'; whenAwaited?: boolean }
  /** A function written in the project: its summary decides (see engine.ts). */
  | { kind: 'function'; fn: FunctionRef }
  /**
   * One of several functions written in the project, not known which (`steps[id].titleFn(…)`,
   * `handlers[action](…)` on a table written out in full): each is run, and any work in one is work.
   */
  | { kind: 'either'; fns: readonly FunctionRef[] }
  /**
   * Hands back the function it is given, to run later (React's `cache`, Next.js's `unstable_cache`), or
   * the method `property` of the object it is given (`flag({ decide() {…} })` from Vercel's flags).
   */
  | { kind: 'wraps'; property?: string };

export interface AValue {
  readonly truth: Truth;
  /** Known properties. `props.get(name)` wins over `otherProps`. */
  readonly props?: ReadonlyMap<string, AValue>;
  /** The value of every property not in `props` (e.g. `undefined` for a Promise's `userId`). */
  readonly otherProps?: AValue;
  readonly call?: CallBehavior;
  /** `new X()` on this value gives that value (svix `Webhook`). */
  readonly construct?: AValue;
  /**
   * The head of a query builder chain not finished yet (`db.select().from(t)`, `supabase.from('t')`):
   * whether it is work is decided where the chain ends, by the filters it was given (see engine.ts).
   */
  readonly query?: PendingQuery;
  /** A tRPC instance, procedure builder, procedure, router or caller (see trpc.ts). */
  readonly trpc?: TrpcPart;
  /** One of the project's classes: `new X(…)` runs its constructor with the arguments (see module.ts). */
  readonly instantiate?: (args: readonly AValue[]) => AValue;
  /** Derived from `process.env`: an attacker cannot know it, so comparisons with it fail. */
  readonly secret?: boolean;
  /** Reading it or calling its methods is harmless (the request, its URL, headers, search params). */
  readonly readOnly?: boolean;
  /**
   * Module-level state shared by every request (an in-memory store, a cache Map): calling its
   * methods reads or writes other users' data, which is protected work.
   */
  readonly shared?: boolean;
  /**
   * Signed with a secret (`createHmac('sha256', secret).update(params).digest('hex')`): a credential the
   * app mints. Handing one to a caller who has none is protected work (an upload signature, a token).
   */
  readonly minted?: boolean;
  /**
   * A credential the caller sends (`Authorization`, `x-api-key`, a `[token]` URL segment, `?token=`):
   * the attacker has no valid one, so looking it up finds nothing.
   */
  readonly credential?: boolean;
  /**
   * The signed-out caller's user id (`auth().userId`, null): a lookup filtered by it
   * selects no one's rows (SQL's `= NULL` matches nothing, Prisma refuses a null filter).
   */
  readonly absentUser?: boolean;
  /**
   * The signed-out caller's Clerk session token (`await getToken()`, null), or text built from it
   * (`Bearer ${token}`): a service given it to authenticate the caller refuses them.
   */
  readonly sessionToken?: boolean;
  /** The value of a string or number literal, so `gate.status === 'unauthorized'` can be decided. */
  readonly literal?: string | number;
  /**
   * From a request header that carries a webhook signature (`stripe-signature`, `svix-signature`,
   * `x-hub-signature-256`): a call that checks it against a secret is a verification.
   */
  readonly signature?: boolean;
  /** Clerk's backend client or part of it (`(await clerkClient()).users`): its calls ask Clerk itself. */
  readonly clerkBackend?: boolean;
  /** A module's namespace (`await import('./x')`): its properties are the module's exports. */
  readonly namespace?: { exportValue(name: string): AValue };
  /** An SDK client made from configuration (`createClient(process.env.URL!, key)`): its methods do I/O. */
  readonly client?: boolean;
  /**
   * A URL path the code names, with only segments from elsewhere (`/trips/${id}`): revalidating it has
   * one of the app's own pages rendered again from the same data.
   */
  readonly namedPath?: boolean;
  /** Next.js's `revalidatePath` / `revalidateTag`: work only when given something other than literals. */
  readonly revalidates?: boolean;
  /** `process.env`: its `NEXT_PUBLIC_*` variables are shipped to every browser, the rest are secrets. */
  readonly environment?: boolean;
  /** A `NEXT_PUBLIC_*` variable: configuration every visitor's browser holds, not a secret. */
  readonly publicConfig?: boolean;
  /**
   * A URL on a host the code fixes and anyone can reach (`https://api.example.com/…`, or one built on a
   * `NEXT_PUBLIC_*` origin), with nothing secret in it: fetching it gives the server no more than the
   * attacker gets by fetching it.
   */
  readonly publicUrl?: boolean;
  /**
   * The app's own public origin (`process.env.NEXT_PUBLIC_APP_URL`), or a URL on it: a request there
   * reaches one of the app's own routes, which is judged on its own.
   */
  readonly ownOrigin?: boolean;
  /** A Promise: what awaiting it gives (`const pending = auth(); … await pending`). */
  readonly resolves?: AValue;
  /** A field a Promise does not have (`const { getToken } = auth()` with Clerk 6): calling it throws. */
  readonly missingMethod?: boolean;
  /**
   * Where the app's own backend service lives (`process.env.API_URL`), and a URL built on it with nothing
   * secret in it: a request there carries no credential, so the service answers it as it would answer
   * anyone (see fetchesServiceAnonymously).
   */
  readonly serviceOrigin?: boolean;
  readonly serviceUrl?: boolean;
  /**
   * A client made only from public configuration (Supabase's anon key, Firebase's web config), and what
   * it answers: anything done through it, the browser can do with the same key. What it may do is the
   * database's rules' business (row-level security), not the endpoint's.
   */
  readonly publicClient?: boolean;
  /** An HTTP response (`NextResponse.json(…)`, `new Response(…)`): what `x instanceof Response` tests. */
  readonly response?: boolean;
}

export const UNKNOWN: AValue = { truth: 'unknown' };
export const NAMED_PATH: AValue = { truth: 'truthy', namedPath: true };
export const TRUTHY: AValue = { truth: 'truthy' };
export const NULL: AValue = { truth: 'null' };
export const UNDEFINED: AValue = { truth: 'undefined' };
export const FALSE: AValue = { truth: 'false' };
/**
 * A value from `process.env`: configured in a deployment (so present), but unknown to the attacker,
 * so comparisons with what the attacker sent fail.
 */
export const SECRET: AValue = { truth: 'truthy', secret: true };
/** The request, its parts and anything parsed from them: harmless to read, never proof of identity. */
export const REQUEST_DATA: AValue = { truth: 'unknown', readOnly: true };
export const MINTED: AValue = { truth: 'truthy', secret: true, minted: true };
/** `auth().userId` for a caller with no session. */
export const NO_USER_ID: AValue = { truth: 'null', absentUser: true };
export const NO_SESSION_TOKEN: AValue = { truth: 'null', sessionToken: true };
export const CREDENTIAL: AValue = { truth: 'unknown', readOnly: true, credential: true };
/** Names under which requests carry credentials (headers, URL segments, query and body fields). */
// `session_id`: the id Stripe appends to a Checkout success URL (`cs_live_…`), which no one can guess.
export const CREDENTIAL_NAME = /token|secret|api[-_]?key|apikey|authorization|password|passcode|otp|signature|nonce|hash|^(checkout_)?session_id$/i;
// Property names repeat across a project (`headers`, `url`, `id`): remember the answer per name.
const credentialNames = new Map<string, boolean>();

export function isCredentialName(name: string): boolean {
  let known = credentialNames.get(name);
  if (known === undefined) {
    known = CREDENTIAL_NAME.test(name);
    if (credentialNames.size > 10_000) credentialNames.clear();
    credentialNames.set(name, known);
  }
  return known;
}

/** Clerk's backend client, its resources and their methods. */
export const CLERK_BACKEND: AValue = { truth: 'truthy', clerkBackend: true };
export const CLIENT: AValue = { truth: 'truthy', client: true };
export const PUBLIC_CONFIG: AValue = { truth: 'truthy', publicConfig: true };
/** `NEXT_PUBLIC_APP_URL`, `NEXT_PUBLIC_SITE_URL`, `VERCEL_URL`: where the app itself is served. */
const OWN_ORIGIN_NAME = /^(NEXT_PUBLIC_)?(APP|SITE|BASE|WEB|WEBSITE|FRONTEND|VERCEL|VERCEL_PROJECT_PRODUCTION)_URL$/;
const OWN_ORIGIN: AValue = { truth: 'truthy', publicConfig: true, ownOrigin: true };
export const SERVICE_ORIGIN: AValue = { truth: 'truthy', serviceOrigin: true };

/**
 * An environment variable that names where a web service lives (`API_URL`, `BACKEND_BASE_URL`,
 * `OPEN_SEO_URL`), not a connection string that embeds a password (`DATABASE_URL`, `REDIS_URL`) nor a
 * URL that is itself the credential (`SLACK_WEBHOOK_URL`, a signed URL).
 */
export function isServiceLocation(name: string): boolean {
  return /_(URL|URI|ORIGIN|HOST|ENDPOINT)$/.test(name) && !CONNECTION_STRING.test(name);
}
const CONNECTION_STRING = /DATABASE|(^|_)DB_|POSTGRES|PG_|MYSQL|MONGO|REDIS|KV_|UPSTASH|AMQP|RABBIT|KAFKA|SMTP|WEBHOOK|HOOK_|SIGNED|DSN|SECRET|TOKEN|KEY|PASSWORD/;
const PRODUCTION: AValue = { truth: 'truthy', literal: 'production' };
/** Unknown truth: what the database answers an anonymous caller (`auth.getUser()` gives no user) is not known here. */
export const PUBLIC_CLIENT: AValue = { truth: 'unknown', publicClient: true };
export const RESPONSE: AValue = { truth: 'truthy', readOnly: true, response: true };
export const STOPS: AValue = { truth: 'truthy', call: { kind: 'stops' } };
/** Clerk v6+'s static `auth.protect()`: async, so a call nobody awaits stops nothing. */
export const STOPS_WHEN_AWAITED: AValue = { truth: 'truthy', call: { kind: 'stops', whenAwaited: true } };

export function returning(value: AValue, identity?: boolean): AValue {
  return { truth: 'truthy', call: { kind: 'returns', value, identity } };
}

export function objectOf(entries: Record<string, AValue>, otherProps?: AValue): AValue {
  return { truth: 'truthy', props: new Map(Object.entries(entries)), otherProps };
}

/** Is the value known to be falsy (`!value` is true) for the attacker? */
export function isFalsy(truth: Truth): boolean {
  return truth === 'null' || truth === 'undefined' || truth === 'false' || truth === 'falsy';
}

/** `true`/`false` when the attacker's value of the test is known, else `undefined`. */
export function knownBoolean(value: AValue): boolean | undefined {
  if (value.truth === 'truthy') return true;
  if (isFalsy(value.truth)) return false;
  return undefined;
}

export function fromBoolean(b: boolean | undefined): AValue {
  return b === undefined ? UNKNOWN : b ? TRUTHY : FALSE;
}

export function propertyOf(value: AValue, name: string): AValue {
  const known = value.props?.get(name);
  if (known) return known;
  const trpc = value.trpc && trpcProperty(value, name);
  if (trpc) return trpc;
  if (value.namespace) return value.namespace.exportValue(name);
  if (value.environment && OWN_ORIGIN_NAME.test(name)) return OWN_ORIGIN;
  if (value.environment && name.startsWith('NEXT_PUBLIC_')) return PUBLIC_CONFIG;
  if (value.environment && isServiceLocation(name)) return SERVICE_ORIGIN;
  // A deployed Next.js app is built with NODE_ENV=production: development-only branches do not run.
  if (value.environment && name === 'NODE_ENV') return PRODUCTION;
  // `supabase.auth`, `supabase.from('notes')`: parts of a public client are as public.
  if (value.publicClient) return PUBLIC_CLIENT;
  if (value.clerkBackend) return CLERK_BACKEND;
  if (value.otherProps) return value.otherProps;
  // `user?.id` when `user` is null, and reading the request's parts.
  if (isFalsy(value.truth)) return UNDEFINED;
  if (value.readOnly) return value.credential || isCredentialName(name) ? CREDENTIAL : REQUEST_DATA;
  if (value.secret) return SECRET;
  return UNKNOWN;
}

/** The value at a merge point of two paths: what both agree on, nothing more. */
export function join(a: AValue, b: AValue): AValue {
  if (a === b) return a;
  const truth: Truth = a.truth === b.truth ? a.truth : isFalsy(a.truth) && isFalsy(b.truth) ? 'falsy' : 'unknown';
  let props: Map<string, AValue> | undefined;
  if (a.props && b.props) {
    props = new Map();
    for (const [name, av] of a.props) {
      const bv = b.props.get(name);
      props.set(name, bv ? join(av, bv) : truthOnlyJoin(av, b, name));
    }
    for (const [name, bv] of b.props) if (!props.has(name)) props.set(name, truthOnlyJoin(bv, a, name));
  } else if (a.props && isFalsy(b.truth)) {
    props = new Map([...a.props].map(([n, v]) => [n, join(v, UNDEFINED)]));
  } else if (b.props && isFalsy(a.truth)) {
    props = new Map([...b.props].map(([n, v]) => [n, join(v, UNDEFINED)]));
  }
  return {
    truth, props,
    // `error instanceof Error ? error.message : 'Internal error'`: text either way, whose methods only compute.
    readOnly: (a.readOnly && b.readOnly) || (a.readOnly && b.literal !== undefined) || (b.readOnly && a.literal !== undefined) || undefined,
    literal: a.literal === b.literal ? a.literal : undefined,
    // A signature header with a fallback (`?? ''`) is still what a verification checks.
    signature: a.signature || b.signature || undefined,
    // The caller's cookies with a fallback (`headers.get('cookie') ?? ''`) still carry only their session.
    sessionToken: (a.sessionToken && (b.sessionToken || b.literal !== undefined)) || (b.sessionToken && a.literal !== undefined) || undefined,
    publicUrl: (a.publicUrl && b.publicUrl) || undefined,
    serviceUrl: (a.serviceUrl && b.serviceUrl) || undefined,
    // `cond ? breakerA : breakerB`: two instances of one class have the same methods.
    call: a.call && b.call ? joinCalls(a.call, b.call) : undefined,
  };
}

/** How many candidate functions a call may stand for before it is left unknown. */
const MAX_CANDIDATES = 8;

function joinCalls(a: CallBehavior, b: CallBehavior): CallBehavior | undefined {
  if (sameFunction(a, b)) return a;
  const fns = [...candidates(a) ?? [], ...candidates(b) ?? []];
  if (!candidates(a) || !candidates(b)) return undefined;
  const distinct = fns.filter((fn, i) => fns.findIndex((other) => other.node === fn.node) === i);
  return distinct.length <= MAX_CANDIDATES ? { kind: 'either', fns: distinct } : undefined;
}

function candidates(call: CallBehavior): readonly FunctionRef[] | undefined {
  return call.kind === 'function' ? [call.fn] : call.kind === 'either' ? call.fns : undefined;
}

function sameFunction(a: CallBehavior, b: CallBehavior): boolean {
  return a === b || (a.kind === 'function' && b.kind === 'function' && a.fn.node === b.fn.node);
}

function truthOnlyJoin(v: AValue, other: AValue, name: string): AValue {
  return join(v, propertyOf(other, name));
}

/** What a query chain has been given so far (see AValue.query). */
export interface PendingQuery {
  /** The call that starts the chain: the work, unless the chain's filters make it find nothing. */
  readonly site: WorkSite;
  /** Filtered by a credential the caller sends (`.eq('token', token)`): the attacker's matches nothing. */
  readonly credential: boolean;
  /** Filtered by the signed-out caller's null user id (`.eq('user_id', userId)`, `where(eq(t.userId, userId))`). */
  readonly absentUser: boolean;
  /** Adds rows (`insert`, `upsert`, `values`): work whatever the filters. */
  readonly adds: boolean;
  /** Changes or removes rows (`update`, `delete`): only the filtered ones. */
  readonly changes: boolean;
  /** Raw SQL that selects by comparisons (`db.prepare('SELECT … WHERE id = ?')`): a null bound to it selects nothing. */
  readonly sqlSelect?: boolean;
}
