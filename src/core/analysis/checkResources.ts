/**
 * The rule `missing-auth-guard`: for each server-side resource of a file (route handler, page, layout,
 * template, default, Server Function), run it as a caller with no Clerk session and no credential, and
 * report the resources that reach protected work.
 */
// import-equals compiles to a plain require, without a second getter layer over TypeScript's exports.
import ts = require('typescript');
import type { Finding, RelatedLocation } from '../findings';
import { nodeRange } from '../positions';
import { isComponentKind, namesPrivateArea, RESOURCE_NOUN, ResourceKind, routeUrlPath } from '../resources/kinds';
import type { ResolvedHandler, ResourceEntry } from '../resources/routeHandlers';
import { publicAnnotationReason } from './annotations';
import { AttackerRun } from './engine';
import type { ModuleContext } from './module';
import { stops, usesIdentityOptionally } from './optionalSignIn';
import type { FunctionRef, WorkSite } from './scope';
import { AValue, REQUEST_DATA, UNKNOWN } from './values';

export type ResourceStatus =
  /** Every path stops a signed-out caller before protected work. */
  | 'guarded'
  /** Reaches protected work without a signed-in user: reported. */
  | 'unguarded'
  /** Marked public with an annotation comment, or matched by a public route glob. */
  | 'public'
  /** The function that runs could not be found (a library's handler object): not judged. */
  | 'unresolved'
  /** The project does not use Clerk (see ClerkVersionInfo.notUsed): not judged. */
  | 'clerk-not-used';

export interface ResourceReport {
  readonly kind: ResourceKind;
  /** The HTTP method, `default`, the Server Function's name, or `action@LINE` (see ResourceEntry.name). */
  readonly name: string;
  readonly status: ResourceStatus;
  /** The run asked Clerk who the caller is (directly or in a helper): the resource checks for itself. */
  readonly asksClerk?: boolean;
  /** Where the resource's name is, in the analysed file. */
  readonly nameStart: number;
  readonly nameEnd: number;
  /** Where a `// clerk-route-guard public:` line goes for this resource (its export statement, or the inline function). */
  readonly annotationStart?: number;
  /** The function that runs, for the quick fixes (absent when unresolved). */
  readonly resolved?: ResolvedHandler;
  readonly publicReason?: string;
}

export interface ResourceCheckOptions {
  /** A public-route glob matched this file: its resources are reported as public, not flagged. */
  readonly publicRoute?: string;
  /** The project does not use Clerk and the file imports nothing of it: resources are listed, not judged. */
  readonly clerkNotUsed?: boolean;
}

export interface ResourceCheckResult {
  readonly resources: ResourceReport[];
  readonly findings: Finding[];
}

interface Verdict {
  readonly guarded: boolean;
  readonly run?: AttackerRun;
  readonly fn?: FunctionRef;
}

/** Judges every resource of a parsed module (found by resources/discover.ts). */
export function checkResources(module: ModuleContext, entries: readonly ResourceEntry[], options: ResourceCheckOptions = {}): ResourceCheckResult {
  const resources: ResourceReport[] = [];
  const findings: Finding[] = [];
  for (const resource of entries) {
    if (options.clerkNotUsed) {
      resources.push(resourceReport(module, resource, 'clerk-not-used'));
      continue;
    }
    const publicReason = options.publicRoute ? `public route: ${options.publicRoute}` : annotationReason(module, resource);
    const verdict = publicReason ? undefined : judge(resource);
    // `return fetchRequestHandler({ req, router, createContext })`: a library routes the request on.
    const dispatcher = verdict && !verdict.guarded ? libraryDispatch(verdict) : undefined;
    const status: ResourceStatus = publicReason ? 'public' : !verdict || dispatcher ? 'unresolved' : verdict.guarded ? 'guarded' : 'unguarded';
    resources.push({ ...resourceReport(module, resource, status, publicReason), asksClerk: (verdict?.run?.identitySites.length ?? 0) > 0 });
    if (status === 'unguarded') findings.push(missingGuardFinding(module, resource, verdict!));
    if (status === 'unresolved') findings.push(unresolvedFinding(module, resource, dispatcher));
  }
  return { resources, findings };
}

function resourceReport(module: ModuleContext, resource: ResourceEntry, status: ResourceStatus, publicReason?: string): ResourceReport {
  return {
    kind: resource.kind,
    name: resource.name,
    status,
    nameStart: resource.nameNode.getStart(module.sourceFile),
    nameEnd: resource.nameNode.end,
    annotationStart: resource.annotationNodes[0]?.getStart(module.sourceFile),
    resolved: resource.resolved,
    publicReason,
  };
}

