/**
 * What the attacker run knows about names imported from libraries: Clerk's server helpers, Next.js's
 * never-returning navigation calls, webhook verifiers, and the global built-ins that do no I/O.
 * Everything not listed here is unknown, and calling an unknown function counts as protected work.
 */
import { initTrpc, op as trpcOp, safeActionClient } from './trpc';
import {
  AValue, CLERK_BACKEND, CLIENT, FALSE, NO_SESSION_TOKEN, NO_USER_ID, NULL, RESPONSE, SECRET, STOPS, STOPS_WHEN_AWAITED, TRUTHY, UNDEFINED, UNKNOWN, objectOf, returning,
} from './values';

/** Modules whose `auth`, `currentUser`, … are Clerk's (the root module served them before v5). */
export const CLERK_SERVER_MODULES: ReadonlySet<string> = new Set([
  '@clerk/nextjs/server',
  '@clerk/nextjs',
  '@clerk/nextjs/app-beta',
  '@clerk/nextjs/api',
  '@clerk/nextjs/edge-middleware',
]);

/** What `auth()` / `getAuth(req)` return to a caller with no session: every identity field is null. */
export const SIGNED_OUT_AUTH: AValue = objectOf(
  {
    userId: NO_USER_ID,
    sessionId: NULL,
    sessionClaims: NULL,
    sessionStatus: NULL,
    orgId: NULL, // not NO_USER_ID: personal rows often have a null orgId, so `where: { orgId }` selects them all
    orgRole: NULL,
    orgSlug: NULL,
    orgPermissions: NULL,
    actor: NULL,
    factorVerificationAge: NULL,
    isAuthenticated: FALSE,
    has: returning(FALSE, true),
    getToken: returning(NO_SESSION_TOKEN, true),
    protect: STOPS,
    redirectToSignIn: STOPS,
    redirectToSignUp: STOPS,
    tokenType: TRUTHY,
  },
  UNDEFINED,
);

/** Clerk's `auth`: a function whose result is the signed-out object, with `auth.protect()` static. */
const CLERK_AUTH: AValue = {
  truth: 'truthy',
  call: { kind: 'returns', value: SIGNED_OUT_AUTH, identity: true },
  // `(await auth).userId` (the function, never called) is undefined: closed by accident.
  props: new Map([['protect', STOPS_WHEN_AWAITED]]),
  otherProps: UNDEFINED,
};

/**
 * Clerk 6 and later: `auth()` returns a Promise. Awaited it gives the signed-out object; not awaited
 * (`const { userId } = auth()`, code written for Clerk 5), a Promise whose fields are all undefined, so
 * `where: { userId }` filters nothing.
 */
const CLERK_ASYNC_AUTH: AValue = {
  ...CLERK_AUTH,
  call: { kind: 'returns', value: SIGNED_OUT_AUTH, identity: true, unawaited: { truth: 'truthy', resolves: SIGNED_OUT_AUTH, otherProps: { truth: 'undefined', missingMethod: true } } },
};

/** Clerk's exports for a project on the given Clerk API: `auth` is asynchronous from Clerk 6 on. */
export function clerkExport(name: string, authIsAsync: boolean): AValue | undefined {
  return name === 'auth' && authIsAsync ? CLERK_ASYNC_AUTH : CLERK_EXPORTS[name];
}

/**
 * `authenticateRequest(req)`: Clerk checking the request's own session, which a signed-out caller lacks:
 * a signed-out state (`isAuthenticated` false, `toAuth()` the signed-out object), a check, not work.
 */
const AUTHENTICATE_REQUEST: AValue = returning(
  objectOf({ isSignedIn: FALSE, isAuthenticated: FALSE, toAuth: returning(SIGNED_OUT_AUTH, true) }, UNDEFINED),
  true,
);

/** Clerk's backend client: creating it is harmless, every other call on it is protected work. */
const CLERK_BACKEND_CLIENT: AValue = { ...CLERK_BACKEND, props: new Map([['authenticateRequest', AUTHENTICATE_REQUEST]]) };
/** `clerkClient` (called from v6 on, an object before): the backend client either way. */
const CLERK_CLIENT: AValue = { ...CLERK_BACKEND_CLIENT, call: { kind: 'returns', value: CLERK_BACKEND_CLIENT } };

