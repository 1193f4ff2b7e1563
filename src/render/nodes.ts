/**
 * The compiled template tree and its rendering, node for node as django/template/defaulttags.py renders. Each node
 * lists its bodies (children()), and if/for/with nodes their tags, so that validate walks the same tree.
 * Over 300 lines: one class per node, as defaulttags.py has one per tag.
 */
import { RENDER_LIMITS, RenderLimit, chargeIteration } from './budget.js';
import type { Context } from './context.js';
import { VariableDoesNotExist } from './context.js';
import type { FilterExpression } from './expression.js';
import type { Token } from './lexer.js';
import { conditionalEscape } from './filters.js';
import type { Condition } from './smartif.js';
import { PyDateTime, formatDate, namedFormat } from './dates.js';
import {
  PY_WS,
  PyDictView,
  PyException,
  SafeString,
  floatRepr,
  isDict,
  isFloat,
  isSeq,
  isStr,
  numValue,
  pyBool,
  pyIter,
  pyLen,
  pyStr,
  typeError,
  typeName,
} from './values.js';

export abstract class Node {
  constructor(readonly offset: number) {}
  abstract render(context: Context): string;
  /** The node lists inside this one (a block's bodies, in source order), for walkers such as validate's. */
  children(): readonly (readonly Node[])[] {
    return NO_CHILDREN;
  }
}

const NO_CHILDREN: readonly (readonly Node[])[] = [];

/** Where a Python exception surfaced, so the caller can point at the tag. */
export class RenderFailure extends Error {
  constructor(
    readonly failure: PyException,
    readonly offset: number,
  ) {
    super(failure.message);
  }
}

export function renderNodes(nodes: readonly Node[], context: Context): string {
  let out = '';
  for (const node of nodes) {
    try {
      out += node.render(context);
      if (out.length > RENDER_LIMITS.outputChars) throw outputLimit();
    } catch (e) {
      if (e instanceof PyException) throw new RenderFailure(e, node.offset);
      throw e;
    }
  }
  return out;
}

const outputLimit = () =>
  new RenderLimit(`the rendered output passes ${RENDER_LIMITS.outputChars.toLocaleString('en-US')} characters here`);

/** render_value_in_context: str(), then conditional_escape when autoescaping. */
export function renderValue(value: unknown, context: Context): string {
  let localized = isFloat(value) ? localizeFloat(floatRepr(numValue(value))) : value;
  // localize(): a datetime prints in DATETIME_FORMAT.
  if (value instanceof PyDateTime) localized = formatDate(value, namedFormat('DATETIME_FORMAT'))!.text;
  if (context.state.autoescape) return conditionalEscape(localized).value;
  return pyStr(localized);
}

/**
 * django.utils.formats.localize → numberformat.format: a float whose str() has an exponent is printed in fixed
 * notation via Decimal(str(x)) ('1e-05' → '0.00001', '1e+16' → '10000000000000000'), unless the Decimal has more
 * than 200 digits and exponent, which Decimal's '{:e}' prints ('5e-324').
 */
function localizeFloat(repr: string): string {
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(repr);
  if (!m) return repr;
  const [, sign, lead, frac = '', expText] = m;
  const digits = lead! + frac;
  const exp = Number(expText) - frac.length; // value = digits × 10^exp
  if (Math.abs(exp) + digits.length > 200)
    return `${sign}${lead}${frac ? `.${frac}` : ''}e${Number(expText) < 0 ? '-' : '+'}${Math.abs(Number(expText))}`;
  if (exp >= 0) return sign + digits + '0'.repeat(exp);
  const point = digits.length + exp;
  return point > 0
    ? `${sign}${digits.slice(0, point)}.${digits.slice(point)}`
    : `${sign}0.${'0'.repeat(-point)}${digits}`;
}

export class TextNode extends Node {
  constructor(
    offset: number,
    readonly text: string,
  ) {
    super(offset);
  }
  render(): string {
    return this.text;
  }
}

export class VariableNode extends Node {
  constructor(
    readonly token: Token,
    readonly expr: FilterExpression,
  ) {
    super(token.start);
  }
  render(context: Context): string {
    return renderValue(this.expr.resolve(context), context);
  }
}

