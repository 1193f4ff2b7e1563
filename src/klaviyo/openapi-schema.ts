/**
 * Klaviyo's OpenAPI 3.0 request bodies as JSON Schema (draft-07, for ajv). Pure: used at build time on the vendored
 * specs (scripts/compile-validators.mjs) and at run time on a user's `--openapi FILE` (openapi.ts).
 */
import { UserError } from '../errors.js';
import { ENDPOINTS, type EndpointId } from './endpoints.js';

type Json = Record<string, unknown>;

/** Far above Klaviyo's largest request schema (Create Flow's, 1.5 MB inlined): see the Converter's count. */
const MAX_CONVERTED = 200_000;

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Annotations that do not validate, and OpenAPI-only keywords ajv would reject in strict mode. */
const DROPPED = new Set([
  'description',
  'example',
  'examples',
  'title',
  'nullable',
  'discriminator',
  'xml',
  'externalDocs',
  'deprecated',
  'readOnly',
  'writeOnly',
]);

/**
 * The JSON Schema for the POST request body of `endpoint` in a Klaviyo OpenAPI 3.x document, with the rule
 * Klaviyo's servers enforce and the spec omits: objects that declare `properties` reject other keys.
 * $refs are inlined (recursive ones go to $defs); a $ref's siblings (nullable …) apply to the referenced schema;
 * OpenAPI 3.0 `nullable` becomes a JSON Schema null type.
 */
export function requestSchemaFromOpenApi(
  doc: unknown,
  endpoint: EndpointId,
  options: { shareRefs?: boolean } = {},
): object {
  const info = ENDPOINTS[endpoint];
  return requestSchemaForPath(doc, new URL(info.url).pathname, info.title, options);
}

/**
 * The same conversion for the POST request body of any path in the document, e.g. `/api/flows` (Create Flow),
 * which the flow-action export is checked against. `title` names the operation in error messages.
 */
export function requestSchemaForPath(
  doc: unknown,
  path: string,
  title: string,
  options: { shareRefs?: boolean; method?: 'post' | 'patch' } = {},
): object {
  if (!isObject(doc) || typeof doc.openapi !== 'string' || !isObject(doc.paths)) {
    throw new UserError('The --openapi file is not an OpenAPI document (it has no "openapi" version and "paths").');
  }
  if (!/^3\./.test(doc.openapi)) {
    throw new UserError(`The --openapi file is OpenAPI ${doc.openapi}; only OpenAPI 3.x documents are supported.`);
  }
  const method = options.method ?? 'post';
  const where = `${method.toUpperCase()} ${path} (${title})`;
  const operation = (doc.paths as Json)[path];
  const post = isObject(operation) ? operation[method] : undefined;
  if (!isObject(post) || post.requestBody === undefined) {
    throw new UserError(`The --openapi document has no request body for ${where}; is it Klaviyo's API spec?`);
  }
  const converter = new Converter(doc, where, options.shareRefs ?? false);
  const requestBody = converter.resolve(post.requestBody);
  const content = isObject(requestBody) && isObject(requestBody.content) ? requestBody.content : {};
  const media =
    content['application/vnd.api+json'] ??
    content['application/json'] ??
    Object.values(content).find((m) => isObject(m) && m.schema !== undefined);
  if (!isObject(media) || media.schema === undefined) {
    throw new UserError(`The --openapi document gives no JSON schema for the request body of ${where}.`);
  }
  const schema = converter.convert(media.schema) as Json;
  const version = isObject(doc.info) && typeof doc.info.version === 'string' ? ` ${doc.info.version}` : '';
  return {
    $comment: `${where} from OpenAPI document${version}, with unknown keys rejected`,
    ...schema,
    ...(Object.keys(converter.defs).length ? { $defs: converter.defs } : {}),
  };
}

/**
 * The JSON Schema of a response body: `method path` answering `status` (or the `4XX`/`5XX` range Klaviyo declares),
 * with the same conversion but objects left open. The tests' Klaviyo stand-in proves its answers with it.
 */
export function responseSchemaForPath(doc: unknown, method: string, path: string, status: number): object {
  const operation = isObject(doc) && isObject(doc.paths) ? (doc.paths as Json)[path] : undefined;
  const op = isObject(operation) ? operation[method.toLowerCase()] : undefined;
  const responses = isObject(op) && isObject(op.responses) ? op.responses : {};
  const where = `${method.toUpperCase()} ${path} → ${status}`;
  const declared = responses[String(status)] ?? responses[`${String(status)[0]}XX`];
  if (declared === undefined) throw new UserError(`The OpenAPI document declares no response ${where}.`);
  // Open objects: a response may carry keys a part of an allOf declares deeper down (closing needs them merged).
  const converter = new Converter(doc as Json, where, true, false);
  const response = converter.resolve(declared);
  const content = isObject(response) && isObject(response.content) ? response.content : {};
  const media = content['application/vnd.api+json'] ?? content['application/json'];
  if (!isObject(media) || media.schema === undefined) return { not: {}, $comment: `${where} has no body` };
  const schema = converter.convert(media.schema) as Json;
  return { ...schema, ...(Object.keys(converter.defs).length ? { $defs: converter.defs } : {}) };
}

class Converter {
  readonly defs: Record<string, unknown> = {};
  private readonly defNames = new Map<string, string>();
  private readonly expanding: string[] = [];

