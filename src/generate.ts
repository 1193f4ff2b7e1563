/**
 * The core of `generate`: a spec and a sample in, paste-ready webhooks out. Pure: the caller reads files and
 * passes `today`, so the same input always gives the same bytes.
 */
import { UserError } from './errors.js';
import { checkWebhookBody } from './check/index.js';
import { ENDPOINTS, type EndpointId } from './klaviyo/endpoints.js';
import { bulkCreateEventsBody, createEventBody, profileImportBody } from './klaviyo/bodies.js';
import { apiHeaders, type Header } from './klaviyo/headers.js';
import type { Identify } from './klaviyo/identity.js';
import {
  DEFAULT_REVISION,
  isKnownRevision,
  isRevisionFormat,
  KNOWN_REVISIONS,
  revisionNotice,
} from './klaviyo/revisions.js';
import {
  checkTargetName,
  normalizeRequest,
  resolveMappings,
  type FieldMapping,
  type FieldRequest,
  type MappingCache,
} from './mapping/index.js';
import {
  describeType,
  formatPath,
  listFields,
  parsePath,
  PathNotFoundError,
  resolvePath,
  type FieldPath,
  type FieldType,
} from './paths/index.js';
import { accessExpression, presentCondition, type AccessSegment } from './template/expression.js';
import { printBody } from './template/json-template.js';
import { DEFAULT_LIST_SEPARATOR, separatorText, type EscapeMode } from './template/value.js';
import { previewOfRendering, type RenderedPreview } from './preview.js';
import { dedupeProblems, type Problem } from './problem.js';
import type {
  BulkEventWebhookSpec,
  EventWebhookSpec,
  GenerateSpec,
  ProfileWebhookSpec,
  WebhookSpec,
} from './spec/types.js';

export interface GeneratedField {
  from: string;
  to: string;
  /** `string`, `number`, `boolean` or `list` (the JSON type Klaviyo receives). */
  type: 'string' | 'number' | 'boolean' | 'list';
  template: string;
  /** `append`: the value is appended to the profile list property `to` (meta.patch_properties.append). */
  patch?: 'append';
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
  /** With the `preview` option: the body rendered for the sample, exactly as Klaviyo would. */
  preview?: RenderedPreview;
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
  /**
   * The sample as Klaviyo's renderer reads it (`parseJsonForRender`: a float stays a float, so `10.0` renders as
   * `10.0`). Each body is checked by rendering it with this; default: the sample.
   */
  renderSample?: unknown;
  /** Also give each webhook its body rendered for the sample (`preview`), from that same rendering. */
  preview?: boolean;
}

export const METRIC_NAME_MAX = 127;

export function generate(
  spec: GenerateSpec,
  sample: Record<string, unknown>,
  options: GenerateOptions,
): GenerateResult {
  const revision = spec.revision ?? DEFAULT_REVISION;
  checkRevision(revision, options.today);
  const escape: EscapeMode = spec.escape ?? 'escapejs';
  const identify: Identify = spec.identify ?? 'klaviyo-id';
  if (spec.listSeparator !== undefined && !spec.editorSafe)
    throw new UserError(
      '--list-separator (listSeparator) only applies to editor-safe output: add --editor-safe (editorSafe: true), or leave it out — the default output sends lists as JSON lists',
    );
  const mode: Mode = {
    escape,
    identify,
    editorSafe: spec.editorSafe === true,
    separator: spec.listSeparator ?? DEFAULT_LIST_SEPARATOR,
    mappings: new Map(),
  };
  if (mode.editorSafe) separatorText(mode.separator); // refuses an unusable separator before any field is read
  if (spec.webhooks.length === 0)
    throw new UserError(
      'nothing to generate: give --to-profile PATH (copy to the profile) and/or --promote PATH with --metric NAME',
    );
  const renderSample = options.renderSample ?? sample;
  const webhooks = spec.webhooks.map((w) => {
    const built =
      w.kind === 'profile-import'
        ? buildProfileWebhook(w, sample, spec, mode)
        : w.kind === 'bulk-create-events'
          ? buildBulkWebhook(w, sample, spec, mode)
          : buildEventWebhook(w, sample, spec, mode);
    const endpoint = ENDPOINTS[w.kind];
    const check = checkWebhookBody(built.body, {
      endpoint: w.kind,
      revision,
      today: options.today,
      sample: renderSample,
    });
    return {
      name: w.name ?? built.defaultName,
      endpoint: w.kind,
      method: 'POST' as const,
      url: endpoint.url,
      headers: apiHeaders(revision, options.apiKey),
      body: built.body,
      fields: built.fields.map(toGeneratedField),
      problems: dedupeProblems([
        ...(options.sampleWarnings ?? []),
        ...built.problems,
        ...sizeWarnings(built.body),
        ...check.problems,
      ]),
      editorSafe: check.editorSafe,
      ...(options.preview ? { preview: previewOfRendering(built.body, check.rendered, renderSample) } : {}),
    };
  });
  return { revision, webhooks };
}

