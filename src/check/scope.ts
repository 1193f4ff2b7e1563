/**
 * What each `{{ }}` tag reads and what guards it: the data path through loop and `with` bindings
 * (`item.sku` in `{% for item in event.extra.line_items %}` reads event/extra/line_items/*\/sku), and the
 * variables tested by the enclosing `{% if %}` branches. Used by the robustness lints and the sample checks.
 */
import type { Token } from '../render/lexer.js';
import { parseFilterExpr, parseFilterExprShared, referencePath, splitBits, splitBitsShared, type FilterExpr } from './expression.js';
import { tagName } from './templated-json.js';

export interface TagUse {
  token: Token;
  expr: FilterExpr;
  /** Data path read, with `*` for "each item of the list"; undefined when not a plain variable. */
  path?: string[];
  /** Keys (paths joined by '/') of variables tested true-ish by the enclosing if/elif branches. */
  guards: Set<string>;
  /** Inside a {% for %}. */
  inLoop: boolean;
  /** A `for` iterable rather than a printed tag. */
  iterable?: boolean;
}

const OPERATORS = new Set(['and', 'or', 'not', 'in', 'is', '==', '!=', '<', '>', '<=', '>=', 'None', 'True', 'False']);

export function pathKey(path: string[]): string {
  return path.join('/');
}

/** Offset of a tag's contents in the source (the lexer trims them). */
export function contentsOffset(source: string, token: Token): number {
  const inner = source.slice(token.start + 2, token.end - 2);
  return token.start + 2 + (inner.length - inner.trimStart().length);
}

export function analyzeScope(source: string, tokens: Token[]): TagUse[] {
  const uses: TagUse[] = [];
  type Frame = { kind: string; bindings: Map<string, string[] | undefined>; guards: Set<string>; loop: boolean };
  const stack: Frame[] = [{ kind: 'root', bindings: new Map(), guards: new Set(), loop: false }];
  const top = () => stack[stack.length - 1]!;

  const resolve = (expr: FilterExpr): string[] | undefined => {
    const segs = referencePath(expr);
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
  // A guard is known by its path alone: the shared parses (no offsets) do. Profile bodies repeat every earlier
  // field's test in each comma guard, so this runs over many bits.
  const guardsOf = (cond: string): Set<string> => {
    const out = new Set<string>();
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
      const expr = parseFilterExpr(tok.contents, contentsOffset(source, tok));
      uses.push({ token: tok, expr, path: resolve(expr), guards: top().guards, inLoop: stack.some((f) => f.loop) });
      continue;
    }
    if (tok.type !== 'block') continue;
    const name = tagName(tok);
    const rest = tok.contents.slice(name.length).trim();
    const restOffset = contentsOffset(source, tok) + tok.contents.length - rest.length;
    const parentGuards = () => stack[stack.length - 2]?.guards ?? new Set<string>();
    if (name === 'if') {
      const guards = new Set([...top().guards, ...guardsOf(rest)]);
      stack.push({ kind: 'if', bindings: new Map(), guards, loop: false });
    } else if (name === 'elif' && top().kind === 'if') {
      top().guards = new Set([...parentGuards(), ...guardsOf(rest)]);
    } else if (name === 'else' && top().kind === 'if') {
      top().guards = parentGuards();
    } else if (name === 'for') {
      const m = /^(.*?)\s+in\s+(.*?)(\s+reversed)?$/.exec(rest);
      const vars = (m?.[1] ?? '').split(',').map((v) => v.trim()).filter(Boolean);
      const iterText = m?.[2] ?? '';
      const expr = parseFilterExpr(iterText, restOffset + rest.indexOf(iterText));
      const iterPath = resolve(expr);
      uses.push({ token: tok, expr, path: iterPath, guards: top().guards, inLoop: stack.some((f) => f.loop), iterable: true });
      const bindings = new Map<string, string[] | undefined>();
      for (const v of vars) bindings.set(v, vars.length === 1 && iterPath ? [...iterPath, '*'] : undefined);
      bindings.set('forloop', undefined);
      stack.push({ kind: 'for', bindings, guards: top().guards, loop: true });
    } else if (name === 'with') {
      const bindings = new Map<string, string[] | undefined>();
      const bits = splitBits(rest, restOffset);
      for (let i = 0; i < bits.length; i++) {
        const eq = /^(\w+)=(.*)$/.exec(bits[i]!.text);
        if (eq) bindings.set(eq[1]!, resolve(parseFilterExpr(eq[2]!, bits[i]!.start + eq[1]!.length + 1)));
        else if (bits[i + 1]?.text === 'as' && bits[i + 2]) {
          bindings.set(bits[i + 2]!.text, resolve(parseFilterExpr(bits[i]!.text, bits[i]!.start)));
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
