/** Create Event webhooks (POST /api/events): event fields promoted to the top-level properties of a new event. */
import { UserError } from '../errors.js';
import { profileResource, type Identify } from '../klaviyo/identity.js';
import { resolveMappings, type FieldMapping } from '../mapping/index.js';
import { describeType, parsePath, resolvePath } from '../paths/index.js';
import type { Problem } from '../problem.js';
import type { EventWebhookSpec, GenerateSpec } from '../spec-file/types.js';
import { accessExpression, presentCondition, type AccessSegment } from '../template/expression.js';
import { lit, member, obj, printBody, tpl, type BodyMember, type BodyNode } from '../template/json-template.js';
import { stringValue, type EscapeMode } from '../template/value.js';
import { backfillFor, mappingOptions, propertiesAndMetric, valueMembers, type BuiltBody, type Mode } from './common.js';
import { editorSafeWarnings, escapeWarnings } from './warnings.js';

export const METRIC_NAME_MAX = 127;

export function buildEventWebhook(
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
    ...propertiesAndMetric(options.properties, options.metric),
    member('profile', obj([member('data', obj(profileResource(options.identify, options.escape, [])))])),
  ];
  if (options.value && options.editorSafe)
    throw new Error('an editor-safe body cannot carry value (the API requires a number)');
  attributes.push(...valueMembers(options.value, options.valueCurrency));
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