/** Above this the body is unwieldy to paste and likely past what the editor takes (its limit is not published). */
export const LARGE_BODY_BYTES = 100 * 1024;

/**
 * Each optional profile property needs a comma guard naming every property before it, so a profile body grows with
 * the square of its property count: say so before the user pastes a megabyte.
 */
function sizeWarnings(body: string): Problem[] {
  // A UTF-16 code unit takes at most 3 UTF-8 bytes: most bodies are far below the limit without counting.
  if (body.length * 3 <= LARGE_BODY_BYTES) return [];
  const bytes = Buffer.byteLength(body, 'utf8');
  if (bytes <= LARGE_BODY_BYTES) return [];
  return [
    {
      severity: 'warning',
      message: `the body is ${Math.round(bytes / 1024)} KB; Klaviyo does not publish a size limit for the JSON Body field — split the fields across several webhooks (each optional profile property adds a guard naming every property before it)`,
      at: '',
    },
  ];
}

function toGeneratedField(m: FieldMapping & { patch?: 'append' }): GeneratedField {
  // Editor-safe values all arrive as text.
  const field: GeneratedField = {
    from: m.from,
    to: m.to,
    type: m.asText ? 'string' : jsonTypeName(m.type),
    template: m.template,
  };
  if (m.patch) field.patch = m.patch; // (no spread: one object per field, not two)
  return field;
}

function jsonTypeName(t: FieldType): GeneratedField['type'] {
  return t.kind === 'list' ? 'list' : t.kind === 'number' || t.kind === 'boolean' ? t.kind : 'string';
}

/** `backfill` asked for, at a revision that has it (2026-04-15 and later; an input error before). */
function backfillFor(w: { backfill?: boolean }, spec: GenerateSpec): boolean {
  if (!w.backfill) return false;
  const revision = spec.revision ?? DEFAULT_REVISION;
  if (revision < BACKFILL_SINCE)
    throw new UserError(
      `backfill exists from API revision ${BACKFILL_SINCE}; the webhook uses ${revision}: raise --revision or leave --backfill out`,
    );
  return true;
}

/** The first revision whose Create Event and Bulk Create Events take `backfill` (klaviyo-facts §6). */
const BACKFILL_SINCE = '2026-04-15';

/**
 * An unknown or retired revision is an input error (a retired one would lose every event to a 410); a deprecated
 * one's warning comes from the body checks.
 */
function checkRevision(revision: string, today: string): void {
  if (!isRevisionFormat(revision) || !isKnownRevision(revision)) {
    throw new UserError(`unknown API revision "${revision}"; known revisions: ${KNOWN_REVISIONS.join(', ')}`);
  }
  const notice = revisionNotice(revision, today);
  if (notice?.severity === 'error') throw new UserError(notice.message);
}

/** How every body of one run is written. */
interface Mode {
  escape: EscapeMode;
  identify: Identify;
  /** Every tag inside a JSON string (lists joined with `separator`). */
  editorSafe: boolean;
  separator: string;
  /** The fields resolved so far in this run: webhooks that name the same field share its mapping. */
  mappings: MappingCache;
}

