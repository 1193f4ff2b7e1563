/** The list an `--each` webhook makes one event per element of, and the fields of its elements. */
import { UserError } from '../errors.js';
import type { FieldRequest } from '../mapping/index.js';
import { describeType, listFields, parsePath, PathNotFoundError, resolvePath, type FieldPath } from '../paths/index.js';

/** The --each path: one list, its elements read with [*] (a list path without [*] is taken as one). */
export function eachListPath(
  text: string,
  sample: Record<string, unknown>,
  allowMissing: boolean,
): { path: FieldPath; elements: unknown[] | undefined } {
  let path = parsePath(text);
  const eachAt = path.findIndex((s) => s.kind === 'each');
  if (eachAt >= 0 && eachAt !== path.length - 1)
    throw new UserError(
      `--each "${text}" must end at the list, with one [*] at the end (e.g. "$extra.line_items[*]"); pick a field of each element with --promote instead`,
    );
  let resolved: ReturnType<typeof resolvePath>;
  try {
    resolved = resolvePath(sample, eachAt < 0 ? path : path.slice(0, -1));
  } catch (err) {
    if (err instanceof PathNotFoundError && allowMissing)
      return { path: eachAt < 0 ? [...path, { kind: 'each' }] : path, elements: undefined };
    throw err;
  }
  const value = resolved.values[0];
  if (resolved.values.length !== 1 || !Array.isArray(value)) {
    const what = resolved.values.length === 1 ? describeType(resolved.type) : 'several values';
    throw new UserError(
      `--each "${text}" is ${what} in the sample, not a list: name a list of objects, e.g. "$extra.line_items[*]"`,
    );
  }
  if (eachAt < 0) path = [...path, { kind: 'each' }];
  const notObject = value.find((v) => typeof v !== 'object' || v === null || Array.isArray(v));
  if (notObject !== undefined)
    throw new UserError(
      `--each "${text}" holds ${describeType(resolvePath(notObject, []).type)} elements; it must be a list of objects (each element's fields become an event's properties) — to send a list of values, use --promote "${text}" on a Create Event`,
    );
  return { path, elements: value };
}

/** Every leaf field of the sample's elements, named by its keys joined with spaces (as object expansion names them). */
export function elementLeafFields(elements: readonly unknown[]): FieldRequest[] {
  const seen = new Map<string, FieldRequest>();
  for (const el of elements) {
    for (const f of listFields(el)) {
      // An empty list (no [*] field under it) has no fields to send; a list of values is sent by index, as object expansion does.
      if (
        f.path.length === 0 ||
        f.path.some((s) => s.kind === 'each') ||
        f.type.kind === 'object' ||
        f.type.kind === 'list' ||
        seen.has(f.text)
      )
        continue;
      seen.set(f.text, {
        from: f.text,
        to: f.path.map((s) => (s.kind === 'key' ? s.key : s.kind === 'index' ? String(s.index) : '*')).join(' '),
      });
    }
  }
  return [...seen.values()];
}
