/** The HTTP client against a local Klaviyo stand-in (127.0.0.1 only), with an injected sleep: no real waiting. */
import { describe, expect, test } from 'vitest';
import { sendWithRetries, type ClientOptions } from '../../src/send/client.js';
import { checkBaseUrl, planRequest } from '../../src/send/plan.js';
import { preview } from '../../src/preview.js';
import { API_KEY, example, exampleBodies } from './helpers.js';
import { jsonApiError, startMockKlaviyo, useMockKlaviyo } from './mock-klaviyo.js';

const mock = useMockKlaviyo(API_KEY);

const b = exampleBodies();
const render = (template: string) =>
  preview(template, { sample: example().render, revision: b.revision, today: '2026-11-28' });

function request(template = b.event, endpoint: 'create-event' | 'profile-import' = 'create-event', key = API_KEY) {
  const p = render(template);
  return planRequest(
    { name: 'w', endpoint, url: p.url, revision: b.revision, template, rendered: p.rendered!, problems: p.problems },
    checkBaseUrl(mock.server.url),
    key,
  );
}

function options(extra: Partial<ClientOptions> = {}) {
  const slept: number[] = [];
  const retries: number[] = [];
  const opts: ClientOptions = {
    fetch: globalThis.fetch,
    sleep: async (ms) => {
      slept.push(ms);
    },
    maxRetries: 3,
    maxWaitMs: 60_000,
    timeoutMs: 5_000,
    onRetry: (_a, wait) => retries.push(wait),
    ...extra,
  };
  return { opts, slept, retries };
}

