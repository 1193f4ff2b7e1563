/**
 * The core of `generate`: a spec and a sample in, paste-ready webhooks out. Pure: the caller reads files and
 * passes `today`, so the same input always gives the same bytes.
 */
import { UserError } from './errors.js';
import { checkWebhookBody } from './check/index.js';
import { ENDPOINTS, type EndpointId } from './klaviyo/endpoints.js';
import { createEventBody, profileImportBody } from './klaviyo/bodies.js';
import { apiHeaders, type Header } from './klaviyo/headers.js';
import type { Identify } from './klaviyo/identity.js';
import { DEFAULT_REVISION, isKnownRevision, isRevisionFormat, KNOWN_REVISIONS } from './klaviyo/revisions.js';
import { resolveMappings, type FieldMapping } from './mapping/index.js';
import { describeType, parsePath, resolvePath, type FieldType } from './paths/index.js';
import { accessExpression, type AccessSegment } from './template/expression.js';
import { printBody } from './template/json-template.js';
import { DEFAULT_LIST_SEPARATOR, separatorText, type EscapeMode } from './template/value.js';
import type { Problem } from './problem.js';
import type { EventWebhookSpec, GenerateSpec, ProfileWebhookSpec, WebhookSpec } from './spec/types.js';

export interface GeneratedField {
  from: string;
  to: string;
  /** `string`, `number`, `boolean` or `list` (the JSON type Klaviyo receives). */
  type: 'string' | 'number' | 'boolean' | 'list';
  template: string;
}

export interface GeneratedWebhook {
  name: string;
  endpoint: EndpointId;
  method: 'POST';
  url: string;
  headers: Header[];
  /** The body text exactly as pasted into the JSON Body field. */
  body: string;
  fields: GeneratedField[];
  problems: Problem[];
  /** The raw body text is valid JSON before Klaviyo fills in the tags (see --editor-safe). */
  editorSafe: boolean;
}

export interface GenerateResult {
  revision: string;
  webhooks: GeneratedWebhook[];
}

export interface GenerateOptions {
  /** YYYY-MM-DD, for the revision support window. */
  today: string;
  /** Fills the Authorization header instead of the placeholder. */
  apiKey?: string;
  /** Problems found while reading the sample, reported on every webhook. */
  sampleWarnings?: Problem[];
}

export const METRIC_NAME_MAX = 127;

export function generate(spec: GenerateSpec, sample: Record<string, unknown>, options: GenerateOptions): GenerateResult {
  const revision = spec.revision ?? DEFAULT_REVISION;
  checkRevision(revision);
  const escape: EscapeMode = spec.escape ?? 'escapejs';
  const identify: Identify = spec.identify ?? 'klaviyo-id';
  if (spec.listSeparator !== undefined && !spec.editorSafe)
    throw new UserError('--list-separator (listSeparator) only applies to editor-safe output: add --editor-safe (editorSafe: true), or leave it out — the default output sends lists as JSON lists');
  const mode: Mode = { escape, identify, editorSafe: spec.editorSafe === true, separator: spec.listSeparator ?? DEFAULT_LIST_SEPARATOR };
  if (mode.editorSafe) separatorText(mode.separator); // refuses an unusable separator before any field is read
  if (spec.webhooks.length === 0)
    throw new UserError('nothing to generate: give --to-profile PATH (copy to the profile) and/or --promote PATH with --metric NAME');
  const webhooks = spec.webhooks.map((w) => {
    const built = w.kind === 'profile-import'
      ? buildProfileWebhook(w, sample, spec, mode)
      : buildEventWebhook(w, sample, spec, mode);
    const endpoint = ENDPOINTS[w.kind];
    const check = checkWebhookBody(built.body, { endpoint: w.kind, revision, today: options.today, sample });
    return {
      name: w.name ?? built.defaultName,
      endpoint: w.kind,
      method: 'POST' as const,
      url: endpoint.url,
      headers: apiHeaders(revision, options.apiKey),
      body: built.body,
      fields: built.fields.map(toGeneratedField),
      problems: dedupe([...(options.sampleWarnings ?? []), ...built.problems, ...check.problems]),
      editorSafe: check.editorSafe,
    };
  });
  return { revision, webhooks };
}

function toGeneratedField(m: FieldMapping): GeneratedField {
  // Editor-safe values all arrive as text.
  return { from: m.from, to: m.to, type: m.asText ? 'string' : jsonTypeName(m.type), template: m.template };
}

function jsonTypeName(t: FieldType): GeneratedField['type'] {
  return t.kind === 'list' ? 'list' : t.kind === 'number' || t.kind === 'boolean' ? t.kind : 'string';
}

