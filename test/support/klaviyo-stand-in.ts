/**
 * A local stand-in for Klaviyo's read API (metrics, events, flows with their actions), on 127.0.0.1 and a free
 * port, serving an in-memory account. Like Klaviyo it checks every request against the vendored official spec of
 * the revision it names — the path and method, each query parameter's name and value (sparse fieldsets and includes
 * from the spec's enums, page sizes within its bounds), the revision, accept and Authorization headers — answers
 * with documents shaped by the spec (its own test proves them against the response schemas), pages collections
 * through `links.next`, enforces each operation's rate limits (429 with Retry-After) and answers a bad key with 401
 * and a missing scope with 403, in JSON:API's error shape. `latencyMs` delays every answer (for the bench).
 */
import { readFileSync } from 'node:fs';
import Ajv, { type ValidateFunction } from 'ajv';
import { requestSchemaForPath } from '../../src/klaviyo/openapi-schema.js';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandInMetric {
  id: string;
  name: string;
  integration: { name: string; category: string } | null;
}
/** A value the stand-in writes into its JSON answer as is: `10.0`, or an integer beyond 2^53, as Klaviyo writes them. */
export class RawJson {
  constructor(readonly text: string) {}
}

/** JSON.stringify, with each RawJson written as its text. */
function stringifyWithRaw(body: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(body, (_k, v: unknown) => {
    if (!(v instanceof RawJson)) return v;
    raws.push(v.text);
    return `\u0000raw:${raws.length - 1}`;
  });
  return raws.length ? text.replace(/"\\u0000raw:(\d+)"/g, (_m, i: string) => raws[Number(i)]!) : text;
}

export interface StandInEvent {
  id: string;
  metricId: string;
  profileId: string;
  datetime: string;
  properties: Record<string, unknown>;
}
export interface StandInAction {
  id: string;
  /** The action's definition as Klaviyo returns it ({type, data, …}). */
  definition: Record<string, unknown>;
}
export interface StandInFlow {
  id: string;
  name: string;
  status: 'draft' | 'manual' | 'live';
  actions: StandInAction[];
  /** The metric that triggers the flow (its definition's metric trigger). */
  triggerMetricId?: string;
}
export interface StandInAccount {
  metrics: StandInMetric[];
  events: StandInEvent[];
  flows: StandInFlow[];
}

export interface StandInOptions {
  apiKey: string;
  /** The key's scopes (default: every read scope). */
  scopes?: string[];
  latencyMs?: number;
  /** Rate limits enforced (default true). */
  rateLimits?: boolean;
  /**
   * Answers of a busy or failing Klaviyo: requests of `operation` (e.g. `PATCH /api/flow-actions/{id}`), after the
   * first `after` (default 0), are answered `times` times with `status` (and `Retry-After: retryAfter` seconds), as
   * when another client spends the key's rate limit or Klaviyo has an outage.
   */
  failures?: { operation: string; status: number; times: number; after?: number; retryAfter?: number }[];
}

export interface StandInRequest {
  method: string;
  /** Path and query as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  status: number;
  /** Why the request broke the spec (400s), if it did. */
  problem?: string;
}

export interface KlaviyoStandIn {
  url: string;
  requests: StandInRequest[];
  /** Every answer given, for the response-schema test. */
  answers: { operation: string; status: number; body: unknown }[];
  close(): Promise<void>;
}

type Json = Record<string, any>;
const specs = new Map<string, Json>();
export function vendoredSpec(revision: string): Json | undefined {
  if (!specs.has(revision)) {
    try {
      specs.set(
        revision,
        JSON.parse(readFileSync(new URL(`../../vendor/klaviyo-openapi/${revision}.json`, import.meta.url), 'utf8')),
      );
    } catch {
      return undefined;
    }
  }
  return specs.get(revision);
}

const NEWEST = '2026-07-15';

