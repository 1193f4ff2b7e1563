/**
 * `sample`: the newest event of one of the account's metrics, as the sample `generate --sample` reads (its
 * `event_properties`, the fields a flow exposes as `event.…`). Metrics are listed whole (Klaviyo cannot filter them
 * by name) and matched exactly; several integrations can share a name, and then the user picks by id.
 */
import { UserError } from '../errors.js';
import { closest } from '../util.js';
import type { KlaviyoApi } from './api.js';
import { jsonValueSpan } from './json-span.js';

export interface Metric {
  id: string;
  name: string;
  /** The integration's name ("Shopify", "API", …), when Klaviyo gives one. */
  integration: string;
}

export interface SampleEvent {
  metric: Metric;
  eventId: string;
  /** ISO date-time of the event. */
  datetime: string | null;
  properties: Record<string, unknown>;
  /** The properties' JSON exactly as Klaviyo wrote it (`10.0` stays a float, big integers keep every digit). */
  propertiesText: string;
}

interface Resource {
  id?: unknown;
  attributes?: Record<string, unknown> | null;
}

const asResources = (data: unknown): Resource[] =>
  Array.isArray(data) ? (data as Resource[]) : data && typeof data === 'object' ? [data as Resource] : [];

function toMetric(r: Resource): Metric {
  const attributes = r.attributes ?? {};
  const integration = attributes.integration as { name?: unknown } | null | undefined;
  return {
    id: String(r.id),
    name: String(attributes.name ?? ''),
    integration: typeof integration?.name === 'string' ? integration.name : '',
  };
}

/** Every metric of the account, in Klaviyo's order. */
export async function listMetrics(api: KlaviyoApi): Promise<Metric[]> {
  const out: Metric[] = [];
  for await (const page of api.pages('GET /api/metrics', '/api/metrics', { 'fields[metric]': 'name,integration' })) {
    out.push(...asResources(page.data).map(toMetric));
  }
  return out;
}

/** The one metric called `name` (or with `id`); a clear error for none or several. */
export function pickMetric(metrics: readonly Metric[], choice: { name?: string; id?: string }): Metric {
  if (choice.id !== undefined) {
    const found = metrics.find((m) => m.id === choice.id);
    if (!found) throw new UserError(`the account has no metric with id ${choice.id}; --list-metrics shows them`);
    return found;
  }
  const name = choice.name ?? '';
  const matches = metrics.filter((m) => m.name === name);
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    const list = matches.map((m) => `${m.id} (${m.integration || 'no integration'})`).join(', ');
    throw new UserError(`${matches.length} metrics are called "${name}": ${list}; choose one with --metric-id ID`);
  }
  const near = closest(name, new Set(metrics.map((m) => m.name)));
  const hint = near.length
    ? `; did you mean ${near.map((n) => `"${n}"`).join(' or ')}?`
    : metrics.length
      ? '; --list-metrics shows them'
      : ' (it has no metrics yet)';
  throw new UserError(`the account has no metric called "${name}"${hint}`);
}

/** The newest event of `metric` (optionally of one profile), or a clear error when it has none. */
export async function newestEvent(
  api: KlaviyoApi,
  metric: Metric,
  options: { profileId?: string } = {},
): Promise<SampleEvent> {
  const filter = [
    `equals(metric_id,"${metric.id}")`,
    ...(options.profileId ? [`equals(profile_id,"${options.profileId}")`] : []),
  ];
  const { document: doc, text } = await api.getWithText('GET /api/events', '/api/events', {
    filter: filter.length > 1 ? `and(${filter.join(',')})` : filter[0]!,
    sort: '-datetime',
    'page[size]': '1',
    'fields[event]': 'datetime,event_properties',
  });
  const event = asResources(doc.data)[0];
  if (!event) {
    throw new UserError(
      `"${metric.name}" has no events${options.profileId ? ' for that profile' : ''} yet: trigger one (e.g. place a test order), or use --example to start from a bundled sample`,
    );
  }
  const properties = event.attributes?.event_properties;
  const isObject = properties !== null && typeof properties === 'object' && !Array.isArray(properties);
  const span = isObject
    ? jsonValueSpan(text, [...(Array.isArray(doc.data) ? ['data', 0] : ['data']), 'attributes', 'event_properties'])
    : undefined;
  return {
    metric,
    eventId: String(event.id),
    datetime: typeof event.attributes?.datetime === 'string' ? event.attributes.datetime : null,
    properties: isObject ? (properties as Record<string, unknown>) : {},
    propertiesText: span ? text.slice(...span) : '{}',
  };
}
