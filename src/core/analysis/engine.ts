/**
 * The attacker run: executes a function's statements abstractly for a caller with no Clerk session
 * (see values.ts) and reports the first protected work that caller reaches. A handler is guarded
 * exactly when that run reaches no protected work: every path either stopped (return, throw, redirect,
 * `auth.protect()`) or did only harmless things (reading the request, computing, logging).
 *
 * Tests whose outcome the attacker cannot know (`if (!body.title)`) explore both branches; tests on
 * identity (`if (!userId)`) take the branch the attacker takes. Bindings are flow-insensitive (one value
 * per name per function), which fits route handlers: they bind with `const` and check right away.
 */
// import-equals compiles to a plain require, without a second getter layer over TypeScript's exports.
import ts = require('typescript');
import {
  AValue, CLIENT, CREDENTIAL, PendingQuery, NAMED_PATH, PUBLIC_CLIENT, CREDENTIAL_NAME, FALSE, MINTED, SECRET, NULL, REQUEST_DATA, TRUTHY, Truth, UNDEFINED, UNKNOWN, fromBoolean, isFalsy, join, objectOf,
  knownBoolean, propertyOf, RESPONSE, returning as callReturning,
} from './values';
import { proceduresOf, trpcValue, type TrpcPart } from './trpc';
import { verificationKeyLookups } from './verificationKeys';
import { AWAIT_SAFE_METHODS, HARMLESS_RECEIVER, PURE_METHODS, RESPONSE_CLASS } from './knownModules';
import { FunctionNode, FunctionRef, Scope, Summary, WorkSite } from './scope';
import { Gate, gateAt, mentionsAny } from './gates';
import {
  NO_ROWS, SIGNATURE, SIGNATURE_HEADER, WRITE_METHOD, answerKeyedByAbsentUser, selectsByComparison, carriesMinted, holdsAbsentUser, countsRequests, deletesOnlyLapsed, fetchesPublicUrl, fetchesServiceAnonymously, isReadRequest, forwardsAbsentSession, holdsSecret, isPublicOrigin, usesOwnMemo, createsInstance, holdsCredential, isConstant,
  isDynamicImport, isInfrastructureCall, isKeyedHash, isProbeOrSetup, isLoopbackLog, madeOnlyFromPublicConfiguration, literalValue, madeFromConfiguration,
  verifiesSignature, exchangesAuthorizationCode, setsOwnRunOnceFlag, looksUpChosenIdentity,
} from './callFacts';
import { hasDirective, type ModuleContext } from './module';

// TypeScript's CommonJS entry serves every export through a getter: read the enum once, not per `case`.
const { SyntaxKind } = ts;

/** How a statement can end for the attacker. */
interface Outcome {
  /** Execution can continue with the next statement. */
  readonly normal: boolean;
  /** It can leave by an exception or a never-returning call (a `catch` may pick that up). */
  readonly threw: boolean;
  /** It can leave by `break` / `continue` (the enclosing loop or switch goes on). */
  readonly jumped: boolean;
  /** The join of values returned on the paths that return. */
  readonly returned?: AValue;
}

const NORMAL: Outcome = { normal: true, threw: false, jumped: false };
const THREW: Outcome = { normal: false, threw: true, jumped: false };
const JUMPED: Outcome = { normal: false, threw: false, jumped: true };
const DEAD: Outcome = { normal: false, threw: false, jumped: false };
/** A Map, Set, array or object created at module level: state every request shares. */
const SHARED_STATE: AValue = { truth: 'truthy', shared: true };
/**
 * `await fetch(`${API}/links?token=eq.${token}`)` with a token the attacker made up: a response, whose
 * body finds nothing (an error or an empty list), tested by what follows like any lookup's answer.
 */
const FINDS_NOTHING: AValue = { truth: 'truthy', call: { kind: 'returns', value: NULL } };
const NOTHING_FOUND_RESPONSE: AValue = objectOf({ ok: UNKNOWN, status: UNKNOWN, json: FINDS_NOTHING, text: FINDS_NOTHING }, UNKNOWN);
/** `eq(notes.userId, userId)` with the signed-out caller's null id (see readOnlyResult). */
const ABSENT_USER_FILTER: AValue = { truth: 'unknown', readOnly: true, absentUser: true };
/** The request's `cookie` header: request data that also carries the caller's (absent) Clerk session. */
const CALLER_COOKIES: AValue = { truth: 'unknown', readOnly: true, sessionToken: true };
/** What a `catch` receives: an error, whose methods (`error.toResponse()`, `err.toJSON()`) format it. */
const CAUGHT_ERROR: AValue = { truth: 'truthy', readOnly: true };
/** Text built from values read at run time (a request id, a message): as harmless to use as what it was read from. */
const COMPUTED_TEXT: AValue = { truth: 'truthy', readOnly: true };
const FALSY: AValue = { truth: 'falsy' };
/** An array written out at module level: constants to read, not state. */
const STATIC_DATA: AValue = { truth: 'truthy', readOnly: true };

/** Leaves by `return value`. (A literal, not `{ ...DEAD, returned }`: this runs for every return.) */
function returning(value: AValue): Outcome {
  return { normal: false, threw: false, jumped: false, returned: value };
}

function joinReturned(a?: AValue, b?: AValue): AValue | undefined {
  return a && b ? join(a, b) : a ?? b;
}

/** Either of two paths may run. */
function either(a: Outcome, b: Outcome): Outcome {
  return {
    normal: a.normal || b.normal,
    threw: a.threw || b.threw,
    jumped: a.jumped || b.jumped,
    returned: joinReturned(a.returned, b.returned),
  };
}

/** `b` runs after `a` completed normally. */
function then(a: Outcome, b: Outcome): Outcome {
  return {
    normal: b.normal,
    threw: a.threw || b.threw,
    jumped: a.jumped || b.jumped,
    returned: joinReturned(a.returned, b.returned),
  };
}

/** Work set aside as a gate's call (see `execGate`). */
interface GateCall {
  readonly node: ts.Node;
  readonly inner?: WorkSite;
  /** How many Clerk identity calls the run had made when the call was set aside. */
  readonly identitiesBefore: number;
  /** The call asks Clerk's backend (directly or in a helper). */
  readonly clerkBackend?: boolean;
  /** The call looks up a user the caller names (see looksUpChosenIdentity): no check of the caller. */
  readonly chosenIdentity?: boolean;
}

/** `isAxiosError`, `isValidPhoneNumber`, `hasOwnProperty`: named for a yes-or-no answer. */
const TYPE_PREDICATE = /^(is|has)[A-Z]\w*$/;

/** Prisma's model methods that take a `where` filter. */
const PRISMA_FILTERED = /^(find(Many|First|Unique)(OrThrow)?|count|aggregate|groupBy|update|updateMany|delete|deleteMany)$/;

/** Nesting deeper than this is not analysed (the file is reported as skipped, not crashed on). */
const MAX_DEPTH = 400;

export class TooDeepError extends Error {
  constructor() {
    super('nesting too deep to analyse');
  }
}

export interface RunOptions {
  /** Values of the function's parameters, by position (missing ones are unknown). */
  readonly params?: readonly AValue[];
  /** The exported handler itself: what it returns goes to the caller. */
  readonly entry?: boolean;
  /** The HTTP method a route handler answers (a tRPC adapter serves queries to GET, mutations to POST). */
  readonly method?: string;
}

/** One abstract execution of one function body. */
export class AttackerRun {
  /** The first protected work reached; once set, the run is over. */
  work?: WorkSite;
  /** Calls that asked Clerk who the caller is, in the order the attacker reached them. */
  readonly identitySites: ts.Node[] = [];
  swallowedBy?: ts.CatchClause;
  private stopped = false;
  private depth = 0;
  /** Running the exported handler (see RunOptions.entry). */
  private entry = false;
  private method?: string;
  /** Inside a gate's setup or test (see gates.ts): work is the gate's call, not protected work. */
  private gating = 0;
  /** The first work set aside as a gate's call since this was last cleared. */
  private gateCall?: GateCall;
  /** Calls being evaluated as the receiver of another call: links of a chain (`db.select().from(t)`). */
  private readonly receiverCalls = new Set<ts.Node>();
  /** Calls a condition tests directly (`if (!checkRole('admin'))`): see floatingAsyncCall. */
  private readonly conditionCalls = new Set<ts.Node>();
  private readonly scope: Scope;

  constructor(
    private readonly module: ModuleContext,
    parentScope: Scope,
    /** Evaluating a module's top-level initialisers: containers created here are shared state. */
    private readonly moduleLevel = false,
    /** Running a class's constructor: `this.x = value` sets the field (see ModuleContext.instantiate). */
    private readonly constructing?: (field: string, value: AValue) => void,
  ) {
    this.scope = new Scope(parentScope);
  }

  /** Runs a function's body; returns how it ends. */
  runFunction(fn: FunctionNode, options: RunOptions = {}): Outcome {
    this.entry = options.entry === true;
    this.method = options.method;
    fn.parameters.forEach((param, i) => this.bind(param.name, this.parameterValue(param, i, options.params)));
    const body = fn.body;
    if (!body) return NORMAL;
    if (ts.isBlock(body)) return this.execList(body.statements);
    // `(req) => verifyWebhook(req)`, `() => redirect('/sign-in')`: a body that stops throws, as a
    // statement that stops does (see exec).
    const outcome = this.execReturn(body);
    if (!this.stopped) return outcome;
    this.stopped = false;
    return this.work ? DEAD : THREW;
  }

  /**
   * What a parameter holds: the argument given, or, at a call that leaves it out (or passes undefined),
   * its default (`options = { requireAuth: true }`). Without a call site (`params` absent) it is unknown.
   */
  private parameterValue(param: ts.ParameterDeclaration, i: number, params: readonly AValue[] | undefined): AValue {
    const given = params?.[i];
    if (params && param.initializer && !param.dotDotDotToken && (given === undefined || given.truth === 'undefined')) return this.ev(param.initializer);
    return given ?? UNKNOWN;
  }

  /** Evaluates an expression outside any function (module-level initialisers). */
  evaluate(expr: ts.Expression): AValue {
    return this.ev(expr);
  }

  // ---- statements ---------------------------------------------------------------------------

  private execList(statements: readonly ts.Statement[]): Outcome {
    let outcome = NORMAL;
    const sf = this.module.sourceFile;
    // Function declarations are hoisted: `greeting()` may be called above `function greeting() {…}`.
    for (const s of statements) {
      if (s.kind === SyntaxKind.FunctionDeclaration && (s as ts.FunctionDeclaration).name && (s as ts.FunctionDeclaration).body) {
        this.bind((s as ts.FunctionDeclaration).name!, this.functionValue(s as ts.FunctionDeclaration));
      }
    }
    for (let i = 0; i < statements.length; i++) {
      const gate = gateAt(statements, i, sf);
      const next = this.exec(statements[i], gate);
      if (gate) i += gate.setup.length;
      if (this.work) return DEAD;
      outcome = then(outcome, next);
      if (!next.normal) return outcome;
    }
    return outcome;
  }

  private exec(statement: ts.Statement, gate?: Gate): Outcome {
    if (++this.depth > MAX_DEPTH) throw new TooDeepError();
    try {
      const outcome = gate ? this.execGate(gate) : this.execStatement(statement);
      if (this.stopped) {
        this.stopped = false;
        return this.work ? DEAD : THREW;
      }
      return outcome;
    } finally {
      this.depth--;
    }
  }

