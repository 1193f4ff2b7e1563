/**
 * `send` through the built CLI, as users run it, against a local Klaviyo stand-in on 127.0.0.1 (started and
 * stopped here; nothing else is contacted). The CLI runs asynchronously so the server in this process can answer.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { API_KEY, example, exampleBodies } from '../send/helpers.js';
import { jsonApiError, startMockKlaviyo, useMockKlaviyo } from '../send/mock-klaviyo.js';
import { runCliAsync as runCli } from './run-cli.js';

const runCliAsync = (args: string[], env: Record<string, string | undefined> = {}, input = '') =>
  runCli(args, { env: { KLAVIYO_API_KEY: API_KEY, ...env }, input });

const dir = mkdtempSync(join(tmpdir(), 'kwg-send-e2e-'));
const b = exampleBodies();
const f = {
  event: join(dir, 'event.json.tmpl'),
  profile: join(dir, 'profile.json.tmpl'),
  sample: join(dir, 'order.json'),
  spec: join(dir, 'spec.json'),
};
writeFileSync(f.event, b.event);
writeFileSync(f.profile, b.profile);
writeFileSync(f.sample, example().text);
writeFileSync(
  f.spec,
  JSON.stringify({
    sample: 'order.json',
    webhooks: [
      { kind: 'profile-import', properties: ['ShippingRate'] },
      { kind: 'create-event', metric: 'Placed Order SKUs', properties: ['$extra.line_items[*].sku=SKUs'] },
    ],
  }),
);

const mock = useMockKlaviyo(API_KEY);

/** Every run: the key appears in neither stream. */
async function send(args: string[], env: Record<string, string | undefined> = {}, input = '') {
  const r = await runCliAsync(['send', ...args], env, input);
  expect(r.stdout).not.toContain(API_KEY);
  expect(r.stderr).not.toContain(API_KEY);
  return r;
}

describe('send (built CLI, local Klaviyo stand-in)', () => {
  it('sends every webhook of a spec; the stand-in accepts headers and bodies against the official schema; exit 0', async () => {
    const r = await send(['--spec', f.spec, '--base-url', mock.server.url]);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(
      `Webhook 1 of 2: Copy event fields to the profile (Create or Update Profile)\n  POST ${mock.server.url}/api/profile-import`,
    );
    expect(r.stdout).toMatch(/\n {2}201 Created \(profile 01HZX3EXAMPLE0PROFILE0ID00\)\n/);
    expect(r.stdout).toMatch(/\n {2}202 Accepted\n/);
    expect(r.stdout).toContain('all 2 requests succeeded');
    expect(mock.server.requests.map((q) => [q.path, q.status, q.schemaValid])).toEqual([
      ['/api/profile-import', 201, true],
      ['/api/events', 202, true],
    ]);
    for (const q of mock.server.requests) expect(q.headers.authorization).toBe(`Klaviyo-API-Key ${API_KEY}`);
  });

  it('a body from stdin with --url and --format json; --api-key-env names another variable', async () => {
    const r = await send(
      [
        '-',
        '--url',
        'https://a.klaviyo.com/api/events',
        '--sample',
        f.sample,
        '--base-url',
        mock.server.url,
        '--format',
        'json',
        '--api-key-env',
        'MY_KEY',
      ],
      { KLAVIYO_API_KEY: undefined, MY_KEY: API_KEY },
      b.event,
    );
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.webhooks[0]).toMatchObject({
      name: 'standard input',
      endpoint: 'create-event',
      status: 202,
      ok: true,
      attempts: [{ status: 202, statusText: 'Accepted' }],
    });
    expect(out.webhooks[0].headers.at(-1)).toEqual({
      key: 'Authorization',
      value: 'Klaviyo-API-Key (from $MY_KEY, hidden)',
    });
  });

  it('400 with JSON:API errors: the pointer is mapped to the line of the body; exit 1', async () => {
    mock.server.script('/api/events', {
      status: 400,
      body: jsonApiError(400, 'invalid', 'Invalid input.', "'properties' is not valid", '/data/attributes/properties'),
    });
    const r = await send([f.event, '--sample', f.sample, '--base-url', mock.server.url]);
    expect(r.code).toBe(1);
    const line = b.event.split('\n').findIndex((l) => l.includes('"properties"')) + 1;
    expect(r.stdout).toContain(
      `400 Bad Request\n    error invalid: Invalid input. — 'properties' is not valid\n      at /data/attributes/properties → body line ${line}:7: "properties": {\n`,
    );
  });

  it('429 with Retry-After: 0, then 202: retried once; exit 0', async () => {
    mock.server.script('/api/profile-import', {
      status: 429,
      headers: { 'Retry-After': '0' },
      body: jsonApiError(429, 'throttled', 'Request was throttled.', 'Try again.'),
    });
    const r = await send([f.profile, '--sample', f.sample, '--base-url', mock.server.url]);
    expect(r.code, r.stdout).toBe(0);
    // 201 if this profile is new to the stand-in, 200 if an earlier test created it
    expect(r.stdout).toMatch(
      /\n {2}429 Too Many Requests — retry 1 of 3 in 0 s \(Retry-After\)\n {2}20[01] (Created|OK) \(profile /,
    );
    expect(mock.server.requests.map((q) => q.status)).toEqual([429, mock.server.requests[1]!.status]);
    expect(mock.server.requests[1]!.status === 200 || mock.server.requests[1]!.status === 201).toBe(true);
  });

  it('a missing key variable is exit 2 with one line, before anything is sent', async () => {
    const r = await send([f.event, '--sample', f.sample, '--base-url', mock.server.url], {
      KLAVIYO_API_KEY: undefined,
    });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'klaviyo-webhook-gen: KLAVIYO_API_KEY is not set: put your private API key in it (export KLAVIYO_API_KEY=pk_…) or name another variable with --api-key-env\n',
    );
    expect(mock.server.requests).toHaveLength(0);
  });

  it('refuses a body that renders to invalid JSON (exit 1, nothing sent); usage errors are exit 2', async () => {
    const broken = join(dir, 'broken.json.tmpl');
    writeFileSync(
      broken,
      b.event.replace('"Item Count": {%', '"Note": {{ event.ShippingRate }},\n        "Item Count": {%'),
    );
    const r = await send([broken, '--sample', f.sample, '--base-url', mock.server.url]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('nothing was sent');
    expect(mock.server.requests).toHaveLength(0);
    const both = await send([f.event, '--spec', f.spec]);
    expect(both.code).toBe(2);
    expect(both.stderr).toBe('klaviyo-webhook-gen: give either a BODY file or --spec FILE, not both\n');
    const badFormat = await send([f.event, '--sample', f.sample, '--format', 'xml']);
    expect(badFormat.code).toBe(2);
  });

  it('no server listening: "no response", exit 1, nothing retried', async () => {
    const gone = await startMockKlaviyo({ apiKey: API_KEY });
    await gone.close();
    const r = await send([f.event, '--sample', f.sample, '--base-url', gone.url]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/no response: .*ECONNREFUSED/);
  });
});
