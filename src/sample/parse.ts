/**
 * Turning sample text into the trigger event's properties: strict JSON with line:column errors, an object root,
 * and Klaviyo API event resources unwrapped to their `event_properties`.
 */
import { UserError } from '../errors.js';
import type { Problem } from '../problem.js';
import { nestingDepth } from '../paths/field-tree.js';
import { locateJsonError } from './json-error.js';

/** Klaviyo's documented event ingestion limits (developers.klaviyo.com, "Rate limits and error handling"). */
export const EVENT_LIMITS = { payloadBytes: 5 * 1024 * 1024, nestingLevels: 10, arrayItems: 4000 };

export interface ParsedSample {
  properties: Record<string, unknown>;
  /** How the sample was read, e.g. "Klaviyo API event resource (data.attributes.event_properties)". */
  form: 'event properties' | 'Klaviyo API event resource';
  warnings: Problem[];
  /** The text it was read from (preview re-reads it keeping Python's float/int distinction). */
  text: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function parseJsonText(text: string, source: string): unknown {
  if (text.trim() === '') throw new UserError(`${source} is empty; give a JSON object with the event's properties`);
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    const at = locateJsonError(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    const where = at ? `:${at.line}:${at.column}` : '';
    throw new UserError(`${source}${where}: invalid JSON: ${at?.reason ?? 'the text is not JSON'}`);
  }
}

export function parseSample(text: string, source: string): ParsedSample {
  let value: unknown;
  try {
    value = parseJsonText(text, source);
  } catch (e) {
    const columns = e instanceof UserError ? csvColumns(text) : undefined;
    if (columns === undefined) throw e;
    const shown = columns.slice(0, 3).join(', ') + (columns.length > 3 ? ', \u2026' : '');
    throw new UserError(
      `${source} looks like a CSV export (columns ${shown}), not an event: a sample is one event's properties as JSON, e.g. {"ShippingRate": 5.0, "$extra": ` +
        `{"line_items": [...]}}; copy one event from Klaviyo (the README's "Your own sample event" says where) or start from --example shopify-placed-order`,
    );
  }
  if (!isObject(value)) {
    const kind = Array.isArray(value) ? 'a list' : value === null ? 'null' : `a ${typeof value}`;
    throw new UserError(
      `${source} is ${kind}; a sample must be a JSON object of event properties (as Klaviyo shows them)`,
    );
  }
  const unwrapped = unwrapEventResource(value);
  const properties = unwrapped ?? value;
  const warnings: Problem[] = [];
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > EVENT_LIMITS.payloadBytes)
    warnings.push({
      severity: 'warning',
      message: `the sample is ${(bytes / 1048576).toFixed(1)} MB; Klaviyo rejects events over 5 MB`,
      at: '',
    });
  const depth = nestingDepth(properties);
  if (depth > EVENT_LIMITS.nestingLevels)
    warnings.push({
      severity: 'warning',
      message: `the sample nests ${depth} levels deep; Klaviyo accepts at most ${EVENT_LIMITS.nestingLevels} levels of nested objects`,
      at: '',
    });
  return { properties, form: unwrapped ? 'Klaviyo API event resource' : 'event properties', warnings, text };
}

/** `{"data": {"type": "event", "attributes": {"event_properties": {...}}}}` (or a list response) → the properties. */
export function unwrapEventResource(value: Record<string, unknown>): Record<string, unknown> | undefined {
  let data = value.data;
  if (Array.isArray(data)) data = data[0];
  const resource = isObject(data) ? data : value;
  const attributes = resource.attributes;
  if (isObject(attributes) && isObject(attributes.event_properties)) return attributes.event_properties;
  return undefined;
}

/**
 * The header of a CSV (or tab- or semicolon-separated) export, when the text reads as one: a first line that is no
 * JSON, split by a delimiter into 2+ columns, and a second line using the same delimiter. Only asked once the text
 * failed to parse as JSON.
 */
function csvColumns(text: string): string[] | undefined {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const [header, row] = lines;
  if (header === undefined || row === undefined || /^\s*[[{]/.test(header)) return undefined;
  for (const delimiter of [',', '\t', ';']) {
    const columns = header.split(delimiter).map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
    if (columns.length >= 2 && row.includes(delimiter) && columns.every((c) => c.length <= 100)) return columns;
  }
  return undefined;
}