function annotationReason(module: ModuleContext, resource: ResourceEntry): string | undefined {
  for (const node of resource.annotationNodes) {
    const reason = publicAnnotationReason(module.sourceFile, node);
    if (reason) return reason;
  }
  const fn = resource.resolved?.fn;
  return fn ? publicAnnotationReason(fn.module.sourceFile, fn.node) : undefined;
}

/**
 * Runs the resource as exported (wrappers applied) when its value is known; otherwise runs the
 * innermost callback found syntactically (a wrapper from a library we cannot read).
 */
function judge(resource: ResourceEntry): Verdict | undefined {
  const value = resource.value();
  let fn: FunctionRef | undefined;
  let wrapped = false;
  if (value.call?.kind === 'function') {
    fn = value.call.fn;
    // A library wrapper that hands the callback back (see engine.ts) may pass it anything after the request.
    wrapped = (resource.resolved?.wrappers.length ?? 0) > 0 && resource.resolved!.fn.node === fn.node;
  } else if (resource.resolved) {
    fn = resource.resolved.fn;
    // A library wrapper may pass anything to the callback after the request.
    wrapped = resource.resolved.wrappers.length > 0;
  }
  if (!fn) return undefined;
  const params = attackerArguments(resource.kind, fn, wrapped);
  const run = new AttackerRun(fn.module, fn.scope);
  run.runFunction(fn.node, { params, entry: true });
  return { guarded: !run.work, run, fn };
}

/**
 * What the signed-out caller passes in: a route handler gets the request (and route params); a page's
 * props are `params`/`searchParams` from the URL; every argument of a Server Function is the POST body.
 */
function attackerArguments(kind: ResourceKind, fn: FunctionRef, wrapped: boolean): AValue[] {
  if (kind === 'server-function') return fn.node.parameters.map(() => REQUEST_DATA);
  if (isComponentKind(kind)) return [REQUEST_DATA];
  return wrapped ? [REQUEST_DATA, UNKNOWN] : [REQUEST_DATA, REQUEST_DATA];
}

