/**
 * ajv's errors → one Problem per body location, in words a marketer can act on, with the fix. Shared by the shipped
 * validators (schema.ts) and run-time OpenAPI checks (openapi.ts), so both read alike. Longer than most modules:
 * each kind of ajv error (unknown key, missing, type, enum, format, limit, oneOf/anyOf) has its own wording here.
 */
import type { Problem } from '../problem.js';
import { editDistance } from '../util.js';

/** The part of an ajv error object we read (kept local so ajv is not a run-time type dependency). */
export interface AjvErrorLike {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

export type Schema = Record<string, unknown>;

/** Where the schema for a body lives: `root` resolves `#/...` refs, `start` is the body's schema. */
export interface SchemaContext {
  root: Schema;
  start: Schema;
  /** The same endpoint at other revisions, to explain keys that only exist in one of them. */
  otherRevisions?: { revision: string; context: SchemaContext }[];
  /** The revision the body was checked against, for those explanations. */
  revision?: string;
}

interface Finding {
  at: string;
  kind: 'unknown' | 'missing' | 'type' | 'enum' | 'format' | 'limit' | 'alt' | 'other';
  error: AjvErrorLike;
}

/**
 * Turns ajv's errors (allErrors mode) into one Problem per body location: the most useful message, with the fix.
 * oneOf/anyOf cascades collapse into their branches' deepest errors or a single merged type message.
 */
export function problemsFromAjvErrors(
  errors: readonly AjvErrorLike[],
  body: unknown,
  context: SchemaContext,
): Problem[] {
  const byAt = new Map<string, Finding[]>();
  for (const error of errors) {
    const finding = toFinding(error);
    const list = byAt.get(finding.at) ?? [];
    list.push(finding);
    byAt.set(finding.at, list);
  }
  const locations = [...byAt.keys()];
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const [at, findings] of byAt) {
    const message = messageFor(at, findings, locations, body, context);
    if (message === undefined) continue;
    const key = `${at}\n${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ severity: 'error', message, at });
  }
  return problems;
}

function toFinding(error: AjvErrorLike): Finding {
  const p = error.params;
  switch (error.keyword) {
    case 'additionalProperties':
      return { at: childPointer(error.instancePath, String(p.additionalProperty)), kind: 'unknown', error };
    case 'required':
      return { at: childPointer(error.instancePath, String(p.missingProperty)), kind: 'missing', error };
    case 'type':
      return { at: error.instancePath, kind: 'type', error };
    case 'enum':
    case 'const':
      return { at: error.instancePath, kind: 'enum', error };
    case 'format':
      return { at: error.instancePath, kind: 'format', error };
    case 'maxLength':
    case 'maxProperties':
    case 'maxItems':
    case 'minLength':
    case 'minProperties':
    case 'minItems':
    case 'maximum':
    case 'minimum':
      return { at: error.instancePath, kind: 'limit', error };
    case 'oneOf':
    case 'anyOf':
      return { at: error.instancePath, kind: 'alt', error };
    default:
      return { at: error.instancePath, kind: 'other', error };
  }
}

function messageFor(
  at: string,
  findings: Finding[],
  locations: string[],
  body: unknown,
  context: SchemaContext,
): string | undefined {
  const segs = pointerSegments(at);
  const parentSegs = segs.slice(0, -1);
  const key = segs[segs.length - 1] ?? '';
  const name = fieldName(segs);
  const pick = (kind: Finding['kind']) => findings.find((f) => f.kind === kind);

  const unknown = pick('unknown');
  if (unknown) return unknownKeyMessage(key, parentSegs, context);

  const missing = pick('missing');
  if (missing) {
    // A near-miss key in the same object already gets "did you mean": don't also report the real key missing.
    const siblings = objectKeys(valueAt(body, parentSegs));
    if (siblings.some((k) => k !== key && normalizeKey(k) === normalizeKey(key))) return undefined;
    const where = parentSegs.length ? `in ${describePath(parentSegs)}` : 'at the top level';
    const schema = schemaAt(context, segs);
    const only = Array.isArray(schema?.enum) && schema.enum.length === 1 ? schema.enum[0] : undefined;
    const fix = only !== undefined ? ` — add "${key}": ${JSON.stringify(only)}` : '';
    return `missing required "${key}" ${where}${fix}`;
  }

  // A oneOf/anyOf whose branches failed deeper down: the deeper errors say what is wrong; drop the cascade here.
  const deeper = locations.some((l) => l.startsWith(`${at}/`));
  const alt = pick('alt');
  if (alt && deeper) return undefined;

  const value = valueAt(body, segs);
  const enumFinding = pick('enum');
  if (enumFinding) {
    const p = enumFinding.error.params;
    const allowed = (Array.isArray(p.allowedValues) ? p.allowedValues : [p.allowedValue]).filter((v) => v !== null);
    const list = allowed.map((v) => JSON.stringify(v));
    const must = list.length === 1 ? `must be ${list[0]}` : `must be one of ${list.join(', ')}`;
    return `${name} ${must} (not ${JSON.stringify(value)})`;
  }

  const types = findings.filter((f) => f.kind === 'type' || f.kind === 'alt');
  if (types.length && findings.some((f) => f.kind === 'type')) {
    const expected = new Set<string>();
    for (const f of findings)
      if (f.kind === 'type') for (const t of String(f.error.params.type).split(',')) expected.add(t);
    const parentSchema = schemaAt(context, parentSegs);
    const required = Array.isArray(parentSchema?.required) && parentSchema.required.includes(key);
    return typeMessage(name, [...expected], value, required);
  }

  if (isTemplated(value) && (pick('format') || pick('limit'))) return undefined; // known only once rendered

  const format = pick('format');
  if (format) {
    const f = String(format.error.params.format);
    if (f === 'date-time') {
      return `${name} must be a date and time like "2026-07-15T09:30:00+00:00" (ISO 8601), not ${JSON.stringify(value)}`;
    }
    return `${name} must be in ${f} format, not ${JSON.stringify(value)}`;
  }

  const limit = pick('limit');
  if (limit) return limitMessage(name, limit.error, value);

  if (alt) return `${name} does not match any form Klaviyo accepts here (${JSON.stringify(value)})`;
  const other = findings[0]!;
  return `${name} ${other.error.message ?? 'is not valid'}`;
}

const TYPE_WORDS: Record<string, string> = {
  object: 'an object',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  null: 'null',
};

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'number' ? 'number' : typeof value;
}

function typeMessage(name: string, expected: string[], value: unknown, required: boolean): string {
  const real = expected.filter((t) => t !== 'null');
  const words = real.map((t) => TYPE_WORDS[t] ?? t);
  let must = words.length > 1 ? `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}` : (words[0] ?? 'null');
  if (real.length && expected.includes('null')) must += ' (or null)';
  const actual = jsonType(value);
  const was = actual === 'null' || actual === 'boolean' ? String(value) : (TYPE_WORDS[actual] ?? actual);
  const head = `${name} must be ${must}, not ${was}`;

  let fix = '';
  if (actual === 'null') fix = required ? 'give it a value' : 'give it a value or leave the key out';
  else if (typeof value === 'string' && real.some((t) => t !== 'string')) {
    const t = value.trim();
    if (isTemplated(value) && (real.includes('number') || real.includes('boolean') || real.includes('integer'))) {
      fix = 'remove the quotes around the tag';
    } else if ((real.includes('number') || real.includes('integer')) && t !== '' && Number.isFinite(Number(t))) {
      fix = 'remove the quotes';
    } else if (real.includes('boolean') && (t === 'true' || t === 'false')) {
      fix = 'remove the quotes';
    } else if (real.includes('object') && isTemplated(value)) {
      fix = 'a tag renders Python text, not JSON: write the object out in the body';
    }
  } else if (real.includes('string') && (actual === 'number' || (actual === 'boolean' && real.length === 1))) {
    fix = 'put it in quotes';
  }
  return fix ? `${head} — ${fix}` : head;
}

function limitMessage(name: string, error: AjvErrorLike, value: unknown): string {
  const limit = error.params.limit as number;
  switch (error.keyword) {
    case 'maxLength':
      return `${name} is ${typeof value === 'string' ? [...value].length : '?'} characters long; Klaviyo allows at most ${limit} — shorten it`;
    case 'maxProperties':
      return `${name} has ${objectKeys(value).length} keys; Klaviyo allows at most ${limit} — remove some`;
    case 'maxItems':
      return `${name} has ${Array.isArray(value) ? value.length : '?'} items; Klaviyo allows at most ${limit}`;
    default:
      return `${name} ${error.message ?? 'is out of range'}`;
  }
}

const UNKNOWN = 'Klaviyo rejects keys the API does not define';

function unknownKeyMessage(key: string, objSegs: string[], context: SchemaContext): string {
  const head = `unknown key "${key}" ${objSegs.length ? `in ${describePath(objSegs)}` : 'at the top level'}: ${UNKNOWN}`;
  const objSchema = schemaAt(context, objSegs);
  const allowed = Object.keys(propertiesOf(objSchema));

  // Declared one level up or one level down (data.attributes.id → data.id; profile.data.meta → …attributes.meta).
  const homes: string[][] = [];
  if (objSegs.length) homes.push([...objSegs.slice(0, -1), key]);
  for (const child of allowed) homes.push([...objSegs, child, key]);
  for (const home of homes) {
    const parent = schemaAt(context, home.slice(0, -1));
    if (parent && key in propertiesOf(parent)) {
      const what = key === 'id' && isProfileResource(parent, context) ? 'the profile ID' : `"${key}"`;
      return `${head} — ${what} belongs at ${describePath(home)}; move it there`;
    }
  }

  for (const other of context.otherRevisions ?? []) {
    if (key in propertiesOf(schemaAt(other.context, objSegs))) {
      const newer = context.revision !== undefined && other.revision > context.revision;
      return newer
        ? `${head} — "${key}" exists from API revision ${other.revision}: raise the revision header to ${other.revision} or remove the key`
        : `${head} — "${key}" was accepted at API revision ${other.revision} but not at ${context.revision}: remove it`;
    }
  }

  const guess = closestKey(key, allowed);
  if (guess) return `${head} — did you mean "${guess}"?`;

  const open = allowed.find((k) => k === 'properties' && isOpen(schemaAt(context, [...objSegs, k])));
  if (open) return `${head} — custom fields go in ${describePath([...objSegs, open])}; move it there`;
  return `${head} — remove it`;
}

function isProfileResource(schema: Schema, context: SchemaContext): boolean {
  const type = deref(context, propertiesOf(schema).type as Schema | undefined);
  return Array.isArray(type?.enum) && type.enum.length === 1 && type.enum[0] === 'profile';
}

/** An object schema that takes any keys (event/profile `properties`, patch_properties.append …). */
function isOpen(schema: Schema | undefined): boolean {
  if (!schema) return false;
  const t = schema.type;
  const isObject = t === 'object' || (Array.isArray(t) && t.includes('object'));
  return isObject && !schema.properties && schema.additionalProperties !== false;
}

function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[\s_\-$]/g, '');
}

/** A declared key the user probably meant: same letters ignoring case/separators, or one or two typos away. */
function closestKey(key: string, allowed: string[]): string | undefined {
  const n = normalizeKey(key);
  const same = allowed.find((k) => normalizeKey(k) === n);
  if (same) return same;
  const budget = n.length >= 6 ? 2 : n.length >= 3 ? 1 : 0;
  let best: string | undefined;
  let bestDistance = budget + 1;
  for (const k of allowed) {
    const d = editDistance(n, normalizeKey(k));
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best;
}

// ---------------------------------------------------------------------------------------------------------------
// Pointers, body values and schema lookup.

function childPointer(pointer: string, key: string): string {
  return `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
}

