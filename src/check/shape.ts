/**
 * The JSON "shape" of a templated body: the canonical node tree with placeholders replaced by typed stand-ins
 * (quoted tag → string, unquoted tag → number, or boolean under `yesno`), so the request schema can be checked
 * without a sample. Also the maps from JSON pointers to body offsets, and from offsets to pointers.
 */
import type { FilterExpr } from './expression.js';
import { parseFilterExpr } from './expression.js';
import type { JNode } from './json-paths.js';

export interface Located {
  node: JNode;
  /** Offset of the member's key, when the pointer names an object member. */
  keyStart?: number;
  /** Whether the array element came from a `{% for %}` (rendered arrays repeat it). */
  fromLoop?: boolean;
}

export interface Shape {
  value: unknown;
  byPointer: Map<string, Located>;
  root?: JNode;
}

export function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function pointerSegments(pointer: string): string[] {
  return pointer === ''
    ? []
    : pointer
        .slice(1)
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The filter expression of an unquoted or quoted `{{ }}` tag. */
export function tagExpr(contents: string, offset = 0): FilterExpr {
  return parseFilterExpr(contents, offset);
}

/** Stand-in for an unquoted tag: `yesno` makes a boolean, anything else is taken to be a number. */
export function unquotedStandIn(contents: string): unknown {
  return tagExpr(contents).filters.some((f) => f.name === 'yesno') ? true : 1;
}

export function buildShape(root: JNode | undefined): Shape {
  const byPointer = new Map<string, Located>();
  const walk = (node: JNode, pointer: string): unknown => {
    switch (node.kind) {
      case 'object': {
        const obj: Record<string, unknown> = {};
        for (const m of node.members) {
          // A key with tags in it has a name we cannot know: leave it out of the shape.
          if (m.dynamic) continue;
          const p = `${pointer}/${escapePointer(m.key)}`;
          byPointer.set(p, { node: m.value, keyStart: m.keyStart });
          obj[m.key] = walk(m.value, p);
        }
        return obj;
      }
      case 'array':
        return node.elements.map((el, i) => {
          const p = `${pointer}/${i}`;
          byPointer.set(p, { node: el, fromLoop: node.fromLoop[i] });
          return walk(el, p);
        });
      case 'string':
        // The tags stay in the text, so schema messages can say "remove the quotes around the tag".
        return node.lexeme.template;
      case 'literal':
        return node.value;
      case 'tag':
        return node.token.type === 'var' ? unquotedStandIn(node.token.contents) : 1;
    }
  };
  if (!root) return { value: undefined, byPointer };
  byPointer.set('', { node: root });
  return { value: walk(root, ''), byPointer, root };
}

/**
 * Where a pointer is in the body: itself, or for a rendered array index past the template's elements the loop
 * element that produced it, or else its nearest ancestor (a missing required key points at its parent).
 */
export function locate(shape: Shape, pointer: string): { located?: Located; exact: boolean } {
  const segs = pointerSegments(pointer);
  let best: Located | undefined = shape.byPointer.get('');
  let cur = '';
  let exact = segs.length === 0;
  for (let i = 0; i < segs.length; i++) {
    let seg = segs[i]!;
    const parent = shape.byPointer.get(cur)?.node;
    if (parent?.kind === 'array' && /^\d+$/.test(seg) && Number(seg) >= parent.elements.length) {
      const loopIdx = parent.fromLoop.lastIndexOf(true);
      if (loopIdx >= 0) seg = String(loopIdx);
    }
    const next = `${cur}/${escapePointer(seg)}`;
    const found = shape.byPointer.get(next);
    if (!found) return { located: best, exact: false };
    best = found;
    cur = next;
    exact = i === segs.length - 1;
  }
  return { located: best, exact };
}

/** The innermost JSON pointer whose value (or member, key included) contains `offset`. */
export function pointerAt(shape: Shape, offset: number): string {
  let best = '';
  let bestLen = Infinity;
  for (const [p, loc] of shape.byPointer) {
    const start = loc.keyStart ?? loc.node.start;
    const end = loc.node.end;
    if (offset >= start && offset < end && end - start <= bestLen) {
      best = p;
      bestLen = end - start;
    }
  }
  return best;
}

/**
 * pointerAt for many offsets of one shape, each in O(log members + depth) instead of a pass over every member.
 * The spans nest (a member's key and value lie inside its parent's), so the innermost span holding an offset is
 * the last one starting at or before it that still holds it, or one of that span's ancestors. The index is built
 * on the first lookup: most bodies have no finding to place, and a large body has many spans.
 */
export function pointerIndex(shape: Shape): (offset: number) => string {
  let lookup: ((offset: number) => string) | undefined;
  return (offset) => {
    lookup ??= buildPointerIndex(shape);
    return lookup(offset);
  };
}

function buildPointerIndex(shape: Shape): (offset: number) => string {
  const spans = [...shape.byPointer].map(([p, loc], i) => ({
    p,
    i,
    start: loc.keyStart ?? loc.node.start,
    end: loc.node.end,
    parent: -1,
  }));
  // Outer spans first where they start together; among equal spans the later one wins, as in pointerAt.
  spans.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start) || a.i - b.i);
  const open: number[] = [];
  spans.forEach((sp, k) => {
    while (
      open.length &&
      !(sp.start >= spans[open[open.length - 1]!]!.start && sp.end <= spans[open[open.length - 1]!]!.end)
    )
      open.pop();
    sp.parent = open.length ? open[open.length - 1]! : -1;
    open.push(k);
  });
  return (offset) => {
    let lo = 0;
    let hi = spans.length - 1;
    let k = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (spans[mid]!.start <= offset) {
        k = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    while (k >= 0 && !(offset < spans[k]!.end)) k = spans[k]!.parent;
    return k >= 0 ? spans[k]!.p : '';
  };
}

/** Reads a value by pointer. */
export function getAt(value: unknown, pointer: string): unknown {
  let cur = value;
  for (const seg of pointerSegments(pointer)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

/** A copy of `value` with the value at `pointer` replaced. */
export function setAt(value: unknown, pointer: string, replacement: unknown): unknown {
  const segs = pointerSegments(pointer);
  if (segs.length === 0) return replacement;
  const copy = structuredClone(value) as Record<string, unknown>;
  let cur: Record<string, unknown> = copy;
  for (const seg of segs.slice(0, -1)) cur = cur[seg] as Record<string, unknown>;
  cur[segs[segs.length - 1]!] = replacement;
  return copy;
}
