/**
 * The rule `missing-auth-guard`: for each server-side resource of a file (route handler, page, layout,
 * template, default, Server Function), run it as a caller with no Clerk session and no credential, and
 * report the resources that reach protected work.
 */
// import-equals compiles to a plain require, without a second getter layer over TypeScript's exports.
import ts = require('typescript');
import type { Finding, RelatedLocation } from '../findings';
import { nodeRange } from '../positions';
import { dynamicSegments, isComponentKind, RESOURCE_NOUN, ResourceKind } from '../resources/kinds';
import type { ResolvedHandler, ResourceEntry } from '../resources/routeHandlers';
import { publicAnnotationReason } from './annotations';
import { AttackerRun } from './engine';
import type { ModuleContext } from './module';
import { isClerkIdentityCall } from './callFacts';
import { mentionsAny } from './gates';
import { publicIntentOf } from './publicIntent';
import type { FunctionRef, WorkSite } from './scope';
import { AValue, CREDENTIAL, REQUEST_DATA, UNKNOWN, isCredentialName } from './values';

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
  // `export const POST = verifySignatureAppRouter(handler)`: the wrapper refuses a request whose
  // signature does not verify before the handler runs.
  if (value.call?.kind === 'stops') return { guarded: true };
  // `export const approve = authActionClient.schema(s).action(fn)` (next-safe-action): the client's
  // middlewares run before `fn`, as a call of the action runs them.
  if (value.trpc?.kind === 'procedure' && resource.resolved) {
    const run = new AttackerRun(resource.resolved.fn.module, resource.resolved.fn.scope);
    run.runSafeAction(resource.nameNode, value.trpc);
    return { guarded: !run.work, run, fn: resource.resolved.fn };
  }
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
  run.runFunction(fn.node, { params, entry: true, method: resource.kind === 'route' ? resource.name : undefined });
  return { guarded: !run.work, run, fn };
}

/**
 * What the signed-out caller passes in: a route handler gets the request (and route params); a page's
 * props are `params`/`searchParams` from the URL; every argument of a Server Function is the POST body.
 */
function attackerArguments(kind: ResourceKind, fn: FunctionRef, wrapped: boolean): AValue[] {
  // `getContractByToken(token)`: an argument named as a credential is one the attacker has no valid value for.
  if (kind === 'server-function') return fn.node.parameters.map((p) => (ts.isIdentifier(p.name) && isCredentialName(p.name.text) ? CREDENTIAL : REQUEST_DATA));
  const context: AValue = { ...REQUEST_DATA, props: new Map([['params', urlParams(fn.module.fileName)]]) };
  if (isComponentKind(kind)) return [context];
  return wrapped ? [REQUEST_DATA, UNKNOWN] : [REQUEST_DATA, context];
}

/**
 * `params` of a page or route handler: each dynamic segment of its URL is a non-empty string the caller
 * picks (Next.js matches no URL where `[userId]` would be empty), so `params.userId !== authUserId`
 * holds for a signed-out caller; `[[...slug]]` may be absent. A segment named as a credential
 * (`[token]`) is one the attacker has no valid value for.
 */
function urlParams(fileName: string): AValue {
  const props = new Map<string, AValue>();
  for (const segment of dynamicSegments(fileName)) {
    const value = isCredentialName(segment.name) ? CREDENTIAL : REQUEST_DATA;
    props.set(segment.name, segment.optional ? value : { ...value, truth: 'truthy' });
  }
  return { ...REQUEST_DATA, props };
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
  const intent = publicIntentOf(module, resource, verdict.fn!, work, identity);
  const publicBy = intent.reason;
  return {
    ruleId: 'missing-auth-guard',
    severity: publicBy ? 'info' : 'warning',
    message: publicBy ? `${message} (${publicBy}${intent.coversWrites ? '' : ', and it only reads'}, so this is information.)` : message,
    publicIntent: publicBy,
    failedCheck: intent.failedCheck || undefined,
    handler: resource.name,
    resource: resource.kind,
    onlyReads: !identity && intent.readsOnly && !intent.readsChosenUser,
    callsClerk: work.clerkBackend || undefined,
    ...nodeRange(module.sourceFile, resource.nameNode),
    related,
  };
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
  // `try { const result = await handleUpload(…); return NextResponse.json(result) } catch { … }`.
  if (last && ts.isTryStatement(last)) return answersWith(last.tryBlock, call);
  if (!last || !ts.isReturnStatement(last)) return false;
  if (strip(last.expression) === call) return true;
  const before = statements[statements.length - 2];
  if (!before || !ts.isVariableStatement(before) || before.declarationList.declarations.length !== 1) return false;
  const d = before.declarationList.declarations[0];
  return ts.isIdentifier(d.name) && strip(d.initializer) === call && last.expression !== undefined && mentionsAny(last.expression, new Set([d.name.text]));
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
