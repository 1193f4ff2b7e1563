/**
 * From what the user asked for (`PATH[=NAME]`) to mappings: each path parsed, resolved in the sample, typed,
 * expanded when it names an object, and given the template that renders it.
 * Over 300 lines: one pass from request to mapping, with the refusal and its fix at each step.
 */
import { UserError } from '../errors.js';
import type { Problem } from '../problem.js';
import {
  defaultName,
  formatPath,
  listFields,
  parsePath,
  PathNotFoundError,
  resolvePath,
  splitMapping,
  type FieldPath,
  type PathSegment,
  type FieldType,
} from '../paths/index.js';
import { presenceExpression, textValueTemplate, valueTemplate, type EscapeMode } from '../template/value.js';
import { endsBlockTag, presentCondition } from '../template/expression.js';

/** A field as the user names it: `"$extra.line_items[*].sku=SKUs"` or `{from, to}`. */
export type FieldRequest = string | { from: string; to?: string };

export interface FieldMapping {
  from: string;
  to: string;
  type: FieldType;
  /** Template text that renders the value as JSON, for any event. */
  template: string;
  /** The same, for use under `{% if presentWhen %}` (no fallback for a missing value). */
  presentTemplate: string;
  /** `{% if %}` condition under which the value is present (used where a missing field must leave no key). */
  presentWhen: string;
  /** The expression whose presence `presentWhen` tests (`presentWhen` is `presentCondition(presentValue)`). */
  presentValue: string;
  /** The path was not in the sample (allowed by --allow-missing); its type was assumed. */
  assumed?: boolean;
  /** Editor-safe output: `template` (and `presentTemplate`) render the value as one JSON string, its text. */
  asText?: boolean;
  /** Why `presentWhen` cannot be used (a key holds "%}", which no `{% if %}` can read): guarded bodies refuse it. */
  unguardable?: string;
}

/** `m.presentWhen`, for a body that writes the member only when the value is present. */
export function guardOf(m: FieldMapping): string {
  if (m.unguardable !== undefined) throw new UserError(m.unguardable);
  return m.presentWhen;
}

/** `m.presentValue`, for a body that writes the member only when the value is present. */
export function presentValueOf(m: FieldMapping): string {
  if (m.unguardable !== undefined) throw new UserError(m.unguardable);
  return m.presentValue;
}

export interface MappingOptions {
  escape: EscapeMode;
  allowMissing: boolean;
  /** What the names are for, in messages: "event property", "profile property". */
  targetLabel: string;
  /** Editor-safe output: every value as one JSON string (lists joined with `separator`). */
  editorSafe?: { separator: string };
  /**
   * Paths relative to each element of a list (`--each`): resolved in the sample under `list` (a path ending in
   * [*]), read in the template from the loop variable `variable`; nested value loops then start at `item2`.
   */
  element?: { list: FieldPath; variable: string };
  /** Loop depth of the value templates' own loops (1: `item`; 2: `item2`, inside an outer loop). */
  depth?: number;
  /** Numbers and booleans rendered without `{% if %}` (values repeated in a loop body; see branchFreeScalar). */
  branchFree?: boolean;
  /**
   * Requests already resolved against the same sample (one generate() run shares one), so a field named by many
   * webhooks is resolved, typed and templated once. Its entries are never modified.
   */
  cache?: MappingCache;
}

/** Resolved requests, by request and options (see MappingOptions.cache). Only successes are kept. */
export type MappingCache = Map<
  string,
  { readonly mappings: readonly FieldMapping[]; readonly problems: readonly Problem[] }
>;

/** Resolves a path, relative to the elements of `element.list` when given (one list level less). */
function resolveIn(
  sample: unknown,
  path: FieldPath,
  element: MappingOptions['element'],
): ReturnType<typeof resolvePath> {
  if (!element) return resolvePath(sample, path);
  let resolved: ReturnType<typeof resolvePath>;
  try {
    resolved = resolvePath(sample, [...element.list, ...path]);
  } catch (err) {
    if (err instanceof PathNotFoundError)
      throw new PathNotFoundError(
        `${err.message} (paths are relative to each element of --each "${formatPath(element.list)}")`,
        err.suggestions,
      );
    throw err;
  }
  const type = resolved.type.kind === 'list' ? resolved.type.of : resolved.type;
  return { type, values: resolved.values };
}

