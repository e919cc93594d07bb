/**
 * One parsed file and the values of its top-level names: imports (Clerk's helpers, library exports,
 * project files followed through the resolver) and declarations, evaluated lazily on first use.
 */
// import-equals compiles to a plain require, without a second getter layer over TypeScript's exports.
import ts = require('typescript');
import { AttackerRun } from './engine';
import { CLERK_SERVER_MODULES, GLOBALS, clerkExport, libraryDefault, libraryExport, libraryNamespace } from './knownModules';
import { FunctionNode, Scope, Summary } from './scope';
import { AValue, SECRET, UNKNOWN, objectOf } from './values';

// TypeScript's CommonJS entry serves every export through a getter: read the enum once, not per `case`.
const { SyntaxKind } = ts;

/** Finds project files for import specifiers; implemented by the project layer. */
export interface ModuleLoader {
  /** The module context of a project file imported as `specifier` from `fromFile`, if it is one. */
  load(specifier: string, fromFile: string): ModuleContext | undefined;
  /** The columns of a Prisma model, by its client accessor (`cartItem`), when the project has a schema. */
  prismaColumns?(model: string): ModelColumns | undefined;
  /** The project is on Clerk 6 or later, whose `auth()` returns a Promise. */
  readonly clerkAuthIsAsync?: boolean;
}

/** A Prisma model's columns (scalar and enum fields; relations are no columns, lists hold no null). */
export interface ModelColumns {
  readonly required: ReadonlySet<string>;
  readonly optional: ReadonlySet<string>;
}

/** A top-level binding, before it is evaluated. */
export type Declaration =
  | { kind: 'function'; node: FunctionNode }
  | { kind: 'variable'; decl: ts.VariableDeclaration }
  | { kind: 'import'; module: string; name: string /* '*' namespace, 'default' */ }
  | { kind: 'errorClass' }
  | { kind: 'class'; node: ts.ClassDeclaration }
  | { kind: 'other' };

/** Where an exported name is defined. */
export type ExportTarget =
  | { kind: 'local'; local: string }
  | { kind: 'reexport'; module: ModuleContext; name: string }
  /** Re-exported from a library (`export { auth } from '@clerk/nextjs/server'`). */
  | { kind: 'library'; module: string; name: string };

export class ModuleContext {
  readonly scope: Scope;
  /** Function summaries of this module's functions (see engine.ts `summarize`). */
  readonly summaries = new Map<ts.Node, Summary>();
  private readonly declarations = new Map<string, Declaration>();
  private readonly evaluating = new Set<string>();
  private readonly constantTables = new Map<string, boolean>();
  private readonly lookingUpExports = new Set<string>();
  private clerkNames?: string[];

  constructor(
    readonly fileName: string,
    readonly sourceFile: ts.SourceFile,
    readonly loader: ModuleLoader,
  ) {
    this.indexDeclarations();
    this.scope = new Scope(undefined, (name) => this.resolveTopLevel(name));
  }

  /** The top-level declaration a local name refers to (for handler discovery). */
  declarationOf(name: string): Declaration | undefined {
    return this.declarations.get(name);
  }

  /** Local names bound to imports from `@clerk/*` packages (`auth`, `clerkAuth` for `auth as clerkAuth`). */
  clerkImportNames(): readonly string[] {
    if (!this.clerkNames) {
      this.clerkNames = [];
      for (const [name, d] of this.declarations) if (d.kind === 'import' && d.module.startsWith('@clerk/')) this.clerkNames.push(name);
    }
    return this.clerkNames;
  }

  /** The value an `import { name } from <this file>` receives. */
  exportValue(name: string, seen = new Set<ModuleContext>()): AValue {
    if (seen.has(this)) return UNKNOWN;
    seen.add(this);
    const target = this.exportTarget(name);
    if (!target) return UNKNOWN;
    if (target.kind === 'local') return this.scope.lookup(target.local) ?? UNKNOWN;
    if (target.kind === 'library') return this.importValue(target.module, target.name);
    return target.module.exportValue(target.name, seen);
  }

  /**
   * Where an exported name is defined: a local name of this file, or a name in another project
   * file (re-exports). Undefined when this file does not export it or it comes from a library.
   */
  exportTarget(name: string): ExportTarget | undefined {
    // `export *` cycles (a barrel re-exporting itself, a → b → a) would otherwise recurse forever.
    if (this.lookingUpExports.has(name)) return undefined;
    this.lookingUpExports.add(name);
    try {
      for (const statement of this.sourceFile.statements) {
        const found = this.exportTargetIn(statement, name);
        if (found) return found;
      }
      return undefined;
    } finally {
      this.lookingUpExports.delete(name);
    }
  }

