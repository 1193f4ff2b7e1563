/**
 * `audit`: every webhook action in every flow of the account, judged with validate's checks. Reading is one
 * paged collection (`GET /api/flows?include=flow-actions`, 50 flows a page, actions included), so a 500-flow
 * account costs ten requests, not one per flow. Judging is pure (`judgeWebhook`).
 */
import { checkWebhookBody } from '../check/index.js';
import { endpointForUrl, type EndpointId } from '../klaviyo/endpoints.js';
import { DEFAULT_REVISION } from '../klaviyo/revisions.js';
import type { Problem } from '../problem.js';
import type { KlaviyoApi } from './api.js';

export interface FlowWebhook {
  flow: { id: string; name: string; status: string };
  actionId: string;
  /** The action's status (draft, manual, live, disabled), when Klaviyo gives it. */
  status: string | null;
  name: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface JudgedWebhook {
  actionId: string;
  name: string;
  status: string | null;
  url: string;
  /** The Klaviyo endpoint the URL names, or null for any other URL (template and JSON checks only). */
  endpoint: EndpointId | null;
  /** The revision header's value (null when missing or masked). */
  revision: string | null;
  problems: Problem[];
}

export interface AuditedFlow {
  id: string;
  name: string;
  status: string;
  /** Where to open it in Klaviyo. */
  link: string;
  webhooks: JudgedWebhook[];
}

export interface AuditReport {
  /** Flows read; only those with a webhook are listed. */
  flowsRead: number;
  flows: AuditedFlow[];
  summary: { webhooks: number; errors: number; warnings: number; clean: number };
}

interface Resource {
  type?: unknown;
  id?: unknown;
  attributes?: Record<string, unknown> | null;
  relationships?: Record<string, { data?: unknown }>;
}

const text = (v: unknown) => (typeof v === 'string' ? v : '');

/** The send-webhook actions of every flow (or of one), with their flow, from as few requests as the API allows. */
export async function readFlowWebhooks(
  api: KlaviyoApi,
  options: { flowId?: string } = {},
): Promise<{ flowsRead: number; webhooks: FlowWebhook[]; flows: Map<string, FlowWebhook['flow']> }> {
  const query = { include: 'flow-actions', 'fields[flow]': 'name,status', 'fields[flow-action]': 'definition' };
  const docs = options.flowId
    ? [await api.get('GET /api/flows/{id}', `/api/flows/${encodeURIComponent(options.flowId)}`, query)]
    : await collect(api.pages('GET /api/flows', '/api/flows', { ...query, 'page[size]': '50' }));
  const flows = new Map<string, FlowWebhook['flow']>();
  const actionFlow = new Map<string, string>();
  const actions = new Map<string, Resource>();
  for (const doc of docs) {
    const data = Array.isArray(doc.data) ? (doc.data as Resource[]) : [doc.data as Resource];
    for (const flow of data) {
      const id = text(flow.id);
      flows.set(id, { id, name: text(flow.attributes?.name), status: text(flow.attributes?.status) });
      const related = flow.relationships?.['flow-actions']?.data;
      for (const ref of Array.isArray(related) ? (related as Resource[]) : []) actionFlow.set(text(ref.id), id);
    }
    for (const inc of (doc.included ?? []) as Resource[])
      if (inc.type === 'flow-action') actions.set(text(inc.id), inc);
  }
  const webhooks: FlowWebhook[] = [];
  for (const [actionId, action] of actions) {
    const definition = action.attributes?.definition as
      | { type?: unknown; data?: { message?: Record<string, unknown>; status?: unknown } }
      | null
      | undefined;
    if (definition?.type !== 'send-webhook') continue;
    const message = definition.data?.message ?? {};
    const flow = flows.get(actionFlow.get(actionId) ?? '') ?? { id: '', name: '(unknown flow)', status: '' };
    const headers =
      message.headers && typeof message.headers === 'object' ? (message.headers as Record<string, unknown>) : {};
    webhooks.push({
      flow,
      actionId,
      status: text(definition.data?.status) || null,
      name: text(message.name),
      url: text(message.url),
      headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, String(v ?? '')])),
      body: text(message.body),
    });
  }
  return { flowsRead: flows.size, webhooks, flows };
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** A header value Klaviyo hides once saved: present, value unknown (never an error). */
export function isMasked(value: string): boolean {
  return /^[*\u2022]+$/.test(value.trim()) || value.includes('****');
}

function header(headers: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

const KEY_PLACEHOLDER = /\{[^}]*(KEY|key)[^}]*\}|YOUR_PRIVATE_API_KEY|pk_x+|<[^>]*key[^>]*>/;