const CLERK_EXPORTS: Record<string, AValue> = {
  auth: CLERK_AUTH,
  getAuth: returning(SIGNED_OUT_AUTH, true),
  currentUser: returning(NULL, true),
  clerkClient: CLERK_CLIENT,
  // `createClerkClient({ secretKey })` builds a client the way `clerkClient()` hands one out.
  createClerkClient: CLERK_CLIENT,
  redirectToSignIn: STOPS,
  redirectToSignUp: STOPS,
  verifyWebhook: STOPS,
};

/** A handler of Inngest's `serve()`: answers with a response and does nothing a forged request asks for. */
const INNGEST_HANDLER: AValue = returning(RESPONSE);

const NEVER_RETURNING = { redirect: STOPS, permanentRedirect: STOPS, notFound: STOPS, unauthorized: STOPS, forbidden: STOPS };

const READ_ONLY_FN: AValue = { truth: 'truthy', readOnly: true, construct: { truth: 'truthy', readOnly: true } };
const LOCALIZED_NAVIGATION: AValue = returning(objectOf(NEVER_RETURNING, READ_ONLY_FN));
/** A pure library's namespace (`import url from 'url'`, `import * as z from 'zod'`): each export is as pure, classes too (`new url.URLSearchParams()`). */
const PURE_NAMESPACE: AValue = { ...READ_ONLY_FN, otherProps: READ_ONLY_FN };

/**
 * `Response` and Next.js's `NextResponse`: constructing one or calling its static helpers gives a
 * response, which `result instanceof NextResponse` recognises (`if (result instanceof NextResponse) return result`).
 */
export const RESPONSE_CLASS: AValue = {
  truth: 'truthy',
  readOnly: true,
  construct: RESPONSE,
  props: new Map(['json', 'redirect', 'next', 'rewrite', 'error'].map((m) => [m, returning(RESPONSE)])),
  otherProps: { truth: 'truthy', readOnly: true },
};

/** A webhook library's verifier class: `new Webhook(secret).verify(…)` throws for a forged request. */
const WEBHOOK_VERIFIER_CLASS: AValue = { truth: 'truthy', construct: objectOf({ verify: STOPS }) };

const TIMING_SAFE_EQUAL = returning(FALSE);

/**
 * Reading the app's own files (content, MDX, templates shipped with it) serves what the deployment
 * holds for everyone; writing files is work (absent here, so unknown).
 */
const FILE_READS: Record<string, AValue> = {
  ...Object.fromEntries(
    ['readFile', 'readFileSync', 'readdir', 'readdirSync', 'existsSync', 'stat', 'statSync', 'access', 'lstat', 'realpath'].map((name) => [name, READ_ONLY_FN]),
  ),
  promises: objectOf({ readFile: READ_ONLY_FN, readdir: READ_ONLY_FN, stat: READ_ONLY_FN, access: READ_ONLY_FN }, UNKNOWN),
};

const ENVIRONMENT: AValue = { truth: 'truthy', otherProps: SECRET, environment: true };
const CLOUDFLARE_CONTEXT: AValue = objectOf({ env: ENVIRONMENT, cf: READ_ONLY_FN, ctx: READ_ONLY_FN }, UNKNOWN);

const TANSTACK_QUERY: Record<string, AValue> = Object.fromEntries(
  ['QueryClient', 'dehydrate', 'hydrate', 'HydrationBoundary', 'QueryClientProvider', 'queryOptions', 'infiniteQueryOptions'].map((name) => [name, READ_ONLY_FN]),
);

/** `cache(fn)`, `unstable_cache(fn, keys)`: the result runs `fn` when called. */
const WRAPS: AValue = { truth: 'truthy', call: { kind: 'wraps' } };

/** Content shipped with the deployment: reading it serves what every visitor gets. */
const BUNDLED_CONTENT: AValue = { truth: 'truthy', readOnly: true };