  private exportTargetIn(statement: ts.Statement, name: string): ExportTarget | undefined {
    if (ts.isExportDeclaration(statement)) {
      if (statement.isTypeOnly) return undefined;
      const from = statement.moduleSpecifier;
      const clause = statement.exportClause;
      if (!clause) {
        // `export * from './x'`
        if (!from || !ts.isStringLiteral(from) || name === 'default') return undefined;
        const module = this.loader.load(from.text, this.fileName);
        if (module) return module.exportTarget(name) ? { kind: 'reexport', module, name } : undefined;
        return libraryExport(from.text, name) ? { kind: 'library', module: from.text, name } : undefined;
      }
      if (!ts.isNamedExports(clause)) return undefined;
      for (const spec of clause.elements) {
        if (spec.name.text !== name || spec.isTypeOnly) continue;
        const local = (spec.propertyName ?? spec.name).text;
        if (!from) return { kind: 'local', local };
        if (!ts.isStringLiteral(from)) return undefined;
        const module = this.loader.load(from.text, this.fileName);
        return module ? { kind: 'reexport', module, name: local } : { kind: 'library', module: from.text, name: local };
      }
      return undefined;
    }
    if (ts.isExportAssignment(statement) && name === 'default' && !statement.isExportEquals) {
      return ts.isIdentifier(statement.expression) ? { kind: 'local' , local: statement.expression.text } : undefined;
    }
    if (!hasExportModifier(statement)) return undefined;
    if (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) {
      const isDefault = hasDefaultModifier(statement);
      if ((isDefault && name === 'default') || statement.name?.text === name) {
        return statement.name ? { kind: 'local' , local: statement.name.text } : undefined;
      }
    }
    if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) {
        if (ts.isIdentifier(d.name) && d.name.text === name) return { kind: 'local' , local: name };
        if (!ts.isIdentifier(d.name) && bindingNames(d.name).includes(name)) return { kind: 'local' , local: name };
      }
    }
    return undefined;
  }

  private indexDeclarations(): void {
    // One switch on the kind: route files are mostly types and functions, and this runs for each.
    for (const statement of this.sourceFile.statements) {
      switch (statement.kind) {
        case SyntaxKind.ImportDeclaration:
          this.indexImport(statement as ts.ImportDeclaration);
          break;
        case SyntaxKind.FunctionDeclaration: {
          const fn = statement as ts.FunctionDeclaration;
          if (!fn.name) break;
          const name = fn.name.text;
          // Overloads: the one with a body wins.
          if (fn.body || !this.declarations.has(name)) this.declarations.set(name, { kind: 'function', node: fn });
          break;
        }
        case SyntaxKind.VariableStatement:
          for (const decl of (statement as ts.VariableStatement).declarationList.declarations) this.indexVariable(decl);
          break;
        case SyntaxKind.ClassDeclaration: {
          const name = (statement as ts.ClassDeclaration).name;
          const node = statement as ts.ClassDeclaration;
          if (name) this.declarations.set(name.text, extendsError(node) ? { kind: 'errorClass' } : { kind: 'class', node });
          break;
        }
      }
    }
  }

  private indexImport(statement: ts.ImportDeclaration): void {
    const clause = statement.importClause;
    if (!clause || clause.isTypeOnly || !ts.isStringLiteral(statement.moduleSpecifier)) return;
    const module = statement.moduleSpecifier.text;
    if (clause.name) this.declarations.set(clause.name.text, { kind: 'import', module, name: 'default' });
    const bindings = clause.namedBindings;
    if (!bindings) return;
    if (ts.isNamespaceImport(bindings)) {
      this.declarations.set(bindings.name.text, { kind: 'import', module, name: '*' });
      return;
    }
    for (const spec of bindings.elements) {
      if (spec.isTypeOnly) continue;
      this.declarations.set(spec.name.text, { kind: 'import', module, name: (spec.propertyName ?? spec.name).text });
    }
  }

  private indexVariable(decl: ts.VariableDeclaration): void {
    // `const { auth } = require('@clerk/nextjs/server')` in CommonJS route files.
    const required = decl.initializer && requiredModule(decl.initializer);
    if (required) {
      if (ts.isIdentifier(decl.name)) this.declarations.set(decl.name.text, { kind: 'import', module: required, name: '*' });
      else if (ts.isObjectBindingPattern(decl.name)) {
        for (const element of decl.name.elements) {
          if (!ts.isIdentifier(element.name) || element.dotDotDotToken) continue;
          const imported = element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : element.name.text;
          this.declarations.set(element.name.text, { kind: 'import', module: required, name: imported });
        }
      }
      return;
    }
    for (const name of bindingNames(decl.name)) this.declarations.set(name, { kind: 'variable', decl });
  }

  /**
   * `const STEPS = { … }` at top level that no code of the module writes into (`STEPS[id] = …`,
   * `STEPS.x = …`, `delete STEPS[id]`, `Object.assign(STEPS, …)`): a table of constants, not a store.
   */
  isConstantTable(name: string): boolean {
    let known = this.constantTables.get(name);
    if (known === undefined) {
      const d = this.declarations.get(name);
      const decl = d?.kind === 'variable' ? d.decl : undefined;
      // (Parents may not be set: the declaration's list is found among the top-level statements.)
      const list = decl && this.sourceFile.statements.find((st): st is ts.VariableStatement => ts.isVariableStatement(st) && st.declarationList.declarations.includes(decl))?.declarationList;
      known = list !== undefined && (list.flags & ts.NodeFlags.Const) !== 0 && !writesInto(this.sourceFile, name);
      this.constantTables.set(name, known);
    }
    return known;
  }

  private resolveTopLevel(name: string): AValue | undefined {
    const declaration = this.declarations.get(name);
    if (!declaration) return GLOBALS.get(name);
    if (this.evaluating.has(name)) return UNKNOWN;
    this.evaluating.add(name);
    try {
      return this.evaluateDeclaration(name, declaration);
    } finally {
      this.evaluating.delete(name);
    }
  }

  private evaluateDeclaration(name: string, declaration: Declaration): AValue {
    switch (declaration.kind) {
      case 'function':
        return { truth: 'truthy', call: { kind: 'function', fn: { node: declaration.node, module: this, scope: this.scope } } };
      case 'import':
        return this.importValue(declaration.module, declaration.name);
      case 'variable': {
        const init = declaration.decl.initializer;
        if (!init) return UNKNOWN;
        if (ts.isIdentifier(declaration.decl.name) && isHardcodedSecret(name, init)) return SECRET;
        const run = new AttackerRun(this, this.scope, true);
        if (ts.isIdentifier(declaration.decl.name)) return run.evaluate(init);
        // `const { GET, POST } = handlers`: the property of the evaluated object.
        const whole = run.evaluate(init);
        return whole.props?.get(name) ?? whole.otherProps ?? UNKNOWN;
      }
      case 'errorClass':
        return ERROR_CLASS;
      case 'class':
        return this.classValue(declaration.node);
      default:
        return UNKNOWN;
    }
  }

  /**
   * `class UserService { async deactivate(id) { … } }`: `new UserService(…)` is an object whose methods
   * are followed like functions, with `this` the instance (static methods on the class itself). Each
   * `new` runs the constructor with its arguments, and the `readonly` fields keep what it (or their
   * initialiser, or a `readonly` parameter property) gave them: `this.options = { ...DEFAULTS, ...options }`.
   * Other fields change as the program runs, so they are unknown, as are inherited methods.
   */
  private classValue(node: ts.ClassDeclaration): AValue {
    const classScope = new Scope(this.scope, undefined, true);
    const cls: AValue = {
      ...objectOf(this.methodsOf(node, true, classScope), UNKNOWN),
      instantiate: (args) => this.instantiate(node, args),
    };
    classScope.set('this', cls);
    return cls;
  }

  private instantiate(node: ts.ClassDeclaration, args: readonly AValue[]): AValue {
    // A constructor that makes another of its own class (directly or through others) gets a plain object.
    if (constructing.has(node)) return { truth: 'truthy', otherProps: UNKNOWN };
    constructing.add(node);
    try {
      return this.construct(node, args);
    } finally {
      constructing.delete(node);
    }
  }

  private construct(node: ts.ClassDeclaration, args: readonly AValue[]): AValue {
    const scope = new Scope(this.scope, undefined, true);
    const props = new Map(Object.entries(this.methodsOf(node, false, scope)));
    const instance: AValue = { truth: 'truthy', props, otherProps: UNKNOWN };
    scope.set('this', instance);
    const fixedFields = new Set<string>();
    for (const member of node.members) {
      if (ts.isPropertyDeclaration(member) && ts.isIdentifier(member.name) && isReadonly(member)) {
        fixedFields.add(member.name.text);
        if (member.initializer) props.set(member.name.text, new AttackerRun(this, scope).evaluate(member.initializer));
      }
    }
    const ctor = node.members.find((m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m) && m.body !== undefined);
    if (!ctor) return instance;
    ctor.parameters.forEach((p, i) => {
      if (ts.isIdentifier(p.name) && isReadonly(p)) props.set(p.name.text, args[i] ?? UNKNOWN);
    });
    const run = new AttackerRun(this, scope, false, (field, value) => {
      if (fixedFields.has(field)) props.set(field, value);
    });
    run.runFunction(ctor, { params: [...args] });
    return instance;
  }

  private methodsOf(node: ts.ClassDeclaration, isStatic: boolean, scope: Scope): Record<string, AValue> {
    const entries: Record<string, AValue> = {};
    for (const member of node.members) {
      if (!ts.isMethodDeclaration(member) || !member.body || !ts.isIdentifier(member.name)) continue;
      const memberIsStatic = member.modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword) === true;
      if (memberIsStatic !== isStatic) continue;
      const method: AValue = { truth: 'truthy', call: { kind: 'function', fn: { node: member, module: this, scope } } };
      entries[member.name.text] = this.decorated(member, method, scope);
    }
    return entries;
  }

  /**
   * `@authRequired() static getUser(id) { … }`: each method decorator replaces the method with its
   * wrapper, which runs first; they apply from the one closest to the method outwards. A decorator
   * that cannot be read (a library's, or one built otherwise) leaves the method as it is.
   */
  private decorated(member: ts.MethodDeclaration, method: AValue, scope: Scope): AValue {
    const decorators = ts.getDecorators(member) ?? [];
    let value = method;
    for (let i = decorators.length - 1; i >= 0; i--) value = this.wrapperOf(decorators[i].expression, value, scope) ?? value;
    return value;
  }

  /**
   * The function a decorator puts in the method's place, closing over the method: TypeScript's
   * `(target, key, descriptor) => { const original = descriptor.value; descriptor.value = function (…args)
   * { …; return original.apply(this, args) } }`, or a standard decorator's `(method, context) => function
   * (…args) { … }`.
   */
  private wrapperOf(expression: ts.Expression, method: AValue, scope: Scope): AValue | undefined {
    const decorator = new AttackerRun(this, scope).evaluate(expression).call;
    const fn = decorator?.kind === 'function' ? decorator.fn : undefined;
    const body = fn?.node.body;
    if (!fn || !body || !ts.isBlock(body)) return undefined;
    const wrapperScope = new Scope(fn.scope);
    const [first, , third] = fn.node.parameters;
    const descriptor = third && ts.isIdentifier(third.name) ? third.name.text : undefined;
    let wrapper: FunctionNode | undefined;
    for (const statement of body.statements) {
      if (descriptor && ts.isVariableStatement(statement)) {
        for (const d of statement.declarationList.declarations) {
          if (ts.isIdentifier(d.name) && d.initializer && isDescriptorValue(d.initializer, descriptor)) wrapperScope.set(d.name.text, method);
        }
      } else if (descriptor && ts.isExpressionStatement(statement) && ts.isBinaryExpression(statement.expression)) {
        const { left, operatorToken, right } = statement.expression;
        if (operatorToken.kind === SyntaxKind.EqualsToken && isDescriptorValue(left, descriptor) && isFunctionExpression(right)) wrapper = right;
      } else if (!descriptor && first && ts.isIdentifier(first.name) && ts.isReturnStatement(statement) && statement.expression && isFunctionExpression(statement.expression)) {
        wrapperScope.set(first.name.text, method);
        wrapper = statement.expression;
      }
    }
    return wrapper && { truth: 'truthy', call: { kind: 'function', fn: { node: wrapper, module: fn.module, scope: wrapperScope } } };
  }

  importValue(module: string, name: string): AValue {
    if (CLERK_SERVER_MODULES.has(module) && name !== '*' && name !== 'default') return clerkExport(name, this.loader.clerkAuthIsAsync === true) ?? UNKNOWN;
    const library = name === '*' ? libraryNamespace(module) : name === 'default' ? libraryDefault(module) : libraryExport(module, name);
    if (library) return library;
    if (name === '*') return UNKNOWN;
    const project = this.loader.load(module, this.fileName);
    return project ? project.exportValue(name) : UNKNOWN;
  }
}