  private execStatement(s: ts.Statement): Outcome {
    switch (s.kind) {
      case SyntaxKind.Block:
        return this.execList((s as ts.Block).statements);
      case SyntaxKind.VariableStatement:
        this.declare((s as ts.VariableStatement).declarationList);
        return NORMAL;
      case SyntaxKind.ExpressionStatement:
        // A debugging agent's floating log fetch (unless the module defines its own `fetch`).
        if (!isLoopbackLog((s as ts.ExpressionStatement).expression) || this.module.declarationOf('fetch')) this.ev((s as ts.ExpressionStatement).expression);
        return NORMAL;
      case SyntaxKind.IfStatement:
        return this.execIf(s as ts.IfStatement);
      case SyntaxKind.ReturnStatement: {
        const expr = (s as ts.ReturnStatement).expression;
        return expr ? this.execReturn(expr) : returning(UNDEFINED);
      }
      case SyntaxKind.ThrowStatement:
        this.ev((s as ts.ThrowStatement).expression);
        return THREW;
      case SyntaxKind.TryStatement:
        return this.execTry(s as ts.TryStatement);
      case SyntaxKind.SwitchStatement:
        return this.execSwitch(s as ts.SwitchStatement);
      case SyntaxKind.ForStatement:
      case SyntaxKind.ForOfStatement:
      case SyntaxKind.ForInStatement:
      case SyntaxKind.WhileStatement:
      case SyntaxKind.DoStatement:
        return this.execLoop(s as ts.IterationStatement);
      case SyntaxKind.LabeledStatement: {
        // `label: { … break label; … }` continues after the block (every jump is taken to target it).
        const inner = this.exec((s as ts.LabeledStatement).statement);
        return { ...inner, normal: inner.normal || inner.jumped, jumped: false };
      }
      case SyntaxKind.BreakStatement:
      case SyntaxKind.ContinueStatement:
        return JUMPED;
      default:
        // Declarations (functions, classes, types, imports) run nothing where they stand.
        return NORMAL;
    }
  }

  private execReturn(expr: ts.Expression): Outcome {
    const value = this.ev(expr);
    // The handler answers with something signed by the app's secret: a credential minted for anyone.
    if (this.entry && value.minted) this.recordWork(expr);
    return returning(value);
  }

  /**
   * A call tested right away by an `if` that stops (see gates.ts). When the call would have been
   * protected work, it is the check instead: an authentication check stops the attacker (who has no
   * session and no valid credential); a rate limit lets them through to what follows.
   */
  private execGate(gate: Gate): Outcome {
    const { setup, test, called } = this.runGateCheck(gate);
    if (this.work || !setup.normal) return this.work ? DEAD : setup;
    // Clerk is the check, and the call is work, when Clerk is asked after the call in the same check
    // (`const note = await db.update(…); const { userId } = await auth(); if (!userId || …)`), or when
    // the call itself asks Clerk's backend about the (absent) user: how that fails is not a decision the
    // attacker loses. A lookup keyed by the Clerk user and tested right away is a check.
    if (called && (called.clerkBackend || this.identitySites.length > called.identitiesBefore)) {
      this.recordWork(called.node, called.inner, called.clerkBackend);
      return DEAD;
    }
    if (this.stopped) return DEAD;
    if (called && gate.signal === 'authentication' && !called.chosenIdentity) {
      const stop = gate.stopBranch === 'then' ? gate.test.thenStatement : gate.test.elseStatement!;
      return then(setup, this.exec(stop));
    }
    return then(setup, this.execIfWith(gate.test, knownBoolean(test)));
  }

  /** Runs a gate's setup and test with work set aside; `called` is the first work set aside. */
  private runGateCheck(gate: Gate): { setup: Outcome; test: AValue; called?: GateCall } {
    const outerCall = this.gateCall;
    this.gateCall = undefined;
    this.gating++;
    try {
      let setup = NORMAL;
      for (const statement of gate.setup) {
        const next = this.exec(statement);
        setup = then(setup, next);
        if (this.work || !next.normal) return { setup, test: UNKNOWN, called: this.gateCall };
      }
      return { setup, test: this.evCondition(gate.test.expression), called: this.gateCall };
    } finally {
      this.gating--;
      this.gateCall = outerCall;
    }
  }

  /** Evaluates a condition, noting the calls it tests directly (see floatingAsyncCall). */
  private evCondition(condition: ts.Expression): AValue {
    testedCalls(condition, this.conditionCalls);
    return this.ev(condition);
  }

  private execIf(s: ts.IfStatement): Outcome {
    const condition = this.evCondition(s.expression);
    const test = knownBoolean(condition);
    // `if (token) headers.Authorization = `Bearer ${token}``: the headers carry the caller's Clerk
    // session whenever there is one; signed out, they stand for the session that is absent (as
    // `token ? { Authorization } : {}` does, see evConditional).
    if (condition.sessionToken && test === false && !s.elseStatement && ts.isIdentifier(s.expression)) this.markSessionHeaders(s.thenStatement, s.expression.text);
    return this.execIfWith(s, test);
  }

