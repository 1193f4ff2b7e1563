/**
 * The sample's fields as users pick them: every leaf with its path, type and an example value, plus a [*] entry
 * for each field of list elements (`$extra.line_items[*].sku → list of string`). Walks iteratively-bounded:
 * deeper than MAX_DEPTH is listed as an object rather than walked, so huge or hostile samples cannot overflow.
 */
import { formatPath, type FieldPath, type PathSegment } from './syntax.js';
import { resolvePath } from './resolve.js';
import { typeOfValue, type FieldType } from './types.js';

export interface FieldInfo {
  path: FieldPath;
  /** The path as users write it. */
  text: string;
  type: FieldType;
  /** A value from the sample (the first element's for [*] paths). */
  example: unknown;
  /** For [*] paths: how many values the sample has there. */
  count?: number;
}

export const MAX_DEPTH = 32;

export function listFields(sample: unknown, maxFields = 5000): FieldInfo[] {
  const out: FieldInfo[] = [];
  const wildcards = new Set<string>();
  const visit = (value: unknown, path: PathSegment[], depth: number): void => {
    if (out.length >= maxFields) return;
    const isObj = typeof value === 'object' && value !== null;
    if (!isObj || depth >= MAX_DEPTH || (Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0)) {
      // Past MAX_DEPTH the object is listed but not shown: printing it could be as deep as the sample.
      if (path.length)
        out.push({
          path,
          text: formatPath(path),
          type: typeOfValue(value),
          example: isObj && depth >= MAX_DEPTH ? undefined : value,
        });
      return;
    }
    if (Array.isArray(value)) {
      // A list of scalars is one field; a list of objects offers [*] wildcards for its elements' fields.
      if (value.every((v) => typeof v !== 'object' || v === null)) {
        out.push({ path, text: formatPath(path), type: typeOfValue(value), example: value, count: value.length });
        return;
      }
      addWildcards(value, path, depth);
      value.forEach((v, index) => {
        visit(v, [...path, { kind: 'index', index }], depth + 1);
      });
      return;
    }
    for (const [key, v] of Object.entries(value)) visit(v, [...path, { kind: 'key', key }], depth + 1);
  };
  const addWildcards = (list: unknown[], path: PathSegment[], depth: number): void => {
    const each: PathSegment[] = [...path, { kind: 'each' }];
    const keys = new Set<string>();
    for (const el of list)
      if (typeof el === 'object' && el !== null && !Array.isArray(el)) for (const k of Object.keys(el)) keys.add(k);
    for (const key of keys) {
      const leafPaths = leafPathsUnder(list, key, depth);
      for (const rest of leafPaths) {
        const p: PathSegment[] = [...each, { kind: 'key', key }, ...rest];
        const text = formatPath(p);
        if (wildcards.has(text) || p.filter((s) => s.kind === 'each').length > 1) continue;
        wildcards.add(text);
        const resolved = resolvePath({ root: list }, [
          { kind: 'key', key: 'root' },
          { kind: 'each' },
          { kind: 'key', key },
          ...rest,
        ]);
        out.push({ path: p, text, type: resolved.type, example: resolved.values[0], count: resolved.values.length });
      }
    }
  };
  visit(sample, [], 0);
  return out;
}

/** Relative paths (keys only) to the scalar leaves under `key` in any element of the list. */
function leafPathsUnder(list: unknown[], key: string, depth: number): PathSegment[][] {
  const seen = new Map<string, PathSegment[]>();
  const walk = (value: unknown, rel: PathSegment[], d: number): void => {
    if (
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      d < MAX_DEPTH &&
      Object.keys(value).length
    ) {
      for (const [k, v] of Object.entries(value)) walk(v, [...rel, { kind: 'key', key: k }], d + 1);
      return;
    }
    if (Array.isArray(value) && value.some((v) => typeof v === 'object' && v !== null)) return; // lists of objects inside elements: pick by index
    seen.set(formatPath(rel), rel);
  };
  for (const el of list) {
    if (typeof el === 'object' && el !== null && !Array.isArray(el) && Object.hasOwn(el, key)) {
      walk((el as Record<string, unknown>)[key], [], depth);
    }
  }
  return [...seen.values()];
}

/** Depth of the deepest nesting, counted without recursion. */
export function nestingDepth(value: unknown): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (d > max) max = d;
    if (typeof v === 'object' && v !== null) for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return max;
}