/** The official request schema of a write (PATCH flow action, POST flow), compiled once per revision. */
const writeValidators = new Map<string, ValidateFunction>();
function writeValidator(spec: Json, method: 'patch' | 'post', path: string): ValidateFunction {
  const key = `${spec.info.version} ${method} ${path}`;
  let v = writeValidators.get(key);
  if (!v) {
    const ajv = new Ajv({ allErrors: false, strict: false, allowUnionTypes: true, validateFormats: false });
    v = ajv.compile(requestSchemaForPath(spec, path, `${method} ${path}`, { method, shareRefs: true }));
    writeValidators.set(key, v);
  }
  return v;
}
const ALL_READ_SCOPES = ['metrics:read', 'events:read', 'flows:read', 'flows:write'];

/** `method path` of the spec that `pathname` matches ({id} segments), and the id. */
function route(spec: Json, method: string, pathname: string): { path: string; op: Json; id?: string } | undefined {
  for (const [path, methods] of Object.entries(spec.paths as Json)) {
    const op = (methods as Json)[method.toLowerCase()];
    if (!op) continue;
    const re = new RegExp(`^${path.replace(/\{id\}/, '([^/]+)')}$`);
    const m = re.exec(pathname);
    if (m) return { path, op, ...(m[1] !== undefined ? { id: decodeURIComponent(m[1]) } : {}) };
  }
  return undefined;
}

/** Why `query` breaks the operation's declared parameters, or undefined. */
function queryProblem(op: Json, query: URLSearchParams): string | undefined {
  const params = new Map<string, Json>(
    (op.parameters as Json[]).filter((p) => p.in === 'query').map((p) => [p.name, p]),
  );
  for (const [name, value] of query) {
    const p = params.get(name);
    if (!p) return `unknown query parameter ${name}`;
    const schema = p.schema ?? {};
    if (schema.type === 'array') {
      const allowed = schema.items?.enum as string[] | undefined;
      for (const v of value.split(','))
        if (allowed && !allowed.includes(v)) return `${name}: "${v}" is not one of the allowed values`;
    } else if (schema.type === 'integer') {
      const n = Number(value);
      if (
        !Number.isInteger(n) ||
        (schema.minimum !== undefined && n < schema.minimum) ||
        (schema.maximum !== undefined && n > schema.maximum)
      )
        return `${name} must be an integer from ${schema.minimum} to ${schema.maximum}`;
    } else if (Array.isArray(schema.enum) && !schema.enum.includes(value)) return `${name}: "${value}" is not allowed`;
  }
  for (const p of params.values()) if (p.required && !query.has(p.name)) return `missing query parameter ${p.name}`;
  return undefined;
}

const error = (status: number, code: string, title: string, detail: string, parameter?: string) => ({
  errors: [
    { id: `stand-in-${status}-${code}`, status, code, title, detail, ...(parameter ? { source: { parameter } } : {}) },
  ],
});

/** `field` of sparse fieldsets: the requested attributes only, all when none was requested. */
function sparse(attributes: Json, fields: string | null): Json {
  if (!fields) return attributes;
  const wanted = new Set(fields.split(',').map((f) => f.split('.')[0]!));
  return Object.fromEntries(Object.entries(attributes).filter(([k]) => wanted.has(k)));
}

const CREATED = '2026-01-05T10:00:00+00:00';

