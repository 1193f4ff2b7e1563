/** JSON types as a mapping needs them: lists carry the type of their elements. */
export type FieldType =
  | { kind: 'string' }
  | { kind: 'number' }
  | { kind: 'boolean' }
  | { kind: 'null' }
  | { kind: 'object' }
  | { kind: 'list'; of: FieldType };

export const STRING: FieldType = { kind: 'string' };
export const NULL: FieldType = { kind: 'null' };

/** Lists nested deeper than this are typed as objects (and refused as fields) rather than walked. */
const MAX_LIST_NESTING = 64;

export function typeOfValue(value: unknown, depth = 0): FieldType {
  if (value === null || value === undefined) return NULL;
  if (typeof value === 'string') return STRING;
  if (typeof value === 'number') return { kind: 'number' };
  if (typeof value === 'boolean') return { kind: 'boolean' };
  if (Array.isArray(value)) {
    if (depth >= MAX_LIST_NESTING) return { kind: 'object' };
    return { kind: 'list', of: mergeTypes(value.map((v) => typeOfValue(v, depth + 1))) };
  }
  return { kind: 'object' };
}

/**
 * One type for values seen in several places (list elements, several events). null gives way to anything;
 * differing scalars become string, because text is the only form every scalar can be rendered into safely.
 */
export function mergeTypes(types: readonly FieldType[]): FieldType {
  let merged: FieldType = NULL;
  for (const t of types) {
    if (t.kind === 'null') continue;
    if (merged.kind === 'null') merged = t;
    else if (merged.kind === 'list' && t.kind === 'list') merged = { kind: 'list', of: mergeTypes([merged.of, t.of]) };
    else if (merged.kind !== t.kind)
      merged = merged.kind === 'object' || t.kind === 'object' ? { kind: 'object' } : STRING;
  }
  return merged;
}

/** `string`, `number`, `list of string`, … as shown to users and in `--format json` ("list" there). */
export function describeType(type: FieldType): string {
  return type.kind === 'list' ? `list of ${describeType(type.of)}` : type.kind;
}