  /** Objects that the skipped branch would have given the token (`headers.Authorization = `Bearer ${token}``). */
  private markSessionHeaders(branch: ts.Statement, token: string): void {
    const visit = (node: ts.Node): void => {
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === SyntaxKind.EqualsToken && mentionsAny(node.right, new Set([token]))
        && (ts.isPropertyAccessExpression(node.left) || ts.isElementAccessExpression(node.left)) && ts.isIdentifier(node.left.expression)) {
        const name = node.left.expression.text;
        const value = this.scope.lookup(name);
        if (value?.props) this.scope.set(name, { ...value, sessionToken: true });
      }
      if (!ts.isFunctionLike(node)) ts.forEachChild(node, visit);
    };
    visit(branch);
  }

  private execIfWith(s: ts.IfStatement, test: boolean | undefined): Outcome {
    if (this.work || this.stopped) return DEAD;
    const whenTrue = () => this.exec(s.thenStatement);
    const whenFalse = () => (s.elseStatement ? this.exec(s.elseStatement) : NORMAL);
    if (test === true) return whenTrue();
    if (test === false) return whenFalse();
    const a = whenTrue();
    if (this.work) return DEAD;
    return either(a, whenFalse());
  }

  private execTry(s: ts.TryStatement): Outcome {
    let outcome = this.exec(s.tryBlock);
    if (this.work) return DEAD;
    if (s.catchClause && outcome.threw) {
      if (s.catchClause.variableDeclaration) this.bind(s.catchClause.variableDeclaration.name, CAUGHT_ERROR);
      const caught = this.exec(s.catchClause.block);
      if (this.work) return DEAD;
      if (caught.normal) this.swallowedBy ??= s.catchClause;
      outcome = { ...either({ ...outcome, threw: false }, caught), threw: caught.threw };
    }
    if (s.finallyBlock) {
      const fin = this.exec(s.finallyBlock);
      if (this.work) return DEAD;
      if (!fin.normal) return then(outcome, fin);
    }
    return outcome;
  }

  private execSwitch(s: ts.SwitchStatement): Outcome {
    const discriminant = this.ev(s.expression);
    if (this.work || this.stopped) return DEAD;
    const chosen = chosenClause(s, discriminant);
    if (chosen !== undefined) return this.execClausesFrom(s, chosen);
    let outcome: Outcome | undefined;
    let hasDefault = false;
    for (const clause of s.caseBlock.clauses) {
      if (ts.isDefaultClause(clause)) hasDefault = true;
      else this.ev(clause.expression);
      const body = this.execList(clause.statements);
      if (this.work) return DEAD;
      outcome = outcome ? either(outcome, body) : body;
    }
    if (!outcome || !hasDefault) outcome = outcome ? either(outcome, NORMAL) : NORMAL;
    return { ...outcome, normal: outcome.normal || outcome.jumped, jumped: false };
  }

  /** Runs the clauses from `first` on, falling through until one breaks, returns or throws. */
  private execClausesFrom(s: ts.SwitchStatement, first: number): Outcome {
    let outcome = NORMAL;
    for (const clause of s.caseBlock.clauses.slice(first)) {
      const body = this.execList(clause.statements);
      if (this.work) return DEAD;
      outcome = then(outcome, body);
      if (!body.normal) break;
    }
    return { ...outcome, normal: outcome.normal || outcome.jumped, jumped: false };
  }

  private execLoop(s: ts.IterationStatement): Outcome {
    if (ts.isForStatement(s)) {
      if (s.initializer) {
        if (ts.isVariableDeclarationList(s.initializer)) this.declare(s.initializer);
        else this.ev(s.initializer);
      }
      if (s.condition && knownBoolean(this.ev(s.condition)) === false) return NORMAL;
    } else if (ts.isForOfStatement(s) || ts.isForInStatement(s)) {
      this.ev(s.expression);
      const init = s.initializer;
      if (ts.isVariableDeclarationList(init)) init.declarations.forEach((d) => this.bind(d.name, UNKNOWN));
    } else if (ts.isWhileStatement(s)) {
      if (knownBoolean(this.ev(s.expression)) === false) return NORMAL;
    }
    if (this.work || this.stopped) return DEAD;
    const body = this.exec(s.statement);
    if (this.work) return DEAD;
    // A do-while body runs at least once; any other loop body may not run at all.
    const mayExit = ts.isDoStatement(s) ? body.normal || body.jumped : true;
    return { normal: mayExit, threw: body.threw, jumped: false, returned: body.returned };
  }

  private declare(list: ts.VariableDeclarationList): void {
    for (const d of list.declarations) {
      const value = d.initializer ? this.ev(d.initializer) : UNDEFINED;
      // Thrown while computing it: the name is never bound (a `catch` sees the value before).
      if (this.work || this.stopped) return;
      this.bind(d.name, value);
    }
  }

  /** Binds a name or a destructuring pattern to a value. */
  private bind(name: ts.BindingName, value: AValue): void {
    if (ts.isIdentifier(name)) {
      this.scope.set(name.text, value);
      return;
    }
    if (ts.isObjectBindingPattern(name)) {
      for (const element of name.elements) {
        if (element.dotDotDotToken) {
          this.bind(element.name, restOf(value, name.elements));
          continue;
        }
        const key = element.propertyName ?? element.name;
        const keyText = propertyNameText(key);
        const prop = keyText === undefined ? UNKNOWN : propertyOf(value, keyText);
        this.bind(element.name, this.withDefault(prop, element.initializer));
      }
      return;
    }
    name.elements.forEach((element, i) => {
      if (ts.isOmittedExpression(element)) return;
      const prop = element.dotDotDotToken ? UNKNOWN : propertyOf(value, String(i));
      this.bind(element.name, this.withDefault(prop, element.initializer));
    });
  }

  private withDefault(value: AValue, initializer: ts.Expression | undefined): AValue {
    if (!initializer) return value;
    const fallback = this.ev(initializer);
    if (value.truth === 'undefined') return fallback;
    return value.truth === 'unknown' ? join(value, fallback) : value;
  }

  // ---- expressions --------------------------------------------------------------------------

  private ev(node: ts.Expression, awaited = false): AValue {
    if (this.work) return UNKNOWN;
    if (++this.depth > MAX_DEPTH) throw new TooDeepError();
    try {
      return this.evExpression(node, awaited);
    } finally {
      this.depth--;
    }
  }

  private evExpression(node: ts.Expression, awaited: boolean): AValue {
    switch (node.kind) {
      case SyntaxKind.ParenthesizedExpression:
      case SyntaxKind.AsExpression:
      case SyntaxKind.SatisfiesExpression:
      case SyntaxKind.NonNullExpression:
      case SyntaxKind.TypeAssertionExpression:
        return this.ev((node as ts.ParenthesizedExpression).expression, awaited);
      case SyntaxKind.AwaitExpression: {
        // Awaiting is transparent (`await auth()` and a v4 sync `auth()` give the same object), except
        // for a Promise the code held on to (`const pending = auth()` with Clerk 6).
        const value = this.ev((node as ts.AwaitExpression).expression, true);
        return value.resolves ?? value;
      }
      case SyntaxKind.Identifier:
        return this.lookup((node as ts.Identifier).text);
      case SyntaxKind.NullKeyword:
        return NULL;
      case SyntaxKind.TrueKeyword:
        return TRUTHY;
      case SyntaxKind.FalseKeyword:
        return FALSE;
      // The text is kept (one shared value per text): `switch (role.kind)`, `expected === 'producer'` and
      // `gate.status === 'unauthorized'` compare it.
      case SyntaxKind.StringLiteral:
      case SyntaxKind.NoSubstitutionTemplateLiteral:
        return literalValue((node as ts.StringLiteral).text);
      case SyntaxKind.NumericLiteral:
        return Number((node as ts.NumericLiteral).text) === 0 ? FALSY : TRUTHY;
      case SyntaxKind.TemplateExpression:
        return this.evTemplate(node as ts.TemplateExpression);
      case SyntaxKind.ObjectLiteralExpression:
        return this.evObject(node as ts.ObjectLiteralExpression);
      case SyntaxKind.ArrayLiteralExpression: {
        const elements = (node as ts.ArrayLiteralExpression).elements;
        const values = elements.map((element) => this.ev(element));
        // At module level an empty array is a store that requests fill; one written with its
        // elements (`const LOCALES = ['en', 'fr']`) is static data, harmless to read.
        if (!this.moduleLevel) {
          // Query parameters (`[userId]`) keep the signed-out caller's null id, which decides the query.
          if (!values.some((v) => v.absentUser)) return TRUTHY;
          return { truth: 'truthy', props: new Map(values.map((v, i) => [String(i), v])) };
        }
        return elements.length === 0 ? SHARED_STATE : STATIC_DATA;
      }
      case SyntaxKind.SpreadElement:
        return this.ev((node as ts.SpreadElement).expression);
      case SyntaxKind.ArrowFunction:
      case SyntaxKind.FunctionExpression:
        return this.functionValue(node as ts.ArrowFunction);
      case SyntaxKind.PropertyAccessExpression: {
        const access = node as ts.PropertyAccessExpression;
        const target = this.ev(access.expression);
        if (this.throwsOnNothing(access, target)) {
          this.stopped = true;
          return UNKNOWN;
        }
        return propertyOf(target, access.name.text);
      }
      case SyntaxKind.ElementAccessExpression:
        return this.evElementAccess(node as ts.ElementAccessExpression);
      case SyntaxKind.CallExpression:
        return this.evCall(node as ts.CallExpression, awaited);
      case SyntaxKind.NewExpression:
        return this.evNew(node as ts.NewExpression);
      case SyntaxKind.TaggedTemplateExpression: {
        // sql`…`, gql`…`: a tag is a call; unknown tags are queries.
        const tagged = node as ts.TaggedTemplateExpression;
        const tag = this.ev(tagged.tag);
        const template = tagged.template;
        const spans = ts.isTemplateExpression(template) ? template.templateSpans.map((span) => this.ev(span.expression)) : [];
        if (tag.readOnly || isProbeOrSetup(tagged)) return REQUEST_DATA;
        // sql`SELECT … WHERE user_id = ${userId}` with the signed-out caller's null id selects nothing.
        if (spans.some((v) => v.absentUser) && ts.isTemplateExpression(template) && selectsByComparison(templateWithPlaceholders(template))) return NO_ROWS;
        return this.recordWork(node);
      }
      case SyntaxKind.PrefixUnaryExpression:
        return this.evPrefix(node as ts.PrefixUnaryExpression);
      case SyntaxKind.PostfixUnaryExpression:
        this.ev((node as ts.PostfixUnaryExpression).operand);
        return UNKNOWN;
      case SyntaxKind.TypeOfExpression:
      case SyntaxKind.VoidExpression:
      case SyntaxKind.DeleteExpression:
        this.ev((node as ts.TypeOfExpression).expression);
        return node.kind === SyntaxKind.VoidExpression ? UNDEFINED : TRUTHY;
      case SyntaxKind.BinaryExpression:
        return this.evBinary(node as ts.BinaryExpression);
      case SyntaxKind.ConditionalExpression:
        return this.evConditional(node as ts.ConditionalExpression);
      case SyntaxKind.JsxElement:
      case SyntaxKind.JsxSelfClosingElement:
      case SyntaxKind.JsxFragment:
        return this.evJsx(node as ts.JsxElement | ts.JsxSelfClosingElement | ts.JsxFragment);
      case SyntaxKind.ThisKeyword:
        // Inside a method of one of the project's classes: the instance (see ModuleContext.classValue).
        return this.scope.lookup('this') ?? UNKNOWN;
      case SyntaxKind.ClassExpression:
      case SyntaxKind.RegularExpressionLiteral:
      case SyntaxKind.BigIntLiteral:
        return TRUTHY;
      default:
        return UNKNOWN;
    }
  }

  /**
   * Rendering JSX on the server evaluates its expressions and runs the Server Components it names:
   * `<Dashboard />` of an async component that queries the database does that work for the page.
   * Components of a `'use client'` module only render in the browser.
   */
  private evJsx(node: ts.JsxElement | ts.JsxSelfClosingElement | ts.JsxFragment): AValue {
    const opening = ts.isJsxElement(node) ? node.openingElement : ts.isJsxSelfClosingElement(node) ? node : undefined;
    if (opening) {
      for (const attribute of opening.attributes.properties) {
        const expr = ts.isJsxAttribute(attribute) ? attribute.initializer : attribute.expression;
        if (expr && ts.isJsxExpression(expr) && expr.expression) this.ev(expr.expression);
        else if (expr && !ts.isStringLiteral(expr) && !ts.isJsxExpression(expr)) this.ev(expr);
        if (this.work) return UNKNOWN;
      }
    }
    if (!ts.isJsxSelfClosingElement(node)) {
      for (const child of node.children) {
        if (ts.isJsxExpression(child)) {
          if (child.expression) this.ev(child.expression);
        } else if (!ts.isJsxText(child)) this.ev(child);
        if (this.work) return UNKNOWN;
      }
    }
    if (opening && isComponentTag(opening.tagName)) this.renderComponent(opening);
    return TRUTHY;
  }

  private renderComponent(opening: ts.JsxOpeningElement | ts.JsxSelfClosingElement): void {
    const component = this.ev(opening.tagName as ts.Expression);
    const fn = component.call?.kind === 'function' ? component.call.fn : undefined;
    // A `'use client'` module's components render in the browser.
    if (!fn || hasDirective(fn.module.sourceFile.statements, 'use client')) return;
    const summary = summarize(fn, [UNKNOWN]);
    if (summary.work) this.recordWork(opening, summary.work);
    else if (summary.identity) this.identitySites.push(opening);
  }

  private lookup(name: string): AValue {
    return this.scope.lookup(name) ?? UNKNOWN;
  }

  private functionValue(node: FunctionNode): AValue {
    return { truth: 'truthy', call: { kind: 'function', fn: { node, module: this.module, scope: this.scope } } };
  }

  private evTemplate(node: ts.TemplateExpression): AValue {
    let secret = false;
    let minted = false;
    let computed = false;
    let credential = false;
    let sessionToken = false;
    // `https://host/…${x}` or `${process.env.NEXT_PUBLIC_APP_URL}/…`: the host is fixed and public.
    let publicOrigin = isPublicOrigin(node.head.text);
    let serviceOrigin = false;
    let ownOrigin = false;
    for (const span of node.templateSpans) {
      const value = this.ev(span.expression);
      if (span === node.templateSpans[0] && node.head.text === '' && value.publicConfig) publicOrigin = true;
      if (span === node.templateSpans[0] && node.head.text === '' && value.ownOrigin) ownOrigin = true;
      if (span === node.templateSpans[0] && node.head.text === '' && value.serviceOrigin) serviceOrigin = true;
      secret ||= value.secret === true;
      minted ||= value.minted === true;
      computed ||= !isConstant(value);
      credential ||= value.credential === true;
      sessionToken ||= value.sessionToken === true;
    }
    if (minted) return MINTED;
    if (secret) return credential ? { truth: 'truthy', secret, credential } : { truth: 'truthy', secret };
    // `Bearer ${token}`, `${API}/contracts/${token}`: text that carries what it was built from.
    if (sessionToken) return { truth: 'truthy', readOnly: true, sessionToken };
    if (credential) return CREDENTIAL;
    // `/trips/${id}`: a path under a route the code names; the caller picks only a segment of it.
    if (node.head.text.startsWith('/')) return NAMED_PATH;
    if (publicOrigin) return { truth: 'truthy', readOnly: computed || undefined, publicUrl: true, ownOrigin: ownOrigin || undefined };
    if (serviceOrigin) return { truth: 'truthy', readOnly: computed || undefined, serviceUrl: true };
    // `req_${Date.now()}`: computed at run time, not a value the program wrote (see isConstant).
    return computed ? COMPUTED_TEXT : TRUTHY;
  }

  private evObject(node: ts.ObjectLiteralExpression): AValue {
    const props = new Map<string, AValue>();
    let complete = true;
    let sessionToken = false;
    for (const p of node.properties) {
      if (ts.isPropertyAssignment(p)) {
        const value = this.ev(p.initializer);
        const key = propertyNameText(p.name);
        if (key === undefined) complete = false;
        else props.set(key, value);
      } else if (ts.isShorthandPropertyAssignment(p)) {
        props.set(p.name.text, this.lookup(p.name.text));
      } else if (ts.isSpreadAssignment(p)) {
        const spread = this.ev(p.expression);
        sessionToken ||= spread.sessionToken === true;
        spread.props?.forEach((v, k) => props.set(k, v));
        if (!spread.props || spread.otherProps) complete = false;
      } else if (ts.isMethodDeclaration(p)) {
        const key = propertyNameText(p.name);
        if (key !== undefined) props.set(key, this.functionValue(p));
      }
    }
    // Properties an object literal does not have are undefined, which is what lets
    // `if (!result.authorized)` decide: `{ error }` lacks `authorized`.
    return { truth: 'truthy', props, otherProps: complete ? UNDEFINED : undefined, shared: this.moduleLevel || undefined, sessionToken: sessionToken || undefined };
  }

  private evElementAccess(node: ts.ElementAccessExpression): AValue {
    const target = this.ev(node.expression);
    const arg = node.argumentExpression;
    if (ts.isStringLiteralLike(arg) || ts.isNumericLiteral(arg)) return propertyOf(target, arg.text);
    const key = this.ev(arg);
    if (typeof key.literal === 'string' || typeof key.literal === 'number') return propertyOf(target, String(key.literal));
    // `oembedUrls[platform]` on an object written out in full: one of its values, or undefined. (A
    // module's object is state the requests share, unless it is a constant table nothing writes into.)
    const table = target.shared && ts.isIdentifier(node.expression) && this.module.isConstantTable(node.expression.text);
    if (target.props?.size && target.otherProps === UNDEFINED && (!target.shared || table)) {
      const one = [...target.props.values()].reduce((a, b) => join(a, b));
      return { ...one, truth: 'unknown' };
    }
    return target.readOnly ? REQUEST_DATA : target.secret ? target : UNKNOWN;
  }

  private evPrefix(node: ts.PrefixUnaryExpression): AValue {
    const operand = this.ev(node.operand);
    if (node.operator !== SyntaxKind.ExclamationToken) return UNKNOWN;
    const b = knownBoolean(operand);
    return b === undefined ? UNKNOWN : b ? FALSE : TRUTHY;
  }

  private evConditional(node: ts.ConditionalExpression): AValue {
    const condition = this.evCondition(node.condition);
    const test = knownBoolean(condition);
    if (test === true) return this.ev(node.whenTrue);
    if (test === false) {
      const chosen = this.ev(node.whenFalse);
      // `token ? { Authorization: `Bearer ${token}` } : {}`: the headers that carry the caller's Clerk
      // session whenever there is one; signed out, they stand for the session that is absent.
      return condition.sessionToken ? { ...chosen, sessionToken: true } : chosen;
    }
    return this.eitherBranch(
      () => this.ev(node.whenTrue),
      () => this.ev(node.whenFalse),
    );
  }

  /** Evaluates two alternatives; a stop counts only when both stop. */
  private eitherBranch(a: () => AValue, b: () => AValue): AValue {
    const before = this.stopped;
    this.stopped = false;
    const va = a();
    const stoppedA = this.stopped;
    this.stopped = false;
    const vb = b();
    this.stopped = before || (stoppedA && this.stopped);
    return join(va, vb);
  }

  /** Evaluates an operand that may or may not run: a stop inside it does not end the path. */
  private maybe(expr: ts.Expression): AValue {
    const before = this.stopped;
    const value = this.ev(expr);
    this.stopped = before;
    return value;
  }

  private evBinary(node: ts.BinaryExpression): AValue {
    const op = node.operatorToken.kind;
    switch (op) {
      case SyntaxKind.AmpersandAmpersandToken: {
        const left = this.ev(node.left);
        const lb = knownBoolean(left);
        if (lb === false) return left;
        if (lb === true) return this.ev(node.right);
        const right = this.maybe(node.right);
        return knownBoolean(right) === false ? { truth: 'falsy' } : UNKNOWN;
      }
      case SyntaxKind.BarBarToken: {
        const left = this.ev(node.left);
        const lb = knownBoolean(left);
        if (lb === true) return left;
        if (lb === false) return orEmpty(left, this.ev(node.right));
        const right = this.maybe(node.right);
        return withFallback(knownBoolean(right) === true ? TRUTHY : UNKNOWN, left, right);
      }
      case SyntaxKind.QuestionQuestionToken: {
        const left = this.ev(node.left);
        if (left.truth === 'null' || left.truth === 'undefined') return orEmpty(left, this.ev(node.right));
        if (left.truth === 'truthy' || left.truth === 'false') return left;
        const right = this.maybe(node.right);
        return withFallback(join(left, right), left, right);
      }
      case SyntaxKind.EqualsToken:
        return this.assign(node);
      case SyntaxKind.EqualsEqualsEqualsToken:
      case SyntaxKind.EqualsEqualsToken:
      case SyntaxKind.ExclamationEqualsEqualsToken:
      case SyntaxKind.ExclamationEqualsToken:
        return this.evEquality(node, op);
      case SyntaxKind.InstanceOfKeyword:
        return this.evInstanceOf(this.ev(node.left), this.ev(node.right));
      case SyntaxKind.InKeyword: {
        // `'error' in result`: known when the object's properties are all known.
        const key = ts.isStringLiteralLike(node.left) ? node.left.text : undefined;
        const target = this.ev(node.right);
        if (key === undefined || !target.props) return UNKNOWN;
        return target.props.has(key) ? TRUTHY : target.otherProps?.truth === 'undefined' ? FALSE : UNKNOWN;
      }
      case SyntaxKind.CommaToken:
        this.ev(node.left);
        return this.ev(node.right);
      case SyntaxKind.PlusToken: {
        const left = this.ev(node.left);
        const right = this.ev(node.right);
        if (left.minted || right.minted) return MINTED;
        return left.secret || right.secret ? { truth: 'unknown', secret: true } : UNKNOWN;
      }
      default:
        this.ev(node.left);
        this.ev(node.right);
        return UNKNOWN;
    }
  }

  /** `result instanceof NextResponse`: decided for responses and for object literals. */
  private evInstanceOf(left: AValue, right: AValue): AValue {
    // `'Not signed in' instanceof ValidationError`: a string, a number or null is no class's instance.
    if (left.literal !== undefined || isFalsy(left.truth)) return FALSE;
    if (right !== RESPONSE_CLASS) return UNKNOWN;
    if (left.response) return TRUTHY;
    return left.props || isFalsy(left.truth) ? FALSE : UNKNOWN;
  }

  private assign(node: ts.BinaryExpression): AValue {
    const value = this.ev(node.right);
    if (this.stopped) return UNKNOWN;
    const target = node.left;
    if (ts.isIdentifier(target) && !this.moduleLevel && isConstant(value) && this.isModuleVariable(target.text) && !createsInstance(node.right)
      && !setsOwnRunOnceFlag(node, target.text, this.module.sourceFile)) {
      // `subscriptionActive = true` from a handler: module state that every request shares. (A request
      // id or a lazily made client kept for later is bookkeeping, not a grant.)
      return this.recordWork(node);
    }
    if (ts.isIdentifier(target)) this.scope.set(target.text, value);
    else if (this.constructing && ts.isPropertyAccessExpression(target) && target.expression.kind === SyntaxKind.ThisKeyword) {
      this.constructing(target.name.text, value);
    } else if (ts.isObjectLiteralExpression(target) || ts.isArrayLiteralExpression(target)) {
      this.assignPattern(target, value);
    } else if (value.absentUser && ts.isPropertyAccessExpression(target) && ts.isIdentifier(target.expression) && !this.isModuleVariable(target.expression.text)) {
      // `address.userId = userId` before `create({ data: address })`: the object now holds the
      // signed-out caller's null id, which decides the write (see storesNullInRequiredColumn).
      const holder = this.lookup(target.expression.text);
      this.scope.set(target.expression.text, { ...holder, props: new Map([...(holder.props ?? []), [target.name.text, value]]) });
    } else this.ev(target);
    return value;
  }

  /**
   * `form.append('client_secret', process.env.SECRET)`, `headers.set('x-api-key', key)`: the built-in value
   * the name holds carries the secret from now on, as `new URLSearchParams({ client_secret })` does.
   */
  private keepAddedSecret(callee: ts.Expression, receiver: AValue | undefined, method: string | undefined, args: readonly AValue[]): void {
    if (!receiver || receiver.secret || !(method === 'append' || method === 'set') || !args.some((a) => a.secret)) return;
    if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) this.scope.set(callee.expression.text, { ...receiver, secret: true });
  }

  /**
   * `user.save()` or `user.id` when `user` is null (the lookup by the signed-out caller's id found no
   * one, `currentUser()` for a signed-out caller): a TypeError, which stops the request as a throw does.
   * Not in an optional chain (`user?.profile.save()` does nothing), and not on a module's `let`, whose
   * value here is only its initialiser. (Undefined is left alone: a property set by assignment is not
   * followed, so it may only look missing.)
   */
  private throwsOnNothing(callee: ts.Expression, receiver: AValue): boolean {
    if (receiver.truth !== 'null') return false;
    if (!ts.isPropertyAccessExpression(callee) || callee.flags & ts.NodeFlags.OptionalChain) return false;
    // Only a local name or an awaited answer: properties are not followed through assignments
    // (`state.user = await getUser()`), so a property's null may be stale; and a query builder's link
    // (`Project.findOne(…).populate(…)`) is not yet the null it resolves to.
    let target: ts.Expression = callee.expression;
    while (ts.isParenthesizedExpression(target)) target = target.expression;
    if (ts.isIdentifier(target)) return !this.isModuleVariable(target.text);
    return ts.isAwaitExpression(target);
  }

  /**
   * `db.address.create({ data: { ...address, userId } })`, or `db.booking.findMany({ where: { patientId:
   * userId } })`, with the signed-out caller's null id in a column the project's Prisma schema requires:
   * Prisma refuses the query before sending it (a required column can neither hold nor be compared
   * with null).
   */
  private storesNullInRequiredColumn(callee: ts.Expression, method: string | undefined, args: readonly AValue[]): boolean {
    const part = method === 'create' ? 'data' : method === 'upsert' ? 'create' : method && PRISMA_FILTERED.test(method) ? 'where' : undefined;
    return part !== undefined && this.absentUserColumns(callee, args[0], part, 'required');
  }

  /**
   * `db.lead.findMany({ where: { userId } })` where the schema leaves `userId` optional: Prisma reads
   * null as "no owner" and selects every row that has none (a guest's order, a visitor's lead).
   */
  private selectsOwnerlessRows(callee: ts.Expression, method: string | undefined, args: readonly AValue[]): boolean {
    return method !== undefined && PRISMA_FILTERED.test(method) && this.absentUserColumns(callee, args[0], 'where', 'optional');
  }

  /** The signed-out caller's null id is given to a column of that kind in `arg[part]` of a Prisma model call. */
  private absentUserColumns(callee: ts.Expression, arg: AValue | undefined, part: string, kind: 'required' | 'optional'): boolean {
    if (!ts.isPropertyAccessExpression(callee) || !ts.isPropertyAccessExpression(callee.expression)) return false;
    const columns = this.module.loader.prismaColumns?.(callee.expression.name.text)?.[kind];
    const data = arg?.props?.get(part);
    if (!columns || !data?.props) return false;
    for (const [column, value] of data.props) if (value.absentUser && value.truth === 'null' && columns.has(column)) return true;
    return false;
  }

  /** A `let`/`var` of the module, not shadowed by a local of the running function or its closures. */
  private isModuleVariable(name: string): boolean {
    for (let scope: Scope | undefined = this.scope; scope; scope = scope.parent) {
      if (scope === this.module.scope) return this.module.declarationOf(name)?.kind === 'variable';
      if (scope.hasOwn(name)) return false;
    }
    return false;
  }

  /** `({ userId } = await auth())`: destructuring assignment to existing names. */
  private assignPattern(target: ts.ObjectLiteralExpression | ts.ArrayLiteralExpression, value: AValue): void {
    if (ts.isArrayLiteralExpression(target)) {
      target.elements.forEach((e, i) => ts.isIdentifier(e) && this.scope.set(e.text, propertyOf(value, String(i))));
      return;
    }
    for (const p of target.properties) {
      if (ts.isShorthandPropertyAssignment(p)) this.scope.set(p.name.text, propertyOf(value, p.name.text));
      else if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.initializer)) {
        const key = propertyNameText(p.name);
        this.scope.set(p.initializer.text, key === undefined ? UNKNOWN : propertyOf(value, key));
      }
    }
  }

  private evEquality(node: ts.BinaryExpression, op: ts.SyntaxKind): AValue {
    const negate = op === SyntaxKind.ExclamationEqualsEqualsToken || op === SyntaxKind.ExclamationEqualsToken;
    const loose = op === SyntaxKind.EqualsEqualsToken || op === SyntaxKind.ExclamationEqualsToken;
    const equal = this.equality(node.left, node.right, loose);
    return fromBoolean(equal === undefined ? undefined : negate ? !equal : equal);
  }

  /** Whether `left == right` (or `===`) holds for the attacker, when it is known. */
  private equality(leftNode: ts.Expression, rightNode: ts.Expression, loose: boolean): boolean | undefined {
    const typeofLeft = ts.isTypeOfExpression(leftNode) ? leftNode : undefined;
    const typeofRight = ts.isTypeOfExpression(rightNode) ? rightNode : undefined;
    if (typeofLeft || typeofRight) {
      const operand = this.ev((typeofLeft ?? typeofRight)!.expression);
      const other = typeofLeft ? rightNode : leftNode;
      const name = typeName(operand.truth);
      return name && ts.isStringLiteralLike(other) ? name === other.text : undefined;
    }
    const left = this.ev(leftNode);
    const right = this.ev(rightNode);
    // A secret from the environment never equals what the attacker sent. Compared with a literal
    // (`process.env.FEATURE === 'true'`), it is the deployment's choice: unknown, either way.
    if (left.secret !== right.secret) return ts.isStringLiteralLike(leftNode) || ts.isStringLiteralLike(rightNode) ? undefined : false;
    if (left.literal !== undefined && right.literal !== undefined) return left.literal === right.literal;
    return compareKnown(left.truth, right.truth, loose);
  }

  private evNew(node: ts.NewExpression): AValue {
    const ctor = this.ev(node.expression);
    const args = node.arguments?.map((a) => this.ev(a)) ?? [];
    this.runCallbacks(node, args);
    if (ctor.instantiate) return ctor.instantiate(args);
    if (ctor.construct?.response && carriesMinted(args)) return MINTED;
    // `new Set(['ar', 'he'])` at module level holds constants; `new Map()` is a store requests fill.
    if (ctor.construct && this.moduleLevel && ctor.readOnly) return args.length > 0 && args.every((a) => a.readOnly && a.truth === 'truthy') ? STATIC_DATA : SHARED_STATE;
    // `new URLSearchParams({ key: process.env.API_KEY })`, `new Headers({ Authorization: secret })`: a
    // built-in value that carries the secret it was given (into a query string, a request).
    if (ctor.construct && ctor.readOnly && args.some((a) => holdsSecret(a, 2))) return { ...ctor.construct, secret: true };
    // `new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(apiKey)))`: made from the
    // caller's key, as unknown to the attacker as the key.
    if (ctor.construct && ctor.readOnly && args.some((a) => holdsCredential(a, 2))) return { ...ctor.construct, credential: true };
    if (ctor.construct) return ctor.construct;
    // `new Client({ auth: accessToken })` with a token the caller supplies: the client acts for that
    // token's holder, and the attacker has no valid one; what it answers is as unknown as a credential.
    if (!ctor.call && args.some((a) => holdsCredential(a, 2)) && !args.some((a) => holdsSecret(a, 2))) return CALLER_CREDENTIAL_CLIENT;
    // Constructing an SDK client does no I/O; calling its methods does.
    return TRUTHY;
  }

  // ---- calls --------------------------------------------------------------------------------

  private evCall(node: ts.CallExpression, awaited: boolean): AValue {
    const callee = node.expression;
    let receiver: AValue | undefined;
    let calleeValue: AValue;
    let method: string | undefined;
    if (ts.isPropertyAccessExpression(callee)) {
      const link = ts.isCallExpression(callee.expression) ? callee.expression : undefined;
      if (link) this.receiverCalls.add(link);
      receiver = this.ev(callee.expression);
      if (link) this.receiverCalls.delete(link);
      method = callee.name.text;
      calleeValue = propertyOf(receiver, method);
    } else if (ts.isElementAccessExpression(callee)) {
      calleeValue = this.evElementAccess(callee);
    } else {
      calleeValue = this.ev(callee);
    }
    if (this.work) return UNKNOWN;
    // `user?.getData()` when `user` is null: the call does not happen.
    if (receiver && isFalsy(receiver.truth) && node.questionDotToken === undefined && isOptionalChain(callee)) {
      return UNDEFINED;
    }
    if (receiver && this.throwsOnNothing(callee, receiver)) {
      this.stopped = true;
      return UNKNOWN;
    }
    const args = node.arguments.map((a) => this.ev(a));
    if (this.work) return UNKNOWN;
    // The tenant's webhook secret, looked up only to verify the request's signature (verificationKeys.ts),
    // also where a query chain ends (`db.select().from(connections).where(…).limit(1)`).
    if (verificationKeyLookups(this.module.sourceFile).has(node)) return VERIFICATION_KEY;
    if (receiver?.query && method) return this.continueQuery(node, method, receiver.query, args);
    if (calleeValue.trpc) return this.trpcCall(node, calleeValue.trpc, args);

    const behavior = calleeValue.call;
    // `supabase.auth.getUser()`, `client.auth.getSession()`: another library's own sign-in, asked about a
    // caller who has no session, answers no user.
    if (!behavior && method && SDK_SESSION_METHOD.test(method) && ts.isPropertyAccessExpression(callee) && ts.isPropertyAccessExpression(callee.expression) && callee.expression.name.text === 'auth' && args.length === 0) {
      return SIGNED_OUT_SDK_SESSION;
    }
    if ((!behavior || behavior.kind === 'function') && (isInfrastructureCall(callee) || countsRequests(node, this.module.sourceFile))) return UNKNOWN;
    // A library's type predicate (`isAxiosError(err)`, `validator.isEmail(email)`), not awaited: it
    // answers yes or no about a value it is given.
    if (!behavior && !awaited && TYPE_PREDICATE.test(method ?? (ts.isIdentifier(callee) ? callee.text : ''))) return UNKNOWN;
    if (calleeValue.revalidates) return args.every((a) => a.literal !== undefined || a.namedPath) ? UNKNOWN : this.recordWork(node);
    // A public client's calls, and a library's calls on one (`getDocs(collection(db, 'posts'))`): the
    // browser can make them with the same public key, so the endpoint gives the attacker nothing more.
    if (receiver?.publicClient || (!behavior && madeOnlyFromPublicConfiguration(args))) {
      this.runCallbacks(node, args);
      return PUBLIC_CLIENT;
    }
    // `auth().protect()` with Clerk 6: a Promise has no such method, and calling undefined throws (also
    // through a name: `const { getToken } = auth(); await getToken()`).
    const missing = (receiver?.resolves && method && !/^(then|catch|finally)$/.test(method)) || calleeValue.missingMethod;
    if (missing && !(callee.flags & ts.NodeFlags.OptionalChain)) {
      this.stopped = true;
      return UNKNOWN;
    }
    // A floating `auth.protect()` Promise rejects after the handler has gone on with its work.
    if (behavior?.kind === 'stops' && behavior.whenAwaited && !awaited) return UNKNOWN;
    if (behavior?.kind === 'stops') {
      this.stopped = true;
      if (calleeHasIdentity(callee)) this.identitySites.push(node);
      return UNKNOWN;
    }
    if (behavior?.kind === 'returns') {
      if (behavior.identity) this.identitySites.push(node);
      this.runCallbacks(node, args);
      // Clerk 6's `const { userId } = auth()`: the fields of a Promise, all undefined.
      if (behavior.unawaited && !awaited) return behavior.unawaited;
      // `NextResponse.json({ signature })`: the response carries what it was given.
      return behavior.value.response && carriesMinted(args) ? MINTED : behavior.value;
    }
    if (behavior?.kind === 'function' && !awaited && this.conditionCalls.has(node) && isAsync(behavior.fn.node)) {
      return this.floatingAsyncCall(node, behavior.fn, args);
    }
    if (behavior?.kind === 'function') return this.callFunction(node, behavior.fn, args);
    if (behavior?.kind === 'either') return this.callEither(node, behavior.fns, args);
    if (behavior?.kind === 'wraps') return wrappedFunction(behavior.property, args);
    // `original.apply(this, args)`, `handler.call(this, req)`: the project's function runs (its own
    // arguments unknown for `apply`); `bind` hands it back.
    const invoked = receiver?.call?.kind === 'function' ? receiver.call.fn : undefined;
    if (invoked && method === 'call') return this.callFunction(node, invoked, args.slice(1));
    if (invoked && method === 'apply') return this.callFunction(node, invoked, []);
    if (invoked && method === 'bind') return receiver!;
    if (receiver?.shared) {
      // `API_KEYS.get(apiKey)` with the caller's key: the attacker has no valid one, so nothing is found.
      if ((method === 'get' || method === 'has') && args.some((a) => holdsCredential(a, 1))) return method === 'has' ? FALSE : UNDEFINED;
      if (!usesOwnMemo(node, this.module.sourceFile)) return this.recordWork(node);
      // A hit gives what a miss computes, so the run takes the miss: `has` is false, `get` undefined.
      return method === 'has' ? FALSE : method === 'get' ? UNDEFINED : UNKNOWN;
    }
    if (calleeValue.readOnly || receiver?.readOnly) {
      this.runCallbacks(node, args);
      if (this.work) return UNKNOWN;
      this.keepAddedSecret(callee, receiver, method, args);
      return (method ? predicateAnswer(method, args) ?? validatedInput(method, args) : undefined) ?? this.readOnlyResult(node, receiver, args);
    }
    if (method && this.isHarmlessMethod(callee as ts.PropertyAccessExpression, method, awaited) && !isQueryCall(node, method)) {
      this.runCallbacks(node, args);
      if (this.work) return UNKNOWN;
      const answer = predicateAnswer(method, args);
      if (answer) return answer;
      // `hmac.update(body).digest('hex')`: computed from a secret, as unknown to the attacker as the secret.
      if (receiver?.secret) return receiver.minted ? MINTED : SECRET;
      return method === 'catch' || method === 'then' || method === 'finally' ? receiver ?? UNKNOWN : UNKNOWN;
    }
    if (ts.isIdentifier(callee) && callee.text === 'Boolean') return args[0] ?? FALSE;
    // (`fetch(`${process.env.API_URL}/users`)` is a request, awaited or returned, not a client.)
    if (!awaited && ts.isIdentifier(callee) && callee.text !== 'fetch' && !behavior && madeFromConfiguration(args)) return CLIENT;
    if (isDynamicImport(node)) return this.importedNamespace(node);
    // Its answer (`db.prepare('PRAGMA table_info(users)').all()`) is as harmless to read as the probe.
    if (isProbeOrSetup(node)) return STATIC_DATA;
    if (deletesOnlyLapsed(node)) return UNKNOWN;
    // The provider refuses an invented code, and a real one is the caller's own account there: the tokens
    // are theirs to use (`Bearer ${tokens.access_token}` to the provider). What the app stores with them,
    // and for whom, is still work.
    if (!behavior && exchangesAuthorizationCode(node, args[0], isHttpRequest(callee, method), this.module.sourceFile)) return CODE_EXCHANGE_ANSWER;
    // `db.apiKey.findUnique({ where: { key } })`, `verifyToken(token)`, `sessions.getSession(token)`
    // with the caller's key or token: the attacker has no valid one, so the lookup or verification finds
    // nothing. Writing it somewhere is still work.
    const name = method ?? (ts.isIdentifier(callee) ? callee.text : '');
    // (Five levels: a relation filter nests the key, `{ where: { apiKeys: { some: { key } } } }`.)
    if (!WRITE_METHOD.test(name) && args.some((a) => holdsCredential(a, 5))) return name === 'fetch' ? NOTHING_FOUND_RESPONSE : NULL;
    // `axios.post('https://slack.com/api/chat.postMessage', body, { headers: { Authorization: `Bearer ${token}` } })`
    // with a token the caller supplies: the service acts for that token's holder, and the attacker has
    // no valid one.
    if (!behavior && method !== undefined && HTTP_CLIENT_METHOD.test(method) && authenticatesWithCredential(args)) return NOTHING_FOUND_RESPONSE;
    // The caller's own Clerk session, forwarded to the app's API to authenticate them: signed out, it
    // carries none, and authentication is that service's check.
    // (A request that also carries the app's own key acts as the app whatever the caller's session.)
    if (forwardsAbsentSession(args) && !args.some((a) => holdsSecret(a, 3))) return UNKNOWN;
    // A write to a fixed host (the app's separate backend, a vendor's API) sent on for anyone is work: the
    // app is its open gateway. One to the app's own origin reaches a route that is judged on its own.
    if (!behavior && isHttpRequest(callee, method) && fetchesPublicUrl(args) && (isReadRequest(args, name) || args[0]?.ownOrigin)) return UNKNOWN;
    // `fetch(`${process.env.API_URL}/orgs/${id}`)`, `axios.get(…)` with no key, token or cookie of the
    // app's: the service is asked as anyone may ask it, and deciding what an anonymous read gets is its
    // own check (as for a forwarded session that is absent).
    if (!behavior && (name === 'fetch' || (method !== undefined && HTTP_CLIENT_METHOD.test(method))) && fetchesServiceAnonymously(args, name)) return UNKNOWN;
    // `fetch('/api/sync')` on the server: Node's fetch has no page to resolve a path against and throws.
    if (name === 'fetch' && ts.isIdentifier(callee) && !behavior && startsWithPath(node.arguments[0])) {
      this.stopped = true;
      return UNKNOWN;
    }
    if (this.storesNullInRequiredColumn(callee, method, args) || uniqueLookupWithoutKey(method, args)) {
      this.stopped = true;
      return UNKNOWN;
    }
    // The same for a lookup keyed by the signed-out caller's null user id: it finds no one's rows.
    // Clerk's backend is asked about the caller either way (see execGate).
    const clerkBackend = calleeValue.clerkBackend || receiver?.clerkBackend;
    const keyed = clerkBackend ? undefined : answerKeyedByAbsentUser(name, args);
    if (keyed) {
      if (this.selectsOwnerlessRows(callee, method, args)) return this.recordWork(node);
      // `User.findOne({ clerk_id: userId }).lean()`: a query the chain goes on building; it finds nothing.
      if (method && this.receiverCalls.has(node)) return { truth: 'truthy', query: { site: { node, module: this.module }, credential: false, absentUser: true, adds: false, changes: false } };
      return keyed;
    }
    // `client.users.getUser(userId)` with the signed-out caller's null id: Clerk's backend SDK refuses
    // an empty resource id and throws before any request (a list call takes filters, not an id).
    if (clerkBackend && args[0]?.absentUser && !/list$/i.test(name)) {
      this.stopped = true;
      return UNKNOWN;
    }
    if (verifiesSignature(args, receiver) || unwrapsWebhook(callee, args)) {
      // `stripe.webhooks.constructEvent(body, sig, secret)`, `verify(payload, headers, secret)`: a
      // forged request fails it. Tested right away it answers false; otherwise it throws.
      if (this.gating > 0) return FALSE;
      this.stopped = true;
      return UNKNOWN;
    }
    if (this.moduleLevel) {
      // `export const getUser = cache(async () => …)` (React's cache, unstable_cache, memoize): a
      // library given a function at module level hands back something that runs it.
      const wrapped = args.find((a) => a.call?.kind === 'function');
      if (wrapped) return wrapped;
    }
    // `db.select()`, `supabase.from('notes')`: the head of a chain; its filters decide (see continueQuery).
    if (!clerkBackend && method && this.receiverCalls.has(node)) {
      const sqlSelect = typeof args[0]?.literal === 'string' && selectsByComparison(args[0].literal);
      return { truth: 'truthy', query: queryStep({ site: { node, module: this.module }, credential: false, absentUser: false, adds: false, changes: false, sqlSelect }, method, args) };
    }
    return this.recordWork(node, undefined, clerkBackend || callsClerkApi(node), looksUpChosenIdentity(args));
  }

  /**
   * A link of a query chain: `.from(t)`, `.where(eq(t.userId, userId))`, `.eq('token', token)`,
   * `.delete()`. Where the chain ends, a read or change filtered by a credential the attacker lacks, or by
   * their null user id, finds nothing (as an ORM's `where` does, see answerKeyedByAbsentUser); anything
   * else is the work of the call that started it.
   */
  private continueQuery(node: ts.CallExpression, method: string, query: PendingQuery, args: readonly AValue[]): AValue {
    const next = queryStep(query, method, args);
    if (this.receiverCalls.has(node) && !/^(then|catch|finally)$/.test(method)) return { truth: 'truthy', query: next };
    const findsNothing = !next.adds && (next.absentUser || (next.credential && !next.changes));
    if (!findsNothing) return this.recordWork(next.site.node);
    this.runCallbacks(node, args);
    // `const [row] = db.prepare(sql).all(userId)`: a list with no rows.
    return next.sqlSelect && method === 'all' ? NO_ROWS : NULL;
  }

  /** `await import('./x')`: loading code runs nothing of the caller's; the namespace holds its exports. */
  private importedNamespace(node: ts.CallExpression): AValue {
    const arg = node.arguments[0];
    if (!arg || !ts.isStringLiteralLike(arg)) return UNKNOWN;
    const project = this.module.loader.load(arg.text, this.module.fileName);
    if (project) return { truth: 'truthy', namespace: project };
    return this.module.importValue(arg.text, '*');
  }

  /**
   * What a harmless call on the request or a pure helper gives: request data, except a header that
   * carries a signature (kept apart for verifications) and anything computed from a secret
   * (`createHmac('sha256', secret).update(body).digest('hex')` is as unknown to the attacker as the secret).
   */
  private readOnlyResult(node: ts.CallExpression, receiver: AValue | undefined, args: readonly AValue[]): AValue {
    const callee = node.expression;
    // Keyed by a secret (`createHmac(alg, secret)`, `.update(…)`/`.digest()` on that): a signature.
    if (receiver?.minted || (receiver?.secret && args.some((a) => a.secret))) return MINTED;
    if (carriesMinted(args)) return MINTED;
    if (receiver?.secret || args.some((a) => a.secret)) return isKeyedHash(callee) ? MINTED : SECRET;
    // drizzle's `eq(notes.userId, userId)`, `and(eq(…), …)` with the signed-out caller's null id: a filter
    // that matches no one's rows (`or(…)` may match others, so it is not followed).
    if (ts.isIdentifier(callee) && /^(eq|and)$/.test(callee.text) && args.some((a) => a.absentUser)) return ABSENT_USER_FILTER;
    const first = node.arguments[0];
    // `cookies.get('session_token')`, or through a constant (`cookies.get(COOKIE_NAME)`).
    const key = first && ts.isStringLiteralLike(first) ? first.text : typeof args[0]?.literal === 'string' ? args[0].literal : undefined;
    const named = ts.isPropertyAccessExpression(callee) && callee.name.text === 'get' ? key : undefined;
    if (named !== undefined && SIGNATURE_HEADER.test(named)) return SIGNATURE;
    // `headers().get('cookie')`: the caller's cookies, which carry their Clerk session (none when signed
    // out) to whatever is sent them (the app's own API, see forwardsAbsentSession).
    if (named !== undefined && /^cookie$/i.test(named) && ts.isPropertyAccessExpression(callee) && !isQueryString(callee.expression)) return CALLER_COOKIES;
    if (receiver?.signature) return SIGNATURE;
    // `headers.get('authorization')`, `searchParams.get('token')`, and what is computed from one.
    if ((named !== undefined && CREDENTIAL_NAME.test(named)) || receiver?.credential || args.some((a) => a.credential)) return CREDENTIAL;
    // `?state=` on a URL: the one-time value an OAuth or device sign-in flow issued and now looks up.
    // (Only from the query string: a form's or a body's `state` is more often a region.)
    if (named === 'state' && ts.isPropertyAccessExpression(callee) && isQueryString(callee.expression)) return CREDENTIAL;
    return REQUEST_DATA;
  }

  private isHarmlessMethod(callee: ts.PropertyAccessExpression, method: string, awaited: boolean): boolean {
    const root = rootIdentifier(callee.expression);
    if (root && HARMLESS_RECEIVER.test(root)) return true;
    if (AWAIT_SAFE_METHODS.has(method)) return true;
    // `response.headers.set('x-trace-id', id)`, `res.cookies.set(…)`: shaping the message being built.
    if (ts.isPropertyAccessExpression(callee.expression) && /^(headers|cookies)$/.test(callee.expression.name.text) && /^(set|append|delete)$/.test(method)) return true;
    return !awaited && PURE_METHODS.has(method);
  }

  /**
   * Functions handed to a library (`items.map(x => …)`, `new ReadableStream({ start() { … } })`)
   * run on its behalf: their work is the caller's work.
   */
  private runCallbacks(node: ts.Node, args: readonly AValue[]): void {
    for (const arg of args) {
      const fns = arg.call?.kind === 'function' ? [arg.call.fn] : [...(arg.props?.values() ?? [])].flatMap((p) => (p.call?.kind === 'function' ? [p.call.fn] : []));
      for (const fn of fns) {
        const summary = summarize(fn);
        if (summary.work) {
          this.recordWork(node, summary.work);
          return;
        }
      }
    }
  }

  // ---- tRPC (see trpc.ts) ------------------------------------------------------------------

  /** Calling a tRPC value: building routers and procedures, making callers, running procedures. */
  private trpcCall(node: ts.CallExpression, part: TrpcPart, args: readonly AValue[]): AValue {
    const first = args[0] ?? UNKNOWN;
    if (part.kind === 'factory') return trpcValue({ kind: 'caller', target: part.router, context: first });
    if (part.kind === 'caller') return part.target.trpc?.kind === 'procedure' ? this.runProcedure(node, part.target.trpc, part.context) : UNKNOWN;
    // A next-safe-action action, called as the Server Function it is (`await getLeads()`).
    if (part.kind === 'procedure') return this.runProcedure(node, part, UNKNOWN);
    if (part.kind !== 'op') return UNKNOWN;
    const builder = part.from?.trpc?.kind === 'builder' ? part.from.trpc : undefined;
    switch (part.op) {
      case 'router':
        return trpcValue({ kind: 'router' }, first.props ?? new Map());
      case 'mergeRouters':
        return trpcValue({ kind: 'router' }, new Map(args.flatMap((a) => [...(a.props ?? [])])));
      case 'middleware':
        return trpcValue({ kind: 'middleware', fn: first });
      case 'callerFactory':
        return trpcValue({ kind: 'factory', router: first });
      case 'createCaller':
        return trpcValue({ kind: 'caller', target: part.from ?? UNKNOWN, context: first });
      case 'use':
        return trpcValue({ kind: 'builder', middlewares: [...(builder?.middlewares ?? []), first.trpc?.kind === 'middleware' ? first.trpc.fn : first] });
      case 'keep':
        return part.from ?? UNKNOWN;
      case 'query':
      case 'mutation':
        return trpcValue({ kind: 'procedure', middlewares: builder?.middlewares ?? [], resolver: first, mutation: part.op === 'mutation' });
      case 'hydration':
        return objectOf({ trpc: first, HydrateClient: { truth: 'truthy', readOnly: true } }, UNKNOWN);
      case 'dispatch':
        return this.trpcDispatch(node, first);
    }
  }

  /**
   * The fetch adapter (`fetchRequestHandler({ router, createContext, req })`) runs whichever procedure the
   * request names: each is tried on its own (queries for GET, mutations for POST), and the first that
   * reaches protected work is this handler's. An unreadable router is the library's business, as before.
   */
  private trpcDispatch(node: ts.CallExpression, options: AValue): AValue {
    const router = options.props?.get('router');
    if (router?.trpc?.kind !== 'router') return this.recordWork(node);
    const createContext = options.props?.get('createContext') ?? UNKNOWN;
    for (const { procedure } of proceduresOf(router)) {
      if ((this.method === 'GET' && procedure.mutation) || (this.method === 'POST' && !procedure.mutation)) continue;
      const attempt = new AttackerRun(this.module, this.scope);
      attempt.runProcedure(node, procedure, createContext);
      if (attempt.work) return this.recordWork(node, attempt.work);
    }
    return RESPONSE;
  }

  /**
   * A next-safe-action action exported as a Server Function, run for the attacker from its export
   * (`node`): each middleware, then the action. The work it reaches is the run's `work`.
   */
  runSafeAction(node: ts.Node, procedure: Extract<TrpcPart, { kind: 'procedure' }>): void {
    this.entry = true;
    this.runProcedure(node, procedure, UNKNOWN);
  }

  /**
   * Runs a procedure as tRPC does: the context, each middleware in order, then the resolver. The
   * arguments carry both libraries' names: tRPC's `input`, next-safe-action's `clientInput` and `parsedInput`.
   */
  private runProcedure(node: ts.Node, procedure: Extract<TrpcPart, { kind: 'procedure' }>, contextSource: AValue): AValue {
    const ctx = contextSource.call ? this.callValue(node, contextSource, [TRPC_CONTEXT_OPTIONS]) : contextSource;
    for (const middleware of procedure.middlewares) {
      if (this.work || this.stopped) return UNKNOWN;
      this.callValue(node, middleware, [objectOf({ ctx, next: callReturning(TRUTHY), input: REQUEST_DATA, getRawInput: callReturning(REQUEST_DATA), clientInput: REQUEST_DATA, ...PROCEDURE_CALL }, UNKNOWN)]);
    }
    if (this.work || this.stopped) return UNKNOWN;
    return this.callValue(node, procedure.resolver, [objectOf({ ctx, input: REQUEST_DATA, parsedInput: REQUEST_DATA, clientInput: REQUEST_DATA, ...PROCEDURE_CALL }, UNKNOWN)]);
  }

  /** Calls a value the code handed to a library (a middleware, a resolver, a context factory). */
  private callValue(node: ts.Node, value: AValue, args: readonly AValue[]): AValue {
    const behavior = value.call;
    if (behavior?.kind === 'function') return this.callFunction(node, behavior.fn, args);
    if (behavior?.kind === 'either') return this.callEither(node, behavior.fns, args);
    if (behavior?.kind === 'returns') return behavior.value;
    if (behavior?.kind === 'stops') {
      this.stopped = true;
      return UNKNOWN;
    }
    // Something that cannot be read: calling it counts as work, as any unknown call does.
    return this.recordWork(node);
  }

  /**
   * `if (!checkRole('admin')) redirect('/')` with an async `checkRole` and no `await`: the condition tests
   * a Promise, which is always truthy, so the check never fires; a throw inside only rejects that
   * Promise. The function still runs (its work counts), and its question to Clerk is noted.
   */
  private floatingAsyncCall(node: ts.CallExpression, fn: FunctionRef, args: readonly AValue[]): AValue {
    const summary = summarize(fn, args);
    if (summary.work) return this.recordWork(node, summary.work);
    if (summary.identity) this.identitySites.push(node);
    return PENDING_PROMISE;
  }

  private callFunction(node: ts.Node, fn: FunctionRef, args: readonly AValue[]): AValue {
    const summary = summarize(fn, args);
    if (summary.work) return this.recordWork(node, summary.work);
    if (summary.identity) this.identitySites.push(node);
    if (summary.stops) {
      this.stopped = true;
      return UNKNOWN;
    }
    return summary.returned;
  }

  /** One of several project functions: each runs; it stops only if every one does. */
  private callEither(node: ts.Node, fns: readonly FunctionRef[], args: readonly AValue[]): AValue {
    let returned: AValue | undefined;
    let identity = false;
    for (const fn of fns) {
      const summary = summarize(fn, args);
      if (summary.work) return this.recordWork(node, summary.work);
      identity ||= summary.identity;
      if (!summary.stops) returned = returned ? join(returned, summary.returned) : summary.returned;
    }
    if (identity) this.identitySites.push(node);
    if (!returned) {
      this.stopped = true;
      return UNKNOWN;
    }
    return returned;
  }

  private recordWork(node: ts.Node, inner?: WorkSite, clerkBackend?: boolean, chosenIdentity?: boolean): AValue {
    // Evaluated after a throw in the same statement (`create({ data: { userId: user.id } })` with a null
    // `user`): it never runs.
    if (this.stopped) return UNKNOWN;
    if (this.gating > 0) {
      this.gateCall ??= { node, inner, identitiesBefore: this.identitySites.length, clerkBackend: clerkBackend || inner?.clerkBackend, chosenIdentity };
      return UNKNOWN;
    }
    if (!this.work) {
      const site: WorkSite = { node, module: this.module, clerkBackend };
      this.work = inner ? { ...inner, via: site } : site;
    }
    return UNKNOWN;
  }
}