/**
 * `class ValidationError extends AppError`: an error type. Its instances carry a message and format it
 * (`error.toResponse()`, `toJSON()`). Other project classes are followed (see ModuleContext.classValue).
 */
const ERROR_CLASS: AValue = { truth: 'truthy', construct: { truth: 'truthy', readOnly: true } };

/** `descriptor.value`, for the descriptor parameter's name. */
function isDescriptorValue(node: ts.Expression, descriptor: string): boolean {
  return ts.isPropertyAccessExpression(node) && node.name.text === 'value' && ts.isIdentifier(node.expression) && node.expression.text === descriptor;
}

function isFunctionExpression(node: ts.Expression): node is ts.FunctionExpression | ts.ArrowFunction {
  return ts.isFunctionExpression(node) || ts.isArrowFunction(node);
}

/** Classes whose constructor is running (see ModuleContext.instantiate). */
const constructing = new Set<ts.ClassDeclaration>();

function isReadonly(member: ts.PropertyDeclaration | ts.ParameterDeclaration): boolean {
  return member.modifiers?.some((m) => m.kind === ts.SyntaxKind.ReadonlyKeyword) === true;
}

function extendsError(node: ts.ClassDeclaration): boolean {
  const base = node.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
  return base !== undefined && ts.isIdentifier(base) && /Error$|Exception$/.test(base.text);
}

