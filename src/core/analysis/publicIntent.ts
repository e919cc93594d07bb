/**
 * Where a resource's own code says it is public on purpose, for a resource the attacker run found doing
 * protected work: the finding becomes information instead of a warning. Code alone cannot tell a public
 * catalog from a private list, so only statements are read: a URL or route group that says so, a query
 * for published records, optional sign-in, the forms and checkouts a site takes from visitors without an
 * account. A resource that tries to keep callers out itself (a gate the attacker passes) is never public.
 * The middleware's and the project's declarations are applied later (rules/index.ts).
 */
// import-equals compiles to a plain require, without a second getter layer over TypeScript's exports.
import ts = require('typescript');
import { isComponentKind, namesPrivateArea, routeUrlPath } from '../resources/kinds';
import type { ResourceEntry } from '../resources/routeHandlers';
import { isClerkIdentityCall, namesAnIdentity } from './callFacts';
import type { ModuleContext } from './module';
import { alwaysStops } from './gates';
import { usesIdentityOptionally } from './optionalSignIn';
import type { FunctionRef, WorkSite } from './scope';

export interface PublicIntent {
  /** The statement, in words, when there is one. */
  readonly reason?: string;
  /** The statement covers writes (a guest checkout, a public form): the message does not say "it only reads". */
  readonly coversWrites: boolean;
  /** A GET/HEAD handler or a page whose own code writes nothing: a middleware declaration may lower it. */
  readonly readsOnly: boolean;
  /**
   * It reads for the user the request names (`?userId=`, `body.userId`): that user's records, picked by
   * the caller. A middleware's public list (or its protected list leaving the URL out) does not cover it.
   */
  readonly readsChosenUser: boolean;
  /** It tries to check the caller and fails (asks Clerk and carries on, or a gate the attacker passes). */
  readonly failedCheck: boolean;
}

/**
 * A read that asks who the caller is and carries on for signed-out callers is public only when the rows
 * it selects are published ones, or when it branches on the caller to add their own rows (optional
 * sign-in); a URL or route group that says "public" does not excuse it (`where: { userId: user?.id }`
 * reads every row).
 */
export function publicIntentOf(module: ModuleContext, resource: ResourceEntry, fn: FunctionRef, work: WorkSite, identity: ts.Node | undefined): PublicIntent {
  const gated = attemptsGate(fn);
  const noWrites = !gated && writesNothing(fn);
  const readsOnly = readingKind(resource) && noWrites && !spendsOnAModel(work);
  // A Server Function has no URL of its own, but one that writes nothing next to the pages of a
  // `(public)` group serves those pages' visitors.
  // A Server Function told whose records to read (`getProgress(userId, courseId)`) serves any user's to
  // anyone, published or not: the caller picks the user.
  const servesChosenUser = resource.kind === 'server-function' && fn.node.parameters.some((p) => bindsAnIdentity(p.name));
  const ownReason = !servesChosenUser && (readsOnly || (resource.kind === 'server-function' && noWrites && reachesARead(work))) ? publicByItsOwnCode(module, resource, fn, work) : undefined;
  let reason: string | undefined;
  if (ownReason && (!identity || ownReason === SELECTS_PUBLISHED)) reason = ownReason;
  else if (identity && readsOnly && servesSignedOutCallers(module, fn, identity)) reason = OPTIONAL_SIGN_IN;
  else if (identity && readsOnly && !namesPrivateArea(routeUrlPath(module.fileName)) && readsAFixedAccount(work)) reason = FIXED_ACCOUNT;
  else if (!identity && noWrites && checksAVisitorCode(module, resource)) reason = CHECKS_A_CODE;
  else if (!identity && !gated) reason = publicWriteIntent(module, resource, fn);
  return {
    reason,
    coversWrites: reason !== undefined && WRITE_INTENTS.has(reason),
    readsOnly,
    readsChosenUser: readsOnly && takesAUserFromTheRequest(fn),
    failedCheck: (identity !== undefined && reason !== OPTIONAL_SIGN_IN) || gated,
  };
}

/** A parameter named for a user (`userId`), or an object parameter with such a field (`{ userId, courseId }`). */
function bindsAnIdentity(name: ts.BindingName): boolean {
  if (ts.isIdentifier(name)) return namesAnIdentity(name.text);
  if (ts.isObjectBindingPattern(name)) return name.elements.some((e) => bindsAnIdentity(e.name) || (e.propertyName !== undefined && ts.isIdentifier(e.propertyName) && namesAnIdentity(e.propertyName.text)));
  return false;
}

