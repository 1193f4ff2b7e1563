/**
 * The core of `preview`: a body rendered for one event exactly as Klaviyo would, with the checks run on the real
 * rendered JSON, and for each property the value in the event beside the value Klaviyo will receive. Pure.
 */
import { checkWebhookBody } from './check/index.js';
import { parseFilterExpr, referencePath } from './check/expression.js';
import { eventContext } from './check/sample.js';
import { ENDPOINTS, type EndpointId } from './klaviyo/endpoints.js';
import { apiHeaders, type Header } from './klaviyo/headers.js';
import { DEFAULT_REVISION } from './klaviyo/revisions.js';
import type { Problem } from './problem.js';
import { memoize } from './util.js';
import { parseJsonForRender } from './render/json.js';
import { PyFloat, dictKeys } from './render/values.js';

export interface PreviewField {
  name: string;
  /** What the template reads, e.g. `event|lookup:'$extra'|lookup:'line_items'` (undefined when not found). */
  source?: string;
  /** The value at that source in the event (undefined: not found or not derivable). */
  sourceValue?: unknown;
  /** The value in the rendered body. */
  rendered: unknown;
}

export interface PreviewResult {
  endpoint: EndpointId;
  revision: string;
  url: string;
  headers: Header[];
  /** The rendered body text exactly as Klaviyo would send it (undefined when the template does not compile). */
  rendered?: string;
  /** The rendered body parsed, when it is valid JSON. */
  value?: unknown;
  fields: PreviewField[];
  problems: Problem[];
}

/** What a preview shows of the rendering: the text, its parsed value and the fields. */
export type RenderedPreview = Pick<PreviewResult, 'rendered' | 'value' | 'fields'>;

export interface PreviewOptions {
  /** The event's properties, as `parseJsonForRender` reads them (`10.0` stays a float, big integers stay whole). */
  sample: unknown;
  /** The profile `person` renders as; a plausible one by default. */
  person?: unknown;
  /** The Destination URL; else the endpoint is read from the body's `data.type`. */
  url?: string;
  /** The webhook's `revision` header (default: the newest revision this version knows). */
  revision?: string;
  /** YYYY-MM-DD: revisions are judged by Klaviyo's lifecycle on this day. */
  today: string;
}

/**
 * The library's `preview`: the request Klaviyo would send for one event. `rendered` is the exact text. Values in
 * `fields` are as JSON.parse gives them, except that an integer beyond 2^53 is a bigint (no digit lost), and a
 * `sourceValue` the event holds as a float (`10.0`) is a PyFloat, which JSON.stringify writes as its number.
 */
export function preview(body: string, options: PreviewOptions): PreviewResult {
  const check = checkWebhookBody(body, {
    revision: options.revision ?? DEFAULT_REVISION,
    today: options.today,
    sample: options.sample,
    ...(options.url !== undefined ? { url: options.url } : {}),
    ...(options.person !== undefined ? { person: options.person } : {}),
  });
  return {
    endpoint: check.endpoint,
    revision: check.revision,
    url: options.url ?? ENDPOINTS[check.endpoint].url,
    headers: apiHeaders(check.revision),
    ...previewOfRendering(body, check.rendered, options.sample),
    problems: check.problems,
  };
}

/**
 * A body's rendering as a preview shows it: the text, its parsed value and, for each property, where it came from.
 * `rendered` is what the check rendered (undefined when the template does not compile or fails to render).
 */
export function previewOfRendering(body: string, rendered: string | undefined, sample: unknown): RenderedPreview {
  if (rendered === undefined) return { fields: [] };
  let value: unknown;
  try {
    value = JSON.parse(rendered);
  } catch {
    value = undefined; // the check already reports where the JSON breaks
  }
  return {
    rendered,
    ...(value !== undefined ? { value } : {}),
    // Fields from the text as the renderer reads JSON: big ints whole and keys in their order.
    fields: value === undefined ? [] : propertyFields(body, parseJsonForRender(rendered), eventContext(sample)),
  };
}

/** The properties Klaviyo will store: data.attributes.properties (both endpoints). */
function propertyFields(body: string, value: unknown, event: unknown): PreviewField[] {
  const props = (value as { data?: { attributes?: { properties?: unknown } } })?.data?.attributes?.properties;
  if (props === null || typeof props !== 'object' || Array.isArray(props)) return [];
  return dictKeys(props as Record<string, unknown>).map((name) => ({
    name,
    rendered: plainJson((props as Record<string, unknown>)[name]),
    ...sourceOf(body, name, event),
  }));
}

/** A rendered value as JSON.parse gives it, except that an int beyond 2^53 stays a (whole) bigint. */
function plainJson(v: unknown): unknown {
  if (v instanceof PyFloat) return v.value;
  if (Array.isArray(v)) return v.map(plainJson);
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(
      dictKeys(v as Record<string, unknown>).map((k) => [k, plainJson((v as Record<string, unknown>)[k])]),
    );
  return v;
}

/**
 * Finds the member `"name":` in the body and the first expression its value reads: a `{{ }}` tag, or a
 * `{% for x in … %}` loop together with the tag inside it that reads the loop variable.
 */
/** The first `{{ var… }}` tag that reads loop variable `name` (one pattern per name: a batch previews many loops). */
const loopVarTag = memoize((name: string) => new RegExp(`\\{\\{\\s*(${name}\\b.*?)\\s*\\}\\}`));

function sourceOf(body: string, name: string, event: unknown): { source?: string; sourceValue?: unknown } {
  const at = body.indexOf(`${JSON.stringify(name)}:`);
  if (at < 0) return {};
  const line = body.slice(at, (body.indexOf('\n', at) + 1 || body.length + 1) - 1);
  const loop = /\{%\s*for\s+(\w+)\s+in\s+(.+?)\s*%\}/.exec(line);
  const firstVar = /\{\{\s*(.+?)\s*\}\}/.exec(line);
  if (loop && (!firstVar || loop.index < firstVar.index)) {
    const list = read(loop[2]!, { event });
    const inner = loopVarTag(loop[1]!).exec(line.slice(loop.index));
    const source = inner ? `${loop[2]} → ${inner[1]}` : loop[2]!;
    if (!Array.isArray(list)) return { source, ...(list === undefined ? {} : { sourceValue: list }) };
    return { source, sourceValue: inner ? list.map((item) => read(inner[1]!, { [loop[1]!]: item })) : list };
  }
  if (!firstVar) return {};
  const sourceValue = read(firstVar[1]!, { event });
  return { source: firstVar[1]!, ...(sourceValue === undefined ? {} : { sourceValue }) };
}

/** The value an expression's variable-and-lookup chain points at (filters other than lookup are ignored). */
function read(expression: string, scope: Record<string, unknown>): unknown {
  const path = referencePath(parseFilterExpr(expression));
  if (!path) return undefined;
  let v: unknown = scope;
  for (const seg of path) {
    if (Array.isArray(v) && /^\d+$/.test(seg)) v = v[Number(seg)];
    else if (v !== null && typeof v === 'object' && Object.hasOwn(v, seg)) v = (v as Record<string, unknown>)[seg];
    else return undefined;
  }
  return v;
}