/** The directives that open a statement list (`'use server'`, `'use client'`, `'use strict'`), in order. */
export function directivePrologue(statements: readonly ts.Statement[]): ts.ExpressionStatement[] {
  const prologue: ts.ExpressionStatement[] = [];
  for (const s of statements) {
    if (!ts.isExpressionStatement(s) || !ts.isStringLiteral(s.expression)) break;
    prologue.push(s);
  }
  return prologue;
}

/** A directive in a statement list's prologue (`'use server'` before any other statement). */
export function hasDirective(statements: readonly ts.Statement[], directive: string): boolean {
  return directivePrologue(statements).some((s) => (s.expression as ts.StringLiteral).text === directive);
}

export function hasExportModifier(node: ts.Node): boolean {
  return hasModifier(node, SyntaxKind.ExportKeyword);
}

function hasDefaultModifier(node: ts.Node): boolean {
  return hasModifier(node, SyntaxKind.DefaultKeyword);
}

/** `ts.getModifiers` copies the list into a new array on each call; this asks every top-level statement. */
function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  if (!ts.canHaveModifiers(node)) return false;
  const modifiers = node.modifiers;
  if (!modifiers) return false;
  for (const m of modifiers) if (m.kind === kind) return true;
  return false;
}

export function bindingNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  const names: string[] = [];
  for (const element of name.elements) if (!ts.isOmittedExpression(element)) names.push(...bindingNames(element.name));
  return names;
}

