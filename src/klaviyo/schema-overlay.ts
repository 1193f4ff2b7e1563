/**
 * Where the tool's request schemas deliberately differ from Klaviyo's OpenAPI specs. This is the only place; the
 * build compiles the vendored specs (vendor/klaviyo-openapi) through it, and `validate --openapi FILE` applies it to
 * the user's spec too, so both read alike.
 *
 * 1. Unknown keys are errors: every object that declares `properties` rejects other keys, as Klaviyo's servers do
 *    (the specs never say `additionalProperties`). Applied while converting (openapi-schema.ts), which knows where
 *    an `allOf` makes closing an object wrong.
 * 2. `format: date-time` means formats.json's pattern: ISO 8601 with the UTC offset and seconds optional, because
 *    Klaviyo's own examples and servers take times without them.
 * 3. LIMITS: limits Klaviyo documents in prose that the spec's schemas do not state.
 */
import type { EndpointId } from './endpoints.js';

type Schema = Record<string, unknown>;

export interface SchemaLimit {
  endpoint: EndpointId;
  /** Body path: `.` between keys, `[]` for the items of a list. */
  path: string;
  /** Keywords added to the schema there. */
  add: Schema;
  /** Klaviyo's words, and where. */
  why: string;
}

const METRIC_NAME = { maxLength: 127 };
const METRIC_NAME_WHY =
  'Create Event: a metric name must be less than 128 characters (developers.klaviyo.com, Create Event)';
const PROPERTIES = { maxProperties: 400 };
const PROPERTIES_WHY = 'an event may have at most 400 properties (developers.klaviyo.com, Create Event limits)';
const BULK_EVENT = 'data.attributes.events-bulk-create.data[].attributes.events.data[].attributes';

export const LIMITS: readonly SchemaLimit[] = [
  {
    endpoint: 'create-event',
    path: 'data.attributes.metric.data.attributes.name',
    add: METRIC_NAME,
    why: METRIC_NAME_WHY,
  },
  { endpoint: 'create-event', path: 'data.attributes.properties', add: PROPERTIES, why: PROPERTIES_WHY },
  {
    endpoint: 'bulk-create-events',
    path: `${BULK_EVENT}.metric.data.attributes.name`,
    add: METRIC_NAME,
    why: METRIC_NAME_WHY,
  },
  { endpoint: 'bulk-create-events', path: `${BULK_EVENT}.properties`, add: PROPERTIES, why: PROPERTIES_WHY },
];

/**
 * `schema` (a converted request schema, not modified) with the LIMITS of `endpoint` added. A path the schema does
 * not have is an error with `strict` (the build: Klaviyo changed the shape, so the overlay needs a look) and
 * skipped otherwise (a user's newer spec).
 */
export function withOverlay(endpoint: EndpointId, schema: object, options: { strict?: boolean } = {}): object {
  const out = structuredClone(schema) as Schema;
  for (const limit of LIMITS) {
    if (limit.endpoint !== endpoint) continue;
    const target = schemaAtPath(out, limit.path);
    if (!target) {
      if (options.strict)
        throw new Error(`schema overlay: ${endpoint} has no ${limit.path}; check LIMITS against the spec`);
      continue;
    }
    Object.assign(target, limit.add);
  }
  return out;
}

/** The schema object at a body path, through `properties`, `items`, `$ref`s into `$defs`, and the non-null branch
 * of anyOf/oneOf/allOf. */
function schemaAtPath(root: Schema, path: string): Schema | undefined {
  const real = (s: Schema | undefined) => objectBranch(root, s);
  let s: Schema | undefined = root;
  for (const part of path.split('.')) {
    const list = part.endsWith('[]');
    const key = list ? part.slice(0, -2) : part;
    s = (real(s)?.properties as Record<string, Schema> | undefined)?.[key];
    if (list) s = real(s)?.items as Schema | undefined;
  }
  return real(s);
}

/** A schema with its `$ref` followed, or its one branch that is not `{type: 'null'}` (how nullable is written). */
function objectBranch(root: Schema, s: Schema | undefined, depth = 0): Schema | undefined {
  if (!s || depth > 16) return undefined;
  if (typeof s.$ref === 'string') {
    const name = /^#\/\$defs\/([^/]+)$/.exec(s.$ref)?.[1];
    return name ? objectBranch(root, (root.$defs as Record<string, Schema> | undefined)?.[name], depth + 1) : undefined;
  }
  for (const k of ['anyOf', 'oneOf', 'allOf']) {
    const branches = s[k] as Schema[] | undefined;
    if (!Array.isArray(branches) || s.properties || s.items) continue;
    const real = branches.filter((b) => b.type !== 'null');
    if (real.length === 1) return objectBranch(root, real[0], depth + 1);
  }
  return s;
}
