/** What the three webhook builders share: how one run writes its bodies, and what a builder returns. */
import { UserError } from '../errors.js';
import { DEFAULT_REVISION } from '../klaviyo/revisions.js';
import type { Identify } from '../klaviyo/identity.js';
import { guardOf, type FieldMapping, type MappingCache } from '../mapping/index.js';
import type { Problem } from '../problem.js';
import type { GenerateSpec } from '../spec-file/types.js';
import { lit, member, obj, tpl, type BodyMember } from '../template/json-template.js';
import type { EscapeMode } from '../template/value.js';

/** How every body of one run is written. */
export interface Mode {
  escape: EscapeMode;
  identify: Identify;
  /** Every tag inside a JSON string (lists joined with `separator`). */
  editorSafe: boolean;
  separator: string;
  /** The fields resolved so far in this run: webhooks that name the same field share its mapping. */
  mappings: MappingCache;
}

export interface BuiltBody {
  defaultName: string;
  body: string;
  fields: Array<FieldMapping & { patch?: 'append' }>;
  problems: Problem[];
}

export function mappingOptions(mode: Mode, allowMissing: boolean, targetLabel: string) {
  return {
    escape: mode.escape,
    allowMissing,
    targetLabel,
    ...(mode.editorSafe ? { editorSafe: { separator: mode.separator } } : {}),
    cache: mode.mappings,
  };
}

/** `backfill` asked for, at a revision that has it (2026-04-15 and later; an input error before). */
export function backfillFor(w: { backfill?: boolean }, spec: GenerateSpec): boolean {
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

/** An event's `properties` and its `metric` by name: how every event a webhook creates begins. */
export function propertiesAndMetric(properties: readonly FieldMapping[], metric: string): BodyMember[] {
  return [
    member('properties', obj(properties.map((m) => member(m.to, tpl(m.template))))),
    member(
      'metric',
      obj([
        member('data', obj([member('type', lit('metric')), member('attributes', obj([member('name', lit(metric))]))])),
      ]),
    ),
  ];
}

/** An event's numeric `value` (left out when its field is missing) and `value_currency`, when given. */
export function valueMembers(value: FieldMapping | undefined, currency: string | undefined): BodyMember[] {
  return [
    ...(value ? [member('value', tpl(value.presentTemplate), guardOf(value))] : []),
    ...(currency !== undefined ? [member('value_currency', lit(currency))] : []),
  ];
}
