/**
 * The request schema applied to the body's shape. A stand-in is not the real value, so problems about what a
 * placeholder holds are kept only where its JSON type is certain: a quoted tag is always a string, an unquoted
 * tag is a number (or boolean with yesno) — enum, format and length problems on a tag's text are unknowable.
 */
import type { EndpointId } from '../klaviyo/endpoints.js';
import { schemaRevisionFor } from '../klaviyo/revisions.js';
import { validateRequestBody, vendoredSchema } from '../klaviyo/schema.js';
import type { Problem } from '../problem.js';
import type { Finding } from './finding.js';
import type { JNode } from './json-paths.js';
import { locate, pointerSegments, tagExpr, type Shape } from './shape.js';

type Schema = Record<string, unknown>;
/** A request-schema check other than the shipped one (validate --openapi). */
export type RequestValidator = (body: unknown) => Problem[];

function deref(root: Schema, s: Schema | undefined): Schema | undefined {
  for (let i = 0; s && typeof s.$ref === 'string' && i < 32; i++) {
    const ref = s.$ref as string;
    if (!ref.startsWith('#/')) return undefined;
    let cur: unknown = root;
    for (const seg of ref.slice(2).split('/')) cur = (cur as Record<string, unknown> | undefined)?.[seg];
    s = cur as Schema | undefined;
  }
  return s;
}

/** The JSON types the schema allows at `pointer`, or undefined where the schema defines nothing there. */
export function schemaTypesAt(endpoint: EndpointId, revision: string, pointer: string): Set<string> | undefined {
  const { root, start } = vendoredSchema(endpoint, schemaRevisionFor(revision));
  let s = deref(root, start);
  for (const seg of pointerSegments(pointer)) {
    if (!s) return undefined;
    const props = s.properties as Record<string, Schema> | undefined;
    if (props && seg in props) s = deref(root, props[seg]);
    else if (s.items && typeof s.items === 'object') s = deref(root, s.items as Schema);
    else if (s.additionalProperties && typeof s.additionalProperties === 'object')
      s = deref(root, s.additionalProperties as Schema);
    else if (s.additionalProperties === false || props) return undefined;
    else return new Set(['string', 'number', 'boolean', 'object', 'array', 'null']); // free-form (event properties)
  }
  if (!s) return undefined;
  const alts = [...((s.oneOf ?? s.anyOf ?? []) as Schema[])].map((a) => deref(root, a)).filter(Boolean) as Schema[];
  const types = new Set<string>();
  for (const x of [s, ...alts]) {
    const t = x.type;
    if (typeof t === 'string') types.add(t);
    else if (Array.isArray(t)) for (const y of t) types.add(String(y));
    else if (x.properties) types.add('object');
  }
  if (types.has('integer')) types.add('number');
  if (types.size === 0) return new Set(['string', 'number', 'boolean', 'object', 'array', 'null']);
  return types;
}

const isPlaceholder = (n: JNode | undefined): boolean =>
  n?.kind === 'tag' || (n?.kind === 'string' && n.lexeme.tags.length + n.lexeme.blocks.length > 0);

/** Schema problems for the shape (or, with `rendered`, a real rendered value), each located in the body. */
export function schemaFindings(
  endpoint: EndpointId,
  revision: string,
  shape: Shape,
  rendered = false,
  validator?: RequestValidator,
): Finding[] {
  if (shape.value === undefined) return [];
  const findings: Finding[] = [];
  const problems = validator ? validator(shape.value) : validateRequestBody(endpoint, revision, shape.value);
  for (const p of problems) {
    const { located, exact } = locate(shape, p.at);
    const node = exact ? located?.node : undefined;
    const offset = located?.keyStart ?? located?.node.start;
    if (!rendered && node && isPlaceholder(node)) {
      const types = schemaTypesAt(endpoint, revision, p.at);
      if (types) {
        const message = placeholderMessage(node, types, p.at);
        if (message === undefined) continue;
        if (message !== '') {
          findings.push({ severity: 'error', message, offset: node.start, at: p.at });
          continue;
        }
      }
    }
    findings.push({ severity: p.severity, message: p.message, offset, at: p.at });
  }
  return findings;
}

/**
 * For a schema problem on a placeholder whose slot the schema types: undefined to drop it (the value could be
 * right), '' to keep the schema's own message, or a message of ours.
 */
function placeholderMessage(node: JNode, types: Set<string>, at: string): string | undefined {
  const name = pointerSegments(at).at(-1) ?? 'the body';
  if (node.kind === 'string') return types.has('string') ? undefined : '';
  if (node.kind !== 'tag') return '';
  const contents = node.token.contents;
  const yesno = tagExpr(contents).filters.some((f) => f.name === 'yesno');
  if (types.has('number') || (yesno && types.has('boolean'))) return undefined;
  if (types.has('boolean')) {
    return `"${name}" needs true or false, but a bare tag prints Python's True/False (not JSON): write {{ ${contents}|yesno:'true,false' }}`;
  }
  if (types.has('string')) return `"${name}" needs a string: put the tag in quotes, "{{ ${contents}|escapejs }}"`;
  if (types.has('object') || types.has('array')) {
    return `"${name}" needs ${types.has('object') ? 'an object' : 'a list'}, but a tag prints a Python repr, not JSON: write it out in the body (use {% for %} for lists)`;
  }
  return '';
}