  constructor(
    private readonly doc: Json,
    private readonly where: string,
    /** Every $ref becomes a $defs entry converted once (outside allOf), instead of being inlined: large schemas
     * such as Create Flow's (200 schemas, 1.5 MB inlined) then compile in a fraction of the time. */
    private readonly shareRefs = false,
    /** Objects that declare properties reject other keys (request bodies, as Klaviyo's servers do). */
    private readonly close = true,
  ) {}

  /** Follows $ref chains to the referenced object (for request bodies, not schemas). */
  resolve(node: unknown): unknown {
    let n = node;
    for (let i = 0; isObject(n) && typeof n.$ref === 'string' && i < 32; i++) n = this.target(n.$ref);
    return n;
  }

  private target(ref: string): unknown {
    if (!ref.startsWith('#/')) {
      throw new UserError(
        `The --openapi document refers outside itself (${ref}) in ${this.where}; use a bundled spec.`,
      );
    }
    let v: unknown = this.doc;
    for (const raw of ref.slice(2).split('/')) {
      const seg = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
      v = isObject(v) || Array.isArray(v) ? (v as Json)[seg] : undefined;
    }
    if (v === undefined) throw new UserError(`The --openapi document has a broken $ref ${ref} in ${this.where}.`);
    return v;
  }

  /** Schema objects converted so far: $refs inlined from a DAG can fan out exponentially (issue 14). */
  private converted = 0;

  convert(node: unknown, inAllOf = false): unknown {
    if (!isObject(node)) return node;
    if (++this.converted > MAX_CONVERTED)
      throw new UserError(
        `The --openapi document expands to more than ${MAX_CONVERTED.toLocaleString('en-US')} schema objects for ${this.where} (its $refs fan out); use Klaviyo's published document.`,
      );
    if (typeof node.$ref === 'string') return this.convertRef(node, inAllOf);

    const out: Json = {};
    for (const [key, value] of Object.entries(node)) {
      if (DROPPED.has(key) || key.startsWith('x-')) continue;
      if (key === 'properties' && isObject(value)) {
        out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.convert(v)]));
      } else if ((key === 'items' || key === 'additionalProperties' || key === 'not') && isObject(value)) {
        out[key] = this.convert(value);
      } else if ((key === 'allOf' || key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) {
        out[key] = value.map((v) => this.convert(v, key === 'allOf'));
      } else {
        out[key] = value;
      }
    }
    if (out.properties !== undefined) {
      // Klaviyo's 2024-10-15 spec leaves `type: object` off some attributes objects (2026-07-15 has it);
      // an object that declares properties is an object.
      if (out.type === undefined && !out.allOf && !out.anyOf && !out.oneOf) out.type = 'object';
      // Under allOf each part sees the other parts' keys, so closing one part would reject them.
      if (out.additionalProperties === undefined && !inAllOf && this.close) out.additionalProperties = false;
    }
    return node.nullable === true ? nullable(out) : out;
  }

  private convertRef(node: Json, inAllOf: boolean): unknown {
    const ref = node.$ref as string;
    const siblings = Object.fromEntries(Object.entries(node).filter(([k]) => k !== '$ref'));
    let base: unknown;
    if (this.shareRefs && !inAllOf) {
      const name = this.defName(ref);
      if (!(name in this.defs) && !this.expanding.includes(ref)) {
        this.expanding.push(ref);
        this.defs[name] = this.convert(this.target(ref));
        this.expanding.pop();
      }
      base = { $ref: `#/$defs/${name}` };
    } else if (this.expanding.includes(ref)) {
      base = { $ref: `#/$defs/${this.defName(ref)}` }; // recursive: refer to it instead of inlining forever
    } else {
      this.expanding.push(ref);
      base = this.convert(this.target(ref), inAllOf);
      this.expanding.pop();
      const name = this.defNames.get(ref);
      if (name && !(name in this.defs)) this.defs[name] = base;
    }
    // Siblings of $ref (ignored by OpenAPI 3.0, but Klaviyo means them): nullable, plus any real constraints.
    const extra = this.convert({ ...siblings, nullable: undefined }) as Json;
    let merged: unknown = base;
    if (Object.keys(extra).length)
      merged = isObject(base) && !base.$ref ? { ...base, ...extra } : { allOf: [base, extra] };
    return siblings.nullable === true ? nullable(merged as Json) : merged;
  }

  private defName(ref: string): string {
    let name = this.defNames.get(ref);
    if (!name) {
      name =
        ref
          .split('/')
          .pop()!
          .replace(/[^\w-]/g, '_') || 'schema';
      while ([...this.defNames.values()].includes(name)) name += '_';
      this.defNames.set(ref, name);
    }
    return name;
  }
}

/** OpenAPI 3.0 `nullable: true` → null added to the JSON Schema type (or as an alternative). */
function nullable(schema: Json): Json {
  const s = { ...schema };
  if (typeof s.type === 'string') s.type = s.type === 'null' ? 'null' : [s.type, 'null'];
  else if (Array.isArray(s.type)) s.type = s.type.includes('null') ? s.type : [...s.type, 'null'];
  else if (Array.isArray(s.oneOf)) s.oneOf = [...s.oneOf, { type: 'null' }];
  else if (Array.isArray(s.anyOf)) s.anyOf = [...s.anyOf, { type: 'null' }];
  else if (s.$ref || s.allOf || s.enum) return { anyOf: [{ type: 'null' }, s] };
  else return s; // no type constraint: null is already allowed
  if (Array.isArray(s.enum) && !s.enum.includes(null)) s.enum = [...s.enum, null];
  return s;
}