function missingGuardFinding(module: ModuleContext, resource: ResourceEntry, verdict: Verdict): Finding {
  const run = verdict.run!;
  const work = run.work!;
  const related: RelatedLocation[] = [];
  related.push(location(work, `Protected work runs here for signed-out callers: ${describe(work)}`, module));
  const entry = outermostCall(work);
  if (entry) related.push(location(entry, `Reached through this call: ${describe(entry)}`, module));
  const identity = run.identitySites[0];
  let message: string;
  if (identity) {
    message = `${subject(resource)} asks Clerk for the user but does not stop signed-out ${callers(resource)} before doing its work. ${remedy(resource, 'stop')}`;
    related.unshift(location({ node: identity, module: verdict.fn!.module }, 'The signed-in check happens here, but a signed-out request carries on', module));
  } else {
    const later = laterClerkCall(verdict.fn!, entry ?? work);
    message = later
      ? `${subject(resource)} does protected work before it checks for a signed-in Clerk user. Move the check to the start of the ${RESOURCE_NOUN[resource.kind]}.`
      : `${subject(resource)} does its work without checking for a signed-in Clerk user. ${remedy(resource, 'add')}`;
    if (later) related.push(location({ node: later, module: verdict.fn!.module }, 'The check comes too late, after the work', module));
  }
  if (run.swallowedBy) {
    related.push(location({ node: run.swallowedBy, module: verdict.fn!.module }, 'This catch swallows the sign-in failure and carries on', module));
  }
  // A read that asks who the caller is and carries on for signed-out callers is optional sign-in when
  // the rows it selects are published ones: a signed-out caller gets only what is public anyway. A URL
  // or route group that says "public" does not excuse it (`where: { userId: user?.id }` reads every row).
  // A resource that tries to keep callers out itself (a gate the attacker can pass: a forgeable cookie)
  // is not public by anyone's intent: no statement of intent lowers it.
  const gated = attemptsGate(verdict.fn!);
  const noWrites = !gated && writesNothing(verdict.fn!);
  const readsOnly = readingKind(resource) && noWrites;
  const reads = !identity && readsOnly;
  // A Server Function has no URL of its own, but one that writes nothing next to the pages of a
  // `(public)` group serves those pages' visitors.
  const ownReason = readsOnly || (resource.kind === 'server-function' && noWrites && reachesARead(work)) ? publicByItsOwnCode(module, resource, verdict.fn!, work) : undefined;
  const publicBy =
    ownReason && (!identity || ownReason === SELECTS_PUBLISHED)
      ? ownReason
      : identity && readsOnly && servesSignedOutCallers(module, verdict.fn!, identity)
        ? OPTIONAL_SIGN_IN
        : !identity && !gated ? publicWriteIntent(module, resource, verdict.fn!) : undefined;
  return {
    ruleId: 'missing-auth-guard',
    severity: publicBy ? 'info' : 'warning',
    message: publicBy ? `${message} (${publicBy}${WRITE_INTENTS.has(publicBy) ? '' : ', and it only reads'}, so this is information.)` : message,
    publicIntent: publicBy,
    failedCheck: (identity !== undefined && publicBy !== OPTIONAL_SIGN_IN) || gated || undefined,
    handler: resource.name,
    resource: resource.kind,
    onlyReads: reads,
    ...nodeRange(module.sourceFile, resource.nameNode),
    related,
  };
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

// A query filter that selects what is published: the resource serves a public catalog on purpose.
const PUBLICATION_FILTER = new RegExp(
  [
    String.raw`\b(published|isPublished|is_published|isPublic|is_public)\s*:\s*true\b`,
    String.raw`\b(isArchived|is_archived)\s*:\s*false\b`,
    String.raw`\b(status|visibility)\s*:\s*['"\x60](published|live|approved|public)['"\x60]`,
    String.raw`\.(eq|match)\(\s*['"\x60](is_public|is_published|published)['"\x60]\s*,\s*true`,
    String.raw`\.eq\(\s*['"\x60](status|visibility)['"\x60]\s*,\s*['"\x60](published|public)['"\x60]`,
    String.raw`\beq\(\s*[\w.]+\.(published|isPublished|isPublic)\s*,\s*true`,
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
  if (PUBLIC_SEGMENT.test(module.fileName)) return 'Its URL is under /public';
  const group = PUBLIC_ROUTE_GROUP.exec(module.fileName);
  if (group) return `It is in the (${group[1]}) route group`;
  if (resource.kind === 'route' && HEALTH_SEGMENT.test(routeUrlPath(module.fileName))) return 'Its URL is a health check, which monitors call without signing in';
  const text = textOutsideNestedFunctions(fn);
  if (resource.kind === 'route' && PREVIEW_IMAGE.test(text) && PREVIEW_SEGMENT.test(routeUrlPath(module.fileName))) {
    return 'It draws an Open Graph image (ImageResponse under /og), which link previews fetch without signing in';
  }
  if (PUBLICATION_FILTER.test(text)) return SELECTS_PUBLISHED;
  if (PUBLISHED_IN_URL.test(text)) return SELECTS_PUBLISHED_BY_URL;
  const read = work.module.sourceFile.text.slice(work.node.pos, work.node.end);
  return PUBLICATION_FILTER.test(read) ? SELECTS_PUBLISHED : undefined;
}

/**
 * A handler whose function cannot be found (a framework dispatcher from a package: `export const GET =
 * handler` from Hono or tRPC, `export const { GET, POST } = handlers`): say so instead of staying silent.
 */
function unresolvedFinding(module: ModuleContext, resource: ResourceEntry, dispatcher?: string): Finding {
  const source = dispatcher ?? delegateSource(module, resource.nameNode);
  return {
    ruleId: 'missing-auth-guard',
    severity: 'info',
    message: `${subject(resource)} delegates to ${source ?? 'code'} that cannot be read here; its authentication is not checked.`,
    handler: resource.name,
    resource: resource.kind,
    ...nodeRange(module.sourceFile, resource.nameNode),
    related: [],
  };
}

/**
 * The handler's work is to hand its request to a library that routes it (a tRPC or Hono adapter, an
 * upload or auth library) and return what it answers: `fetchRequestHandler() from '@trpc/server/…'`.
 */
function libraryDispatch(verdict: Verdict): string | undefined {
  const { fn, run } = verdict;
  const work = run?.work;
  if (!fn || !work || work.via || work.module !== fn.module || !ts.isCallExpression(work.node)) return undefined;
  if (!answersWith(fn.node.body, work.node)) return undefined;
  const request = fn.node.parameters[0]?.name;
  if (!request || !ts.isIdentifier(request) || !work.node.arguments.some((a) => passes(a, request.text))) return undefined;
  let root: ts.Expression = work.node.expression;
  while (ts.isPropertyAccessExpression(root)) root = root.expression;
  const d = ts.isIdentifier(root) ? fn.module.declarationOf(root.text) : undefined;
  if (d?.kind !== 'import' || fn.module.loader.load(d.module, fn.module.fileName)) return undefined;
  return `${work.node.expression.getText(fn.module.sourceFile)}() from '${d.module}'`;
}

/**
 * The function answers with the call's result: `return call(…)`, an arrow whose body is the call, or
 * `const result = await call(…); return NextResponse.json(result)` as its last two statements.
 */
function answersWith(body: ts.ConciseBody | undefined, call: ts.Node): boolean {
  const strip = (e: ts.Expression | undefined) => {
    while (e && (ts.isAwaitExpression(e) || ts.isParenthesizedExpression(e))) e = e.expression;
    return e;
  };
  if (!body) return false;
  if (!ts.isBlock(body)) return strip(body) === call;
  const statements = body.statements;
  const last = statements[statements.length - 1];
  if (!last || !ts.isReturnStatement(last)) return false;
  if (strip(last.expression) === call) return true;
  const before = statements[statements.length - 2];
  if (!before || !ts.isVariableStatement(before) || before.declarationList.declarations.length !== 1) return false;
  const d = before.declarationList.declarations[0];
  return ts.isIdentifier(d.name) && strip(d.initializer) === call && last.expression !== undefined && mentions(last.expression, d.name.text);
}

function mentions(node: ts.Node, name: string): boolean {
  return ts.isIdentifier(node) ? node.text === name : ts.forEachChild(node, (c) => mentions(c, name) || undefined) === true;
}

/** The argument is the request, or an object literal carrying it (`{ req, router }`, `{ request: req }`). */
function passes(arg: ts.Expression, request: string): boolean {
  if (ts.isIdentifier(arg)) return arg.text === request;
  if (!ts.isObjectLiteralExpression(arg)) return false;
  return arg.properties.some((p) =>
    ts.isShorthandPropertyAssignment(p) ? p.name.text === request : ts.isPropertyAssignment(p) && ts.isIdentifier(p.initializer) && p.initializer.text === request);
}

/** `createHandler() from 'api'`, `handlers from '@/auth'`: what an export's value comes from, when it says. */
function delegateSource(module: ModuleContext, nameNode: ts.Node): string | undefined {
  const { init, local } = exportedExpression(module, nameNode);
  let root: ts.Expression | undefined = init;
  while (root && (ts.isCallExpression(root) || ts.isPropertyAccessExpression(root) || ts.isAwaitExpression(root))) root = root.expression;
  const name = root && ts.isIdentifier(root) ? root.text : local;
  const d = name ? module.declarationOf(name) : undefined;
  if (d?.kind !== 'import') return undefined;
  return `${init && ts.isCallExpression(init) ? `${name}()` : name} from '${d.module}'`;
}

/** The initializer of `export const GET = …` / `export const { GET } = …`, or the local of `export { x as GET }` (trees have no parent links). */
function exportedExpression(module: ModuleContext, nameNode: ts.Node): { init?: ts.Expression; local?: string } {
  for (const statement of module.sourceFile.statements) {
    if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) {
        if (d.name === nameNode || (!ts.isIdentifier(d.name) && d.name.elements.some((e) => !ts.isOmittedExpression(e) && e.name === nameNode))) return { init: d.initializer };
      }
    } else if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      const spec = statement.exportClause.elements.find((e) => e.name === nameNode);
      if (spec) return { local: (spec.propertyName ?? spec.name).text };
    }
  }
  return {};
}