interface BuiltBody {
  defaultName: string;
  body: string;
  fields: Array<FieldMapping & { patch?: 'append' }>;
  problems: Problem[];
}

function mappingOptions(mode: Mode, allowMissing: boolean, targetLabel: string) {
  return {
    escape: mode.escape,
    allowMissing,
    targetLabel,
    ...(mode.editorSafe ? { editorSafe: { separator: mode.separator } } : {}),
    cache: mode.mappings,
  };
}

function buildProfileWebhook(
  w: ProfileWebhookSpec,
  sample: Record<string, unknown>,
  spec: GenerateSpec,
  mode: Mode,
): BuiltBody {
  const { escape, identify } = mode;
  const requests = w.properties ?? [];
  const appendRequests = w.append ?? [];
  const unset = w.unset ?? [];
  if (requests.length === 0 && appendRequests.length === 0 && unset.length === 0)
    throw new UserError(
      'a profile webhook needs at least one field: --to-profile PATH[=NAME], --append PATH=NAME or --unset NAME',
    );
  if (appendRequests.length && mode.editorSafe)
    throw new UserError(
      '--append cannot be editor-safe: a value the event lacks must append nothing, which needs a {% if %} outside any JSON string, and a list would be appended as one joined text — drop --editor-safe (or copy the field with --to-profile)',
    );
  const { mappings, problems } = resolveMappings(
    sample,
    requests,
    mappingOptions(mode, spec.allowMissing ?? false, 'profile property'),
  );
  problems.push(...escapeWarnings(mappings, sample, escape));
  if (mode.editorSafe) problems.push(...editorSafeWarnings(mappings, 'profile-import', mode.separator));
  for (const r of appendRequests) {
    const { from, to } = normalizeRequest(r);
    if (to === undefined || to.trim() === '')
      throw new UserError(
        `--append "${from}" needs a name: write --append '${from}=NAME' (NAME is the profile list property the values are appended to)`,
      );
  }
  const appended = resolveMappings(
    sample,
    appendRequests,
    mappingOptions(mode, spec.allowMissing ?? false, 'profile list property'),
  );
  problems.push(...appended.problems, ...escapeWarnings(appended.mappings, sample, escape));
  const set = new Map(mappings.map((m) => [m.to, m.from]));
  for (const m of appended.mappings) {
    const other = set.get(m.to);
    if (other !== undefined)
      throw new UserError(
        `the profile property "${m.to}" is both set (--to-profile ${other}) and appended to (--append ${m.from}); give one of them another name`,
      );
  }
  const seen = new Set<string>();
  for (const name of unset) {
    checkTargetName(name, 'profile property');
    if (seen.has(name)) throw new UserError(`--unset "${name}" is given twice`);
    seen.add(name);
    const setBy = set.get(name) ?? appended.mappings.find((m) => m.to === name)?.from;
    if (setBy !== undefined)
      throw new UserError(
        `--unset "${name}" removes the profile property that the same webhook writes (from ${setBy}); drop one of the two`,
      );
  }
  const body = printBody(
    profileImportBody({
      identify,
      escape,
      properties: mappings,
      append: appended.mappings,
      unset,
      editorSafe: mode.editorSafe,
    }),
  );
  const defaultName = mappings.length
    ? 'Copy event fields to the profile'
    : appended.mappings.length
      ? 'Append event fields to profile lists'
      : 'Remove profile properties';
  return {
    defaultName,
    body,
    fields: [...mappings, ...appended.mappings.map((m) => ({ ...m, patch: 'append' as const }))],
    problems,
  };
}

/** Klaviyo's limit on events per Bulk Create Events request. */
export const BULK_EVENTS_MAX = 1000;

