/** Resolving a field path in a sample event: its type, example values, or an error that says what is there. */
import { UserError } from '../errors.js';
import { closest } from '../util.js';
import { formatPath, type FieldPath } from './syntax.js';
import { mergeTypes, typeOfValue, type FieldType } from './types.js';

export interface ResolvedField {
  /** The type the path yields: a [*] path yields a list. `null` when no value was seen (empty list, null). */
  type: FieldType;
  /** The values found at the leaf (flattened across [*]), in order. */
  values: unknown[];
}

export class PathNotFoundError extends UserError {
  readonly suggestions: string[];
  constructor(message: string, suggestions: string[]) {
    super(message);
    this.name = 'PathNotFoundError';
    this.suggestions = suggestions;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function kindOf(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'null';
  if (isObject(v)) return 'an object';
  return `a ${typeof v}`;
}

/** Where step `i` of `path` stands, in messages. */
function placeText(path: FieldPath, i: number): string {
  return formatPath(path.slice(0, i)) || 'the sample root';
}

export function resolvePath(sample: unknown, path: FieldPath): ResolvedField {
  let frontier: unknown[] = [sample];
  let eachDepth = 0;
  // The path's texts (formatPath, placeText) are for error messages only: printed when one is thrown, not on every
  // step (generate resolves every field of every webhook).
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    const next: unknown[] = [];
    if (seg.kind === 'key') {
      const objects = frontier.filter(isObject);
      for (const o of objects) if (Object.hasOwn(o, seg.key)) next.push(o[seg.key]);
      if (next.length === 0 && frontier.length > 0) {
        if (objects.length === 0) {
          const first = frontier.find((v) => v !== null) ?? frontier[0];
          const hint = Array.isArray(first) ? '; use [0] for one element or [*] for every element' : '';
          throw new PathNotFoundError(
            `field path "${formatPath(path)}": ${placeText(path, i)} is ${kindOf(first)}, so it has no key "${seg.key}"${hint}`,
            [],
          );
        }
        const keys = new Set(objects.flatMap((o) => Object.keys(o)));
        const prefix = path.slice(0, i);
        const suggestions = closest(seg.key, keys).map((k) =>
          formatPath([...prefix, { kind: 'key', key: k }, ...path.slice(i + 1)]),
        );
        const didYouMean = suggestions.length ? `; did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?` : '';
        throw new PathNotFoundError(
          `field path "${formatPath(path)}" is not in the sample: ${i === 0 ? 'the sample' : placeText(path, i)} has no key "${seg.key}"${didYouMean} (or pass --allow-missing to map it anyway)`,
          suggestions,
        );
      }
    } else {
      const lists = frontier.filter(Array.isArray);
      if (lists.length === 0 && frontier.length > 0) {
        const first = frontier.find((v) => v !== null) ?? frontier[0];
        const what = seg.kind === 'each' ? '[*]' : `[${seg.index}]`;
        const hint = isObject(first) ? '; use .key to reach one of its fields' : '';
        throw new PathNotFoundError(
          `field path "${formatPath(path)}": ${placeText(path, i)} is ${kindOf(first)}, not a list, so ${what} does not apply${hint}`,
          [],
        );
      }
      if (seg.kind === 'each') {
        eachDepth++;
        // A loop, not push(...l): a list of 130,000+ elements would overflow the stack as arguments.
        for (const l of lists) for (const x of l) next.push(x);
      } else {
        for (const l of lists) if (seg.index < l.length) next.push(l[seg.index]);
        if (next.length === 0 && lists.length > 0) {
          const longest = lists.reduce((m, l) => Math.max(m, l.length), 0);
          throw new PathNotFoundError(
            `field path "${formatPath(path)}": ${placeText(path, i)} has ${longest} element${longest === 1 ? '' : 's'}, so [${seg.index}] is past its end (or pass --allow-missing)`,
            [],
          );
        }
      }
    }
    frontier = next;
  }
  let type = mergeTypes(frontier.map((v) => typeOfValue(v)));
  for (let d = 0; d < eachDepth; d++) type = { kind: 'list', of: type };
  return { type, values: frontier };
}