/** `flag({ key, decide })`: the flag, when called, runs `decide`. */
const FLAG: AValue = { truth: 'truthy', call: { kind: 'wraps', property: 'decide' } };

/**
 * Firestore's query builders (`collection(db, 'x')`, `where(…)`) only describe a query; `getDocs(q)`
 * and the other names, absent here, run it.
 */
const FIRESTORE_BUILDERS = Object.fromEntries(
  ['collection', 'collectionGroup', 'doc', 'query', 'where', 'orderBy', 'limit', 'limitToLast', 'startAfter', 'startAt', 'endAt', 'endBefore', 'serverTimestamp', 'increment', 'arrayUnion', 'arrayRemove', 'documentId', 'Timestamp']
    .map((name) => [name, READ_ONLY_FN]),
);

/**
 * `revalidatePath('/dashboard')` after a change has the named pages rendered again from the same data:
 * it reveals and changes nothing. Purging a path or tag the caller chose (`revalidatePath(body.path)`)
 * lets anyone empty any cache, which is why Next.js asks for a secret there: that call is work.
 */
const REVALIDATES: AValue = { truth: 'truthy', revalidates: true };

const MONGOOSE_TYPES = objectOf({ ObjectId: READ_ONLY_FN }, UNKNOWN);
const MONGOOSE: Record<string, AValue> = { Types: MONGOOSE_TYPES, isValidObjectId: READ_ONLY_FN, isObjectIdOrHexString: READ_ONLY_FN };