export interface IfBranch {
  /** null for {% else %}. */
  condition: Condition | null;
  body: Node[];
  /** The {% if %}, {% elif %} or {% else %} tag. */
  token: Token;
}

export class IfNode extends Node {
  constructor(
    readonly branches: readonly IfBranch[],
    /** Where the block ends: after its {% endif %}, or where a recovering parse gave up on it. */
    readonly end: number,
  ) {
    super(branches[0]!.token.start);
  }
  override children(): readonly (readonly Node[])[] {
    return this.branches.map((b) => b.body);
  }
  render(context: Context): string {
    for (const { condition, body } of this.branches) {
      let match: unknown = true;
      if (condition) {
        try {
          match = condition.eval(context);
        } catch (e) {
          if (!(e instanceof VariableDoesNotExist)) throw e;
          match = null;
        }
      }
      if (pyBool(match)) return renderNodes(body, context);
    }
    return '';
  }
}

export class ForNode extends Node {
  constructor(
    readonly token: Token,
    readonly loopvars: readonly string[],
    /** The iterable as written; `sequence` compiles it (null only in a recovering parse, where it failed). */
    readonly sequenceText: string,
    readonly sequence: FilterExpression | null,
    readonly reversed: boolean,
    readonly body: Node[],
    readonly empty: Node[],
    /** The {% empty %} tag, if any. */
    readonly emptyToken: Token | undefined,
    /** Where the block ends (as IfNode.end). */
    readonly end: number,
  ) {
    super(token.start);
  }
  override children(): readonly (readonly Node[])[] {
    return [this.body, this.empty];
  }
  render(context: Context): string {
    const parent = context.get('forloop');
    const parentloop = parent.found ? parent.value : {};
    context.push();
    try {
      const raw = this.sequence!.resolve(context, true);
      let values: unknown[];
      if (raw === null || raw === undefined) values = [];
      else if (isStr(raw) || isSeq(raw) || isDict(raw) || raw instanceof PyDictView) values = pyIter(raw);
      else throw typeError(`'${typeName(raw)}' object is not iterable`);
      const len = values.length;
      if (len < 1) return renderNodes(this.empty, context);
      if (this.reversed) values.reverse();
      const unpack = this.loopvars.length > 1;
      // One dict per loop, updated in place: a nested loop's parentloop sees the live counters.
      const loop: Record<string, unknown> = { parentloop: parentloop };
      context.set('forloop', loop);
      let out = '';
      values.forEach((item, i) => {
        chargeIteration();
        if (out.length > RENDER_LIMITS.outputChars) throw outputLimit();
        loop.counter0 = i;
        loop.counter = i + 1;
        loop.revcounter = len - i;
        loop.revcounter0 = len - i - 1;
        loop.first = i === 0;
        loop.last = i === len - 1;
        if (unpack) {
          let itemLen: number;
          try {
            itemLen = pyLen(item);
          } catch {
            itemLen = 1;
          }
          if (itemLen !== this.loopvars.length) {
            throw new PyException(
              'ValueError',
              `Need ${this.loopvars.length} values to unpack in for loop; got ${itemLen}. `,
            );
          }
          const parts = pyIter(item);
          const frame = new Map<string, unknown>();
          this.loopvars.forEach((name, j) => {
            frame.set(name, parts[j]);
          });
          context.push(frame);
          try {
            out += renderNodes(this.body, context);
          } finally {
            context.pop();
          }
        } else {
          context.set(this.loopvars[0]!, item);
          out += renderNodes(this.body, context);
        }
      });
      return out;
    } finally {
      context.pop();
    }
  }
}