/** The header problems of a webhook to a Klaviyo endpoint. */
function headerProblems(headers: Record<string, string>): Problem[] {
  const out: Problem[] = [];
  const problem = (severity: Problem['severity'], message: string) => out.push({ severity, message, at: '' });
  const revision = header(headers, 'revision');
  if (revision === undefined)
    problem(
      'error',
      'no revision header: Klaviyo rejects the request (400) and the flow does not retry it — add the header revision: ' +
        DEFAULT_REVISION,
    );
  const auth = header(headers, 'authorization');
  if (auth === undefined)
    problem(
      'error',
      'no Authorization header: Klaviyo answers 401 and the flow does not retry it — add Authorization: Klaviyo-API-Key <private key>',
    );
  else if (!isMasked(auth)) {
    if (KEY_PLACEHOLDER.test(auth))
      problem(
        'error',
        'the Authorization header still holds a placeholder, not a private key: put the key in (Klaviyo-API-Key pk_…)',
      );
    else if (!/^Klaviyo-API-Key \S+/.test(auth))
      problem('error', 'the Authorization header must read "Klaviyo-API-Key <private key>"');
  }
  const type = header(headers, 'content-type');
  if (type === undefined) problem('warning', 'no Content-Type header: add Content-Type: application/vnd.api+json');
  else if (!isMasked(type) && !/^application\/(vnd\.api\+)?json\b/i.test(type.trim()))
    problem('error', `Content-Type is "${type}": Klaviyo's API takes application/vnd.api+json`);
  return out;
}

/** One webhook judged: its headers, and its body with validate's checks at the revision its header names. */
export function judgeWebhook(webhook: FlowWebhook, today: string): JudgedWebhook {
  const endpoint = endpointForUrl(webhook.url)?.id ?? null;
  const revisionHeader = header(webhook.headers, 'revision');
  const revision = revisionHeader !== undefined && !isMasked(revisionHeader) ? revisionHeader.trim() : null;
  const problems: Problem[] = [];
  if (endpoint) problems.push(...headerProblems(webhook.headers));
  else if (/^https?:\/\/a\.klaviyo\.com\//.test(webhook.url)) {
    problems.push({
      severity: 'warning',
      at: '',
      message: `${webhook.url} is not an endpoint this tool knows; only the template and JSON were checked`,
    });
  }
  if (!webhook.url.startsWith('https://'))
    problems.push({
      severity: 'error',
      at: '',
      message: 'the Destination URL must start with https:// (Klaviyo sends webhooks over TLS only)',
    });
  if (webhook.body.trim() === '') {
    problems.push({ severity: endpoint ? 'error' : 'warning', at: '', message: 'the webhook has no JSON body' });
  } else {
    try {
      const result = checkWebhookBody(webhook.body, {
        ...(endpoint ? { endpoint, url: webhook.url } : { endpoint: 'create-event' as const, templateOnly: true }),
        revision: revision ?? DEFAULT_REVISION,
        today,
      });
      problems.push(...result.problems);
    } catch (e) {
      problems.push({ severity: 'error', at: '', message: (e as Error).message });
    }
  }
  return {
    actionId: webhook.actionId,
    name: webhook.name,
    status: webhook.status,
    url: webhook.url,
    endpoint,
    revision,
    problems,
  };
}

/** Klaviyo's flow builder page for a flow. */
export const flowLink = (flowId: string) => `https://www.klaviyo.com/flow/${encodeURIComponent(flowId)}/edit`;

/** The report: flows with webhooks in the order Klaviyo listed them, each webhook judged. */
export function auditReport(read: { flowsRead: number; webhooks: FlowWebhook[] }, today: string): AuditReport {
  const byFlow = new Map<string, AuditedFlow>();
  for (const w of read.webhooks) {
    let flow = byFlow.get(w.flow.id);
    if (!flow) {
      flow = { id: w.flow.id, name: w.flow.name, status: w.flow.status, link: flowLink(w.flow.id), webhooks: [] };
      byFlow.set(w.flow.id, flow);
    }
    flow.webhooks.push(judgeWebhook(w, today));
  }
  const all = [...byFlow.values()].flatMap((f) => f.webhooks);
  const errors = all.filter((w) => w.problems.some((p) => p.severity === 'error')).length;
  const warnings = all.filter((w) => !w.problems.some((p) => p.severity === 'error') && w.problems.length > 0).length;
  return {
    flowsRead: read.flowsRead,
    flows: [...byFlow.values()],
    summary: { webhooks: all.length, errors, warnings, clean: all.length - errors - warnings },
  };
}
