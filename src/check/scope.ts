/**
 * What each `{{ }}` tag reads and what guards it: the data path through loop and `with` bindings
 * (`item.sku` in `{% for item in event.extra.line_items %}` reads event/extra/line_items/*\/sku), and the
 * variables tested by the enclosing `{% if %}` branches. Used by the robustness lints and the sample checks.
 */
import type { Token } from '../render/lexer.js';
import { parseFilterExprShared, referencePath, splitBitsShared, type FilterExpr } from './expression.js';
import { tagName } from './templated-json.js';

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

export function analyzeScope(tokens: Token[]): TagUse[] {
  const uses: TagUse[] = [];
  type Frame = {
    kind: string;
    bindings: Map<string, readonly string[] | undefined>;
    guards: Set<string>;
    loop: boolean;
  };
  const stack: Frame[] = [{ kind: 'root', bindings: new Map(), guards: new Set(), loop: false }];
  const top = () => stack[stack.length - 1]!;

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
  // Adds the paths a condition tests to `out`. Profile bodies repeat every earlier field's test in each comma
  // guard, so this runs over many bits.
  const addGuards = (cond: string, out: Set<string>): Set<string> => {
    const bits = splitBitsShared(cond);
    bits.forEach((bit, i) => {
      if (OPERATORS.has(bit.text) || bits[i - 1]?.text === 'not') return;
      const p = resolve(parseFilterExprShared(bit.text));
      if (p) out.add(pathKey(p));
    });
    return out;
  };

  for (const tok of tokens) {
    if (tok.type === 'var') {
      const expr = parseFilterExprShared(tok.contents);
      uses.push({ token: tok, expr, path: resolve(expr), guards: top().guards, inLoop: stack.some((f) => f.loop) });
      continue;
    }
    if (tok.type !== 'block') continue;
    const name = tagName(tok);
    const rest = tok.contents.slice(name.length).trim();
    const parentGuards = () => stack[stack.length - 2]?.guards ?? new Set<string>();
    if (name === 'if') {
      stack.push({ kind: 'if', bindings: new Map(), guards: addGuards(rest, new Set(top().guards)), loop: false });
    } else if (name === 'elif' && top().kind === 'if') {
      top().guards = addGuards(rest, new Set(parentGuards()));
    } else if (name === 'else' && top().kind === 'if') {
      top().guards = parentGuards();
    } else if (name === 'for') {
      const m = /^(.*?)\s+in\s+(.*?)(\s+reversed)?$/.exec(rest);
      const vars = (m?.[1] ?? '')
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean);
      const expr = parseFilterExprShared(m?.[2] ?? '');
      const iterPath = resolve(expr);
      uses.push({
        token: tok,
        expr,
        path: iterPath,
        guards: top().guards,
        inLoop: stack.some((f) => f.loop),
        iterable: true,
      });
      const bindings = new Map<string, readonly string[] | undefined>();
      for (const v of vars) bindings.set(v, vars.length === 1 && iterPath ? [...iterPath, '*'] : undefined);
      bindings.set('forloop', undefined);
      stack.push({ kind: 'for', bindings, guards: top().guards, loop: true });
    } else if (name === 'with') {
      const bindings = new Map<string, readonly string[] | undefined>();
      const bits = splitBitsShared(rest);
      for (let i = 0; i < bits.length; i++) {
        const eq = /^(\w+)=(.*)$/.exec(bits[i]!.text);
        if (eq) bindings.set(eq[1]!, resolve(parseFilterExprShared(eq[2]!)));
        else if (bits[i + 1]?.text === 'as' && bits[i + 2]) {
          bindings.set(bits[i + 2]!.text, resolve(parseFilterExprShared(bits[i]!.text)));
          i += 2;
        }
      }
      stack.push({ kind: 'with', bindings, guards: top().guards, loop: false });
    } else if ((name === 'endif' || name === 'endfor' || name === 'endwith') && top().kind === name.slice(3)) {
      stack.pop();
    }
  }
  return uses;
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