// ---- summaries ----------------------------------------------------------------------------

// Summaries are cached on the module (see ModuleContext.summaries), never across modules: an
// incremental re-parse reuses unchanged nodes in a new module whose imports may differ.
const inProgress = new WeakSet<ts.Node>();
/** Cap on helper-call depth, so mutually recursive helpers or long chains stay cheap. */
const MAX_CALL_DEPTH = 12;
let callDepth = 0;

const UNKNOWN_SUMMARY: Summary = { stops: false, returned: UNKNOWN, identity: false };

/**
 * What `fn` does for the attacker. Module-level functions are summarised once (their parameters
 * unknown); closures and calls with known arguments are run with those arguments.
 */
export function summarize(fn: FunctionRef, args?: readonly (AValue | undefined)[]): Summary {
  // Kept per module for its own functions, per instance for a class's methods (each instance has its fields).
  const cache = fn.scope === fn.module.scope ? fn.module.summaries : fn.scope.summaries;
  const cacheable = cache !== undefined && !args?.some((a) => a && (a.truth !== 'unknown' || distinguishes(a)));
  if (cacheable) {
    const cached = cache.get(fn.node);
    if (cached) return cached;
  }
  if (inProgress.has(fn.node) || callDepth >= MAX_CALL_DEPTH) return UNKNOWN_SUMMARY;
  inProgress.add(fn.node);
  callDepth++;
  try {
    const run = new AttackerRun(fn.module, fn.scope);
    const outcome = run.runFunction(fn.node, { params: args?.map((a) => a ?? UNKNOWN) });
    // Falling off the end returns undefined.
    const returned = outcome.normal ? joinReturned(outcome.returned, UNDEFINED)! : outcome.returned ?? UNDEFINED;
    const summary: Summary = {
      work: run.work,
      stops: !run.work && !outcome.normal && !outcome.returned && outcome.threw,
      // Awaiting is transparent in this model, so an async function's result is its returned value.
      returned,
      identity: run.identitySites.length > 0,
      swallowedBy: run.swallowedBy,
    };
    if (cacheable) cache.set(fn.node, summary);
    return summary;
  } finally {
    callDepth--;
    inProgress.delete(fn.node);
  }
}

