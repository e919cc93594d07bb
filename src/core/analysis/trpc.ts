/**
 * tRPC (and next-safe-action, built the same way), as values of the attacker run: the instance
 * `initTRPC…create()` gives, the procedure builders it hands out (`t.procedure.use(isAuthed)`), the
 * procedures and routers made from them, and the callers that run them
 * (`createCallerFactory(appRouter)(createContext)` in a Server Component, or the fetch adapter behind
 * `app/api/trpc/[trpc]/route.ts`).
 *
 * A procedure runs as tRPC runs it: the context first (`createContext`, where `auth()` answers a
 * signed-out caller), then each middleware in order (one that throws `UNAUTHORIZED` stops the attacker),
 * then the resolver. The engine does the calling (engine.ts, `trpcCall`); this file only describes the
 * values and what their properties are.
 */
import type { AValue } from './values';

export type TrpcPart =
  /** `initTRPC.context<Ctx>().create(…)`: `t`. */
  | { readonly kind: 'instance' }
  /** `t.procedure`, `protectedProcedure`, with the middlewares `.use(…)` added so far. */
  | { readonly kind: 'builder'; readonly middlewares: readonly AValue[] }
  /** `t.middleware(fn)`. */
  | { readonly kind: 'middleware'; readonly fn: AValue }
  /** `builder.query(resolver)` / `.mutation(resolver)`. */
  | { readonly kind: 'procedure'; readonly middlewares: readonly AValue[]; readonly resolver: AValue; readonly mutation: boolean }
  /** `t.router({ … })`: its routes are the value's props. */
  | { readonly kind: 'router' }
  /** `t.createCallerFactory(router)`: called with a context, it gives a caller. */
  | { readonly kind: 'factory'; readonly router: AValue }
  /** A caller, or a path into one (`api.post`, `api.post.create`): calling a procedure's path runs it. */
  | { readonly kind: 'caller'; readonly target: AValue; readonly context: AValue }
  /** A method that builds the next value: see `TrpcOp`. */
  | { readonly kind: 'op'; readonly op: TrpcOp; readonly from?: AValue };

export type TrpcOp =
  | 'router' | 'mergeRouters' | 'middleware' | 'callerFactory' | 'createCaller' | 'use' | 'keep' | 'query' | 'mutation'
  /** `fetchRequestHandler({ router, createContext, req })`: runs the procedures the request may name. */
  | 'dispatch'
  /** `createHydrationHelpers(caller, getQueryClient)`: `{ trpc: caller, HydrateClient }`. */
  | 'hydration';

export function trpcValue(part: TrpcPart, props?: ReadonlyMap<string, AValue>): AValue {
  return { truth: 'truthy', trpc: part, props };
}

export const op = (name: TrpcOp, from?: AValue): AValue => trpcValue({ kind: 'op', op: name, from });

/**
 * `initTRPC`: `.context<Ctx>()`, `.meta<Meta>()` and `.create(…)` in any order, ending in the instance.
 * Built once, lazily (values.ts and this file import each other).
 */
let init: AValue | undefined;
export function initTrpc(): AValue {
  if (init) return init;
  const props = new Map<string, AValue>();
  const stage: AValue = { truth: 'truthy', props };
  const instance = trpcValue({ kind: 'instance' });
  props.set('context', { truth: 'truthy', call: { kind: 'returns', value: stage } });
  props.set('meta', { truth: 'truthy', call: { kind: 'returns', value: stage } });
  props.set('create', { truth: 'truthy', call: { kind: 'returns', value: instance } });
  init = stage;
  return init;
}

const DESCRIBES_PROCEDURE: ReadonlySet<string> = new Set([
  'input', 'output', 'meta', 'subscription', 'schema', 'inputSchema', 'outputSchema', 'metadata', 'bindArgsSchemas',
]);

/**
 * next-safe-action's `createSafeActionClient(…)`: a procedure builder as tRPC's (`.use(middleware)`), whose
 * `.action(fn)` is the Server Function itself; calling it runs each middleware, then `fn`.
 */
export function safeActionClient(): AValue {
  return trpcValue({ kind: 'builder', middlewares: [] });
}

/** What `value.name` is, for a tRPC value; undefined to fall back to the value's own props. */
export function trpcProperty(value: AValue, name: string): AValue | undefined {
  const part = value.trpc!;
  switch (part.kind) {
    case 'instance':
      if (name === 'procedure') return trpcValue({ kind: 'builder', middlewares: [] });
      if (name === 'router' || name === 'mergeRouters' || name === 'middleware') return op(name);
      if (name === 'createCallerFactory') return op('callerFactory');
      return undefined;
    case 'builder':
      if (name === 'use') return op('use', value);
      if (name === 'query' || name === 'mutation') return op(name, value);
      // `.input(schema)`, `.output(…)`, `.meta(…)`: the same procedure, described further (and
      // next-safe-action's `.schema(…)`, `.inputSchema(…)`, `.metadata(…)`).
      if (DESCRIBES_PROCEDURE.has(name)) return op('keep', value);
      // next-safe-action: `.action(fn)` / `.stateAction(fn)` make a Server Function of the resolver.
      if (name === 'action' || name === 'stateAction') return op('mutation', value);
      return undefined;
    case 'router':
      if (name === 'createCaller') return op('createCaller', value);
      return undefined;
    case 'caller': {
      const target = part.target.trpc;
      // `api.post.getLatest.prefetch()` (the hydration helpers): runs the procedure as a call would.
      if (target?.kind === 'procedure') return /^(prefetch|query|mutate|fetch)$/.test(name) ? value : undefined;
      const next = part.target.props?.get(name);
      return next && (next.trpc?.kind === 'router' || next.trpc?.kind === 'procedure') ? trpcValue({ kind: 'caller', target: next, context: part.context }) : undefined;
    }
    default:
      return undefined;
  }
}

/** Every procedure of a router, with its path (`post.create`), nested routers included. */
export function proceduresOf(router: AValue, prefix = '', depth = 0): { path: string; procedure: Extract<TrpcPart, { kind: 'procedure' }> }[] {
  const out: { path: string; procedure: Extract<TrpcPart, { kind: 'procedure' }> }[] = [];
  if (depth > 6 || !router.props) return out;
  for (const [name, route] of router.props) {
    const path = prefix ? `${prefix}.${name}` : name;
    if (route.trpc?.kind === 'procedure') out.push({ path, procedure: route.trpc });
    else if (route.trpc?.kind === 'router') out.push(...proceduresOf(route, path, depth + 1));
  }
  return out;
}