function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/** `data.attributes.events-bulk-create.data[0]` — how the body path reads to a person. */
export function describePath(segs: readonly string[]): string {
  let out = '';
  for (const s of segs) {
    if (/^\d+$/.test(s)) out += `[${s}]`;
    else if (/^[\w$-]+$/.test(s)) out += out ? `.${s}` : s;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

function fieldName(segs: string[]): string {
  if (segs.length === 0) return 'the body';
  // A list item is named with its list: "unset[0]".
  let i = segs.length - 1;
  while (i > 0 && /^\d+$/.test(segs[i]!)) i--;
  return `"${describePath(segs.slice(i))}"`;
}

function valueAt(body: unknown, segs: readonly string[]): unknown {
  let v = body;
  for (const s of segs) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[s];
  }
  return v;
}

function objectKeys(value: unknown): string[] {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : [];
}

function isTemplated(value: unknown): boolean {
  return typeof value === 'string' && /\{\{|\{%/.test(value);
}

function propertiesOf(schema: Schema | undefined): Record<string, Schema> {
  return (schema?.properties as Record<string, Schema> | undefined) ?? {};
}

function deref(context: SchemaContext, schema: Schema | undefined): Schema | undefined {
  let s = schema;
  for (let i = 0; s && typeof s.$ref === 'string' && i < 32; i++) {
    const ref = s.$ref as string;
    if (!ref.startsWith('#')) return undefined;
    s = valueAt(context.root, pointerSegments(decodeURIComponent(ref.slice(1)))) as Schema | undefined;
  }
  return s;
}

/** The schema that applies at a body location (following properties, items, $ref and the branches of *Of). */
function schemaAt(context: SchemaContext, segs: readonly string[]): Schema | undefined {
  let s = deref(context, context.start);
  for (const seg of segs) {
    s = step(context, s, seg);
    if (!s) return undefined;
  }
  return s;
}

function step(context: SchemaContext, schema: Schema | undefined, seg: string): Schema | undefined {
  if (!schema) return undefined;
  const props = propertiesOf(schema);
  if (seg in props) return deref(context, props[seg]);
  if (/^\d+$/.test(seg) && schema.items && typeof schema.items === 'object')
    return deref(context, schema.items as Schema);
  for (const k of ['allOf', 'anyOf', 'oneOf']) {
    const branches = schema[k];
    if (!Array.isArray(branches)) continue;
    for (const b of branches) {
      const found = step(context, deref(context, b as Schema), seg);
      if (found) return found;
    }
  }
  return undefined;
}