// ---- small helpers ------------------------------------------------------------------------

const SDK_SESSION_METHOD = /^(getUser|getSession|getClaims)$/;
/** What `supabase.auth.getUser()` / `getSession()` answer without a session: `{ data: { user: null }, error }`. */
const SIGNED_OUT_SDK_SESSION: AValue = objectOf({ data: objectOf({ user: NULL, session: NULL, claims: NULL }, UNDEFINED), error: UNKNOWN }, UNDEFINED);

/**
 * The clause a switch on a known literal takes (`switch (role.kind)` with `kind: 'unauthenticated'`):
 * the case with the same literal, else `default`; -1 when neither (nothing runs). Undefined when the
 * discriminant or a case is not a literal.
 */
function chosenClause(s: ts.SwitchStatement, discriminant: AValue): number | undefined {
  if (discriminant.literal === undefined) return undefined;
  const clauses = s.caseBlock.clauses;
  let fallback = -1;
  for (let i = 0; i < clauses.length; i++) {
    const clause = clauses[i];
    if (ts.isDefaultClause(clause)) {
      fallback = i;
      continue;
    }
    const e = clause.expression;
    if (!ts.isStringLiteralLike(e) && !ts.isNumericLiteral(e)) return undefined;
    if (String(discriminant.literal) === e.text) return i;
  }
  return fallback === -1 ? clauses.length : fallback;
}

