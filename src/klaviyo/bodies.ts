/** Request bodies for the endpoints, as template-bearing JSON models (printed by template/json-template). */
import type { FieldMapping } from '../mapping/index.js';
import { lit, member, obj, tpl, type BodyMember, type BodyNode } from '../template/json-template.js';
import { presentCondition } from '../template/expression.js';
import { stringValue, type EscapeMode } from '../template/value.js';
import { profileResource, type Identify } from './identity.js';

export interface ProfileImportBodyOptions {
  identify: Identify;
  escape: EscapeMode;
  properties: readonly FieldMapping[];
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
    options.editorSafe ? member(m.to, tpl(m.template)) : member(m.to, tpl(m.presentTemplate), m.presentWhen));
  const attributes = [member('properties', obj(properties))];
  return obj([member('data', obj(profileResource(options.identify, options.escape, attributes)))]);
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
}

/**
 * POST /api/events. Properties are always written (a missing value renders as "" or null, which Klaviyo
 * ignores for segments), so the body stays linear in size however many fields are promoted.
 */
export function createEventBody(options: CreateEventBodyOptions): BodyNode {
  const attributes: BodyMember[] = [
    member('properties', obj(options.properties.map((m) => member(m.to, tpl(m.template))))),
    member('metric', obj([member('data', obj([member('type', lit('metric')), member('attributes', obj([member('name', lit(options.metric))]))]))])),
    member('profile', obj([member('data', obj(profileResource(options.identify, options.escape, [])))])),
  ];
  if (options.value && options.editorSafe) throw new Error('an editor-safe body cannot carry value (the API requires a number)');
  if (options.value) attributes.push(member('value', tpl(options.value.presentTemplate), options.value.presentWhen));
  if (options.valueCurrency !== undefined) attributes.push(member('value_currency', lit(options.valueCurrency)));
  if (options.uniqueId !== undefined && options.editorSafe) {
    attributes.push(member('unique_id', tpl(stringValue(options.uniqueId, options.escape, true))));
  } else if (options.uniqueId !== undefined) {
    // An empty unique_id is not an id: leave the key out rather than send "".
    attributes.push(member('unique_id', tpl(stringValue(options.uniqueId, options.escape, false)), presentCondition(options.uniqueId)));
  }
  return obj([member('data', obj([member('type', lit('event')), member('attributes', obj(attributes))]))]);
}