/** Named exports per library module. A name missing here is unknown. */
const LIBRARY_EXPORTS: Record<string, Record<string, AValue>> = {
  'next/navigation': NEVER_RETURNING,
  // next-intl's locale-aware navigation (`export const { redirect, Link } = createNavigation(routing)`):
  // its `redirect` throws as Next.js's does; the rest (links, hooks, `getPathname`) only compute.
  'next-intl/navigation': {
    createNavigation: LOCALIZED_NAVIGATION,
    createSharedPathnamesNavigation: LOCALIZED_NAVIGATION,
    createLocalizedPathnamesNavigation: LOCALIZED_NAVIGATION,
  },
  'next/headers': { headers: READ_ONLY_FN, cookies: READ_ONLY_FN, draftMode: READ_ONLY_FN },
  'next/server': { NextResponse: RESPONSE_CLASS, NextRequest: READ_ONLY_FN, userAgent: READ_ONLY_FN, connection: READ_ONLY_FN },
  '@clerk/nextjs/webhooks': { verifyWebhook: STOPS },
  // QStash's route wrappers verify the queue's signature and refuse the request before the handler runs.
  '@upstash/qstash/nextjs': { verifySignatureAppRouter: returning(STOPS), verifySignatureEdge: returning(STOPS), verifySignature: returning(STOPS) },
  '@clerk/backend/webhooks': { verifyWebhook: STOPS },
  // Inngest's endpoint: POST runs the app's functions only for a request Inngest signed, GET describes
  // the endpoint, PUT registers it with Inngest. None is work a forged request gets done.
  'inngest/next': { serve: returning(objectOf({ GET: INNGEST_HANDLER, POST: INNGEST_HANDLER, PUT: INNGEST_HANDLER })) },
  svix: { Webhook: WEBHOOK_VERIFIER_CLASS },
  standardwebhooks: { Webhook: WEBHOOK_VERIFIER_CLASS },
  crypto: {
    timingSafeEqual: TIMING_SAFE_EQUAL, createHmac: READ_ONLY_FN, createHash: READ_ONLY_FN, randomUUID: READ_ONLY_FN, randomBytes: READ_ONLY_FN,
    randomInt: READ_ONLY_FN,
  },
  // Hooks and element helpers compute on what the component was given; hooks do not even run on the server.
  react: {
    cache: WRAPS,
    ...Object.fromEntries(
      ['useId', 'useState', 'useMemo', 'useCallback', 'useRef', 'useContext', 'useReducer', 'useEffect', 'useLayoutEffect', 'useInsertionEffect',
        'useTransition', 'useDeferredValue', 'useSyncExternalStore', 'useOptimistic', 'useActionState', 'useImperativeHandle', 'useDebugValue',
        'createContext', 'forwardRef', 'memo', 'createElement', 'cloneElement', 'isValidElement', 'Children', 'Fragment', 'Suspense']
        .map((name) => [name, READ_ONLY_FN]),
    ),
  },
  // Revalidation: see REVALIDATES (work only when the caller picks what is purged).
  'next/cache': {
    unstable_cache: WRAPS, unstable_noStore: READ_ONLY_FN, noStore: READ_ONLY_FN,
    // Labelling the entry a `'use cache'` function is making (`cacheTag('posts')`, `cacheLife('hours')`).
    cacheTag: READ_ONLY_FN, cacheLife: READ_ONLY_FN, unstable_cacheTag: READ_ONLY_FN, unstable_cacheLife: READ_ONLY_FN,
    revalidatePath: REVALIDATES, revalidateTag: REVALIDATES, updateTag: REVALIDATES,
  },
  'firebase/firestore': FIRESTORE_BUILDERS,
  // Validated environment variables (`export const env = createEnv({ server: … })`): `env.X` is
  // `process.env.X`, a server secret unless it is `NEXT_PUBLIC_*` or names a service's location.
  '@t3-oss/env-nextjs': { createEnv: returning(ENVIRONMENT) },
  '@t3-oss/env-core': { createEnv: returning(ENVIRONMENT) },
  // Cloudflare's request context on OpenNext / next-on-pages (`const { env } = await
  // getCloudflareContext()`): `env` holds the worker's variables and secrets, as `process.env` does, and
  // its bindings (`env.DB.prepare(…)`), whose calls are work.
  '@opennextjs/cloudflare': { getCloudflareContext: returning(CLOUDFLARE_CONTEXT) },
  // Firebase's Admin SDK: the app and its service clients are made from configuration, without I/O
  // (`getAuth().verifyIdToken(token)` is what asks Firebase).
  'firebase-admin/app': { initializeApp: returning(CLIENT), getApps: READ_ONLY_FN, getApp: returning(CLIENT), cert: READ_ONLY_FN, applicationDefault: READ_ONLY_FN },
  'firebase-admin/auth': { getAuth: returning(CLIENT) },
  'firebase-admin/firestore': { getFirestore: returning(CLIENT) },
  'firebase-admin/storage': { getStorage: returning(CLIENT) },
  '@cloudflare/next-on-pages': { getRequestContext: returning(CLOUDFLARE_CONTEXT), getOptionalRequestContext: returning(CLOUDFLARE_CONTEXT) },
  // TanStack Query's server prefetch (`new QueryClient()`, `prefetchQuery({ queryFn })`, `dehydrate`): an
  // in-memory cache; what it fetches is the `queryFn`, which is followed as a callback.
  '@tanstack/react-query': TANSTACK_QUERY,
  // tRPC: procedures, routers and callers are followed (see trpc.ts); its adapters run the procedures.
  '@trpc/server': { initTRPC: initTrpc() },
  '@trpc/server/adapters/fetch': { fetchRequestHandler: trpcOp('dispatch') },
  '@trpc/react-query/rsc': { createHydrationHelpers: trpcOp('hydration') },
  '@tanstack/query-core': TANSTACK_QUERY,
  // next-safe-action: action clients with middleware, built and run as tRPC procedures are.
  'next-safe-action': { createSafeActionClient: { truth: 'truthy', call: { kind: 'returns', value: safeActionClient() } } },
  // Documentation content compiled into the app (fumadocs): `source.getPage(slug)` reads what every
  // visitor of the docs reads.
  'fumadocs-core/source': { loader: returning(BUNDLED_CONTENT) },
  'fumadocs-mdx': { createMDXSource: READ_ONLY_FN },
  // Rendering React to a PDF or to HTML in memory (`renderToBuffer(<Receipt … />)`); `renderToFile`,
  // which writes to the server's disk, is left unknown.
  '@react-pdf/renderer': Object.fromEntries(
    ['renderToBuffer', 'renderToStream', 'renderToString', 'pdf', 'Document', 'Page', 'Text', 'View', 'Image', 'Link', 'StyleSheet', 'Font', 'Svg']
      .map((name) => [name, READ_ONLY_FN]),
  ),
  'react-dom/server': Object.fromEntries(
    ['renderToString', 'renderToStaticMarkup', 'renderToReadableStream', 'renderToPipeableStream'].map((name) => [name, READ_ONLY_FN]),
  ),
  // Vercel's feature flags: evaluating `showBeta()` runs the flag's `decide`, which is followed.
  'flags/next': { flag: FLAG },
  '@vercel/flags/next': { flag: FLAG },
  // Checking an id's shape (`mongoose.Types.ObjectId.isValid(id)`, `isValidObjectId(id)`) reads nothing;
  // models and connections stay unknown.
  mongoose: MONGOOSE,
  fs: FILE_READS,
  'node:fs': FILE_READS,
  'fs/promises': FILE_READS,
  'node:fs/promises': FILE_READS,
};
LIBRARY_EXPORTS['node:crypto'] = LIBRARY_EXPORTS.crypto;
for (const m of CLERK_SERVER_MODULES) LIBRARY_EXPORTS[m] = CLERK_EXPORTS;