/**
 * `signatures.some((s) => timingSafeEqual(…, expected))`: when the predicate is false for the attacker
 * whatever it is given, so is `some`/`every`, and `find` finds nothing.
 */
function predicateAnswer(method: string, args: readonly AValue[]): AValue | undefined {
  if (method !== 'some' && method !== 'every' && method !== 'find') return undefined;
  const predicate = args[0]?.call;
  if (predicate?.kind !== 'function') return undefined;
  const { returned, work, stops } = summarize(predicate.fn);
  if (work || stops || knownBoolean(returned) !== false) return undefined;
  return method === 'find' ? UNDEFINED : FALSE;
}

/**
 * `schema.parse({ device_id, state })`: validation hands back the object it was given, so what its
 * fields hold (a credential from the query string) survives it. `safeParse` wraps it in `data`.
 */
function validatedInput(method: string, args: readonly AValue[]): AValue | undefined {
  const input = args[0];
  // An object, or the environment itself (`EnvSchema.parse(process.env)`: validated, still its secrets).
  if (!input?.props && !input?.environment) return undefined;
  if (method === 'parse' || method === 'parseAsync') return input;
  if (method === 'safeParse' || method === 'safeParseAsync') return objectOf({ success: UNKNOWN, data: input }, REQUEST_DATA);
  return undefined;
}