/** An unknown revision is an input error; the support-window warning comes from the body checks. */
function checkRevision(revision: string): void {
  if (!isRevisionFormat(revision) || !isKnownRevision(revision)) {
    throw new UserError(`unknown API revision "${revision}"; known revisions: ${KNOWN_REVISIONS.join(', ')}`);
  }
}

/** How every body of one run is written. */
interface Mode {
  escape: EscapeMode;
  identify: Identify;
  /** Every tag inside a JSON string (lists joined with `separator`). */
  editorSafe: boolean;
  separator: string;
}

interface BuiltBody {
  defaultName: string;
  body: string;
  fields: FieldMapping[];
  problems: Problem[];
}

function mappingOptions(mode: Mode, allowMissing: boolean, targetLabel: string) {
  return { escape: mode.escape, allowMissing, targetLabel, ...(mode.editorSafe ? { editorSafe: { separator: mode.separator } } : {}) };
}

function buildProfileWebhook(w: ProfileWebhookSpec, sample: unknown, spec: GenerateSpec, mode: Mode): BuiltBody {
  const { escape, identify } = mode;
  if (w.properties.length === 0) throw new UserError('a profile webhook needs at least one field: --to-profile PATH[=NAME]');
  const { mappings, problems } = resolveMappings(sample, w.properties, mappingOptions(mode, spec.allowMissing ?? false, 'profile property'));
  problems.push(...escapeWarnings(mappings, sample, escape));
  if (mode.editorSafe) problems.push(...editorSafeWarnings(mappings, 'profile-import', mode.separator));
  const body = printBody(profileImportBody({ identify, escape, properties: mappings, editorSafe: mode.editorSafe }));
  return { defaultName: 'Copy event fields to the profile', body, fields: mappings, problems };
}

function buildEventWebhook(w: EventWebhookSpec, sample: Record<string, unknown>, spec: GenerateSpec, mode: Mode): BuiltBody {
  const { escape, identify } = mode;
  checkMetricName(w.metric);
  if (w.properties.length === 0) throw new UserError('a Create Event webhook needs at least one field: --promote PATH[=NAME]');
  const allowMissing = spec.allowMissing ?? false;
  const { mappings, problems } = resolveMappings(sample, w.properties, mappingOptions(mode, allowMissing, 'event property'));
  problems.push(...escapeWarnings(mappings, sample, escape));
  if (mode.editorSafe) problems.push(...editorSafeWarnings(mappings, 'create-event', mode.separator));
  let value: FieldMapping | undefined;
  if (w.value !== undefined && mode.editorSafe) {
    throw new UserError(`--value "${w.value}" cannot be used with --editor-safe: Klaviyo's API requires the event's value to be a number, and an editor-safe body can only send text — promote the field as a property instead (--promote "${w.value}", it arrives as text), or drop --editor-safe`);
  }
  if (w.value !== undefined) {
    const resolved = resolveMappings(sample, [{ from: w.value, to: 'value' }], { escape, allowMissing, targetLabel: 'value' });
    value = resolved.mappings[0];
    if (resolved.mappings.length !== 1 || value?.type.kind !== 'number')
      throw new UserError(`--value "${w.value}" must name one number field (it is ${value ? describeType(value.type) : 'not one field'} in the sample)`);
    problems.push(...resolved.problems);
  }
  const uniqueId = uniqueIdExpression(w.uniqueId, sample, problems, mode.editorSafe);
  if (uniqueId !== undefined && mode.editorSafe) {
    const from = typeof w.uniqueId === 'string' ? w.uniqueId : '$event_id';
    problems.push({
      severity: 'warning',
      message: `in editor-safe mode unique_id is always sent: an event that lacks "${from}" sends unique_id "", and Klaviyo records only the first event per profile and metric with a given unique_id, so later such events of the same profile are dropped — if events can lack "${from}", pick a field they always have (--unique-id PATH), pass --no-unique-id, or drop --editor-safe`,
      at: '/data/attributes/unique_id',
    });
  }
  const body = printBody(createEventBody({
    identify,
    escape,
    editorSafe: mode.editorSafe,
    metric: w.metric,
    properties: mappings,
    ...(value ? { value } : {}),
    ...(w.valueCurrency !== undefined ? { valueCurrency: w.valueCurrency } : {}),
    ...(uniqueId !== undefined ? { uniqueId } : {}),
  }));
  return { defaultName: `Create "${w.metric}" events`, body, fields: mappings, problems };
}

