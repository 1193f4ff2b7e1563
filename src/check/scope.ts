/**
 * What each `{{ }}` tag reads and what guards it: the data path through loop and `with` bindings
 * (`item.sku` in `{% for item in event.extra.line_items %}` reads event/extra/line_items/*\/sku), and the
 * variables tested by the enclosing `{% if %}` branches. Used by the robustness lints and the sample checks.
 */
import type { Token } from '../render/lexer.js';
import { ForNode, IfNode, type Node, UnparsedVariableNode, VariableNode, WithNode } from '../render/nodes.js';
import type { Condition } from '../render/smartif.js';
import { parseFilterExprShared, referencePath, type FilterExpr } from './expression.js';

export interface TagUse {
  token: Token;
  /**
   * The tag's expression, as parsed once for every tag with the same text (parseFilterExprShared): offsets count
   * from the start of the expression, and it must not be modified.
   */
  expr: Readonly<FilterExpr>;
  /** Data path read, with `*` for "each item of the list"; undefined when not a plain variable. */
  path?: readonly string[];
  /** Keys (paths joined by '/') of variables tested true-ish by the enclosing if/elif branches. */
  guards: Set<string>;
  /** Inside a {% for %}. */
  inLoop: boolean;
  /** A `for` iterable rather than a printed tag. */
  iterable?: boolean;
}

const OPERATORS = new Set(['and', 'or', 'not', 'in', 'is', '==', '!=', '<', '>', '<=', '>=', 'None', 'True', 'False']);

export function pathKey(path: readonly string[]): string {
  return path.join('/');
}

/** Offset of a tag's contents in the source (the lexer trims them). */
export function contentsOffset(source: string, token: Token): number {
  // The first character inside the delimiters that trimStart() would keep, found without copying the text.
  let at = token.start + 2;
  while (at < token.end - 2 && /\s/.test(source[at]!)) at++;
  return at;
}

/** Walks the renderer's tree (its recovering parse, so also a template Django refuses). */
export function analyzeScope(nodes: readonly Node[]): TagUse[] {
  const uses: TagUse[] = [];
  type Frame = { bindings: Map<string, readonly string[] | undefined>; guards: Set<string>; loop: boolean };
  const stack: Frame[] = [{ bindings: new Map(), guards: new Set(), loop: false }];
  const top = () => stack[stack.length - 1]!;
  const inLoop = () => stack.some((f) => f.loop);

  const resolve = (expr: Readonly<FilterExpr>): readonly string[] | undefined => {
    const segs = dataPath(expr);
    if (!segs) return undefined;
    for (let i = stack.length - 1; i >= 0; i--) {
      const b = stack[i]!.bindings;
      if (b.has(segs[0]!)) {
        const bound = b.get(segs[0]!);
        return bound ? [...bound, ...segs.slice(1)] : undefined;
      }
    }
    return segs[0] === 'forloop' ? undefined : segs;
  };
  // Adds the paths a condition tests to `out`: each operand not negated. Profile bodies repeat every earlier
  // field's test in each comma guard, so this runs over many operands.
  const addGuards = (cond: Condition, out: Set<string>): Set<string> => {
    for (const bit of testedOperands(cond)) {
      const p = resolve(parseFilterExprShared(bit));
      if (p) out.add(pathKey(p));
    }
    return out;
  };
  const within = (frame: Frame, bodies: readonly (readonly Node[])[]) => {
    stack.push(frame);
    for (const body of bodies) walk(body);
    stack.pop();
  };

  const walk = (list: readonly Node[]) => {
    for (const node of list) {
      if (node instanceof VariableNode || node instanceof UnparsedVariableNode) {
        const expr = parseFilterExprShared(node.token.contents);
        uses.push({ token: node.token, expr, path: resolve(expr), guards: top().guards, inLoop: inLoop() });
      } else if (node instanceof IfNode) {
        const outer = top().guards;
        for (const b of node.branches) {
          const guards = b.condition ? addGuards(b.condition, new Set(outer)) : outer;
          within({ bindings: new Map(), guards, loop: false }, [b.body]);
        }
      } else if (node instanceof ForNode) {
        const expr = parseFilterExprShared(node.sequenceText);
        const iterPath = resolve(expr);
        uses.push({ token: node.token, expr, path: iterPath, guards: top().guards, inLoop: inLoop(), iterable: true });
        const vars = node.loopvars;
        const bindings = new Map<string, readonly string[] | undefined>();
        for (const v of vars) bindings.set(v, vars.length === 1 && iterPath ? [...iterPath, '*'] : undefined);
        bindings.set('forloop', undefined);
        within({ bindings, guards: top().guards, loop: true }, [node.body]);
        within({ bindings: new Map(), guards: top().guards, loop: false }, [node.empty]);
      } else if (node instanceof WithNode) {
        const bindings = new Map<string, readonly string[] | undefined>();
        for (const [name, text] of node.names) bindings.set(name, resolve(parseFilterExprShared(text)));
        within({ bindings, guards: top().guards, loop: false }, [node.body]);
      } else for (const child of node.children()) walk(child);
    }
  };
  walk(nodes);
  return uses;
}

/**
 * The operands a condition tests true-ish: each one not an operator word and not right after `not`. Worked out
 * once per condition (the parser shares one among equal tags).
 */
function testedOperands(cond: Condition): readonly string[] {
  let tested = TESTED.get(cond);
  if (!tested) {
    const w = words(cond);
    tested = w.filter((bit, i) => !OPERATORS.has(bit) && w[i - 1] !== 'not');
    TESTED.set(cond, tested);
  }
  return tested;
}

const TESTED = new WeakMap<Condition, readonly string[]>();

/** The condition's words in the order written (the parse tree read in order; `is not` is two words). */
function words(c: Condition, out: string[] = []): string[] {
  if (c.kind === 'literal') out.push(c.text);
  else if (c.kind === 'unparsed') out.push(...c.bits);
  else if (c.operands.length === 1) {
    out.push(c.op);
    words(c.operands[0]!, out);
  } else {
    words(c.operands[0]!, out);
    out.push(...c.op.split(' '));
    words(c.operands[1]!, out);
  }
  return out;
}

/** referencePath of a shared expression, worked out once per expression (never modified). */
function dataPath(expr: Readonly<FilterExpr>): readonly string[] | undefined {
  let path = DATA_PATHS.get(expr);
  if (path === undefined) {
    path = referencePath(expr) ?? null;
    DATA_PATHS.set(expr, path);
  }
  return path ?? undefined;
}

const DATA_PATHS = new WeakMap<Readonly<FilterExpr>, readonly string[] | null>();