/** The --each path: one list, its elements read with [*] (a list path without [*] is taken as one). */
function eachListPath(
  text: string,
  sample: Record<string, unknown>,
  allowMissing: boolean,
): { path: FieldPath; elements: unknown[] | undefined } {
  let path = parsePath(text);
  const eachAt = path.findIndex((s) => s.kind === 'each');
  if (eachAt >= 0 && eachAt !== path.length - 1)
    throw new UserError(
      `--each "${text}" must end at the list, with one [*] at the end (e.g. "$extra.line_items[*]"); pick a field of each element with --promote instead`,
    );
  let resolved: ReturnType<typeof resolvePath>;
  try {
    resolved = resolvePath(sample, eachAt < 0 ? path : path.slice(0, -1));
  } catch (err) {
    if (err instanceof PathNotFoundError && allowMissing)
      return { path: eachAt < 0 ? [...path, { kind: 'each' }] : path, elements: undefined };
    throw err;
  }
  const value = resolved.values[0];
  if (resolved.values.length !== 1 || !Array.isArray(value)) {
    const what = resolved.values.length === 1 ? describeType(resolved.type) : 'several values';
    throw new UserError(
      `--each "${text}" is ${what} in the sample, not a list: name a list of objects, e.g. "$extra.line_items[*]"`,
    );
  }
  if (eachAt < 0) path = [...path, { kind: 'each' }];
  const notObject = value.find((v) => typeof v !== 'object' || v === null || Array.isArray(v));
  if (notObject !== undefined)
    throw new UserError(
      `--each "${text}" holds ${describeType(resolvePath(notObject, []).type)} elements; it must be a list of objects (each element's fields become an event's properties) — to send a list of values, use --promote "${text}" on a Create Event`,
    );
  return { path, elements: value };
}

/** Every leaf field of the sample's elements, named by its keys joined with spaces (as object expansion names them). */
export function elementLeafFields(elements: readonly unknown[]): FieldRequest[] {
  const seen = new Map<string, FieldRequest>();
  for (const el of elements) {
    for (const f of listFields(el)) {
      // An empty list (no [*] field under it) has no fields to send; a list of values is sent by index, as object expansion does.
      if (
        f.path.length === 0 ||
        f.path.some((s) => s.kind === 'each') ||
        f.type.kind === 'object' ||
        f.type.kind === 'list' ||
        seen.has(f.text)
      )
        continue;
      seen.set(f.text, {
        from: f.text,
        to: f.path.map((s) => (s.kind === 'key' ? s.key : s.kind === 'index' ? String(s.index) : '*')).join(' '),
      });
    }
  }
  return [...seen.values()];
}