export function checkMetricName(metric: string): void {
  if (metric.trim() === '') throw new UserError('the metric name is empty; give --metric NAME');
  if ([...metric].length > METRIC_NAME_MAX)
    throw new UserError(`the metric name has ${[...metric].length} characters; Klaviyo requires fewer than 128`);
  if (/\{\{|\{%|\{#|\}\}|%\}|#\}/.test(metric))
    throw new UserError('the metric name contains template delimiters ({{ }} {% %} {# #}), which Klaviyo would read as a tag; choose another name');
}

/** `unique_id` from `$event_id` by default, so Klaviyo's retries of the webhook don't record the event twice. */
function uniqueIdExpression(option: string | false | undefined, sample: Record<string, unknown>, problems: Problem[], editorSafe: boolean): string | undefined {
  if (option === false) return undefined;
  const pathText = option ?? (Object.hasOwn(sample, '$event_id') ? '$event_id' : undefined);
  if (pathText === undefined) {
    problems.push({
      severity: 'warning',
      message: 'the sample has no $event_id, so the event gets no unique_id and Klaviyo retries may record it twice; pass --unique-id PATH (an order id, say) or --no-unique-id',
      at: '/data/attributes',
    });
    return undefined;
  }
  const path = parsePath(pathText);
  if (path.some((s) => s.kind === 'each')) throw new UserError(`--unique-id "${pathText}" must name one value, not a [*] list`);
  const type = resolvePath(sample, path).type;
  if (type.kind !== 'string' && type.kind !== 'number')
    throw new UserError(`--unique-id "${pathText}" is ${describeType(type)} in the sample; it must be text or a number`);
  return accessExpression('event', path as AccessSegment[], `--unique-id "${pathText}"`, { editorSafe });
}

/** With --escape none, a quote, backslash or control character in a text value breaks the JSON. */
function escapeWarnings(mappings: FieldMapping[], sample: unknown, escape: EscapeMode): Problem[] {
  if (escape !== 'none') return [];
  const problems: Problem[] = [];
  for (const m of mappings) {
    if (m.assumed) continue;
    const values = resolvePath(sample, parsePath(m.from)).values.flat(Infinity);
    const bad = values.find((v) => typeof v === 'string' && /["\\\u0000-\u001f]/.test(v));
    if (bad !== undefined)
      problems.push({
        severity: 'warning',
        message: `"${m.from}" holds ${JSON.stringify(bad)} in the sample; with --escape none its quotes or control characters break the JSON and Klaviyo drops the event — use the default --escape escapejs`,
        at: '',
      });
  }
  return problems;
}

/** JSON Pointer to a member of data.attributes.properties. */
function propertyPointer(name: string): string {
  return `/data/attributes/properties/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

/**
 * What editor-safe output gives up, said per field: every value arrives as text, and (profiles) a missing value is
 * written as "" instead of being left out.
 */
function editorSafeWarnings(mappings: FieldMapping[], kind: WebhookSpec['kind'], separator: string): Problem[] {
  const problems: Problem[] = [];
  const label = kind === 'profile-import' ? 'profile property' : 'event property';
  for (const m of mappings) {
    const at = propertyPointer(m.to);
    const name = JSON.stringify(m.to);
    if (m.type.kind === 'list') {
      problems.push({
        severity: 'warning',
        message: `${label} ${name} arrives as one text, its items joined with ${JSON.stringify(separator)}, not as a list: in Klaviyo "contains" matches any part of that text (an item that is part of a longer one matches too), list filters do not apply, and an item that contains the separator cannot be told apart`,
        at,
      });
    } else if (m.type.kind === 'number') {
      problems.push({
        severity: 'warning',
        message: `${label} ${name} arrives as text (e.g. "3" or "45.0"), not a number: segments and flow filters cannot compare it with "greater than" or "less than", and Klaviyo cannot sum or average it`,
        at,
      });
    } else if (m.type.kind === 'boolean') {
      problems.push({
        severity: 'warning',
        message: `${label} ${name} arrives as the text "true" or "false" ("" when missing), not a boolean: filters must compare it as text ("equals true"), not with "is true"`,
        at,
      });
    }
  }
  if (kind === 'profile-import' && mappings.length) {
    const names = mappings.map((m) => JSON.stringify(m.to)).join(', ');
    problems.push({
      severity: 'warning',
      message: `in editor-safe mode a profile property whose field is missing or null in the event is written as an empty string, clearing the value an earlier event set (the default output leaves it out): ${names}`,
      at: '/data/attributes/properties',
    });
  }
  return problems;
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.severity}|${p.at}|${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export type { GenerateSpec, WebhookSpec };
