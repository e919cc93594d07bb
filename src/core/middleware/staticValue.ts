/** Reads the value of a constant expression (a matcher list, createRouteMatcher's patterns) without running code. */
import ts = require('typescript');
import type { ModuleContext } from '../analysis/module';

export const UNKNOWN_VALUE: unique symbol = Symbol('unknown');
export type StaticValue = string | RegExp | boolean | number | readonly StaticValue[] | StaticObject | typeof UNKNOWN_VALUE;
export interface StaticObject {
  readonly [key: string]: StaticValue;
}

/** Top-level `const` initializers are followed; anything else computed is UNKNOWN_VALUE. */
export function staticValue(expr: ts.Expression, module: ModuleContext, depth = 0): StaticValue {
  if (depth > 20) return UNKNOWN_VALUE;
  const e = expr;
  if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isNonNullExpression(e) || ts.isTypeAssertionExpression(e)) {
    return staticValue(e.expression, module, depth + 1);
  }
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return e.text;
  if (ts.isNumericLiteral(e)) return Number(e.text);
  if (e.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (e.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (ts.isRegularExpressionLiteral(e)) {
    const m = /^\/(.*)\/([a-z]*)$/s.exec(e.text);
    try {
      return m ? new RegExp(m[1], m[2]) : UNKNOWN_VALUE;
    } catch {
      return UNKNOWN_VALUE;
    }
  }
  if (ts.isTemplateExpression(e)) {
    let out = e.head.text;
    for (const span of e.templateSpans) {
      const v = staticValue(span.expression, module, depth + 1);
      if (typeof v !== 'string' && typeof v !== 'number') return UNKNOWN_VALUE;
      out += String(v) + span.literal.text;
    }
    return out;
  }
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const l = staticValue(e.left, module, depth + 1);
    const r = staticValue(e.right, module, depth + 1);
    return typeof l === 'string' && (typeof r === 'string' || typeof r === 'number') ? l + String(r) : UNKNOWN_VALUE;
  }
  if (ts.isArrayLiteralExpression(e)) {
    const out: StaticValue[] = [];
    for (const el of e.elements) {
      if (ts.isSpreadElement(el)) {
        const spread = staticValue(el.expression, module, depth + 1);
        if (Array.isArray(spread)) out.push(...(spread as StaticValue[]));
        else out.push(UNKNOWN_VALUE);
      } else if (ts.isOmittedExpression(el)) {
        continue;
      } else out.push(staticValue(el, module, depth + 1));
    }
    return out;
  }
  if (ts.isObjectLiteralExpression(e)) {
    const out: Record<string, StaticValue> = {};
    for (const p of e.properties) {
      if (ts.isPropertyAssignment(p)) {
        const key = ts.isIdentifier(p.name) || ts.isStringLiteral(p.name) ? p.name.text : undefined;
        if (key !== undefined) out[key] = staticValue(p.initializer, module, depth + 1);
      } else if (ts.isShorthandPropertyAssignment(p)) {
        out[p.name.text] = staticValue(p.name, module, depth + 1);
      } else {
        return UNKNOWN_VALUE; // spreads, methods: the object's keys are not all known
      }
    }
    return out;
  }
  if (ts.isIdentifier(e)) {
    const init = constInitializer(e.text, module);
    return init ? staticValue(init, module, depth + 1) : UNKNOWN_VALUE;
  }
  return UNKNOWN_VALUE;
}

/** The initializer of a top-level `const name = …`. */
export function constInitializer(name: string, module: ModuleContext): ts.Expression | undefined {
  const d = module.declarationOf(name);
  if (d?.kind !== 'variable' || !ts.isIdentifier(d.decl.name)) return undefined;
  const list = d.decl.parent;
  if (!ts.isVariableDeclarationList(list) || !(list.flags & ts.NodeFlags.Const)) return undefined;
  return d.decl.initializer;
}

export function isStaticObject(v: StaticValue): v is StaticObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof RegExp);
}