function buildBulkWebhook(
  w: BulkEventWebhookSpec,
  sample: Record<string, unknown>,
  spec: GenerateSpec,
  mode: Mode,
): BuiltBody {
  const { escape, identify } = mode;
  if (mode.editorSafe)
    throw new UserError(
      '--each cannot be editor-safe: its events are produced by a {% for %} loop between JSON values, which no JSON string can hold — drop --editor-safe',
    );
  checkMetricName(w.metric);
  const allowMissing = spec.allowMissing ?? false;
  const { path: list, elements } = eachListPath(w.each, sample, allowMissing);
  const shown = formatPath(list);
  let requests = w.properties;
  if (requests === undefined) {
    if (elements === undefined || elements.length === 0)
      throw new UserError(
        `--each "${shown}" ${elements === undefined ? 'is not in the sample' : 'is empty in the sample'}, so its fields are unknown: give a sample whose list has an element, or name the fields with --promote PATH (relative to the element)`,
      );
    requests = elementLeafFields(elements);
    if (requests.length === 0)
      throw new UserError(
        `the elements of --each "${shown}" have no fields in the sample; name the fields with --promote PATH`,
      );
  }
  const element = { list, variable: 'item' };
  // Branch-free numbers and booleans: an element may carry hundreds of fields, and an {% if %} per field would
  // multiply the ways one element renders (and the body's size).
  const options = { ...mappingOptions(mode, allowMissing, 'event property'), depth: 2, branchFree: true };
  const own = resolveMappings(sample, requests, { ...options, element });
  const copied = resolveMappings(sample, w.with ?? [], options);
  const problems = [...own.problems, ...copied.problems];
  const byName = new Map(own.mappings.map((m) => [m.to, m.from]));
  for (const m of copied.mappings) {
    const other = byName.get(m.to);
    if (other !== undefined)
      throw new UserError(
        `two fields map to the event property "${m.to}" (element field ${other} and --with ${m.from}); give one of them another name with PATH=NAME`,
      );
  }
  const properties = [...own.mappings, ...copied.mappings];
  if (properties.length > 400)
    problems.push({
      severity: 'error',
      message: `each event would have ${properties.length} properties; Klaviyo accepts at most 400 — name the fields to send with --promote PATH`,
      at: '',
    });
  problems.push(
    ...escapeWarnings(own.mappings, sample, escape, list),
    ...escapeWarnings(copied.mappings, sample, escape),
  );
  let value: FieldMapping | undefined;
  if (w.value !== undefined) {
    const resolved = resolveMappings(sample, [{ from: w.value, to: 'value' }], {
      escape,
      allowMissing,
      targetLabel: 'value',
      element,
      depth: 2,
      cache: mode.mappings,
    });
    value = resolved.mappings[0];
    if (resolved.mappings.length !== 1 || value?.type.kind !== 'number')
      throw new UserError(
        `--value "${w.value}" must name one number field of each element (it is ${value ? describeType(value.type) : 'not one field'} in the sample)`,
      );
    problems.push(...resolved.problems);
  }
  const eventsAt = '/data/attributes/events-bulk-create/data/0/attributes/events/data';
  problems.push({
    severity: 'warning',
    message:
      `Klaviyo accepts at most ${BULK_EVENTS_MAX.toLocaleString('en-US')} events per Bulk Create Events request, so only the first ${BULK_EVENTS_MAX.toLocaleString('en-US')} ` +
      `elements of "${shown}" become events (the loop reads it through |slice:':${BULK_EVENTS_MAX}'); an event with more loses the rest`,
    at: eventsAt,
  });
  // unique_id: every element needs its own (a repeated one fails the whole request, and without one Klaviyo keeps
  // one event per profile per second).
  const eventId = accessExpression('event', [{ kind: 'key', key: '$event_id' }]);
  const idText = (expr: string) => `{{ ${expr}${escape === 'escapejs' ? '|escapejs' : ''} }}`;
  const indexed = `"${idText(eventId)}:{{ forloop.counter0 }}"`;
  let uniqueId: string;
  let uniqueIdWhen: string | undefined;
  let loopGuard: string | undefined;
  if (w.uniqueId === undefined) {
    if (!Object.hasOwn(sample, '$event_id') && !allowMissing)
      throw new UserError(
        `--each gives each event the unique_id "<$event_id>:<index>", but the sample has no $event_id: give --unique-id PATH naming an id field of each element that is unique across all events (e.g. "id"), or --allow-missing if real events carry $event_id`,
      );
    // Without $event_id every id would be ":0", ":1", … for every order, colliding with the profile's earlier events:
    // the loop runs only when the event has one, else events.data is [] (nothing recorded, nothing wrongly dropped).
    uniqueId = indexed;
    loopGuard = presentCondition(eventId);
    problems.push({
      severity: 'warning',
      message: `unique_id is "<$event_id>:<index>"; an event without $event_id sends no events at all ("data": []), since ids like ":0" would collide with the profile's earlier events — if your events can lack $event_id, use --unique-id PATH with an id field of each element`,
      at: eventsAt,
    });
  } else {
    const idPath = parsePath(w.uniqueId);
    if (idPath.some((s) => s.kind === 'each'))
      throw new UserError(`--unique-id "${w.uniqueId}" must name one value of each element, not a [*] list`);
    let type: FieldType = { kind: 'string' };
    try {
      const resolved = resolvePath(sample, [...list, ...idPath]);
      type = resolved.type.kind === 'list' ? resolved.type.of : resolved.type;
    } catch (err) {
      if (!(err instanceof PathNotFoundError) || !allowMissing) {
        if (err instanceof PathNotFoundError)
          throw new UserError(`--unique-id: ${err.message} (with --each, --unique-id is relative to each element)`);
        throw err;
      }
    }
    if (type.kind !== 'string' && type.kind !== 'number' && type.kind !== 'null')
      throw new UserError(
        `--unique-id "${w.uniqueId}" is ${describeType(type)} in the elements of the sample; it must be text or a number`,
      );
    const own = accessExpression('item', idPath as AccessSegment[], `--unique-id "${w.uniqueId}"`);
    // An element without its own id falls back to <$event_id>:<index>; with neither, unique_id is left out.
    uniqueId = `{% if ${presentCondition(own)} %}"${idText(own)}"{% else %}${indexed}{% endif %}`;
    uniqueIdWhen = `${presentCondition(own)} or ${presentCondition(eventId)}`;
    problems.push({
      severity: 'warning',
      message:
        `unique_id is each element's "${w.uniqueId}": it must differ between all elements of all events of a profile (an order line id does; a product id ` +
        `or SKU does not — a repeated one fails the whole request or drops the later event). An element without it falls back to "<$event_id>:<index>"`,
      at: eventsAt,
    });
  }
  const iterable = `${accessExpression('event', list.slice(0, -1) as AccessSegment[], `--each "${shown}"`)}|slice:':${BULK_EVENTS_MAX}'`;
  const body = printBody(
    bulkCreateEventsBody({
      identify,
      escape,
      metric: w.metric,
      variable: 'item',
      iterable,
      ...(loopGuard !== undefined ? { loopGuard } : {}),
      properties,
      ...(value ? { value } : {}),
      ...(w.valueCurrency !== undefined ? { valueCurrency: w.valueCurrency } : {}),
      uniqueId,
      ...(uniqueIdWhen !== undefined ? { uniqueIdWhen } : {}),
      ...(backfillFor(w, spec) ? { backfill: true } : {}),
    }),
  );
  // Element fields are reported with their full path, so `from` always reads from the event root.
  const fields = [
    ...own.mappings.map((m) => ({ ...m, from: formatPath([...list, ...parsePath(m.from)]) })),
    ...copied.mappings,
  ];
  return { defaultName: `Create "${w.metric}" events, one per element of ${shown}`, body, fields, problems };
}