function requiredModule(expr: ts.Expression): string | undefined {
  const call = ts.isAwaitExpression(expr) ? expr.expression : expr;
  if (!ts.isCallExpression(call) || call.arguments.length !== 1) return undefined;
  const arg = call.arguments[0];
  const isRequire = ts.isIdentifier(call.expression) && call.expression.text === 'require';
  const isImport = call.expression.kind === SyntaxKind.ImportKeyword;
  return (isRequire || isImport) && ts.isStringLiteral(arg) ? arg.text : undefined;
}

// `COMPANY_TOKEN`, `stripeSecretKey`, `API_KEY`: a name that ends with a credential's word.
const SECRET_NAME = /(token|secret|api_?key|private_?key|password)$/i;
// A key's look: one long word of letters and digits (`8D3DA73D-9D7F-…`, `sk_live_51H…`), not a cookie's
// or a header's name (`auth_token`, `x-api-key`).
const KEY_TEXT = /^(?=.*\d)(?=.*[a-z])[\w\-.:+/=]{16,}$/i;

/**
 * `const COMPANY_TOKEN = '8D3DA73D-9D7F-4E09-…'`: a credential written into the code is still the app's
 * credential, as unknown to a caller as one read from the environment.
 */
function isHardcodedSecret(name: string, init: ts.Expression): boolean {
  return SECRET_NAME.test(name) && ts.isStringLiteralLike(init) && KEY_TEXT.test(init.text);
}

/** Some code assigns into `name`'s properties, deletes one, or hands it to `Object.assign` as the target. */
function writesInto(sf: ts.SourceFile, name: string): boolean {
  const rootIs = (e: ts.Expression): boolean => {
    while (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e) || ts.isParenthesizedExpression(e)) e = e.expression;
    return ts.isIdentifier(e) && e.text === name;
  };
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment
      && (ts.isPropertyAccessExpression(node.left) || ts.isElementAccessExpression(node.left)) && rootIs(node.left)) found = true;
    else if (ts.isDeleteExpression(node) && rootIs(node.expression)) found = true;
    else if (ts.isCallExpression(node) && node.expression.getText(sf) === 'Object.assign' && node.arguments[0] && rootIs(node.arguments[0])) found = true;
    else ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}
