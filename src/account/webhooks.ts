/**
 * Webhooks as code, the Klaviyo half: read a target action (and its flow's trigger metric), update it in place,
 * or create a draft flow around a new webhook. Through the Flows API: `GET/PATCH /api/flow-actions/{id}`,
 * `GET /api/flows/{id}` (its definition names the trigger), `POST /api/flows`.
 */
import { UserError } from '../errors.js';
import { flowCreateBody, flowWebhookActions } from '../klaviyo/flow-action.js';
import type { JsonApiDocument, KlaviyoApi } from './api.js';
import type { DesiredWebhook, LiveTarget } from './plan.js';
import { listMetrics, type Metric } from './sample.js';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** The account's metrics, read once per run (the trigger check and new flows need names and ids). */
export class MetricIndex {
  private metrics: Promise<Metric[]> | undefined;
  constructor(private readonly api: KlaviyoApi) {}
  all(): Promise<Metric[]> {
    this.metrics ??= listMetrics(this.api);
    return this.metrics;
  }
}

/** A flow action as it stands in Klaviyo, with its flow and (when asked) the name of the flow's trigger metric. */
export async function readTarget(
  api: KlaviyoApi,
  actionId: string,
  metrics: MetricIndex,
  needTrigger: boolean,
): Promise<LiveTarget> {
  let doc: JsonApiDocument;
  try {
    doc = await api.get('GET /api/flow-actions/{id}', `/api/flow-actions/${encodeURIComponent(actionId)}`, {
      include: 'flow',
      'fields[flow]': 'name,status',
      'fields[flow-action]': 'definition',
    });
  } catch (e) {
    if (e instanceof UserError && /\(404\)/.test(e.message))
      throw new UserError(
        `flow action ${actionId} does not exist in this account (404): check target.flowAction in the spec`,
      );
    throw e;
  }
  const data = obj(doc.data);
  const definition = obj(obj(data.attributes).definition);
  const flowResource = (doc.included ?? []).map(obj).find((r) => r.type === 'flow');
  const flow = flowResource
    ? {
        id: str(flowResource.id),
        name: str(obj(flowResource.attributes).name),
        status: str(obj(flowResource.attributes).status),
      }
    : null;
  const message = obj(obj(definition.data).message);
  let triggerMetric: string | null = null;
  if (needTrigger && flow) {
    const flowDoc = await api.get('GET /api/flows/{id}', `/api/flows/${encodeURIComponent(flow.id)}`, {
      'additional-fields[flow]': 'definition',
      'fields[flow]': 'name',
    });
    const triggers = obj(obj(obj(flowDoc.data).attributes).definition).triggers;
    const metricId = (Array.isArray(triggers) ? triggers.map(obj) : []).find((t) => t.type === 'metric')?.id;
    if (typeof metricId === 'string')
      triggerMetric = (await metrics.all()).find((m) => m.id === metricId)?.name ?? null;
  }
  return {
    actionId,
    actionType: str(definition.type) || 'unknown',
    status: str(obj(definition.data).status) || null,
    flow,
    triggerMetric,
    message:
      definition.type === 'send-webhook'
        ? {
            url: str(message.url),
            headers: Object.fromEntries(Object.entries(obj(message.headers)).map(([k, v]) => [k, String(v ?? '')])),
            body: str(message.body),
            name: str(message.name),
          }
        : null,
  };
}

export type ActionStatus = 'draft' | 'manual' | 'live';

/** Writes the desired message into the action, keeping its status unless `status` says otherwise. */
export async function updateAction(
  api: KlaviyoApi,
  live: LiveTarget,
  desired: DesiredWebhook,
  status?: ActionStatus,
): Promise<void> {
  await api.send('PATCH', 'PATCH /api/flow-actions/{id}', `/api/flow-actions/${encodeURIComponent(live.actionId)}`, {
    data: {
      type: 'flow-action',
      id: live.actionId,
      attributes: {
        definition: {
          id: live.actionId,
          type: 'send-webhook',
          data: {
            message: { url: desired.url, headers: desired.headers, body: desired.body, name: desired.name },
            status: status ?? live.status ?? 'draft',
          },
        },
      },
    },
  });
}

/** Creates a draft flow triggered by `triggerMetric` whose one action is the webhook; its ids, to save in the spec. */
export async function createFlow(
  api: KlaviyoApi,
  desired: DesiredWebhook,
  flow: { name: string; triggerMetric: string },
  metrics: MetricIndex,
): Promise<{ flowId: string; actionId: string }> {
  const matches = (await metrics.all()).filter((m) => m.name === flow.triggerMetric);
  if (matches.length !== 1) {
    throw new UserError(
      matches.length === 0
        ? `target.newFlow.triggerMetric "${flow.triggerMetric}" is not a metric of this account (sample --list-metrics lists them)`
        : `${matches.length} metrics are called "${flow.triggerMetric}" (${matches.map((m) => `${m.id}, ${m.integration || 'no integration'}`).join('; ')}); Klaviyo needs one: rename one, or create the flow in Klaviyo and target its action`,
    );
  }
  const actions = flowWebhookActions([
    {
      name: desired.name,
      url: desired.url,
      headers: Object.entries(desired.headers).map(([key, value]) => ({ key, value })),
      body: desired.body,
    },
  ]);
  const doc = await api.send(
    'POST',
    'POST /api/flows',
    '/api/flows',
    flowCreateBody(actions, { name: flow.name, metricId: matches[0]!.id }),
  );
  const data = obj(doc.data);
  const related = obj(obj(data.relationships)['flow-actions']).data;
  const actionId = str(obj(Array.isArray(related) ? related[0] : undefined).id);
  if (!data.id || !actionId)
    throw new UserError(
      'Klaviyo created the flow but did not say its ids; look for it in Klaviyo before applying again',
    );
  return { flowId: str(data.id), actionId };
}