/** Characters that would open a template tag inside the JSON text of a name. */
// Names are JSON text outside any tag, where only an opener starts one: `}}`, `%}` and `#}` there are plain text.
const TAG_OPENERS = /\{\{|\{%|\{#/;

export function normalizeRequest(request: FieldRequest): { from: string; to: string | undefined } {
  if (typeof request === 'string') {
    const { path, name } = splitMapping(request);
    return { from: path, to: name };
  }
  return { from: request.from, to: request.to };
}

export function checkTargetName(name: string, label: string): void {
  if (name.trim() === '') throw new UserError(`empty ${label} name; write PATH=NAME with a non-empty NAME`);
  const bad = TAG_OPENERS.exec(name);
  if (bad)
    throw new UserError(
      `${label} name ${JSON.stringify(name)} contains "${bad[0]}", which Klaviyo would read as a template tag; choose another name`,
    );
}

export function resolveMappings(
  sample: unknown,
  requests: readonly FieldRequest[],
  options: MappingOptions,
): { mappings: FieldMapping[]; problems: Problem[] } {
  const mappings: FieldMapping[] = [];
  const problems: Problem[] = [];
  const byName = new Map<string, string>();
  const add = (m: FieldMapping) => {
    const earlier = byName.get(m.to);
    if (earlier !== undefined)
      throw new UserError(
        `two fields map to the ${options.targetLabel} "${m.to}" (${earlier} and ${m.from}); give one of them another name with PATH=NAME`,
      );
    byName.set(m.to, m.from);
    mappings.push(m);
  };
  const { cache, ...keyed } = options;
  const optionsKey = cache ? JSON.stringify(keyed) : '';
  for (const request of requests) {
    const key = cache ? `${optionsKey}\u0000${JSON.stringify(request)}` : '';
    const known = cache?.get(key);
    if (known) {
      problems.push(...known.problems);
      for (const m of known.mappings) add(m);
      continue;
    }
    // Recorded as it goes, so errors come in the same order as without a cache; kept once the request resolved.
    const resolved = { mappings: [] as FieldMapping[], problems: [] as Problem[] };
    resolveRequest(sample, request, keyed, {
      add: (m) => {
        add(m);
        resolved.mappings.push(m);
      },
      warn: (p) => {
        problems.push(p);
        resolved.problems.push(p);
      },
    });
    cache?.set(key, resolved);
  }
  return { mappings, problems };
}

/** One request's mappings (several when it names an object) and warnings, handed to `out` in order. */
function resolveRequest(
  sample: unknown,
  request: FieldRequest,
  options: MappingOptions,
  out: { add(m: FieldMapping): void; warn(p: Problem): void },
): void {
  const { add } = out;
  const { from, to } = normalizeRequest(request);
  const path = parsePath(from);
  if (to !== undefined) checkTargetName(to, options.targetLabel);
  let type: FieldType;
  let assumed = false;
  try {
    type = resolveIn(sample, path, options.element).type;
  } catch (err) {
    if (!(err instanceof PathNotFoundError) || !options.allowMissing) throw err;
    type = { kind: 'string' };
    for (let i = path.filter((s) => s.kind === 'each').length; i > 0; i--) type = { kind: 'list', of: type };
    assumed = true;
    out.warn({
      severity: 'warning',
      message: `"${from}" is not in the sample; it is mapped as ${type.kind === 'list' ? 'a list of text' : 'text'} — check the name against a real event`,
      at: '',
    });
  }
  const fields = expand((p) => resolveIn(sample, p, options.element), path, type, to);
  const root = options.element?.variable ?? 'event';
  const depth = options.depth ?? 1;
  for (const field of fields) {
    const where = `field "${formatPath(field.path)}"`;
    // "%}" in a key: only {{ }} tags can read it (template/expression.ts).
    const variableOnly = field.path.some((s) => s.kind === 'key' && endsBlockTag(s.key));
    // An unreadable key is the root cause when its default name is refused too: report it first.
    presenceExpression(root, field.path, where, variableOnly);
    checkTargetName(field.name, options.targetLabel);
    if (field.type.kind === 'null') {
      out.warn({
        severity: 'warning',
        message: `"${formatPath(field.path)}" is null or empty in the sample, so its type is unknown; it is sent as text`,
        at: '',
      });
    }
    const valueType = field.type.kind === 'null' ? { kind: 'string' as const } : field.type;
    const valueOptions = {
      escape: options.escape,
      where,
      ...(options.branchFree ? { branchFree: true } : {}),
      ...(variableOnly ? { variableOnly } : {}),
    };
    // Keep the user's spelling unless the path was expanded into other fields (an object's leaves).
    const expanded = fields.length > 1 || field.path.slice(path.length).some((seg) => seg.kind !== 'each');
    const names = { from: expanded ? formatPath(field.path) : from, to: field.name, type: valueType };
    let presentValue = '';
    let unguardable: string | undefined;
    try {
      presentValue = presenceExpression(root, field.path, where);
    } catch (err) {
      if (!(err instanceof UserError) || !variableOnly) throw err;
      unguardable = err.message;
    }
    const guard = {
      presentWhen: unguardable === undefined ? presentCondition(presentValue) : '',
      presentValue,
      ...(unguardable !== undefined ? { unguardable } : {}),
    };
    if (options.editorSafe) {
      const text = textValueTemplate(root, field.path, valueType, {
        ...valueOptions,
        separator: options.editorSafe.separator,
      });
      add({ ...names, template: text, presentTemplate: text, ...guard, asText: true, ...(assumed ? { assumed } : {}) });
      continue;
    }
    add({
      ...names,
      template: valueTemplate(root, field.path, valueType, valueOptions, depth),
      presentTemplate: valueTemplate(root, field.path, valueType, { ...valueOptions, present: true }, depth),
      ...guard,
      ...(assumed ? { assumed } : {}),
    });
  }
}

/**
 * A list of scalars becomes a [*] path (a JSON list); an object expands to one field per leaf, named
 * "<name> <leaf key>"; a [*] path to objects is refused, since each element would need a name of its own.
 */
function expand(
  resolve: (path: FieldPath) => ReturnType<typeof resolvePath>,
  path: FieldPath,
  type: FieldType,
  name: string | undefined,
): Array<{ path: FieldPath; type: FieldType; name: string }> {
  const base = name ?? defaultName(path);
  let leafType = type;
  while (leafType.kind === 'list') leafType = leafType.of;
  if (leafType.kind !== 'object') {
    // A list-valued field read without [*] is looped over like [*], once per list level.
    let p = path;
    let t = type;
    let depth = path.filter((s) => s.kind === 'each').length;
    while (t.kind === 'list') {
      if (depth > 0) depth--;
      else p = [...p, { kind: 'each' }];
      t = t.of;
    }
    return [{ path: p, type, name: base }];
  }
  if (type.kind === 'list') {
    // One [*] per list level the path does not already loop over, then a plain field of the first element.
    const p: PathSegment[] = [...path];
    let t: FieldType = type;
    let depth = path.filter((s) => s.kind === 'each').length;
    while (t.kind === 'list') {
      if (depth > 0) depth--;
      else p.push({ kind: 'each' });
      t = t.of;
    }
    // Quoted for a shell (single quotes keep a $ key from being expanded), as the user will paste them.
    const quote = (text: string) => (text.includes("'") ? JSON.stringify(text) : `'${text}'`);
    const element = firstObject(resolve(path).values);
    const fields = listFields(element ?? {}).filter(
      (f) => !f.path.some((s) => s.kind === 'each') && f.type.kind !== 'object',
    );
    // A SKU is what people most often want from a line item; otherwise the element's first plain fields.
    const picks = [
      ...fields.filter((f) => /^sku$/i.test(formatPath(f.path))),
      ...fields.filter((f) => !/^sku$/i.test(formatPath(f.path))),
    ].slice(0, 2);
    const examples = picks.map((f) => quote(formatPath([...p, ...f.path])));
    const each = formatPath(p);
    throw new UserError(
      `"${formatPath(path)}" is a list of objects; pick a field of its elements, e.g. ${examples.join(' or ') || quote(`${each}.KEY`)} (sent as a list), or make one event per element with --each ${quote(each)} (or add to a profile list with --append PATH=NAME)`,
    );
  }
  const value = resolve(path).values.find((v) => typeof v === 'object' && v !== null);
  const leaves = listFields(value ?? {}).filter((f) => !f.path.some((s) => s.kind === 'each'));
  if (leaves.length === 0)
    throw new UserError(`"${formatPath(path)}" is an empty object in the sample; map its fields by path instead`);
  return leaves.map((f) => {
    // A list leaf (an empty list: a list of values is listed element by element) is read with [*], as a list field
    // named directly is, so it is sent as a list rather than as the text of one.
    let leaf = [...path, ...f.path];
    for (let t = f.type; t.kind === 'list'; t = t.of) leaf = [...leaf, { kind: 'each' as const }];
    return {
      path: leaf,
      type: f.type,
      name: `${base} ${f.path.map((s) => (s.kind === 'key' ? s.key : s.kind === 'index' ? String(s.index) : '*')).join(' ')}`,
    };
  });
}

/** The first object in a sample's values, looking inside lists (iteratively: a sample may nest lists 50,000 deep). */
function firstObject(values: readonly unknown[]): object | undefined {
  const stack: unknown[] = [...values].reverse();
  while (stack.length) {
    const v = stack.pop();
    if (Array.isArray(v)) for (let i = v.length - 1; i >= 0; i--) stack.push(v[i]);
    else if (typeof v === 'object' && v !== null) return v;
  }
  return undefined;
}