/**
 * The same as namespace values, in Maps: module and export names come from each file's text, and a
 * Map looks a fresh string up by its hash where an object key would first be interned.
 */
const LIBRARY_NAMESPACES: ReadonlyMap<string, AValue> = new Map(
  Object.entries(LIBRARY_EXPORTS).map(([module, exports]) => [module, objectOf(exports, UNKNOWN)]),
);

/**
 * Libraries that only compute (validation, dates, ids, formatting): calling anything they export is
 * harmless, so `schema.parse(await req.json())` before the auth check is fine.
 */
const PURE_LIBRARIES: ReadonlySet<string> = new Set([
  'zod', 'yup', 'valibot', 'superstruct', 'joi', '@sinclair/typebox', 'date-fns', 'dayjs', 'lodash', 'lodash-es',
  'nanoid', 'uuid', 'cuid', '@paralleldrive/cuid2', 'ulid', 'slugify', 'clsx', 'ms', 'qs', 'query-string',
  // File paths and URLs are strings: `path.join(process.cwd(), 'content', slug)` reads nothing.
  'path', 'node:path', 'path/posix', 'node:path/posix', 'url', 'node:url',
  // Node's console module (`import { error } from 'console'`): logging, as the global `console` is.
  'console', 'node:console',
  // Class names and variants for rendering.
  'tailwind-merge', 'class-variance-authority', 'classnames',
  // Query builders: `eq(table.id, id)`, `desc(…)`, sql`…` describe a query; the database client runs it.
  'drizzle-orm',
  // Translations and locale of the request being rendered.
  'next-intl', 'next-intl/server',
  // Front matter of the app's own Markdown files.
  'gray-matter',
  // Mock data for templates and demos.
  '@faker-js/faker', 'faker', 'chance',
  // Email templates rendered to HTML (`render(<Welcome />)`): sending them is the work.
  '@react-email/render', '@react-email/components',
  // Fonts, loaded and hashed at build time.
  'next/font/local', 'next/font/google',
  // Documents built in memory from what they are given (a PDF, Markdown turned into HTML).
  'pdf-lib', 'jspdf', 'marked', 'markdown-it',
  // Bot detection and rate limiting in front of the work (`await aj.protect(req)`): deciding whether to
  // serve a request reads and changes no one's data.
  '@arcjet/next', '@arcjet/node', 'arcjet',
]);

/** The value of `import { name } from module`, or undefined when the library is unknown here. */
export function libraryExport(moduleName: string, name: string): AValue | undefined {
  if (PURE_LIBRARIES.has(moduleName)) return READ_ONLY_FN;
  const namespace = LIBRARY_NAMESPACES.get(moduleName);
  return namespace && (namespace.props!.get(name) ?? UNKNOWN);
}

/** The value of `import * as ns from module` (or a default import of a CommonJS-style library). */
export function libraryNamespace(moduleName: string): AValue | undefined {
  if (PURE_LIBRARIES.has(moduleName)) return PURE_NAMESPACE;
  return LIBRARY_NAMESPACES.get(moduleName);
}

