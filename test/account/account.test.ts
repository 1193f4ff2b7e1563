/** `sample` and `audit` through their functions, against the local Klaviyo stand-in (no network). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KlaviyoApi } from '../../src/account/api.js';
import { auditReport, judgeWebhook, readFlowWebhooks } from '../../src/account/audit.js';
import { listMetrics, newestEvent, pickMetric } from '../../src/account/sample.js';
import { account, KEY, manyFlows, TODAY, TUTORIAL_1 } from '../support/account-fixtures.js';
import { startKlaviyoStandIn, type KlaviyoStandIn } from '../support/klaviyo-stand-in.js';

let standIn: KlaviyoStandIn;
let big: KlaviyoStandIn;
beforeAll(async () => {
  standIn = await startKlaviyoStandIn(account(), { apiKey: KEY, rateLimits: false });
  big = await startKlaviyoStandIn(account(manyFlows(500)), { apiKey: KEY, rateLimits: false });
});
afterAll(async () => {
  await standIn.close();
  await big.close();
});

const reader = (url: string, extra: Partial<ConstructorParameters<typeof KlaviyoApi>[0]> = {}) =>
  new KlaviyoApi({
    baseUrl: url,
    apiKey: KEY,
    keyVariable: 'KLAVIYO_API_KEY',
    revision: '2026-07-15',
    fetch,
    sleep: async () => {},
    ...extra,
  });

describe('sample', () => {
  it('finds the metric by name and returns its newest event', async () => {
    const api = reader(standIn.url);
    const metric = pickMetric(await listMetrics(api), { name: 'Placed Order' });
    const event = await newestEvent(api, metric);
    expect(event.eventId).toBe('E_NEW');
    expect(event.properties.ShippingRate).toBeDefined();
    expect(standIn.requests.at(-1)!.url).toContain('sort=-datetime');
  });

  it('says what to do when the name is shared, unknown or has no events', async () => {
    const metrics = await listMetrics(reader(standIn.url));
    expect(() => pickMetric(metrics, { name: 'Viewed Product' })).toThrow(
      '2 metrics are called "Viewed Product": M_VIEWED_S (Shopify), M_VIEWED_A (API); choose one with --metric-id ID',
    );
    expect(() => pickMetric(metrics, { name: 'Placed Ordr' })).toThrow(
      /no metric called "Placed Ordr"; did you mean "Placed Order"\?/,
    );
    await expect(newestEvent(reader(standIn.url), pickMetric(metrics, { name: 'Cancelled Order' }))).rejects.toThrow(
      /"Cancelled Order" has no events yet/,
    );
    expect(pickMetric(metrics, { id: 'M_VIEWED_A' }).integration).toBe('API');
  });
});

describe('the API client', () => {
  it('names the missing scope on 403 and the key variable on 401, never the key', async () => {
    const narrow = await startKlaviyoStandIn(account(), { apiKey: KEY, scopes: ['metrics:read'] });
    try {
      await expect(readFlowWebhooks(reader(narrow.url))).rejects.toThrow(
        'the key in $KLAVIYO_API_KEY lacks a scope for GET /api/flows (403): give it flows:read in Klaviyo (Settings → API keys)',
      );
      const wrong = new KlaviyoApi({
        baseUrl: narrow.url,
        apiKey: 'pk_wrongkey',
        keyVariable: 'MY_KEY',
        revision: '2026-07-15',
        fetch,
        sleep: async () => {},
      });
      const err = await listMetrics(wrong).catch((e: Error) => e);
      expect(String(err)).toMatch(/Klaviyo refused the key in \$MY_KEY \(401/);
      expect(String(err)).not.toContain('pk_wrongkey');
    } finally {
      await narrow.close();
    }
  });

  it('paces itself under the published limits and honours Retry-After', async () => {
    let clock = 0;
    const waits: number[] = [];
    let calls = 0;
    const fakeFetch = (async () => {
      calls++;
      if (calls === 2) return new Response('{"errors":[]}', { status: 429, headers: { 'retry-after': '2' } });
      return new Response('{"data":[],"links":{"self":"x"}}', { status: 200 });
    }) as unknown as typeof fetch;
    const api = reader('http://127.0.0.1:9', {
      fetch: fakeFetch,
      now: () => clock,
      sleep: async (ms) => {
        waits.push(ms);
        clock += ms;
      },
    });
    for (let i = 0; i < 5; i++) await api.get('GET /api/flows', '/api/flows');
    // Flows: 3 per second. Five requests plus one retry after the 429's 2 s.
    expect(api.requests).toBe(6);
    expect(waits).toContain(2000);
    expect(waits.filter((w) => w !== 2000).every((w) => w > 0 && w <= 1050)).toBe(true);
  });
});

describe('audit', () => {
  it('reads every flow with its actions in one request per page: 500 flows, 10 requests', async () => {
    const api = reader(big.url);
    const read = await readFlowWebhooks(api);
    expect(api.requests).toBe(10);
    expect(read.flowsRead).toBe(500);
    expect(read.webhooks).toHaveLength(50);
    const report = auditReport(read, TODAY);
    expect(report.summary).toEqual({ webhooks: 50, errors: 0, warnings: 0, clean: 50 });
  });

  it("judges the fixture account: the tutorial's mistakes, a retired revision, clean generated bodies, masked headers", async () => {
    const report = auditReport(await readFlowWebhooks(reader(standIn.url)), TODAY);
    const byAction = new Map(report.flows.flatMap((f) => f.webhooks.map((w) => [w.actionId, w] as const)));
    const messages = (id: string) => byAction.get(id)!.problems.map((p) => `${p.severity} ${p.at} ${p.message}`);
    expect(messages('A_TUT1')).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^error {2}revision 2024-10-15 was retired on 2026-10-15/),
        expect.stringMatching(
          /^error \/data\/attributes\/id unknown key "id" in data\.attributes.*the profile ID belongs at data\.id; move it there/,
        ),
      ]),
    );
    expect(messages('A_TUT2').some((m) => m.startsWith('error  revision 2024-10-15 was retired'))).toBe(true);
    expect(messages('A_GOOD')).toEqual([]);
    expect(messages('A_SAFE')).toEqual([]);
    expect(messages('A_MASKED')).toEqual([]);
    expect(byAction.get('A_EXT')).toMatchObject({ endpoint: null, problems: [] });
    expect(byAction.has('A_EMAIL')).toBe(false);
    expect(report.flows.map((f) => f.link)).toContain('https://www.klaviyo.com/flow/FLOW_TUT/edit');
    expect(report.summary).toEqual({ webhooks: 6, errors: 2, warnings: 0, clean: 4 });
  });

  it('header problems: missing revision, a key placeholder never replaced, a wrong content type', () => {
    const w = (headers: Record<string, string>) =>
      judgeWebhook(
        {
          flow: { id: 'F', name: 'F', status: 'live' },
          actionId: 'A',
          status: 'live',
          name: 'W',
          url: 'https://a.klaviyo.com/api/profile-import',
          headers,
          body: TUTORIAL_1.replace(
            '"attributes": { "id" : "{{person.KlaviyoID}}",',
            '"id": "{{ person.KlaviyoID }}", "attributes": {',
          ),
        },
        TODAY,
      ).problems.map((p) => p.message);
    expect(
      w({ 'Content-Type': 'application/vnd.api+json', Authorization: 'Klaviyo-API-Key {YOUR_PRIVATE_API_KEY}' }).join(
        '\n',
      ),
    ).toMatch(/no revision header[\s\S]*still holds a placeholder/);
    expect(
      w({ 'Content-Type': 'text/plain', revision: '2026-07-15', Authorization: 'Klaviyo-API-Key pk_abc' }).join('\n'),
    ).toMatch(/Content-Type is "text\/plain"/);
    expect(
      w({ 'Content-Type': 'application/vnd.api+json', revision: '********', Authorization: '****' }).filter(
        (m) => !/escapejs/.test(m),
      ),
    ).toEqual([]);
  });
});