// Calls that change something or spend something: a public declaration does not cover them. (Factories
// such as `createClient()` or tRPC's `createCaller()` make something to call; they change nothing.)
const WRITING_CALL =
  /\.\s*(create(?!\w*(?:Client|Caller|Context)\b)|createMany|update|updateMany|upsert|delete|deleteMany|insert|remove|destroy|save|send|publish|trigger|increment|decrement|incr|decr|del|hset|lpush|rpush|sadd|zadd|mutate|execute|rpc|charge|refund|transfer|upload)\w*\s*\(|\b(redis|kv|cache|store)\s*\.\s*set\s*\(|clerkClient|\bmethod\s*:\s*['"`](POST|PUT|PATCH|DELETE)/i;

/** A GET/HEAD handler or a page-like component: a request that reads. A Server Function is a POST. */
function readingKind(resource: ResourceEntry): boolean {
  return resource.kind === 'route' ? resource.name === 'GET' || resource.name === 'HEAD' : isComponentKind(resource.kind);
}

/** The function's own code writes nothing (a syntactic test of its text). */
function writesNothing(fn: FunctionRef): boolean {
  return !WRITING_CALL.test(functionText(fn));
}

/**
 * The function's text without the bodies of the functions declared inside it: a page's inline Server
 * Function that writes `{ status: 'approved' }` says nothing about what the page selects.
 */
function textOutsideNestedFunctions(fn: FunctionRef): string {
  const sf = fn.module.sourceFile;
  const body = fn.node.body;
  if (!body) return '';
  let text = '';
  let from = body.pos;
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node)) {
      text += sf.text.slice(from, node.pos);
      from = node.end;
      return;
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return text + sf.text.slice(from, body.end);
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

const QUERY_NAME = /^\$?(find|select|get|list|count|aggregate|query|search|from|fetch|read|load|retrieve)/i;

/** How far past a query's start its chained calls are read (a chain of a few calls with small arguments). */
const QUERY_CHAIN_WINDOW = 300;

const GUEST_CHECKOUT = 'It is a checkout that never asks who the caller is: a guest checkout';
const PUBLIC_FORM = 'It is a public form (a contact, waitlist, newsletter or lead form) that never asks who the caller is';
const TELEMETRY = "It collects the browser's telemetry (monitoring, analytics) and never asks who the caller is";

const CHECKOUT_SEGMENT = /(^|[-_])checkout($|[-_])/i;
const CHECKOUT_SESSION = /\bcheckout\s*\.\s*sessions\s*\.\s*create\s*\(/;
// A subscription is sold to an account: a checkout for one without asking who the caller is, is a hole.
const SUBSCRIPTION_MODE = /\bmode\s*:\s*['"\x60]subscription['"\x60]/;
// The forms a site puts before any account exists, in a URL segment or a Server Function's name.
const PUBLIC_FORM_NAME = /contact|wait-?list|newsletter|(^|[-_]|[a-z])leads?($|[-_A-Z])|inquir|enquir/i;
const TELEMETRY_SEGMENT = /^(telemetry|monitoring|vitals|web-vitals|beacon|ingest|analytics)$/i;
// A form adds what the visitor sends (and updates what it added, or a stock count); removing records
// is removing someone's data.
const REMOVES_RECORDS = /\.\s*(delete|remove|destroy)\w*\s*\(/i;

/**
 * Writes that a site takes from visitors who have no account, stated by what the resource is called
 * by never asking Clerk who the caller is, and by removing nothing, outside URLs that name something
 * private:
 * - a POST checkout that opens a payment (its URL names a checkout, or it creates a Stripe Checkout
 *   session), not a subscription's, which is sold to an account: the provider takes the money;
 * - a POST route or Server Function of a contact, waitlist, newsletter or lead form;
 * - a POST route that collects the browser's telemetry (`/api/monitoring/errors`, `/ingest/…`).
 */
function publicWriteIntent(module: ModuleContext, resource: ResourceEntry, fn: FunctionRef): string | undefined {
  const isPost = resource.kind === 'route' && resource.name === 'POST';
  if (!isPost && resource.kind !== 'server-function') return undefined;
  const url = routeUrlPath(module.fileName);
  const text = textOutsideNestedFunctions(fn);
  if (namesPrivateArea(url) || REMOVES_RECORDS.test(text) || fn.module.clerkImportNames().some((name) => text.includes(name))) return undefined;
  const segments = url.split('/');
  if (isPost && !SUBSCRIPTION_MODE.test(text) && (segments.some((s) => CHECKOUT_SEGMENT.test(s)) || CHECKOUT_SESSION.test(text))) return GUEST_CHECKOUT;
  const names = resource.kind === 'server-function' ? [resource.name] : segments;
  if (names.some((s) => PUBLIC_FORM_NAME.test(s))) return PUBLIC_FORM;
  if (isPost && segments.some((s) => TELEMETRY_SEGMENT.test(s))) return TELEMETRY;
  return undefined;
}

/** Statements of intent that cover a write: the message does not add "it only reads". */
const WRITE_INTENTS: ReadonlySet<string> = new Set([GUEST_CHECKOUT, PUBLIC_FORM, TELEMETRY]);

// `sessionId` (a booking's session type, Stripe's `session_id`) names no access.
const GATE_WORDS = /auth|admin|session(?!_?id)|logged|signed|password|secret|token|allowed|permitted|role/i;

/**
 * The function stops early on a condition that names access (`if (!isAuthenticated) return
 * <PasswordGate />`, `if (role !== 'admin') redirect('/')`): its author meant to keep callers out,
 * so a run that got past that gate found a broken check, not a public resource.
 */
function attemptsGate(fn: FunctionRef): boolean {
  const body = fn.node.body;
  if (!body || !ts.isBlock(body)) return false;
  const sf = fn.module.sourceFile;
  return body.statements.some((s) => ts.isIfStatement(s) && GATE_WORDS.test(s.expression.getText(sf)) && stops(s.thenStatement, sf));
}

/** How messages name a resource: `GET`, `This page`, `Server Function deleteNote`. */
function subject(resource: ResourceEntry): string {
  if (resource.kind === 'route') return resource.name;
  if (resource.kind === 'server-function') return resource.name.startsWith('action@') ? 'This inline Server Function' : `Server Function ${resource.name}`;
  return `This ${RESOURCE_NOUN[resource.kind]}`;
}

function callers(resource: ResourceEntry): string {
  return isComponentKind(resource.kind) ? 'visitors' : resource.kind === 'server-function' ? 'callers' : 'requests';
}

/** The fix the message suggests, for the resource's kind (the quick fixes write it). */
function remedy(resource: ResourceEntry, how: 'add' | 'stop'): string {
  if (isComponentKind(resource.kind)) return 'Call `await auth.protect()` first, or redirect signed-out visitors to sign in.';
  const check = how === 'add' ? 'Add `const { userId } = await auth()` and ' : '';
  const stop = resource.kind === 'server-function' ? 'throw' : 'return 401';
  return how === 'add' ? `${check}${stop} when userId is null.` : `${stop[0].toUpperCase()}${stop.slice(1)} when userId is null.`;
}

/** For work inside a helper, the call in the handler that led there. */
function outermostCall(site: WorkSite): WorkSite | undefined {
  let call = site.via;
  while (call?.via) call = call.via;
  return call;
}

function location(site: WorkSite, message: string, routeModule: ModuleContext): RelatedLocation {
  const sf = site.module.sourceFile;
  return {
    message,
    ...nodeRange(sf, site.node),
    fileName: site.module === routeModule ? undefined : site.module.fileName,
  };
}

function describe(site: WorkSite): string {
  const sf = site.module.sourceFile;
  let node = site.node;
  if (ts.isCallExpression(node)) node = node.expression;
  // Only the start is shown: a call with a large object argument need not be copied whole (unless
  // its first 200 characters are mostly indentation).
  const start = node.getStart(sf);
  const collapse = (end: number) => sf.text.slice(start, end).replace(/\s+/g, ' ');
  let text = collapse(Math.min(node.end, start + 200));
  if (text.length <= 60 && node.end > start + 200) text = collapse(node.end);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** A Clerk identity call that appears in the handler's source after the work (the check came too late). */
function laterClerkCall(fn: FunctionRef, work: WorkSite): ts.Node | undefined {
  if (work.module !== fn.module || !fn.node.body) return undefined;
  const sf = fn.module.sourceFile;
  // Most handlers never call Clerk after the work: when no Clerk import's name appears there, skip the walk.
  const after = sf.text.slice(work.node.end, fn.node.body.end);
  if (!fn.module.clerkImportNames().some((name) => after.includes(name))) return undefined;
  let found: ts.Node | undefined;
  const visit = (node: ts.Node): void => {
    // Subtrees that end before the work cannot hold a later call.
    if (found || node.end <= work.node.end) return;
    if (ts.isCallExpression(node) && node.pos >= work.node.end && isClerkIdentityCall(node, fn.module)) {
      found = node;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(fn.node.body);
  return found && found.getStart(sf) >= work.node.end ? found : undefined;
}

function isClerkIdentityCall(call: ts.CallExpression, module: ModuleContext): boolean {
  let callee = call.expression;
  if (ts.isPropertyAccessExpression(callee)) callee = callee.expression;
  if (!ts.isIdentifier(callee)) return false;
  return module.clerkImportNames().includes(callee.text);
}