export async function startKlaviyoStandIn(account: StandInAccount, options: StandInOptions): Promise<KlaviyoStandIn> {
  const requests: StandInRequest[] = [];
  const answers: KlaviyoStandIn['answers'] = [];
  const sent = new Map<string, number[]>();
  /** Requests per operation so far (for `failures`). */
  const seen = new Map<string, number>();
  const scopes = new Set(options.scopes ?? ALL_READ_SCOPES);
  let base = '';

  let ids = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  const handle = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, text: string) => {
    const url = new URL(req.url ?? '/', base);
    const record: StandInRequest = {
      method: req.method ?? '',
      url: `${url.pathname}${url.search}`,
      headers: req.headers,
      status: 0,
    };
    requests.push(record);
    let operation = `${req.method} ${url.pathname}`;
    const reply = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      answers.push({ operation, status, body });
      const text = body === undefined ? '' : stringifyWithRaw(body);
      const send = () => {
        res.writeHead(status, { ...(text ? { 'content-type': 'application/vnd.api+json' } : {}), ...headers });
        res.end(text);
      };
      if (options.latencyMs) setTimeout(send, options.latencyMs);
      else send();
    };
    const bad = (problem: string, code = 'invalid', parameter?: string) => {
      record.problem = problem;
      reply(400, error(400, code, 'Invalid input.', problem, parameter));
    };

    if (req.headers.authorization !== `Klaviyo-API-Key ${options.apiKey}`)
      return reply(
        401,
        error(401, 'not_authenticated', 'Incorrect authentication credentials.', 'Missing or invalid private key.'),
      );
    const revision = String(req.headers.revision ?? '');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(revision))
      return bad(`"${revision}" is not a valid revision header`, 'invalid_revision');
    const spec = vendoredSpec(revision) ?? (revision > NEWEST ? vendoredSpec(NEWEST) : undefined);
    if (!spec) return reply(410, error(410, 'gone', 'Revision retired.', `revision ${revision} is not served`));
    if (req.headers.accept !== 'application/vnd.api+json')
      return reply(406, error(406, 'not_acceptable', 'Not acceptable.', `accept ${req.headers.accept}`));
    const found = route(spec, req.method ?? 'GET', url.pathname);
    if (!found) return reply(404, error(404, 'not_found', 'Not found.', `no route for ${req.method} ${url.pathname}`));
    operation = `${req.method} ${found.path}`;
    let body: Json | undefined;
    if (req.method !== 'GET') {
      if (req.headers['content-type'] !== 'application/vnd.api+json')
        return reply(
          415,
          error(
            415,
            'unsupported_media_type',
            'Unsupported media type.',
            `content-type ${req.headers['content-type']}`,
          ),
        );
      try {
        body = JSON.parse(text) as Json;
      } catch {
        return bad('JSON parse error');
      }
      const validate = writeValidator(spec, req.method!.toLowerCase() as 'patch' | 'post', found.path);
      if (!validate(body)) {
        const first = validate.errors![0]!;
        record.problem = `${first.instancePath} ${first.message}`;
        return reply(400, {
          errors: [
            {
              id: 'stand-in-400',
              status: 400,
              code: 'invalid',
              title: 'Invalid input.',
              detail: record.problem,
              source: { pointer: first.instancePath || '/data' },
            },
          ],
        });
      }
    }
    const problem = queryProblem(found.op, url.searchParams);
    if (problem) return bad(problem, 'invalid', problem.split(' ').find((w) => w.includes('[')) ?? undefined);
    const needed = (found.op['x-klaviyo-scopes'] as string[]) ?? [];
    if (!needed.every((s) => scopes.has(s)))
      return reply(
        403,
        error(
          403,
          'permission_denied',
          'You do not have permission to perform this action.',
          `this key lacks the ${needed.join(', ')} scope`,
        ),
      );

    const count = (seen.get(operation) ?? 0) + 1;
    seen.set(operation, count);
    const failure = options.failures?.find(
      (f) => f.operation === operation && count > (f.after ?? 0) && count <= (f.after ?? 0) + f.times,
    );
    if (failure)
      return reply(
        failure.status,
        error(
          failure.status,
          failure.status === 429 ? 'throttled' : 'error',
          'Request failed.',
          'a failure the test asked for',
        ),
        failure.retryAfter !== undefined ? { 'retry-after': String(failure.retryAfter) } : {},
      );

    if (options.rateLimits !== false) {
      const rate = found.op['x-klaviyo-ratelimit'] as { burst: string; steady: string };
      const perSecond = Number(rate.burst.split('/')[0]);
      const perMinute = Number(rate.steady.split('/')[0]);
      const now = Date.now();
      const times = (sent.get(operation) ?? []).filter((t) => t > now - 60_000);
      sent.set(operation, times);
      const lastSecond = times.filter((t) => t > now - 1000);
      if (lastSecond.length >= perSecond || times.length >= perMinute) {
        const wait = lastSecond.length >= perSecond ? lastSecond[0]! + 1000 - now : times[0]! + 60_000 - now;
        return reply(
          429,
          error(
            429,
            'throttled',
            'Request was throttled.',
            `Request was throttled. Expected available in ${Math.ceil(wait / 1000)} seconds.`,
          ),
          {
            'retry-after': String(Math.max(1, Math.ceil(wait / 1000))),
          },
        );
      }
      times.push(now);
    }

    const q = url.searchParams;
    const self = (path: string) => `${base}${path}`;
    /** A page of `items` from the cursor, with links.next carrying every other parameter. */
    const page = <T>(items: T[], size: number) => {
      const start = Number(q.get('page[cursor]') ?? 0);
      const next = new URL(url.href);
      next.searchParams.set('page[cursor]', String(start + size));
      return {
        items: items.slice(start, start + size),
        links: { self: url.href, ...(start + size < items.length ? { next: next.href } : {}) },
      };
    };

    if (found.path === '/api/metrics') {
      const { items, links } = page(account.metrics, 200);
      const data = items.map((m) => ({
        type: 'metric',
        id: m.id,
        attributes: sparse(
          { name: m.name, created: CREATED, updated: CREATED, integration: m.integration },
          q.get('fields[metric]'),
        ),
        links: { self: self(`/api/metrics/${m.id}`) },
      }));
      return reply(200, { data, links });
    }
    if (found.path === '/api/events') {
      const filter = q.get('filter') ?? '';
      const metricId = /equals\(metric_id,"([^"]*)"\)/.exec(filter)?.[1];
      const profileId = /equals\(profile_id,"([^"]*)"\)/.exec(filter)?.[1];
      let events = account.events.filter(
        (e) =>
          (metricId === undefined || e.metricId === metricId) && (profileId === undefined || e.profileId === profileId),
      );
      const sort = q.get('sort');
      if (sort === '-datetime') events = [...events].sort((a, b) => b.datetime.localeCompare(a.datetime));
      else if (sort === 'datetime') events = [...events].sort((a, b) => a.datetime.localeCompare(b.datetime));
      const { items, links } = page(events, Number(q.get('page[size]') ?? 200));
      const data = items.map((e) => ({
        type: 'event',
        id: e.id,
        attributes: sparse(
          {
            timestamp: Math.floor(Date.parse(e.datetime) / 1000),
            event_properties: e.properties,
            datetime: e.datetime,
            uuid: `uuid-${e.id}`,
          },
          q.get('fields[event]'),
        ),
        links: { self: self(`/api/events/${e.id}`) },
      }));
      return reply(200, { data, links });
    }
    if (req.method === 'GET' && (found.path === '/api/flows' || found.path === '/api/flows/{id}')) {
      const includeActions = (q.get('include') ?? '').split(',').includes('flow-actions');
      const flowResource = (f: StandInFlow) => ({
        type: 'flow',
        id: f.id,
        attributes: sparse(
          {
            name: f.name,
            status: f.status,
            archived: false,
            created: CREATED,
            updated: CREATED,
            trigger_type: 'Metric',
          },
          q.get('fields[flow]'),
        ),
        relationships: {
          'flow-actions': {
            data: f.actions.map((a) => ({ type: 'flow-action', id: a.id })),
            links: {
              self: self(`/api/flows/${f.id}/relationships/flow-actions`),
              related: self(`/api/flows/${f.id}/flow-actions`),
            },
          },
        },
        links: { self: self(`/api/flows/${f.id}`) },
      });
      const actionResource = (a: StandInAction) => ({
        type: 'flow-action',
        id: a.id,
        attributes: sparse(
          { created: CREATED, updated: CREATED, definition: a.definition },
          q.get('fields[flow-action]'),
        ),
        links: { self: self(`/api/flow-actions/${a.id}`) },
      });
      if (found.path === '/api/flows/{id}') {
        const flow = account.flows.find((f) => f.id === found.id);
        if (!flow) return reply(404, error(404, 'not_found', 'Not found.', `no flow ${found.id}`));
        const resource: Json = flowResource(flow);
        if ((q.get('additional-fields[flow]') ?? '').split(',').includes('definition')) {
          resource.attributes.definition = {
            triggers: flow.triggerMetricId ? [{ type: 'metric', id: flow.triggerMetricId }] : [],
            actions: flow.actions.map((a) => a.definition),
            entry_action_id: flow.actions[0]?.id ?? null,
          };
        }
        return reply(200, {
          data: resource,
          ...(includeActions ? { included: flow.actions.map(actionResource) } : {}),
          links: { self: url.href },
        });
      }
      const { items, links } = page(account.flows, Number(q.get('page[size]') ?? 50));
      return reply(200, {
        data: items.map(flowResource),
        ...(includeActions ? { included: items.flatMap((f) => f.actions.map(actionResource)) } : {}),
        links,
      });
    }
    if (found.path === '/api/flow-actions/{id}') {
      const flow = account.flows.find((f) => f.actions.some((a) => a.id === found.id));
      const action = flow?.actions.find((a) => a.id === found.id);
      if (!flow || !action) return reply(404, error(404, 'not_found', 'Not found.', `no flow action ${found.id}`));
      if (req.method === 'PATCH') {
        const definition = (body as Json).data.attributes.definition as Json;
        if (definition.type !== action.definition.type)
          return reply(400, error(400, 'invalid', 'Invalid input.', 'an action cannot change its type'));
        action.definition = { ...definition, id: action.id };
      }
      const include = (q.get('include') ?? '').split(',');
      return reply(200, {
        data: {
          type: 'flow-action',
          id: action.id,
          attributes: sparse(
            { created: CREATED, updated: CREATED, definition: action.definition },
            q.get('fields[flow-action]'),
          ),
          relationships: {
            flow: {
              data: { type: 'flow', id: flow.id },
              links: {
                self: self(`/api/flow-actions/${action.id}/relationships/flow`),
                related: self(`/api/flow-actions/${action.id}/flow`),
              },
            },
          },
          links: { self: self(`/api/flow-actions/${action.id}`) },
        },
        ...(include.includes('flow') && req.method === 'GET'
          ? {
              included: [
                {
                  type: 'flow',
                  id: flow.id,
                  attributes: sparse(
                    {
                      name: flow.name,
                      status: flow.status,
                      archived: false,
                      created: CREATED,
                      updated: CREATED,
                      trigger_type: 'Metric',
                    },
                    q.get('fields[flow]'),
                  ),
                  links: { self: self(`/api/flows/${flow.id}`) },
                },
              ],
            }
          : {}),
        links: { self: url.href },
      });
    }
    if (found.path === '/api/flows' && req.method === 'POST') {
      const attributes = (body as Json).data.attributes as Json;
      const definition = attributes.definition as Json;
      const trigger = (definition.triggers as Json[]).find((t) => t.type === 'metric');
      if (!account.metrics.some((m) => m.id === trigger?.id))
        return reply(400, error(400, 'invalid', 'Invalid input.', 'the trigger metric does not exist'));
      const flowId = `NEW_FLOW_${++ids}`;
      const actions = (definition.actions as Json[]).map((a) => {
        const id = `NEW_ACTION_${++ids}`;
        const { temporary_id: _t, links: _l, ...rest } = a;
        return { id, definition: { ...rest, id } };
      });
      const flow: StandInFlow = {
        id: flowId,
        name: String(attributes.name),
        status: 'draft',
        actions,
        triggerMetricId: String(trigger!.id),
      };
      account.flows.push(flow);
      return reply(201, {
        data: {
          type: 'flow',
          id: flowId,
          attributes: {
            name: flow.name,
            status: 'draft',
            archived: false,
            created: CREATED,
            updated: CREATED,
            trigger_type: 'Metric',
          },
          relationships: {
            'flow-actions': {
              data: actions.map((a) => ({ type: 'flow-action', id: a.id })),
              links: {
                self: self(`/api/flows/${flowId}/relationships/flow-actions`),
                related: self(`/api/flows/${flowId}/flow-actions`),
              },
            },
          },
          links: { self: self(`/api/flows/${flowId}`) },
        },
        links: { self: self(`/api/flows/${flowId}`) },
      });
    }
    return reply(404, error(404, 'not_found', 'Not found.', `the stand-in does not serve ${operation}`));
  };
  // The server never closes an idle connection itself (Node's default is after 5 s): on a loaded machine a client can
  // send on a connection in the instant the server drops it (ECONNRESET). Clients close theirs; close() closes all.
  server.keepAliveTimeout = 0;
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    requests,
    answers,
    close: () =>
      new Promise<void>((ok, fail) => {
        server.closeAllConnections();
        server.close((e) => (e ? fail(e) : ok()));
      }),
  };
}
