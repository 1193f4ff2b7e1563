/** What the property suites share: run count, profile, the official-spec validators, field picking and reading. */
import Ajv from 'ajv';
import { runs } from '../support/depth.js';
import type { EndpointId } from '../../src/klaviyo/endpoints.js';
import { requestSchemaFromOpenApi } from '../../src/klaviyo/openapi-schema.js';
import { listFields, type FieldInfo, type FieldPath } from '../../src/paths/index.js';
import { loadSpec } from '../klaviyo/fixtures.js';

export const RUNS = runs(100, 1000);
export const PERSON = { KlaviyoID: '01HZX4Q2R8ABCDEF', email: 'sarah.mason@klaviyo-demo.com', first_name: 'Sarah' };

/** Refusals the tool documents for inputs no Klaviyo template can handle; anything else is a failure. */
export const DOCUMENTED_REFUSAL =
  /no template can read it|which ends a Klaviyo \{% %\} tag|would read as a template tag|two fields map to|is a list of objects|is an empty object|empty .* name/;

const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true, validateFormats: false });
const compiled = new Map<EndpointId, ReturnType<typeof ajv.compile>>();

/** The official 2026-07-15 request schema of an endpoint (plus the unknown-keys rule), compiled once. */
export function officialValidator(endpoint: EndpointId) {
  let v = compiled.get(endpoint);
  if (!v) {
    v = ajv.compile(requestSchemaFromOpenApi(loadSpec('2026-07-15'), endpoint));
    compiled.set(endpoint, v);
  }
  return v;
}

export type Selection = { field: FieldInfo; name: string };

/** Fields of the sample chosen by random indexes, each with a name built from the random names. */
export function pickFields(sample: Record<string, unknown>, picks: number[], names: string[]): Selection[] {
  const fields = listFields(sample).filter((f) => f.path.length > 0);
  const chosen = new Map<string, Selection>();
  picks.forEach((p, i) => {
    const f = fields[p % Math.max(1, fields.length)];
    if (f && !chosen.has(f.text)) chosen.set(f.text, { field: f, name: `${names[i % names.length]}${i}` });
  });
  return [...chosen.values()];
}

/** The value at a path (undefined when missing); [*] maps over a list. */
export function at(value: unknown, path: FieldPath): unknown {
  if (path.length === 0) return value;
  const [s, ...rest] = path;
  if (s!.kind === 'each') return Array.isArray(value) ? value.map((v) => at(v, rest)) : undefined;
  if (s!.kind === 'index') return Array.isArray(value) ? at(value[s!.index], rest) : undefined;
  // Django reads a numeric key of a list as an index (item.0), as Klaviyo does.
  if (Array.isArray(value)) return /^\d+$/.test(s!.key) ? at(value[Number(s!.key)], rest) : undefined;
  return value !== null && typeof value === 'object' && Object.hasOwn(value, s!.key)
    ? at((value as Record<string, unknown>)[s!.key], rest)
    : undefined;
}

export function listDepth(t: FieldInfo['type']): number {
  return t.kind === 'list' ? 1 + listDepth(t.of) : 0;
}

/** The scalar type under any list levels; a field only ever null is sent as text. */
export function leafType(f: FieldInfo): string {
  let t = f.type;
  while (t.kind === 'list') t = t.of;
  return t.kind === 'null' ? 'string' : t.kind;
}

/** The rendering event: the sample with some selected fields removed (even drops) or nulled (odd drops). */
export function lacking(
  sample: Record<string, unknown>,
  selections: Selection[],
  drops: number[],
): Record<string, unknown> {
  const copy = structuredClone(sample);
  drops.forEach((d, i) => {
    const sel = selections[d % Math.max(1, selections.length)];
    const first = sel?.field.path[0];
    if (first?.kind === 'key') {
      if (i % 2 === 0) delete copy[first.key];
      else copy[first.key] = null;
    }
  });
  return copy;
}
