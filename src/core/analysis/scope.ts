/** Name lookup for the attacker run, and the shared types of functions and their summaries. */
import type * as ts from 'typescript';
import type { AValue } from './values';
import type { ModuleContext } from './module';

export type FunctionNode = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration | ts.ConstructorDeclaration;

/** A function value: its code, the module it lives in and the scope it closes over. */
export interface FunctionRef {
  readonly node: FunctionNode;
  readonly module: ModuleContext;
  readonly scope: Scope;
}

/** Where protected work happens, possibly inside a helper the handler calls. */
export interface WorkSite {
  readonly node: ts.Node;
  readonly module: ModuleContext;
  /** Set when the work is inside a called helper: the call in the caller. */
  readonly via?: WorkSite;
  /** The work is a call to Clerk's backend (`users.getUser(userId)`): Clerk itself is being asked. */
  readonly clerkBackend?: boolean;
}

/** What a function does when the attacker runs it. Computed once per function (see engine.ts). */
export interface Summary {
  /** The first protected work it reaches, if any. */
  readonly work?: WorkSite;
  /** It never returns normally: every path throws or redirects. */
  readonly stops: boolean;
  /** What it returns (joined over all paths that return). */
  readonly returned: AValue;
  /** It asked Clerk who the caller is (directly or through another helper). */
  readonly identity: boolean;
  /** A `catch` that swallowed a throw and carried on (for the diagnostic's related information). */
  readonly swallowedBy?: ts.CatchClause;
}

/** A chain of name → value maps. `resolve` lazily supplies names the maps lack (module declarations). */
export class Scope {
  private readonly vars = new Map<string, AValue>();

  constructor(
    readonly parent?: Scope,
    private readonly resolve?: (name: string) => AValue | undefined,
    /** Made once per module (the module's own, a class's `this`): summaries of its functions can be kept. */
    readonly fixed = false,
  ) {
    this.summaries = fixed ? new Map<ts.Node, Summary>() : undefined;
  }

  /** Summaries of functions closing over this fixed scope (a class instance's methods), by node. */
  readonly summaries: Map<ts.Node, Summary> | undefined;

  lookup(name: string): AValue | undefined {
    for (let scope: Scope | undefined = this; scope; scope = scope.parent) {
      const own = scope.vars.get(name);
      if (own) return own;
      if (scope.resolve) {
        const resolved = scope.resolve(name);
        if (resolved) {
          scope.vars.set(name, resolved);
          return resolved;
        }
      }
    }
    return undefined;
  }

  /** Whether this scope itself binds the name (not a parent, not a lazily resolved declaration). */
  hasOwn(name: string): boolean {
    return this.vars.has(name);
  }

  set(name: string, value: AValue): void {
    this.vars.set(name, value);
  }
}
