/**
 * Conformance: the validators the build compiles from the vendored specs (vendor/klaviyo-openapi, through the one
 * overlay in src/klaviyo/schema-overlay.ts) must accept and reject exactly what Klaviyo's official OpenAPI spec of
 * the same revision does — once given the rule Klaviyo's servers enforce (unknown keys rejected) — over a corpus of
 * valid bodies and invalid ones derived mechanically from the spec. The overlay's documented limits are the only
 * intended difference; tested on their own.
 */
import { afterAll, describe, expect, test } from 'vitest';
import Ajv from 'ajv';
import type { EndpointId } from '../../src/klaviyo/endpoints.js';
import { SCHEMA_REVISIONS, type SchemaRevision } from '../../src/klaviyo/revisions.js';
import { requestSchemaFromOpenApi } from '../../src/klaviyo/openapi-schema.js';
import { validatorFromOpenApi } from '../../src/klaviyo/openapi.js';
import { LIMITS } from '../../src/klaviyo/schema-overlay.js';
import { validateRequestBody } from '../../src/klaviyo/schema.js';
import formats from '../../src/klaviyo/schemas/formats.json' with { type: 'json' };
import { loadSpec, validBodies } from './fixtures.js';

type Json = Record<string, any>;
const ENDPOINT_IDS: EndpointId[] = ['profile-import', 'create-event', 'bulk-create-events'];

/** The shipped validator, through the product's own entry point: valid when it finds no problem. */
const shipped = (endpoint: EndpointId, revision: SchemaRevision) => (body: unknown) =>
  validateRequestBody(endpoint, revision, body).length === 0;

/** The spec's own request schema (unknown keys rejected, no overlay), compiled by ajv at test time. */
function officialValidator(endpoint: EndpointId, revision: SchemaRevision) {
  const schema = requestSchemaFromOpenApi(loadSpec(revision), endpoint);
  const ajv = new Ajv({
    allErrors: true,
    strict: false,
    allowUnionTypes: true,
    formats: { 'date-time': new RegExp(formats['date-time']) },
  });
  return ajv.compile(schema);
}

// ---- the mechanical corpus -------------------------------------------------------------------------------------

interface Case {
  name: string;
  body: unknown;
}

const clone = <T>(v: T): T => structuredClone(v);

function setAt(body: unknown, path: (string | number)[], value: unknown, remove = false): unknown {
  const out = clone(body) as Json;
  let node: any = out;
  for (const seg of path.slice(0, -1)) node = node[seg];
  const last = path[path.length - 1]!;
  if (remove) delete node[last];
  else node[last] = value;
  return out;
}

function deref(root: Json, s: Json | undefined): Json | undefined {
  while (s && typeof s.$ref === 'string') {
    s = s.$ref
      .slice(2)
      .split('/')
      .reduce((n: any, k: string) => n?.[k], root);
  }
  return s;
}

/** JSON types a schema accepts, from `type` or from typed oneOf/anyOf branches; undefined = not stated. */
function typesOf(root: Json, s: Json): string[] | undefined {
  if (s.type) return ([] as string[]).concat(s.type);
  const branches = s.oneOf ?? s.anyOf;
  if (!branches) return undefined;
  const types = branches.map((b: Json) => typesOf(root, deref(root, b)!));
  return types.includes(undefined) ? undefined : types.flat();
}

const jsonType = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** A value of a JSON type the schema does not accept. */
function wrongValue(types: string[]): unknown {
  const candidates: [string, unknown][] = [
    ['number', 12345],
    ['string', 'text'],
    ['boolean', true],
    ['object', { a: 1 }],
    ['array', ['a']],
  ];
  const accepts = (t: string) => types.includes(t) || (t === 'number' && types.includes('integer'));
  return candidates.find(([t]) => !accepts(t))?.[1];
}

/** Every mutation of `body` the schema suggests: each required key removed, enums broken, wrong types, nulls,
 * bad date-times, unknown keys in declared objects and custom keys in open objects. */
