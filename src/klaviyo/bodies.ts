/** Request bodies for the endpoints, as template-bearing JSON models (printed by template/json-template). */
import { guardOf, type FieldMapping } from '../mapping/index.js';
import { arr, lit, loop, member, obj, tpl, type BodyMember, type BodyNode } from '../template/json-template.js';
import { presentCondition } from '../template/expression.js';
import { stringValue, type EscapeMode } from '../template/value.js';
import { profileResource, type Identify } from './identity.js';

export interface ProfileImportBodyOptions {
  identify: Identify;
  escape: EscapeMode;
  properties: readonly FieldMapping[];
  /** Values appended to profile list properties (`data.meta.patch_properties.append`), each only when present. */
  append?: readonly FieldMapping[];
  /** Profile properties to remove (`data.meta.patch_properties.unset`). */
  unset?: readonly string[];
  /** Every tag inside a JSON string: no guarded members (a missing value is written as ""). */
  editorSafe?: boolean;
}

/**
 * POST /api/profile-import. Each property is written only when the event has a value for it: Klaviyo clears a
 * profile property sent as null or "", and one event lacking a field must not wipe what an earlier one set.
 * Editor-safe bodies cannot leave a key out (a guard outside a string is not JSON), so there every property is
 * written, as "" when the event lacks it; generate warns about that.
 */
export function profileImportBody(options: ProfileImportBodyOptions): BodyNode {
  const properties = options.properties.map((m) =>
    options.editorSafe ? member(m.to, tpl(m.template)) : member(m.to, tpl(m.presentTemplate), guardOf(m)),
  );
  const append = options.append ?? [];
  const unset = options.unset ?? [];
  if (options.editorSafe && append.length)
    throw new Error('an editor-safe body cannot append (a missing value would append "")');
  const attributes =
    properties.length || (append.length === 0 && unset.length === 0) ? [member('properties', obj(properties))] : [];
  const resource = profileResource(options.identify, options.escape, attributes);
  const patch: BodyMember[] = [];
  // As profile properties: a value the event lacks appends nothing (the key is left out).
  if (append.length)
    patch.push(member('append', obj(append.map((m) => member(m.to, tpl(m.presentTemplate), guardOf(m))))));
  if (unset.length) patch.push(member('unset', arr(unset.map((n) => lit(n)))));
  if (patch.length) resource.push(member('meta', obj([member('patch_properties', obj(patch))])));
  return obj([member('data', obj(resource))]);
}

export interface CreateEventBodyOptions {
  identify: Identify;
  escape: EscapeMode;
  metric: string;
  properties: readonly FieldMapping[];
  /** The event's numeric value (e.g. the order total). */
  value?: FieldMapping;
  valueCurrency?: string;
  /** Expression whose text becomes unique_id (e.g. `event|lookup:'$event_id'`), so retries de-duplicate. */
  uniqueId?: string;
  /** Every tag inside a JSON string: unique_id is always written ("" when missing); `value` is not allowed. */
  editorSafe?: boolean;
  /** `backfill: true`: Klaviyo records the event without triggering flows (revision 2026-04-15 and later). */
  backfill?: boolean;
}

/**
 * POST /api/events. Properties are always written (a missing value renders as "" or null, which Klaviyo
 * ignores for segments), so the body stays linear in size however many fields are promoted.
 */
export function createEventBody(options: CreateEventBodyOptions): BodyNode {
  const attributes: BodyMember[] = [
    member('properties', obj(options.properties.map((m) => member(m.to, tpl(m.template))))),
    member(
      'metric',
      obj([
        member(
          'data',
          obj([member('type', lit('metric')), member('attributes', obj([member('name', lit(options.metric))]))]),
        ),
      ]),
    ),
    member('profile', obj([member('data', obj(profileResource(options.identify, options.escape, [])))])),
  ];
  if (options.value && options.editorSafe)
    throw new Error('an editor-safe body cannot carry value (the API requires a number)');
  if (options.value) attributes.push(member('value', tpl(options.value.presentTemplate), guardOf(options.value)));
  if (options.valueCurrency !== undefined) attributes.push(member('value_currency', lit(options.valueCurrency)));
  if (options.uniqueId !== undefined && options.editorSafe) {
    attributes.push(member('unique_id', tpl(stringValue(options.uniqueId, options.escape, true))));
  } else if (options.uniqueId !== undefined) {
    // An empty unique_id is not an id: leave the key out rather than send "".
    attributes.push(
      member(
        'unique_id',
        tpl(stringValue(options.uniqueId, options.escape, false)),
        presentCondition(options.uniqueId),
      ),
    );
  }
  if (options.backfill) attributes.push(member('backfill', lit(true)));
  return obj([member('data', obj([member('type', lit('event')), member('attributes', obj(attributes))]))]);
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
  const attributes: BodyMember[] = [
    member('properties', obj(options.properties.map((m) => member(m.to, tpl(m.template))))),
    member(
      'metric',
      obj([
        member(
          'data',
          obj([member('type', lit('metric')), member('attributes', obj([member('name', lit(options.metric))]))]),
        ),
      ]),
    ),
  ];
  if (options.value) attributes.push(member('value', tpl(options.value.presentTemplate), guardOf(options.value)));
  if (options.valueCurrency !== undefined) attributes.push(member('value_currency', lit(options.valueCurrency)));
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