/** Libraries whose default export is their namespace (`import crypto from 'crypto'`, `import fs from 'fs'`). */
export function libraryDefault(moduleName: string): AValue | undefined {
  if (PURE_LIBRARIES.has(moduleName)) return PURE_NAMESPACE;
  // `import React from 'react'`: `React.createElement(…)`, `React.cache(…)` as the named imports.
  if (moduleName === 'crypto' || moduleName === 'node:crypto' || moduleName === 'react' || /^(node:)?fs(\/promises)?$/.test(moduleName)) return libraryNamespace(moduleName);
  // `new Stripe(key, { httpClient: Stripe.createFetchHttpClient() })`: the class's static helpers configure
  // the client; only calls on the instance reach Stripe.
  // The class also carries the webhook helpers (`Stripe.webhooks.constructEvent(body, sig, secret)`).
  if (moduleName === 'stripe') return { truth: 'truthy', construct: STRIPE_INSTANCE, props: STRIPE_INSTANCE.props, otherProps: READ_ONLY_FN };
  if (moduleName === 'mongoose') return libraryNamespace(moduleName);
  return undefined;
}

const STRIPE_INSTANCE = objectOf(
  { webhooks: objectOf({ constructEvent: STOPS, constructEventAsync: STOPS }, UNKNOWN) },
  UNKNOWN,
);

/** Built-ins that exist without an import and do no I/O. `fetch` is deliberately absent. */
export const GLOBALS: ReadonlyMap<string, AValue> = new Map<string, AValue>([
  ...[
    'console', 'JSON', 'Math', 'Object', 'Array', 'Number', 'String', 'Date', 'URL', 'URLSearchParams',
    'Headers', 'Request', 'FormData', 'Promise', 'Buffer', 'TextEncoder', 'TextDecoder',
    'encodeURIComponent', 'decodeURIComponent', 'encodeURI', 'decodeURI', 'parseInt', 'parseFloat', 'isNaN',
    'isFinite', 'structuredClone', 'Error', 'TypeError', 'RangeError', 'SyntaxError', 'RegExp', 'Map', 'Set',
    'WeakMap', 'WeakSet', 'Symbol', 'BigInt', 'atob', 'btoa', 'AbortController', 'Intl', 'Reflect',
    'setTimeout', 'clearTimeout', 'queueMicrotask', 'Blob', 'ReadableStream', 'TransformStream', 'performance',
    // Binary buffers (`new Uint8Array(size)`, then `body.set(chunk, offset)` to join a body's chunks).
    'ArrayBuffer', 'DataView', 'Uint8Array', 'Int8Array', 'Uint8ClampedArray', 'Uint16Array', 'Int16Array',
    'Uint32Array', 'Int32Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array', 'File',
  ].map((name): [string, AValue] => [name, READ_ONLY_FN]),
  ['Response', RESPONSE_CLASS],
  ['undefined', UNDEFINED],
  ['NaN', FALSE],
  // `process.uptime()`, `process.memoryUsage()`, `process.version`: facts about the server process.
  ['process', objectOf({ env: { truth: 'truthy', otherProps: SECRET, environment: true } }, READ_ONLY_FN)],
  [
    'crypto',
    objectOf(
      {
        timingSafeEqual: TIMING_SAFE_EQUAL,
        randomUUID: READ_ONLY_FN,
        getRandomValues: READ_ONLY_FN,
        subtle: objectOf({ verify: returning(FALSE), importKey: READ_ONLY_FN, digest: READ_ONLY_FN, sign: READ_ONLY_FN }, UNKNOWN),
      },
      UNKNOWN,
    ),
  ],
]);

// `(globalThis as { crypto?: Crypto }).crypto.randomUUID()`: the same built-ins, reached through globalThis.
// Anything else on it (`globalThis.prisma`, a cached client) is unknown.
(GLOBALS as Map<string, AValue>).set('globalThis', objectOf(Object.fromEntries(GLOBALS), UNKNOWN));