function mutations(root: Json, start: Json, body: unknown): Case[] {
  const out: Case[] = [];
  const walk = (value: unknown, schema: Json | undefined, path: (string | number)[]) => {
    const found = deref(root, schema);
    if (!found) return;
    let s: Json = found;
    const where = `/${path.join('/')}`;
    if (path.length) {
      if (Array.isArray(s.enum)) out.push({ name: `${where}: broken enum`, body: setAt(body, path, `${value}s`) });
      const types = typesOf(root, s);
      if (types) {
        const wrong = wrongValue(types);
        if (wrong !== undefined)
          out.push({ name: `${where}: wrong type ${jsonType(wrong)}`, body: setAt(body, path, wrong) });
      }
      out.push({ name: `${where}: null`, body: setAt(body, path, null) });
      if (s.format === 'date-time')
        out.push({ name: `${where}: bad date-time`, body: setAt(body, path, 'next Tuesday') });
    }
    // Into the *Of branch that fits the value (e.g. unset's array form).
    for (const k of ['oneOf', 'anyOf']) {
      const branches = (s[k] as Json[] | undefined)?.map((b) => deref(root, b)!);
      const branch: Json | undefined = branches?.find((b) => typesOf(root, b)?.includes(jsonType(value)));
      if (branch) s = branch;
    }
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      if (s.properties) {
        for (const r of (s.required as string[] | undefined) ?? []) {
          if (r in value)
            out.push({ name: `${where}: missing ${r}`, body: setAt(body, [...path, r], undefined, true) });
        }
        out.push({ name: `${where}: unknown key`, body: setAt(body, [...path, 'zz_unknown'], 'x') });
        for (const [k, v] of Object.entries(value)) if (k in s.properties) walk(v, s.properties[k], [...path, k]);
      } else if (typesOf(root, s)?.includes('object')) {
        out.push({ name: `${where}: custom key in open object`, body: setAt(body, [...path, 'Any Custom Key'], 1) });
      }
    }
    if (Array.isArray(value) && s.items)
      value.forEach((v, i) => {
        walk(v, s.items, [...path, i]);
      });
  };
  walk(body, start, []);
  return out;
}

function corpus(endpoint: EndpointId, revision: SchemaRevision): Case[] {
  const official = requestSchemaFromOpenApi(loadSpec(revision), endpoint) as Json;
  const cases: Case[] = [];
  for (const [name, body] of Object.entries(validBodies(endpoint, revision))) {
    cases.push({ name: `valid ${name}`, body });
    for (const m of mutations(official, official, body)) cases.push({ name: `${name} ${m.name}`, body: m.body });
  }
  const seen = new Set<string>();
  return cases.filter((c) => !seen.has(JSON.stringify(c.body)) && seen.add(JSON.stringify(c.body)));
}

// ---- the tests -------------------------------------------------------------------------------------------------

const figures: string[] = [];
afterAll(() => console.log(`conformance corpus:\n${figures.join('\n')}`));

describe.each(SCHEMA_REVISIONS.flatMap((r) => ENDPOINT_IDS.map((e) => [e, r] as const)))(
  '%s @ %s',
  (endpoint, revision) => {
    const ours = shipped(endpoint, revision);
    const official = officialValidator(endpoint, revision);
    const cases = corpus(endpoint, revision);

    test('the hand-written valid bodies are valid for both', () => {
      for (const [name, body] of Object.entries(validBodies(endpoint, revision))) {
        expect(official(body), `official: ${name} ${JSON.stringify(official.errors)}`).toBe(true);
        expect(validateRequestBody(endpoint, revision, body), name).toEqual([]);
      }
    });

    test('ours and the official spec agree on every corpus body', () => {
      const disagreements = cases
        .filter((c) => ours(c.body) !== official(c.body))
        .map((c) => `${c.name}: ours ${ours(c.body)}, official ${official(c.body)}`);
      const invalid = cases.filter((c) => !official(c.body)).length;
      figures.push(
        `  ${endpoint} @ ${revision}: ${cases.length} bodies (${invalid} invalid), ${cases.length - disagreements.length} agree`,
      );
      expect(disagreements).toEqual([]);
      expect(invalid).toBeGreaterThan(20);
    });

    test('every invalid body gets Problems, the same from ours and from --openapi (bar revision hints)', async () => {
      const fromOpenApi = await validatorFromOpenApi(loadSpec(revision), endpoint);
      for (const c of cases) {
        const a = validateRequestBody(endpoint, revision, c.body);
        const b = fromOpenApi(c.body);
        expect(a.length > 0, c.name).toBe(!ours(c.body));
        expect(
          a.map((p) => p.at),
          c.name,
        ).toEqual(b.map((p) => p.at));
        // Only the shipped schemas know the other revisions, so only they can say "exists from API revision …".
        const comparable = (ps: typeof a) => ps.map((p) => (/ API revision /.test(p.message) ? p.at : p.message));
        expect(comparable(a), c.name).toEqual(
          comparable(b).map((m, i) => (/ API revision /.test(a[i]?.message ?? '') ? a[i]!.at : m)),
        );
        for (const p of a) expect(p.severity).toBe('error');
      }
    });
  },
);

