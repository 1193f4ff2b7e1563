/**
 * The {% if %} expression parser (django/template/smartif.py): a Pratt parser with Python's precedence
 * (or < and < not < in, not in < is, is not, ==, !=, <, >, <=, >=). An operator whose evaluation raises (e.g.
 * 'a' < 1) is False, as in Django.
 */
import type { Context } from './context.js';
import { SyntaxProblem } from './errors.js';
import { type FilterExpression, compileFilter } from './expression.js';
import { pyBool, pyCompare, pyEq, pyIn, pyIs } from './values.js';

/** A parsed condition, or part of one; validate reads its structure (check/conditions.ts). */
export type Condition = Literal | Operation | Unparsed;

type Infix = (x: Condition, y: Condition, c: Context) => unknown;
type Prefix = (x: Condition, c: Context) => unknown;

const INFIX: Record<string, [number, Infix]> = {
  or: [
    6,
    (x, y, c) => {
      const a = x.eval(c);
      return pyBool(a) ? a : y.eval(c);
    },
  ],
  and: [
    7,
    (x, y, c) => {
      const a = x.eval(c);
      return pyBool(a) ? y.eval(c) : a;
    },
  ],
  in: [9, (x, y, c) => pyIn(x.eval(c), y.eval(c))],
  'not in': [9, (x, y, c) => !pyIn(x.eval(c), y.eval(c))],
  is: [10, (x, y, c) => pyIs(x.eval(c), y.eval(c))],
  'is not': [10, (x, y, c) => !pyIs(x.eval(c), y.eval(c))],
  '==': [10, (x, y, c) => pyEq(x.eval(c), y.eval(c))],
  '!=': [10, (x, y, c) => !pyEq(x.eval(c), y.eval(c))],
  '>': [10, (x, y, c) => pyCompare(x.eval(c), y.eval(c), '>') > 0],
  '>=': [10, (x, y, c) => pyCompare(x.eval(c), y.eval(c), '>=') >= 0],
  '<': [10, (x, y, c) => pyCompare(x.eval(c), y.eval(c), '<') < 0],
  '<=': [10, (x, y, c) => pyCompare(x.eval(c), y.eval(c), '<=') <= 0],
};
const NOT: [number, Prefix] = [8, (x, c) => !pyBool(x.eval(c))];

/** Any exception inside an operator makes that operator False. */
function guarded(f: () => unknown): unknown {
  try {
    return f();
  } catch {
    return false;
  }
}

/** An operand: one bit of the tag, compiled as a filter expression. */
export class Literal {
  readonly kind = 'literal';
  constructor(
    readonly text: string,
    /** null: the operand does not compile (kept by a recovering parse, never rendered). */
    readonly expr: FilterExpression | null,
  ) {}
  eval(context: Context): unknown {
    return this.expr!.resolve(context, true);
  }
}

/** `not x` (one operand) or `x op y` (two). */
export class Operation {
  readonly kind = 'operation';
  constructor(
    readonly op: string,
    readonly operands: readonly Condition[],
    private readonly run: (context: Context) => unknown,
  ) {}
  eval(context: Context): unknown {
    return this.run(context);
  }
}

/** A condition Django refuses, kept as its bits by a recovering parse (never rendered: the parse has problems). */
export class Unparsed {
  readonly kind = 'unparsed';
  constructor(readonly bits: readonly string[]) {}
  eval(): unknown {
    throw new Error('bug: a template with syntax problems was rendered');
  }
}

type Tok =
  | { kind: 'op'; id: string; lbp: number }
  | { kind: 'literal'; node: Literal; lbp: 0 }
  | { kind: 'end'; lbp: 0 };

/**
 * IfParser(bits).parse(). `keepBadOperands` (for a recovering parse): an operand that does not compile is kept
 * with a null expression, so that the operators around it still parse.
 */
export function parseCondition(bits: readonly string[], keepBadOperands = false): Condition {
  const tokens: Tok[] = [];
  for (let i = 0; i < bits.length; i++) {
    let t = bits[i]!;
    if (t === 'is' && bits[i + 1] === 'not') {
      t = 'is not';
      i++;
    } else if (t === 'not' && bits[i + 1] === 'in') {
      t = 'not in';
      i++;
    }
    if (Object.hasOwn(INFIX, t)) tokens.push({ kind: 'op', id: t, lbp: INFIX[t]![0] });
    else if (t === 'not') tokens.push({ kind: 'op', id: t, lbp: NOT[0] });
    else tokens.push({ kind: 'literal', node: new Literal(t, operand(t, keepBadOperands)), lbp: 0 });
  }
  let pos = 0;
  const next = (): Tok => tokens[pos++] ?? { kind: 'end', lbp: 0 };
  let current = next();

  const nud = (t: Tok): Condition => {
    if (t.kind === 'literal') return t.node;
    if (t.kind === 'end') throw new SyntaxProblem('Unexpected end of expression in if tag.');
    if (t.id === 'not') {
      const operand = expression(NOT[0]);
      return new Operation('not', [operand], (c) => guarded(() => NOT[1](operand, c)));
    }
    throw new SyntaxProblem(`Not expecting '${t.id}' in this position in if tag.`);
  };
  const led = (t: Tok, left: Condition): Condition => {
    if (t.kind !== 'op' || t.id === 'not') {
      throw new SyntaxProblem(`Not expecting '${display(t)}' as infix operator in if tag.`);
    }
    const [bp, fn] = INFIX[t.id]!;
    const right = expression(bp);
    return new Operation(t.id, [left, right], (c) => guarded(() => fn(left, right, c)));
  };
  // `not not not …` recurses once per `not` here and again when evaluated; Python's own recursion limit stops
  // Django's parser at about 495 (RecursionError, checked with Django 3.2), so past that the condition is refused.
  let depth = 0;
  function expression(rbp = 0): Condition {
    if (++depth > MAX_NOT_DEPTH)
      throw new SyntaxProblem(`The if tag's condition nests more than ${MAX_NOT_DEPTH} operators deep.`);
    const t = current;
    current = next();
    let left = nud(t);
    while (rbp < current.lbp) {
      const op = current;
      current = next();
      left = led(op, left);
    }
    depth--;
    return left;
  }
  const result = expression();
  if (current.kind !== 'end') throw new SyntaxProblem(`Unused '${display(current)}' at end of if expression.`);
  return result;
}

const MAX_NOT_DEPTH = 490;

function operand(text: string, keepBad: boolean): FilterExpression | null {
  if (!keepBad) return compileFilter(text);
  try {
    return compileFilter(text);
  } catch (e) {
    if (e instanceof SyntaxProblem) return null;
    throw e;
  }
}

function display(t: Tok): string {
  return t.kind === 'op' ? t.id : t.kind === 'literal' ? t.node.text : 'end';
}