const OPTIONAL_SIGN_IN = 'It asks who the caller is and branches on the answer, serving signed-out callers on purpose';

/**
 * Optional sign-in (see optionalSignIn.ts), outside the URLs that name a private area (`/admin`,
 * `/debug`, `/dashboard`): there a branch on the caller is a check gone wrong, not a public page.
 */
function servesSignedOutCallers(module: ModuleContext, fn: FunctionRef, identity: ts.Node): boolean {
  if (namesPrivateArea(routeUrlPath(module.fileName))) return false;
  // Clerk's own answer (`auth()`, `currentUser()`): a project helper that asks Clerk inside may answer
  // with anything (the rows it fetched), not with who the caller is.
  let call = identity;
  while (ts.isAwaitExpression(call) || ts.isParenthesizedExpression(call)) call = call.expression;
  if (!ts.isCallExpression(call) || !isClerkIdentityCall(call, fn.module)) return false;
  return usesIdentityOptionally(fn.node, identity, fn.module.sourceFile);
}

const FIXED_ACCOUNT = 'Signed-out visitors are shown the records of one fixed account (a demo), on purpose';
// `creatorId: userId ?? "init"`, `ownerId: user?.id || 'demo'`: an owner filter that falls back to a
// literal account when there is no caller.
const FIXED_ACCOUNT_FILTER = /\b\w*(user|owner|creator|author|member|account)_?id\s*:\s*[\w.?]+\s*(\?\?|\|\|)\s*(['"`])[^'"`\s]+\3/i;

/** The read's own filter gives a signed-out caller a fixed account's records instead of theirs. */
function readsAFixedAccount(work: WorkSite): boolean {
  const sf = work.module.sourceFile;
  return FIXED_ACCOUNT_FILTER.test(sf.text.slice(work.node.getStart(sf), work.node.end));
}

// A query filter that selects what is published: the resource serves a public catalog on purpose.
const PUBLICATION_FILTER = new RegExp(
  [
    String.raw`\b(published|isPublished|is_published|isPublic|is_public)\s*:\s*true\b`,
    String.raw`\b(isArchived|is_archived)\s*:\s*false\b`,
    String.raw`\b(status|visibility)\s*:\s*['"\x60](published|live|approved|public)['"\x60]`,
    String.raw`\.(eq|match)\(\s*['"\x60](is_public|is_published|published)['"\x60]\s*,\s*true`,
    String.raw`\.eq\(\s*['"\x60](status|visibility)['"\x60]\s*,\s*['"\x60](published|public)['"\x60]`,
    String.raw`\beq\(\s*[\w.]+\.(published|isPublished|isPublic)\s*,\s*true`,
    String.raw`\beq\(\s*[\w.]+\.(status|visibility)\s*,\s*['"\x60](published|live|approved|public)['"\x60]`,
  ].join('|'),
  'i',
);

const SELECTS_PUBLISHED = 'It selects published records';

/**
 * PostgREST's filter in a URL (`/rest/v1/songs?is_public=eq.true`). Weaker than a filter object: a URL is
 * often extended only for other people's rows (`if (!own) query += '&is_public=eq.true'`), so it does
 * not excuse a resource that asks who the caller is.
 */
const PUBLISHED_IN_URL = /\b(is_public|is_published|published)=eq\.true\b/;
const SELECTS_PUBLISHED_BY_URL = 'It selects published records (is_public=eq.true)';

/** `/api/health`, `/healthz`, `/api/cache/health`: a URL a load balancer or uptime monitor probes. */
const HEALTH_SEGMENT = /\/(health|healthz|healthcheck|health-check|livez|readyz|ping)(\/|$)/i;
/**
 * `new ImageResponse(…)` from `next/og` at an `/og` URL: an Open Graph image, fetched by link previews.
 * An image route elsewhere (`/api/invoices/[id]/card`) may draw anything private.
 */
const PREVIEW_IMAGE = /\bnew\s+ImageResponse\s*\(/;
const PREVIEW_SEGMENT = /\/(og|og-image|opengraph|opengraph-image|twitter-image|social-image)(\/|$)/i;

/** A `public` folder below the app folder: `app/api/public/…/route.ts`. */
const PUBLIC_SEGMENT = /[\\/]app[\\/](?:[^\\/]+[\\/])*public[\\/]/;
/**
 * A route group that names its pages public: `app/(public)/…`, and the `(marketing)` / `(landing)`
 * groups Next.js's own docs use for the pages of a site that anyone reads.
 */
const PUBLIC_ROUTE_GROUP = /[\\/]app[\\/](?:[^\\/]+[\\/])*\((public|marketing|landing)\)[\\/]/;

/**
 * Where the resource's own code says it is public: its URL has a `public` segment (`/api/public/…`) or
 * sits in a `(public)` / `(marketing)` route group, a route handler's URL is a health check or it draws
 * an Open Graph image, or its reads select published records
 * (`where: { published: true }`, `.eq('is_public', true)`), in its own body or in the read it reaches.
 */
function publicByItsOwnCode(module: ModuleContext, resource: ResourceEntry, fn: FunctionRef, work: WorkSite): string | undefined {
  // The filter first: it is the one statement that also holds for a read that asks who the caller is.
  const text = unconditionalOwnText(fn);
  if (PUBLICATION_FILTER.test(text)) return SELECTS_PUBLISHED;
  if (PUBLIC_SEGMENT.test(module.fileName)) return 'Its URL is under /public';
  const group = PUBLIC_ROUTE_GROUP.exec(module.fileName);
  if (group) return `It is in the (${group[1]}) route group`;
  if (resource.kind === 'route' && HEALTH_SEGMENT.test(routeUrlPath(module.fileName))) return 'Its URL is a health check, which monitors call without signing in';
  if (resource.kind === 'route' && PREVIEW_IMAGE.test(text) && PREVIEW_SEGMENT.test(routeUrlPath(module.fileName))) {
    return 'It draws an Open Graph image (ImageResponse under /og), which link previews fetch without signing in';
  }
  if (PUBLISHED_IN_URL.test(text)) return SELECTS_PUBLISHED_BY_URL;
  const read = work.module.sourceFile.text.slice(work.node.pos, work.node.end);
  return PUBLICATION_FILTER.test(read) ? SELECTS_PUBLISHED : undefined;
}


// Calls that change something or spend something: a public declaration does not cover them. (Factories
// such as `createClient()` or tRPC's `createCaller()` make something to call; they change nothing.)
const WRITING_CALL =
  /\.\s*(create(?!\w*(?:Client|Caller|Context)\b)|find\w*And(?:Update|Delete|Remove|Replace)|replace(?:One|Many)|bulkWrite|createMany|update|updateMany|upsert|delete|deleteMany|insert|remove|destroy|save|send|publish|trigger|increment|decrement|incr|decr|del|hset|lpush|rpush|sadd|zadd|mutate|execute|rpc|charge|refund|transfer|upload)\w*\s*\(|\b(redis|kv|cache|store)\s*\.\s*set\s*\(|clerkClient|\bmethod\s*:\s*['"`](POST|PUT|PATCH|DELETE)/i;

/** A GET/HEAD handler or a page-like component: a request that reads. A Server Function is a POST. */
function readingKind(resource: ResourceEntry): boolean {
  return resource.kind === 'route' ? resource.name === 'GET' || resource.name === 'HEAD' : isComponentKind(resource.kind);
}

/** The function's own code writes nothing (a syntactic test of its text). */
function writesNothing(fn: FunctionRef): boolean {
  return !WRITING_CALL.test(functionText(fn));
}

/**
 * The function's own text that applies on every path: without the bodies of the functions declared
 * inside it (a page's inline Server Function that writes `{ status: 'approved' }` says nothing about
 * what the page selects), and without what applies only on a path that otherwise applies nothing
 * (`publishedOnly ? { published: true } : {}`, `...(mine && { ownerId })`, an `if` with no `else`): the
 * caller chooses that path. (`mine ? own : published` filters either way, so it is kept.)
 */
function unconditionalOwnText(fn: FunctionRef): string {
  const sf = fn.module.sourceFile;
  const body = fn.node.body;
  if (!body) return '';
  let text = '';
  let from = body.pos;
  const skip = (node: ts.Node | undefined): void => {
    if (!node) return;
    text += sf.text.slice(from, node.pos);
    from = node.end;
  };
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node)) return skip(node);
    if (ts.isIfStatement(node) && !node.elseStatement) {
      visit(node.expression);
      return skip(node.thenStatement);
    }
    if (ts.isConditionalExpression(node) && (appliesNothing(node.whenTrue) || appliesNothing(node.whenFalse))) {
      visit(node.condition);
      skip(node.whenTrue);
      return skip(node.whenFalse);
    }
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) {
      visit(node.left);
      return skip(node.right);
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return text + sf.text.slice(from, body.end);
}

/** `{}`, `undefined`, `null`: an arm that adds no filter. */
function appliesNothing(arm: ts.Expression): boolean {
  while (ts.isParenthesizedExpression(arm)) arm = arm.expression;
  if (ts.isObjectLiteralExpression(arm)) return arm.properties.length === 0;
  return arm.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(arm) && arm.text === 'undefined');
}

function functionText(fn: FunctionRef): string {
  return fn.module.sourceFile.text.slice(fn.node.pos, fn.node.end);
}

/**
 * The protected work reached is a read: a call named for a query, and neither it nor the query chain that
 * goes on from it (`supabase.from('absences').update(…)`, whose work is found at `from`) changes or sends
 * something.
 */
function reachesARead(work: WorkSite): boolean {
  const sf = work.module.sourceFile;
  if (!ts.isCallExpression(work.node)) return false;
  const callee = work.node.expression;
  const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
  // A call named for a query; an unreadable helper (`setAllTrips({ status: 'approved' })`) says nothing.
  if (!QUERY_NAME.test(name)) return false;
  const start = work.node.getStart(sf);
  return !WRITING_CALL.test(sf.text.slice(start, Math.max(work.node.end, start + QUERY_CHAIN_WINDOW)));
}

/**
 * The work reached is a call into a model provider's SDK (`streamText({ model })` from `ai`,
 * `openai.chat.completions.create(…)` on a client made from `openai`): each call is billed to the app,
 * so answering it is spending, not reading, whatever method serves it.
 */
function spendsOnAModel(work: WorkSite): boolean {
  if (!ts.isCallExpression(work.node)) return false;
  let root: ts.Expression = work.node.expression;
  while (ts.isPropertyAccessExpression(root) || ts.isCallExpression(root)) root = root.expression;
  if (!ts.isIdentifier(root)) return false;
  return importedFromModelSdk(work.module, root.text) || madeByModelSdk(work.module, root.text);
}

const MODEL_SDK = /^(ai|openai|groq-sdk|replicate|cohere-ai|together-ai|@anthropic-ai\/sdk|@google\/generative-ai|@google\/genai|@ai-sdk\/[\w-]+|@mistralai\/mistralai|@huggingface\/inference)$/;

function importedFromModelSdk(module: ModuleContext, name: string): boolean {
  const declaration = module.declarationOf(name);
  return declaration?.kind === 'import' && MODEL_SDK.test(declaration.module);
}

/** `const openai = new OpenAI({ apiKey })`: a client of a model SDK, made in this module. */
function madeByModelSdk(module: ModuleContext, name: string): boolean {
  const declaration = module.declarationOf(name);
  const init = declaration?.kind === 'variable' ? declaration.decl.initializer : undefined;
  return init !== undefined && ts.isNewExpression(init) && ts.isIdentifier(init.expression) && importedFromModelSdk(module, init.expression.text);
}

const QUERY_NAME = /^\$?(find|select|get|list|count|aggregate|query|search|from|fetch|read|load|retrieve)/i;

/** How far past a query's start its chained calls are read (a chain of a few calls with small arguments). */
const QUERY_CHAIN_WINDOW = 300;

const CHECKS_A_CODE = 'It checks what a visitor types into a checkout or sign-up form (a coupon, promo or referral code, whether a username is free)';
// A URL that checks such an entry: `/api/coupons/validate`, `/api/validate-promo-code`,
// `/api/referrals/lookup`, `/api/user/check-nickname`, `/api/username/available`.
const VISITOR_CODE = /coupon|promo|discount|voucher|referral|gift-?card|user-?name|nick-?name|handle/i;
const CODE_CHECK = /validat|verif|check|lookup|apply|redeem|availab/i;

/**
 * A route whose URL checks what a visitor types at a checkout or a sign-up form (a code, a username),
 * and that writes nothing: the answer (valid, the discount, taken or free) is what the visitor is
 * meant to learn.
 */
function checksAVisitorCode(module: ModuleContext, resource: ResourceEntry): boolean {
  if (resource.kind !== 'route') return false;
  const url = routeUrlPath(module.fileName);
  if (namesPrivateArea(url)) return false;
  const segments = url.split('/').filter((s) => s && !s.startsWith('['));
  return segments.some((s) => VISITOR_CODE.test(s)) && segments.some((s) => CODE_CHECK.test(s));
}

const COUNTS_VISITS = 'It only adds one to a counter (an open, a click, a view), as pixels, links and mail clients do without signing in';

/**
 * A GET whose every write adds one to a counter (`$inc: { clicks: 1 }`, `{ views: { increment: 1 } }`,
 * `redis.incr(key)`): an email-open pixel, a click tracker, a view counter. Anything else it writes
 * (a create, a delete, a counter moved by more than one) keeps it a warning.
 */
function onlyCountsVisits(resource: ResourceEntry, fn: FunctionRef): boolean {
  if (resource.kind !== 'route' || (resource.name !== 'GET' && resource.name !== 'HEAD') || !fn.node.body) return false;
  const sf = fn.module.sourceFile;
  let counts = 0;
  let other = false;
  const visit = (node: ts.Node): void => {
    if (other) return;
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const text = node.getText(sf);
      const head = text.slice(0, node.arguments.pos - node.getStart(sf));
      if (WRITING_CALL.test(`${head}(`)) {
        if (ADDS_ONE.test(text) || /\.\s*incr\s*\($/i.test(`${head}(`)) counts++;
        else other = true;
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(fn.node.body);
  return counts > 0 && !other && !/clerkClient/.test(functionText(fn));
}

// `$inc: { clicks: 1 }`, `$inc: { 'stats.opened': 1 }`, `clicks: { increment: 1 }`, `sql\`${t.views} + 1\``.
const ADDS_ONE = /\$inc\s*:\s*\{\s*(?:['"\x60]?[\w.]+['"\x60]?\s*:\s*1\s*,?\s*)+\}|\bincrement\s*:\s*1\b|\+\s*1\s*\x60/;

const GUEST_CHECKOUT = 'It is a checkout that never asks who the caller is: a guest checkout';
const PUBLIC_FORM = 'It is a public form (a contact, waitlist, newsletter or lead-magnet form) that never asks who the caller is';
const TELEMETRY = "It collects the browser's telemetry (monitoring, analytics) and never asks who the caller is";

const CHECKOUT_SEGMENT = /(^|[-_])checkout($|[-_])/i;
const CHECKOUT_SESSION = /\bcheckout\s*\.\s*sessions\s*\.\s*create\s*\(/;
// A subscription is sold to an account: a checkout for one without asking who the caller is, is a hole.
const SUBSCRIPTION_MODE = /\bmode\s*:\s*['"\x60]subscription['"\x60]/;
// The forms a site puts before any account exists, in a URL segment or a Server Function's name.
// (Not plain "leads": in a CRM, `/api/leads` is the team's private list; a lead magnet is a visitor's form.
// Not `sendNewsletter`: sending one is the team's act.)
const PUBLIC_FORM_NAME = /contact|wait-?list|(?<!send|broadcast)newsletter|lead-?magnet|inquir|enquir/i;

function lastStaticSegment(segments: readonly string[]): string {
  for (let i = segments.length - 1; i >= 0; i--) if (segments[i] && !segments[i].startsWith('[')) return segments[i];
  return '';
}
const TELEMETRY_SEGMENT = /^(telemetry|monitoring|vitals|web-vitals|beacon|ingest|analytics)$/i;
// A form adds what the visitor sends (and updates what it added, or a stock count); removing records
// is removing someone's data.
const REMOVES_RECORDS = /\.\s*(delete|remove|destroy)\w*\s*\(/i;

/**
 * Writes that a site takes from visitors who have no account, stated by what the resource is called,
 * when it never asks Clerk who the caller is, removes nothing, and its URL names nothing private:
 * - a POST checkout that opens a payment (its URL names a checkout, or it creates a Stripe Checkout
 *   session), not a subscription's, which is sold to an account: the provider takes the money;
 * - a POST route or Server Function of a contact, waitlist, newsletter or lead form;
 * - a POST route that collects the browser's telemetry (`/api/monitoring/errors`, `/ingest/…`).
 */
function publicWriteIntent(module: ModuleContext, resource: ResourceEntry, fn: FunctionRef): string | undefined {
  if (onlyCountsVisits(resource, fn) && !namesPrivateArea(routeUrlPath(module.fileName))) return COUNTS_VISITS;
  const isPost = resource.kind === 'route' && resource.name === 'POST';
  if (!isPost && resource.kind !== 'server-function') return undefined;
  const url = routeUrlPath(module.fileName);
  // The whole text, callbacks included: a delete inside `$transaction(async (tx) => …)` still removes.
  const text = functionText(fn);
  if (namesPrivateArea(url) || REMOVES_RECORDS.test(text) || fn.module.clerkImportNames().some((name) => text.includes(name))) return undefined;
  const segments = url.split('/');
  // The endpoint's namespace (`/api/monitoring/errors`, `/ingest/traces`), not an action on a resource
  // (`/api/rfqs/ingest` stores what it is sent).
  const namespace = segments.filter(Boolean).find((s) => s !== 'api');
  if (isPost && namespace !== undefined && TELEMETRY_SEGMENT.test(namespace)) return TELEMETRY;
  // A visitor's checkout or form is anonymous: one told which user it acts for (`const { cartItems,
  // userId } = await req.json()`) trusts an identity anyone can claim.
  if (takesAUserFromTheRequest(fn)) return undefined;
  if (isPost && !SUBSCRIPTION_MODE.test(text) && (segments.some((s) => CHECKOUT_SEGMENT.test(s)) || CHECKOUT_SESSION.test(text))) return GUEST_CHECKOUT;
  // The form is what the URL ends with (`/api/newsletter`, not `/api/newsletter/send`), or the Server
  // Function's own name.
  const formName = resource.kind === 'server-function' ? resource.name : lastStaticSegment(segments);
  // `getContactsByClientUuid` reads contacts; a form submits one.
  if (PUBLIC_FORM_NAME.test(formName) && !READ_VERB.test(formName)) return PUBLIC_FORM;
  return undefined;
}

const READ_VERB = /^(get|list|fetch|find|load|read|search|query|count|select)/i;
/** What a request sends: its parsed body or form, its query string. */
const REQUEST_PAYLOAD = /\b(req|request)\s*\.\s*(json|formData)\s*\(|^(body|payload|data|input|formData)$|searchParams/;

/**
 * The function takes a user's id from what the request sends: `const { userId } = await req.json()`,
 * `body.userId`, `searchParams.get('userId')`.
 */
function takesAUserFromTheRequest(fn: FunctionRef): boolean {
  const sf = fn.module.sourceFile;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isVariableDeclaration(node) && ts.isObjectBindingPattern(node.name) && node.initializer && REQUEST_PAYLOAD.test(node.initializer.getText(sf).trim())) {
      found = node.name.elements.some((e) => namesAnIdentity((e.propertyName ?? e.name).getText(sf)));
    } else if (ts.isPropertyAccessExpression(node) && namesAnIdentity(node.name.text) && REQUEST_PAYLOAD.test(node.expression.getText(sf))) {
      found = true;
    } else if (ts.isCallExpression(node) && /\.get$/.test(node.expression.getText(sf)) && REQUEST_PAYLOAD.test(node.expression.getText(sf)) && node.arguments[0] && ts.isStringLiteralLike(node.arguments[0]) && namesAnIdentity(node.arguments[0].text)) {
      found = true;
    }
    ts.forEachChild(node, visit);
  };
  if (fn.node.body) visit(fn.node.body);
  return found;
}

/** Statements of intent that cover a write: the message does not add "it only reads". */
const WRITE_INTENTS: ReadonlySet<string> = new Set([GUEST_CHECKOUT, PUBLIC_FORM, TELEMETRY, COUNTS_VISITS]);

// `sessionId` (a booking's session type, Stripe's `session_id`) names no access.
// `auth` but not `author` (`if (!author) return 404`); `authorized` still counts.
const GATE_WORDS = /auth(?!or(?!i[sz]))|admin|session(?!_?id)|logged|signed|password|secret|token|allowed|permitted|role/i;

/**
 * The function stops early on a condition that names access (`if (!isAuthenticated) return
 * <PasswordGate />`, `if (role !== 'admin') redirect('/')`): its author meant to keep callers out,
 * so a run that got past that gate found a broken check, not a public resource.
 */
function attemptsGate(fn: FunctionRef): boolean {
  const body = fn.node.body;
  if (!body || !ts.isBlock(body)) return false;
  const sf = fn.module.sourceFile;
  return body.statements.some((s) => ts.isIfStatement(s) && GATE_WORDS.test(s.expression.getText(sf)) && alwaysStops(s.thenStatement));
}