function buildEventWebhook(
  w: EventWebhookSpec,
  sample: Record<string, unknown>,
  spec: GenerateSpec,
  mode: Mode,
): BuiltBody {
  const { escape, identify } = mode;
  checkMetricName(w.metric);
  if (w.properties.length === 0)
    throw new UserError('a Create Event webhook needs at least one field: --promote PATH[=NAME]');
  const allowMissing = spec.allowMissing ?? false;
  const { mappings, problems } = resolveMappings(
    sample,
    w.properties,
    mappingOptions(mode, allowMissing, 'event property'),
  );
  problems.push(...escapeWarnings(mappings, sample, escape));
  if (mode.editorSafe) problems.push(...editorSafeWarnings(mappings, 'create-event', mode.separator));
  let value: FieldMapping | undefined;
  if (w.value !== undefined && mode.editorSafe) {
    throw new UserError(
      `--value "${w.value}" cannot be used with --editor-safe: Klaviyo's API requires the event's value to be a number, and an editor-safe body can only send text — promote the field as a property instead (--promote "${w.value}", it arrives as text), or drop --editor-safe`,
    );
  }
  if (w.value !== undefined) {
    const resolved = resolveMappings(sample, [{ from: w.value, to: 'value' }], {
      escape,
      allowMissing,
      targetLabel: 'value',
      cache: mode.mappings,
    });
    value = resolved.mappings[0];
    if (resolved.mappings.length !== 1 || value?.type.kind !== 'number')
      throw new UserError(
        `--value "${w.value}" must name one number field (it is ${value ? describeType(value.type) : 'not one field'} in the sample)`,
      );
    problems.push(...resolved.problems);
  }
  const uniqueId = uniqueIdExpression(w.uniqueId, sample, problems, mode.editorSafe);
  if (uniqueId !== undefined && mode.editorSafe) {
    const from = typeof w.uniqueId === 'string' ? w.uniqueId : '$event_id';
    problems.push({
      severity: 'warning',
      message:
        `in editor-safe mode unique_id is always sent: an event that lacks "${from}" sends unique_id "", and Klaviyo records only the first event per profile and metric with a given unique_id, ` +
        `so later such events of the same profile are dropped — if events can lack "${from}", pick a field they always have (--unique-id PATH), pass --no-unique-id, or drop --editor-safe`,
      at: '/data/attributes/unique_id',
    });
  }
  const body = printBody(
    createEventBody({
      identify,
      escape,
      editorSafe: mode.editorSafe,
      metric: w.metric,
      properties: mappings,
      ...(value ? { value } : {}),
      ...(w.valueCurrency !== undefined ? { valueCurrency: w.valueCurrency } : {}),
      ...(uniqueId !== undefined ? { uniqueId } : {}),
      ...(backfillFor(w, spec) ? { backfill: true } : {}),
    }),
  );
  return { defaultName: `Create "${w.metric}" events`, body, fields: mappings, problems };
}