export class WithNode extends Node {
  constructor(
    readonly token: Token,
    readonly assignments: readonly [string, FilterExpression][],
    /** Each name with its value as written (also where `assignments` failed to compile in a recovering parse). */
    readonly names: readonly [string, string][],
    readonly body: Node[],
    /** Where the block ends (as IfNode.end). */
    readonly end: number,
  ) {
    super(token.start);
  }
  override children(): readonly (readonly Node[])[] {
    return [this.body];
  }
  render(context: Context): string {
    const frame = new Map<string, unknown>();
    for (const [name, expr] of this.assignments) frame.set(name, expr.resolve(context));
    context.push(frame);
    try {
      return renderNodes(this.body, context);
    } finally {
      context.pop();
    }
  }
}

export class FirstOfNode extends Node {
  constructor(
    offset: number,
    readonly exprs: readonly FilterExpression[],
    readonly asvar: string | null,
  ) {
    super(offset);
  }
  render(context: Context): string {
    let first = '';
    for (const expr of this.exprs) {
      const value = expr.resolve(context, true);
      if (pyBool(value)) {
        first = renderValue(value, context);
        break;
      }
    }
    if (this.asvar !== null) {
      // Django stores the already-rendered (and, with autoescape, escaped and safe) string.
      context.set(this.asvar, context.state.autoescape ? new SafeString(first) : first);
      return '';
    }
    return first;
  }
}

export class CycleNode extends Node {
  constructor(
    offset: number,
    readonly values: readonly FilterExpression[],
    readonly variableName: string | null,
    readonly silent: boolean,
  ) {
    super(offset);
  }
  render(context: Context): string {
    const state = context.state.nodeState;
    const i = (state.get(this) as number | undefined) ?? 0;
    state.set(this, (i + 1) % this.values.length);
    const value = this.values[i]!.resolve(context);
    if (this.variableName !== null) context.setUpward(this.variableName, value);
    if (this.silent) return '';
    return renderValue(value, context);
  }
}

/** Fixed output from a tag (templatetag, verbatim, comment): renders like text, but is not template text. */
export class ConstantNode extends TextNode {}

const BETWEEN_TAGS = new RegExp(`>[${PY_WS}]+<`, 'g');
const STRIP = new RegExp(`^[${PY_WS}]+|[${PY_WS}]+$`, 'g');

export class SpacelessNode extends Node {
  constructor(
    offset: number,
    readonly body: Node[],
  ) {
    super(offset);
  }
  override children(): readonly (readonly Node[])[] {
    return [this.body];
  }
  render(context: Context): string {
    return renderNodes(this.body, context).replace(STRIP, '').replace(BETWEEN_TAGS, '><');
  }
}

export class AutoescapeNode extends Node {
  constructor(
    offset: number,
    readonly setting: boolean,
    readonly body: Node[],
  ) {
    super(offset);
  }
  override children(): readonly (readonly Node[])[] {
    return [this.body];
  }
  render(context: Context): string {
    const old = context.state.autoescape;
    context.state.autoescape = this.setting;
    try {
      return renderNodes(this.body, context);
    } finally {
      context.state.autoescape = old;
    }
  }
}

export class FilterNode extends Node {
  constructor(
    offset: number,
    readonly expr: FilterExpression,
    readonly body: Node[],
  ) {
    super(offset);
  }
  override children(): readonly (readonly Node[])[] {
    return [this.body];
  }
  render(context: Context): string {
    // The block's output is a SafeString (NodeList.render marks it safe), bound to `var`.
    const output = new SafeString(renderNodes(this.body, context));
    context.push(new Map([['var', output]]));
    try {
      return pyStr(this.expr.resolve(context));
    } finally {
      context.pop();
    }
  }
}

/** A block tag a recovering parse could not compile, kept for the tags inside it; never rendered. */
export class KeptBlockNode extends Node {
  constructor(
    offset: number,
    readonly name: string,
    readonly bodies: Node[][],
  ) {
    super(offset);
  }
  override children(): readonly (readonly Node[])[] {
    return this.bodies;
  }
  render(): string {
    throw new Error('bug: a template with syntax problems was rendered');
  }
}

/** A {{ }} tag whose expression a recovering parse could not compile; never rendered. */
export class UnparsedVariableNode extends Node {
  constructor(readonly token: Token) {
    super(token.start);
  }
  render(): string {
    throw new Error('bug: a template with syntax problems was rendered');
  }
}
