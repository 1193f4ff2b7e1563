/**
 * Bulk Create Events webhooks (POST /api/event-bulk-create-jobs, `--each`): one event per element of a list of the
 * triggering event, in one job for the flow's profile.
 */
import { UserError } from '../errors.js';
import { profileResource, type Identify } from '../klaviyo/identity.js';
import { resolveMappings, type FieldMapping } from '../mapping/index.js';
import { describeType, formatPath, parsePath, PathNotFoundError, resolvePath, type FieldType } from '../paths/index.js';
import type { BulkEventWebhookSpec, GenerateSpec } from '../spec-file/types.js';
import { accessExpression, presentCondition, type AccessSegment } from '../template/expression.js';
import {
  arr,
  lit,
  loop,
  member,
  obj,
  printBody,
  tpl,
  type BodyMember,
  type BodyNode,
} from '../template/json-template.js';
import type { EscapeMode } from '../template/value.js';
import { backfillFor, mappingOptions, propertiesAndMetric, valueMembers, type BuiltBody, type Mode } from './common.js';
import { checkMetricName } from './create-event.js';
import { eachListPath, elementLeafFields } from './each-list.js';
import { escapeWarnings } from './warnings.js';

/** Klaviyo's limit on events per Bulk Create Events request. */
export const BULK_EVENTS_MAX = 1000;

export function buildBulkWebhook(
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

export interface BulkCreateEventsBodyOptions {
  identify: Identify;
  escape: EscapeMode;
  metric: string;
  /** The loop: `{% for variable in iterable %}` (iterable already limited to 1,000 elements). */
  variable: string;
  iterable: string;
  /** When given, the loop runs only when this holds (else `events.data` is `[]`). */
  loopGuard?: string;
  /** Each event's properties: the element's fields, then the event-level fields copied into each. */
  properties: readonly FieldMapping[];
  /** A numeric field of the element for each event's `value`. */
  value?: FieldMapping;
  valueCurrency?: string;
  /** Template text rendering each event's unique_id as a JSON string; with `uniqueIdWhen`, a guarded member. */
  uniqueId: string;
  uniqueIdWhen?: string;
  /** `backfill: true` on the job: its events trigger no flows (revision 2026-04-15 and later). */
  backfill?: boolean;
}

/**
 * POST /api/event-bulk-create-jobs: one job for the flow's profile whose `events.data` holds one event per element
 * of a list. Properties are always written (as in createEventBody); value and unique_id as there.
 */
export function bulkCreateEventsBody(options: BulkCreateEventsBodyOptions): BodyNode {
  const attributes: BodyMember[] = [...propertiesAndMetric(options.properties, options.metric)];
  attributes.push(...valueMembers(options.value, options.valueCurrency));
  attributes.push(member('unique_id', tpl(options.uniqueId), options.uniqueIdWhen));
  const event = obj([member('type', lit('event')), member('attributes', obj(attributes))]);
  const job = obj([
    member('type', lit('event-bulk-create')),
    member(
      'attributes',
      obj([
        ...(options.backfill ? [member('backfill', lit(true))] : []),
        member('profile', obj([member('data', obj(profileResource(options.identify, options.escape, [])))])),
        member('events', obj([member('data', loop(options.variable, options.iterable, event, options.loopGuard))])),
      ]),
    ),
  ]);
  return obj([
    member(
      'data',
      obj([
        member('type', lit('event-bulk-create-job')),
        member('attributes', obj([member('events-bulk-create', obj([member('data', arr([job]))]))])),
      ]),
    ),
  ]);
}
