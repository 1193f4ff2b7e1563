/** The stand-in itself: its answers pass the spec's response schemas, and it refuses what Klaviyo refuses. */
import Ajv from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { responseSchemaForPath } from '../../src/klaviyo/openapi-schema.js';
import { account, KEY, manyFlows, webhookFlows } from './account-fixtures.js';
import { startKlaviyoStandIn, vendoredSpec, type KlaviyoStandIn } from './klaviyo-stand-in.js';

let standIn: KlaviyoStandIn;
beforeAll(async () => {
  standIn = await startKlaviyoStandIn(account([...webhookFlows(), ...manyFlows(60)]), {
    apiKey: KEY,
    rateLimits: false,
  });
});
afterAll(() => standIn.close());

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${standIn.url}${path}`, {
    headers: {
      accept: 'application/vnd.api+json',
      revision: '2026-07-15',
      Authorization: `Klaviyo-API-Key ${KEY}`,
      ...headers,
    },
  });

describe('Klaviyo stand-in', () => {
  it('answers every read the tool makes with documents that pass the official response schemas', async () => {
    const paths = [
      '/api/metrics?fields[metric]=name,integration',
      '/api/events?filter=equals(metric_id,"M_PLACED")&sort=-datetime&page[size]=1&fields[event]=datetime,event_properties',
      '/api/flows?include=flow-actions&fields[flow]=name,status&fields[flow-action]=definition&page[size]=50',
      '/api/flows/FLOW_TUT?include=flow-actions&fields[flow]=name,status&fields[flow-action]=definition',
      '/api/metrics?bogus=1',
      '/api/flows/NOPE',
    ];
    for (const p of paths) await get(p);
    await get('/api/metrics', { Authorization: 'Klaviyo-API-Key pk_wrong' });
    const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true, validateFormats: false });
    const spec = vendoredSpec('2026-07-15')!;
    expect(standIn.answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 400, 404, 401]);
    for (const a of standIn.answers) {
      const [method, path] = a.operation.split(' ') as [string, string];
      const pathInSpec = path.startsWith('/api/flows/') ? '/api/flows/{id}' : path;
      const validate = ajv.compile(responseSchemaForPath(spec, method, pathInSpec, a.status));
      expect(validate(a.body), `${a.operation} ${a.status}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(
        true,
      );
    }
  });

  it('pages collections through links.next, every parameter kept', async () => {
    const first = (await (await get('/api/flows?include=flow-actions&page[size]=50')).json()) as any;
    expect(first.data).toHaveLength(50);
    const next = new URL(first.links.next);
    expect(next.searchParams.get('include')).toBe('flow-actions');
    const second = (await (
      await fetch(next, {
        headers: {
          accept: 'application/vnd.api+json',
          revision: '2026-07-15',
          Authorization: `Klaviyo-API-Key ${KEY}`,
        },
      })
    ).json()) as any;
    expect(second.data).toHaveLength(13);
    expect(second.links.next).toBeUndefined();
  });

  it('refuses what the spec does not allow: unknown parameters, values outside enums and bounds, bad revisions', async () => {
    expect((await get('/api/flows?include=everything')).status).toBe(400);
    expect((await get('/api/flows?page[size]=51')).status).toBe(400);
    expect((await get('/api/flows?fields[flow-action]=status')).status).toBe(400);
    expect((await get('/api/flows', { revision: 'latest' })).status).toBe(400);
    expect((await get('/api/flows', { revision: '2023-02-22' })).status).toBe(410);
    expect((await get('/api/flows', { accept: 'application/json' })).status).toBe(406);
  });

  it('answers a key without the scope with 403, and enforces rate limits with 429 and Retry-After', async () => {
    const narrow = await startKlaviyoStandIn(account(), { apiKey: KEY, scopes: ['metrics:read'] });
    try {
      const r = await fetch(`${narrow.url}/api/flows`, {
        headers: {
          accept: 'application/vnd.api+json',
          revision: '2026-07-15',
          Authorization: `Klaviyo-API-Key ${KEY}`,
        },
      });
      expect(r.status).toBe(403);
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++)
        statuses.push(
          (
            await fetch(`${narrow.url}/api/metrics`, {
              headers: {
                accept: 'application/vnd.api+json',
                revision: '2026-07-15',
                Authorization: `Klaviyo-API-Key ${KEY}`,
              },
            })
          ).status,
        );
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(200)); // metrics: 10/s burst
      expect(statuses[10]).toBe(429);
      expect(narrow.requests.at(-1)!.status).toBe(429);
    } finally {
      await narrow.close();
    }
  });
});