/**
 * `userId || ''`: the signed-out caller's absent id made an empty string (or 0) is still no one's id (a
 * filter by it selects nothing). Any other fallback is what it is (`userId ?? undefined` drops the filter).
 */
function orEmpty(left: AValue, right: AValue): AValue {
  return left.absentUser && right.truth === 'falsy' ? { ...right, absentUser: true } : right;
}

/**
 * What a wrapping library call hands back: the function given (`cache(fn)`), or the named method of the
 * object given (`flag({ key, decide })`). A flag without `decide` asks its adapter, a read of the
 * flag's configuration: a function that does no work.
 */
function wrappedFunction(property: string | undefined, args: readonly AValue[]): AValue {
  if (!property) return args.find((a) => a.call?.kind === 'function') ?? UNKNOWN;
  return args[0]?.props?.get(property) ?? { truth: 'truthy', readOnly: true };
}

export function isFunctionNode(node: ts.Node): node is ts.ArrowFunction | ts.FunctionExpression {
  return ts.isArrowFunction(node) || ts.isFunctionExpression(node);
}

export function propertyNameText(name: ts.PropertyName | ts.BindingName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteralLike(name) || ts.isNumericLiteral(name)) return name.text;
  if (ts.isPrivateIdentifier(name)) return name.text;
  return undefined;
}