export function checkMetricName(metric: string): void {
  if (metric.trim() === '') throw new UserError('the metric name is empty; give --metric NAME');
  if ([...metric].length > METRIC_NAME_MAX)
    throw new UserError(`the metric name has ${[...metric].length} characters; Klaviyo requires fewer than 128`);
  if (/\{\{|\{%|\{#|\}\}|%\}|#\}/.test(metric))
    throw new UserError(
      'the metric name contains template delimiters ({{ }} {% %} {# #}), which Klaviyo would read as a tag; choose another name',
    );
}

/** `unique_id` from `$event_id` by default, so Klaviyo's retries of the webhook don't record the event twice. */
function uniqueIdExpression(
  option: string | false | undefined,
  sample: Record<string, unknown>,
  problems: Problem[],
  editorSafe: boolean,
): string | undefined {
  if (option === false) return undefined;
  const pathText = option ?? (Object.hasOwn(sample, '$event_id') ? '$event_id' : undefined);
  if (pathText === undefined) {
    problems.push({
      severity: 'warning',
      message:
        'the sample has no $event_id, so the event gets no unique_id and Klaviyo retries may record it twice; pass --unique-id PATH (an order id, say) or --no-unique-id',
      at: '/data/attributes',
    });
    return undefined;
  }
  const path = parsePath(pathText);
  if (path.some((s) => s.kind === 'each'))
    throw new UserError(`--unique-id "${pathText}" must name one value, not a [*] list`);
  const type = resolvePath(sample, path).type;
  if (type.kind !== 'string' && type.kind !== 'number')
    throw new UserError(
      `--unique-id "${pathText}" is ${describeType(type)} in the sample; it must be text or a number`,
    );
  return accessExpression('event', path as AccessSegment[], `--unique-id "${pathText}"`, { editorSafe });
}

/** With --escape none, a quote, backslash or control character in a text value breaks the JSON. */
function escapeWarnings(
  mappings: FieldMapping[],
  sample: unknown,
  escape: EscapeMode,
  under: FieldPath = [],
): Problem[] {
  if (escape !== 'none') return [];
  const problems: Problem[] = [];
  for (const m of mappings) {
    if (m.assumed) continue;
    const values = resolvePath(sample, [...under, ...parsePath(m.from)]).values.flat(Infinity);
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
        message:
          `${label} ${name} arrives as one text, its items joined with ${JSON.stringify(separator)}, not as a list: in Klaviyo "contains" matches any part of ` +
          `that text (an item that is part of a longer one matches too), list filters do not apply, and an item that contains the separator cannot be told apart`,
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

export type { GenerateSpec, WebhookSpec };