describe('sendWithRetries against the local Klaviyo', () => {
  test('both generated bodies, rendered for the example, pass the official schema and get 202 / 201 then 200', async () => {
    const event = await sendWithRetries(request(), options().opts);
    expect(event).toMatchObject({ ok: true, status: 202, attempts: [{ status: 202 }], waitedMs: 0 });
    const first = await sendWithRetries(request(b.profile, 'profile-import'), options().opts);
    const again = await sendWithRetries(request(b.profile, 'profile-import'), options().opts);
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(JSON.parse(first.responseText!).data.type).toBe('profile');
    expect(mock.server.requests.map((r) => [r.path, r.schemaValid, r.schemaErrors])).toEqual([
      ['/api/events', true, []],
      ['/api/profile-import', true, []],
      ['/api/profile-import', true, []],
    ]);
    const h = mock.server.requests[0]!.headers;
    expect([h['content-type'], h.accept, h.revision, h.authorization]).toEqual([
      'application/vnd.api+json',
      'application/vnd.api+json',
      b.revision,
      `Klaviyo-API-Key ${API_KEY}`,
    ]);
  });

  test('429 with Retry-After: 0, then 202: one retry, no waiting', async () => {
    mock.server.script('/api/events', {
      status: 429,
      headers: { 'Retry-After': '0' },
      body: jsonApiError(429, 'throttled', 'Request was throttled.', 'Slow down.'),
    });
    const { opts, slept, retries } = options();
    const r = await sendWithRetries(request(), opts);
    expect(r).toMatchObject({
      ok: true,
      status: 202,
      attempts: [{ status: 429, retryAfterMs: 0 }, { status: 202 }],
      waitedMs: 0,
    });
    expect(slept).toEqual([0]);
    expect(retries).toEqual([0]);
    expect(mock.server.requests).toHaveLength(2);
  });

  test('500/502/503 are retried with doubling backoff when there is no Retry-After; honoured Retry-After seconds', async () => {
    mock.server.script(
      '/api/events',
      { status: 503 },
      { status: 502 },
      { status: 500, headers: { 'Retry-After': '2' } },
    );
    const { opts, slept } = options({ backoffMs: 10 });
    const r = await sendWithRetries(request(), opts);
    expect(r.ok).toBe(true);
    expect(r.attempts.map((a) => a.status)).toEqual([503, 502, 500, 202]);
    expect(slept).toEqual([10, 20, 2000]);
    expect(r.waitedMs).toBe(2030);
  });

  test('bounded: --max-retries, then the last response is the result', async () => {
    mock.server.script(
      '/api/events',
      ...Array.from({ length: 3 }, () => ({ status: 429, headers: { 'Retry-After': '0' } })),
    );
    const r = await sendWithRetries(request(), options({ maxRetries: 2 }).opts);
    expect(r).toMatchObject({ ok: false, status: 429, gaveUp: 'still 429 after 2 retries (--max-retries 2)' });
    expect(mock.server.requests).toHaveLength(3);
    mock.server.script('/api/events', { status: 503 });
    expect(await sendWithRetries(request(), options({ maxRetries: 0 }).opts)).toMatchObject({
      status: 503,
      gaveUp: 'still 503 after 0 retries (--max-retries 0)',
    });
    expect((await sendWithRetries(request(), options({ maxRetries: 0 }).opts)).ok).toBe(true);
  });

  test('bounded: a Retry-After past the --max-wait budget stops at once, without sleeping', async () => {
    mock.server.script('/api/events', { status: 429, headers: { 'Retry-After': '3600' } });
    const { opts, slept } = options({ maxWaitMs: 60_000 });
    const r = await sendWithRetries(request(), opts);
    expect(r).toMatchObject({
      ok: false,
      status: 429,
      gaveUp: 'the next retry would wait 3600 s (Retry-After), more than the 60 s left of --max-wait',
    });
    expect(slept).toEqual([]);
  });

  test('a 400 with JSON:API errors is not retried (Klaviyo drops it too)', async () => {
    mock.server.script('/api/events', {
      status: 400,
      body: jsonApiError(400, 'invalid', 'Invalid input.', 'bad', '/data/attributes/properties'),
    });
    const r = await sendWithRetries(request(), options().opts);
    expect(r).toMatchObject({ ok: false, status: 400, attempts: [{ status: 400 }] });
    expect(JSON.parse(r.responseText!).errors[0].source.pointer).toBe('/data/attributes/properties');
  });

  test('the stand-in really checks: a wrong key is 401, an off-schema body is 400 pointing at the offending member', async () => {
    expect((await sendWithRetries(request(b.event, 'create-event', 'pk_wrong'), options().opts)).status).toBe(401);
    const offSchema = b.profile.replace('"properties": {', '"id_in_attributes": "x",\n        "properties": {');
    const r = await sendWithRetries(request(offSchema, 'profile-import'), options().opts);
    expect(r.status).toBe(400);
    expect(mock.server.requests.at(-1)!.schemaValid).toBe(false);
    expect(JSON.parse(r.responseText!).errors[0].source.pointer).toBe('/data/attributes');
  });

  test('no response: connection refused is reported, not retried; a timeout says so', async () => {
    const closed = await startMockKlaviyo({ apiKey: API_KEY });
    const url = closed.url;
    await closed.close();
    const req = { ...request(), url: `${url}/api/events` };
    const r = await sendWithRetries(req, options().opts);
    expect(r.ok).toBe(false);
    expect(r.status).toBeUndefined();
    expect(r.error).toMatch(/ECONNREFUSED/);
    const hang: typeof fetch = (_u, init) =>
      new Promise((_ok, fail) => init!.signal!.addEventListener('abort', () => fail(init!.signal!.reason)));
    const t = await sendWithRetries(request(), options({ fetch: hang, timeoutMs: 20 }).opts);
    expect(t.error).toBe('no response within 0.02 s');
  });

  test('redirects are not followed (Klaviyo does not follow them)', async () => {
    const fake: typeof fetch = async (_u, init) => {
      expect(init!.redirect).toBe('manual');
      return new Response(null, { status: 301, headers: { location: 'https://elsewhere.example' } });
    };
    const r = await sendWithRetries(request(), options({ fetch: fake }).opts);
    expect(r).toMatchObject({ ok: false, status: 301 });
  });
});