/**
 * Method names that compute without I/O on any receiver (strings, arrays, maps, parsed bodies,
 * validation schemas). Only trusted when the call is not awaited: `await User.find()` is a query.
 */
export const PURE_METHODS: ReadonlySet<string> = new Set([
  'get', 'has', 'getAll', 'entries', 'keys', 'values', 'forEach', 'map', 'filter', 'reduce', 'find',
  'findIndex', 'some', 'every', 'includes', 'indexOf', 'lastIndexOf', 'join', 'split', 'trim', 'trimStart',
  'trimEnd', 'toLowerCase', 'toUpperCase', 'startsWith', 'endsWith', 'slice', 'substring', 'substr', 'replace',
  'replaceAll', 'match', 'matchAll', 'test', 'exec', 'toString', 'toISOString', 'toJSON', 'toFixed', 'concat',
  'flat', 'flatMap', 'sort', 'reverse', 'at', 'padStart', 'padEnd', 'parse', 'safeParse', 'stringify',
  'charAt', 'charCodeAt', 'localeCompare', 'normalize', 'repeat', 'push', 'pop', 'shift', 'unshift',
  'splice', 'fill', 'digest', 'update', 'toLocaleString', 'valueOf', 'getTime', 'bind', 'call', 'apply',
  // Formatting dates and numbers (`Intl.DateTimeFormat`, date libraries), and reading a Date's fields.
  'format', 'toLocaleDateString', 'toLocaleTimeString', 'toDateString', 'toTimeString', 'toUTCString',
  'getFullYear', 'getMonth', 'getDate', 'getDay', 'getHours', 'getMinutes', 'getSeconds', 'getMilliseconds', 'getTimezoneOffset',
  'getUTCFullYear', 'getUTCMonth', 'getUTCDate', 'getUTCDay', 'getUTCHours', 'getUTCMinutes', 'getUTCSeconds', 'getUTCMilliseconds',
]);

/** Methods that are harmless even when awaited: reading a body, validating it, counting a rate limit. */
export const AWAIT_SAFE_METHODS: ReadonlySet<string> = new Set([
  'json', 'text', 'formData', 'arrayBuffer', 'blob', 'clone', 'parseAsync', 'safeParseAsync', 'validate',
  'limit',
  // Opening a connection or probing it reads nothing of anyone's: `mongoose.connect(uri)`, `redis.ping()`.
  'connect', '$connect', 'ping',
  // Promise combinators: the promise's own call was judged already, their callbacks run (see runCallbacks).
  'catch', 'then', 'finally',
]);

/** Receivers whose methods only log, count or report: `logger.info(…)`, `ratelimit.limit(ip)`, `posthog.capture(…)`. */
export const HARMLESS_RECEIVER =
  /^(console|\w*loggers?|log|Sentry|ratelimit|rateLimit|rateLimiter|ratelimiter|limiter|analytics|posthog|mixpanel|amplitude|metrics|statsd|telemetry|tracer|span)$/i;

/**
 * Functions that, by their name, set up infrastructure or record what happened rather than read or
 * change anyone's data: `await connectToDatabase()`, `dbConnect()`, `logRequest(req)`,
 * `captureException(e)`, `recordWebhookFailure(…)`, `checkRateLimit(ip)`. Not followed, even when the
 * project defines them.
 */
export const INFRASTRUCTURE_FUNCTION =
  /^(\$?(db|mongo|mongoose|redis|prisma)?(dis)?connect(to)?(db|database|mongo|mongodb|mongoose|redis|prisma|client)?|init(ialize)?(db|database|mongo|mongodb|redis|prisma|connection)|ensure(db|database)?connect(ion|ed)?|log(event|error|request|activity|usage|info|warn|warning|debug|audit|action|metric)\w*|(create|get|make)\w*logger\w*|capture(exception|message|event)|report(error|exception)|(record|track|count|increment)\w*(failure|failed|error)\w*|(check|apply|enforce)?rate[-_]?limit(er)?\w*|throttle\w*|(run|check|get|perform)?health(check)?s?\w*|\w*healthcheck\w*)$/i;