function rootIdentifier(expr: ts.Expression): string | undefined {
  let e: ts.Expression = expr;
  while (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e) || ts.isCallExpression(e)) e = e.expression;
  return ts.isIdentifier(e) ? e.text : undefined;
}

/**
 * `prisma.user.update({ where, data })`, `User.find({ email })`: a method that computes on strings and
 * arrays (`hash.update(body)`, `items.find(fn)`) is a query when given an object literal; its Promise
 * runs when returned or awaited later.
 */
function isQueryCall(node: ts.CallExpression, method: string): boolean {
  const first = node.arguments[0];
  return (method === 'update' || method === 'find') && first !== undefined && ts.isObjectLiteralExpression(first);
}

/** `<Dashboard />`, `<ui.Card>`: a component (lower-case names are HTML elements). */
function isComponentTag(tag: ts.JsxTagNameExpression): boolean {
  if (ts.isIdentifier(tag)) return /^[A-Z]/.test(tag.text);
  return ts.isPropertyAccessExpression(tag);
}

function isOptionalChain(callee: ts.Expression): boolean {
  return ts.isPropertyAccessExpression(callee) && callee.questionDotToken !== undefined;
}

function calleeHasIdentity(callee: ts.Expression): boolean {
  return ts.isPropertyAccessExpression(callee) && /^(protect|redirectToSignIn|redirectToSignUp)$/.test(callee.name.text);
}

function typeName(truth: Truth): string | undefined {
  switch (truth) {
    case 'null':
      return 'object';
    case 'undefined':
      return 'undefined';
    case 'false':
      return 'boolean';
    default:
      return undefined;
  }
}

/** `a == b` / `a === b` for the attacker's known values, when it can be decided. */
function compareKnown(a: Truth, b: Truth, loose: boolean): boolean | undefined {
  const nullish = (t: Truth) => t === 'null' || t === 'undefined';
  const exact = (t: Truth) => t === 'null' || t === 'undefined' || t === 'false';
  if (exact(a) && exact(b)) return a === b || (loose && nullish(a) && nullish(b));
  // Something truthy never equals null, undefined or false.
  if ((a === 'truthy' && exact(b)) || (b === 'truthy' && exact(a))) return false;
  // A known-null value against a literal of another kind.
  if (exact(a) && b === 'truthy') return false;
  return undefined;
}

/** `url.searchParams`, `req.nextUrl.searchParams`, or a local named for them (`searchParams`, `params`: a `.get` means URLSearchParams). */
function isQueryString(expr: ts.Expression): boolean {
  if (ts.isPropertyAccessExpression(expr)) return expr.name.text === 'searchParams';
  return ts.isIdentifier(expr) && /^(searchParams|params|query(Params)?)$/i.test(expr.text);
}

/** `const { timeout, ...init } = options`: the object's other properties (unknown when it has none known). */
function restOf(value: AValue, elements: ts.NodeArray<ts.BindingElement>): AValue {
  if (!value.props) return UNKNOWN;
  const taken = new Set(elements.filter((e) => !e.dotDotDotToken).map((e) => propertyNameText(e.propertyName ?? e.name)));
  const props = new Map([...value.props].filter(([k]) => !taken.has(k)));
  return { truth: 'truthy', props, otherProps: value.otherProps, sessionToken: value.sessionToken };
}

const ADDS_ROWS = /^(insert|upsert|values|create|add|push)/i;
const CHANGES_ROWS = /^(update|delete|remove|destroy|set)/i;
const FILTER_METHOD = /^(where|eq|match|filter|and|is|in)$/;

/** The query after one more link: what it adds or changes, and what its filters hold. */
function queryStep(query: PendingQuery, method: string, args: readonly AValue[]): PendingQuery {
  return {
    site: query.site,
    credential: query.credential || args.some((a) => holdsCredential(a, 3)),
    absentUser: query.absentUser || ((query.sqlSelect || FILTER_METHOD.test(method)) && args.some((a) => holdsAbsentUser(a, 2))),
    adds: query.adds || ADDS_ROWS.test(method),
    changes: query.changes || CHANGES_ROWS.test(method),
    sqlSelect: query.sqlSelect,
  };
}

/** A URL written as a path (`'/api/sync'`, `` `/api/items/${id}` ``): relative, with no origin. */
function startsWithPath(arg: ts.Expression | undefined): boolean {
  if (!arg) return false;
  const text = ts.isStringLiteralLike(arg) ? arg.text : ts.isTemplateExpression(arg) ? arg.head.text : undefined;
  return text !== undefined && text.startsWith('/') && !text.startsWith('//');
}

/** `fetch(`https://api.clerk.com/v1/users/${id}/metadata`, …)`: Clerk's Backend API asked directly. */
function callsClerkApi(node: ts.CallExpression): boolean {
  const url = node.arguments[0];
  const text = url && (ts.isStringLiteralLike(url) ? url.text : ts.isTemplateExpression(url) ? url.head.text : undefined);
  return text !== undefined && /^https:\/\/api\.clerk\.(com|dev)\//.test(text);
}

/** A template's text with `?` for each `${…}`: the SQL a tagged query sends. */
function templateWithPlaceholders(template: ts.TemplateExpression): string {
  return template.head.text + template.templateSpans.map((span) => '?' + span.literal.text).join('');
}

/** An un-awaited Promise: always truthy, whatever it will settle to. */
const PENDING_PROMISE: AValue = { truth: 'truthy' };

function isAsync(fn: ts.Node): boolean {
  return (ts.getCombinedModifierFlags(fn as ts.Declaration) & ts.ModifierFlags.Async) !== 0;
}

/**
 * The calls whose value a condition tests directly: `f()` in `if (f())`, `!f()`, `f() && g()`,
 * `(f() || x) ? a : b`. (The engine's trees have no parent links, so the condition is read downwards.)
 */
function testedCalls(condition: ts.Expression, into: Set<ts.Node>): void {
  let e = condition;
  while (ts.isParenthesizedExpression(e) || (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken)) {
    e = ts.isParenthesizedExpression(e) ? e.expression : (e as ts.PrefixUnaryExpression).operand;
  }
  if (ts.isCallExpression(e)) into.add(e);
  else if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken || e.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
    testedCalls(e.left, into);
    testedCalls(e.right, into);
  }
}

/** An HTTP client's request methods (`axios.get(url, config)`, `ky.post(url, options)`). */
const HTTP_CLIENT_METHOD = /^(get|post|put|patch|delete|head|request)$/;

/**
 * An argument of unknown truth that still changes what a helper does: a credential the attacker lacks
 * (`postToSlack(slackAccessToken, …)` sends a token the attacker has no valid one of), a secret, the
 * caller's absent session token. Such a call is run with its arguments instead of reusing the summary
 * made with unknown parameters.
 */
function distinguishes(a: AValue): boolean {
  return a.credential === true || a.secret === true || a.sessionToken === true;
}

/** A client made only from a credential the caller sent (see evNew): its calls find nothing for the attacker. */
const CALLER_CREDENTIAL_CLIENT: AValue = { truth: 'truthy', readOnly: true, credential: true };

/**
 * `mux.webhooks.unwrap(body, headers)`, `openai.webhooks.unwrap(…)`: the SDK's webhook helper checks the
 * request's signature with the secret the client was made with, and throws for a forged one.
 */
function unwrapsWebhook(callee: ts.Expression, args: readonly AValue[]): boolean {
  return ts.isPropertyAccessExpression(callee) && /^(unwrap|verifySignature)$/.test(callee.name.text)
    && ts.isPropertyAccessExpression(callee.expression) && callee.expression.name.text === 'webhooks'
    && args.length >= 2 && args.some((a) => a.readOnly === true);
}

/**
 * Prisma's `findUnique({ where: { clerkId: user?.id } })` with every key undefined (the signed-out
 * caller's missing user): Prisma refuses a unique lookup without a key and throws before any query.
 */
function uniqueLookupWithoutKey(method: string | undefined, args: readonly AValue[]): boolean {
  if (method !== 'findUnique' && method !== 'findUniqueOrThrow') return false;
  const where = args[0]?.props?.get('where');
  if (!where?.props || where.props.size === 0 || where.otherProps?.truth !== 'undefined') return false;
  for (const value of where.props.values()) if (value.truth !== 'undefined') return false;
  return true;
}

/** `fetch(…)`, `axios(…)`, `axios.post(…)`, `ky.get(…)`: a request by the usual clients' shapes. */
function isHttpRequest(callee: ts.Expression, method: string | undefined): boolean {
  if (ts.isIdentifier(callee)) return callee.text === 'fetch' || callee.text === 'axios';
  return method !== undefined && HTTP_CLIENT_METHOD.test(method);
}

/**
 * What an OAuth token endpoint answers the caller's code: a refusal or their own account's tokens, as the
 * caller's own as anything they send (never a credential they lack), whichever part is read.
 */
const OWN_ACCOUNT_DATA: AValue = sameInEveryPart({ truth: 'unknown', readOnly: true });
const CODE_EXCHANGE_ANSWER: AValue = objectOf({ json: callReturning(OWN_ACCOUNT_DATA), text: callReturning(OWN_ACCOUNT_DATA) }, OWN_ACCOUNT_DATA);

/** The request's options carry a credential from the caller in their headers, and no secret of the app's. */
function authenticatesWithCredential(args: readonly AValue[]): boolean {
  const [url, ...rest] = args;
  if (url === undefined || url.secret) return false;
  return rest.some((a) => {
    const headers = a.props?.get('headers');
    return headers !== undefined && holdsCredential(headers, 2);
  }) && !rest.some((a) => holdsSecret(a, 3));
}

/** What a procedure's middleware and resolver are told about the call besides its input, all the caller's choice. */
const PROCEDURE_CALL = { path: REQUEST_DATA, type: REQUEST_DATA, metadata: REQUEST_DATA, bindArgsClientInputs: REQUEST_DATA, bindArgsParsedInputs: REQUEST_DATA };

/** What tRPC's adapters hand `createContext`: the request and the response headers. */
const TRPC_CONTEXT_OPTIONS: AValue = objectOf({ req: REQUEST_DATA, resHeaders: UNKNOWN, headers: REQUEST_DATA, info: UNKNOWN }, REQUEST_DATA);

/** What a verification-key lookup gives: unknown to the attacker, and so is every part of it. */
const VERIFICATION_KEY: AValue = sameInEveryPart({ truth: 'unknown', secret: true });

/** A value whose every property (and theirs, all the way down) is the value itself. */
function sameInEveryPart(base: Omit<AValue, 'otherProps'>): AValue {
  const value: { otherProps?: AValue } & Omit<AValue, 'otherProps'> = { ...base };
  value.otherProps = value as AValue;
  return value as AValue;
}

/**
 * `a || b`, `a ?? b` when `a` may or may not be there:
 * - `req.headers.get('x-api-key') || process.env.OPENROUTER_API_KEY`: the attacker leaves the header out
 *   and the request goes on with the app's own key, so the value is as good as the secret;
 * - `searchParams.get('token') ?? ''`: a credential with a literal fallback is never a valid one either.
 */
function withFallback(result: AValue, left: AValue, right: AValue): AValue {
  if (right.secret && !left.secret) return { ...result, truth: right.truth === 'truthy' ? 'truthy' : result.truth, secret: true };
  if (left.credential && right.literal !== undefined) return { ...result, credential: true };
  return result;
}