// ---- the documented limits the official schema does not state ---------------------------------------------------

describe.each(SCHEMA_REVISIONS)('documented limits @ %s', (revision) => {
  test('the overlay adds exactly the metric name length and the event property count, on both event endpoints', () => {
    expect(LIMITS.map((l) => `${l.endpoint} ${l.path} ${JSON.stringify(l.add)}`)).toEqual([
      'create-event data.attributes.metric.data.attributes.name {"maxLength":127}',
      'create-event data.attributes.properties {"maxProperties":400}',
      'bulk-create-events data.attributes.events-bulk-create.data[].attributes.events.data[].attributes.metric.data.attributes.name {"maxLength":127}',
      'bulk-create-events data.attributes.events-bulk-create.data[].attributes.events.data[].attributes.properties {"maxProperties":400}',
    ]);
  });

  const event = (name: string, properties: Json) => ({
    data: {
      type: 'event',
      attributes: {
        properties,
        metric: { data: { type: 'metric', attributes: { name } } },
        profile: { data: { type: 'profile', attributes: { email: 'a@b.co' } } },
      },
    },
  });
  const props = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${i}`, i]));

  test('metric name: 127 characters pass, 128 fail ours only (spec prose: "less than 128 characters")', () => {
    const official = officialValidator('create-event', revision);
    expect(validateRequestBody('create-event', revision, event('n'.repeat(127), {}))).toEqual([]);
    const long = event('n'.repeat(128), {});
    expect(official(long)).toBe(true);
    expect(validateRequestBody('create-event', revision, long)).toEqual([
      {
        severity: 'error',
        at: '/data/attributes/metric/data/attributes/name',
        message: '"name" is 128 characters long; Klaviyo allows at most 127 — shorten it',
      },
    ]);
    // Characters, not UTF-16 units: 127 emoji are 127 characters.
    expect(validateRequestBody('create-event', revision, event('🛒'.repeat(127), {}))).toEqual([]);
  });

  test('event properties: 400 pass, 401 fail ours only (including bulk events)', () => {
    const official = officialValidator('create-event', revision);
    expect(validateRequestBody('create-event', revision, event('M', props(400)))).toEqual([]);
    const many = event('M', props(401));
    expect(official(many)).toBe(true);
    expect(validateRequestBody('create-event', revision, many).map((p) => p.message)).toEqual([
      '"properties" has 401 keys; Klaviyo allows at most 400 — remove some',
    ]);
    const bulk = clone(validBodies('bulk-create-events', revision).minimal) as Json;
    bulk.data.attributes['events-bulk-create'].data[0].attributes.events.data[0].attributes.properties = props(401);
    expect(officialValidator('bulk-create-events', revision)(bulk)).toBe(true);
    expect(validateRequestBody('bulk-create-events', revision, bulk)).toHaveLength(1);
    const bulkName = clone(validBodies('bulk-create-events', revision).minimal) as Json;
    bulkName.data.attributes[
      'events-bulk-create'
    ].data[0].attributes.events.data[0].attributes.metric.data.attributes.name = 'n'.repeat(128);
    expect(officialValidator('bulk-create-events', revision)(bulkName)).toBe(true);
    expect(validateRequestBody('bulk-create-events', revision, bulkName).map((p) => p.message)).toEqual([
      '"name" is 128 characters long; Klaviyo allows at most 127 — shorten it',
    ]);
  });
});
