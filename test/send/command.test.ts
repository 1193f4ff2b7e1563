/** `send` in process: the command with a local Klaviyo stand-in, an injected sleep and environment. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { sendCommand, type SendFlags } from '../../src/cli/commands/send.js';
import { UserError } from '../../src/errors.js';
import { preview } from '../../src/preview.js';
import { keyPrefix, profileTargets } from '../../src/send/target.js';
import { API_KEY, example, exampleBodies } from './helpers.js';
import { jsonApiError, useMockKlaviyo } from './mock-klaviyo.js';

const dir = mkdtempSync(join(tmpdir(), 'kwg-send-'));
const b = exampleBodies();
const files = {
  event: join(dir, 'event.body.json'),
  profile: join(dir, 'profile.body.json'),
  sample: join(dir, 'order.json'),
  spec: join(dir, 'webhooks.yaml'),
  broken: join(dir, 'broken.body.json'),
};
writeFileSync(files.event, b.event);
writeFileSync(files.profile, b.profile);
writeFileSync(files.sample, example().text);
writeFileSync(
  files.spec,
  `sample: order.json\nwebhooks:\n  - kind: profile-import\n    properties: [ShippingRate]\n  - kind: create-event\n    metric: Placed Order SKUs\n    properties: ['$extra.line_items[*].sku=SKUs']\n`,
);
// Unquoted text: renders to invalid JSON for the example (an error-level problem).
writeFileSync(
  files.broken,
  b.event.replace('"Item Count": {%', '"Note": {{ event.ShippingRate }},\n        "Item Count": {%'),
);

const mock = useMockKlaviyo(API_KEY);

async function run(
  body: string | undefined,
  flags: Partial<SendFlags>,
  env: Record<string, string | undefined> = { KLAVIYO_API_KEY: API_KEY },
) {
  let stdout = '';
  const slept: number[] = [];
  const code = await sendCommand(
    body,
    { format: 'text', baseUrl: mock.server.url, ...flags },
    {
      env,
      stdout: { write: (s: string) => (stdout += s) },
      sleep: async (ms) => {
        slept.push(ms);
      },
    },
  );
  expect(stdout).not.toContain(API_KEY);
  return { code, stdout, slept };
}

async function usageError(p: Promise<unknown>): Promise<UserError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UserError);
  expect((err as UserError).exitCode).toBe(2);
  expect((err as UserError).message).not.toContain('\n');
  expect((err as UserError).message).not.toContain(API_KEY);
  return err as UserError;
}

describe('send', () => {
  test('a body file: rendered for the sample, POSTed with the key, status printed; exit 0', async () => {
    const r = await run(files.event, { sample: files.sample });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`POST ${mock.server.url}/api/events`);
    expect(r.stdout).toMatch(/key from \$KLAVIYO_API_KEY/);
    expect(r.stdout).toMatch(/\n {2}202 Accepted\n/);
    expect(mock.server.requests).toHaveLength(1);
    expect(mock.server.requests[0]!.schemaValid).toBe(true);
    expect(JSON.parse(mock.server.requests[0]!.body).data.attributes.properties.SKUs).toEqual([
      'TOTE-VNL-NAT-L',
      'CER-POUR-BLK',
    ]);
  });

  test('--spec: generates, then sends every webhook; a YAML spec names its own sample', async () => {
    const r = await run(undefined, { spec: files.spec, format: 'json' });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ baseUrl: mock.server.url, sent: true, ok: true });
    expect(
      out.webhooks.map((w: { endpoint: string; status: number; attempts: unknown[] }) => [
        w.endpoint,
        w.status,
        w.attempts.length,
      ]),
    ).toEqual([
      ['profile-import', 201, 1],
      ['create-event', 202, 1],
    ]);
    expect(out.webhooks[0].headers.find((h: { key: string }) => h.key === 'Authorization').value).toBe(
      'Klaviyo-API-Key (from $KLAVIYO_API_KEY, hidden)',
    );
    expect(mock.server.requests.map((q) => q.schemaValid)).toEqual([true, true]);
  });

  test('a 400 with JSON:API errors: each pointer mapped to its line in the body; exit 1', async () => {
    mock.server.script('/api/events', {
      status: 400,
      body: jsonApiError(
        400,
        'invalid',
        'Invalid input.',
        "'properties' must be an object",
        '/data/attributes/properties',
      ),
    });
    const r = await run(files.event, { sample: files.sample });
    expect(r.code).toBe(1);
    const line = b.event.split('\n').findIndex((l) => l.includes('"properties"')) + 1;
    expect(r.stdout).toContain('400 Bad Request');
    expect(r.stdout).toContain("error invalid: Invalid input. — 'properties' must be an object");
    expect(r.stdout).toContain(`at /data/attributes/properties → body line ${line}:7: "properties": {`);
    mock.server.script('/api/events', {
      status: 400,
      body: jsonApiError(400, 'invalid', 'Invalid input.', 'x', '/data/attributes/properties/SKUs/1'),
    });
    const j = JSON.parse((await run(files.event, { sample: files.sample, format: 'json' })).stdout);
    expect(j.ok).toBe(false);
    // The second SKU: made by the loop element's line in the template; its own line in what was sent (escapejs
    // writes its '-' as \u002D).
    const sku = (JSON.parse(example().text).$extra.line_items[1].sku as string).replaceAll('-', '\\u002D');
    const rendered = preview(b.event, { sample: example().render, revision: b.revision, today: '2026-11-28' })
      .rendered!.split('\n')
      .findIndex((l) => l.includes(`"${sku}"`));
    expect(rendered).toBeGreaterThan(0);
    expect(j.webhooks[0].errors[0]).toMatchObject({
      pointer: '/data/attributes/properties/SKUs/1',
      template: { line: b.event.split('\n').findIndex((l) => l.includes('"{{ item.sku')) + 1, exact: true },
      rendered: { line: rendered + 1 },
    });
  });

  test('429 then 202: the retry is printed and honoured, with no real waiting', async () => {
    mock.server.script('/api/events', { status: 429, headers: { 'Retry-After': '0' } });
    const r = await run(files.event, { sample: files.sample });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('429 Too Many Requests — retry 1 of 3 in 0 s (Retry-After)');
    expect(r.slept).toEqual([0]);
    mock.server.script('/api/events', { status: 503 }, { status: 503 });
    const gaveUp = await run(files.event, { sample: files.sample, maxRetries: '1' });
    expect(gaveUp.code).toBe(1);
    expect(gaveUp.stdout).toContain('503 Service Unavailable — still 503 after 1 retry (--max-retries 1)');
  });

  test('refuses to send a body with error-level problems: nothing is sent for any webhook; exit 1', async () => {
    const r = await run(files.broken, { sample: files.sample });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/error .*renders to invalid JSON/);
    expect(r.stdout).toContain('nothing was sent');
    expect(mock.server.requests).toHaveLength(0);
    const j = JSON.parse((await run(files.broken, { sample: files.sample, format: 'json' })).stdout);
    expect(j).toMatchObject({ sent: false, ok: false, refused: 'nothing was sent: 1 of 1 webhook has errors' });
    expect(mock.server.requests).toHaveLength(0);
  });

  test('a wrong key: 401 reported, exit 1, and the key it was given is not printed either', async () => {
    const r = await run(
      files.event,
      { sample: files.sample, apiKeyEnv: 'OTHER' },
      { OTHER: 'pk_wrong_key_1234567890' },
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('401 Unauthorized');
    expect(r.stdout).toContain('not_authenticated');
    expect(r.stdout).not.toContain('pk_wrong_key_1234567890');
  });

  test('a response that echoes the key is redacted', async () => {
    mock.server.script('/api/events', {
      status: 400,
      body: { errors: [{ status: 400, code: 'invalid', title: 'Invalid input.', detail: `bad key ${API_KEY}` }] },
    });
    const r = await run(files.event, { sample: files.sample });
    expect(r.stdout).toContain('bad key [redacted]');
  });

  test('an echoed key is redacted before the response is cut to length, in text and json (issue 14)', async () => {
    const text = `${'x'.repeat(190)} ${API_KEY} and pk_someoneElse9876`;
    mock.server.script('/api/events', { status: 400, body: text }, { status: 400, body: text });
    const r = await run(files.event, { sample: files.sample });
    expect(r.stdout).not.toMatch(/pk_mock|pk_some/);
    const j = await run(files.event, { sample: files.sample, format: 'json' });
    expect(j.stdout).not.toMatch(/pk_mock|pk_some/);
    expect(j.stdout).toContain('[redacted]');
  });

  test('usage errors are exit 2 with one line: missing key, BODY and --spec, neither, --url with --spec, bad numbers, plain http elsewhere', async () => {
    expect((await usageError(run(files.event, { sample: files.sample }, {}))).message).toBe(
      'KLAVIYO_API_KEY is not set: put your private API key in it (export KLAVIYO_API_KEY=pk_…) or name another variable with --api-key-env',
    );
    await usageError(run(files.event, { sample: files.sample, apiKeyEnv: 'NOPE' }));
    await usageError(run(files.event, { spec: files.spec }));
    await usageError(run(undefined, {}));
    await usageError(run(undefined, { spec: files.spec, url: 'https://a.klaviyo.com/api/events' }));
    await usageError(run(files.event, {}));
    await usageError(run(files.event, { sample: files.sample, maxRetries: '-1' }));
    await usageError(run(files.event, { sample: files.sample, maxWait: 'soon' }));
    await usageError(run(files.event, { sample: files.sample, baseUrl: 'http://example.com' }));
    await usageError(run(files.event, { sample: files.sample, url: 'https://a.klaviyo.com/api/lists' }));
    expect(mock.server.requests).toHaveLength(0);
  });
});

describe('send to a host other than this machine (issue 18 §5): the placeholder profile needs a yes', () => {
  /** Klaviyo's own host as the base URL; fetch delivers to the stand-in, so what would have reached Klaviyo is seen. */
  async function toKlaviyo(flags: Partial<SendFlags>, confirm?: (message: string) => Promise<boolean>) {
    let stdout = '';
    let stderr = '';
    const asked: string[] = [];
    const code = await sendCommand(
      files.event,
      { format: 'text', sample: files.sample, baseUrl: 'https://a.klaviyo.com', ...flags },
      {
        env: { KLAVIYO_API_KEY: API_KEY },
        stdout: { write: (s: string) => (stdout += s) },
        stderr: { write: (s: string) => (stderr += s) },
        fetch: (url, init) => fetch(String(url).replace('https://a.klaviyo.com', mock.server.url), init),
        ...(confirm
          ? {
              confirm: async (m: string) => {
                asked.push(m);
                return confirm(m);
              },
            }
          : {}),
      },
    );
    expect(stdout + stderr).not.toContain(API_KEY.slice(0, 6));
    return { code, stdout, stderr, asked };
  }

  test('on a terminal: the target and key prefix shown, one question; no sends nothing (exit 1), yes sends', async () => {
    const no = await toKlaviyo({}, async () => false);
    expect(no.code).toBe(1);
    expect(no.asked).toEqual(['Write this placeholder profile into your Klaviyo account?']);
    expect(no.stderr).toContain('the Klaviyo account of the key in $KLAVIYO_API_KEY (pk_mo\u2026)');
    expect(no.stderr).toContain('profile id 01HZX3EXAMPLE0PROFILE0ID00 (a placeholder: no --person given)');
    expect(no.stderr).toMatch(/nothing was sent/);
    expect(no.stdout).toBe('');
    expect(mock.server.requests).toHaveLength(0);
    const yes = await toKlaviyo({}, async () => true);
    expect(yes.code).toBe(0);
    expect(mock.server.requests).toHaveLength(1);
  });

  test('--yes or --person: nothing asked; off a terminal without either: exit 2, nothing sent', async () => {
    const never = async () => {
      throw new Error('asked');
    };
    expect((await toKlaviyo({ yes: true }, never)).code).toBe(0);
    const person = join(dir, 'me.json');
    writeFileSync(person, '{"KlaviyoID": "01JOWNPROFILE0000000000000", "email": "me@example.org"}');
    const mine = await toKlaviyo({ person }, never);
    expect(mine.code).toBe(0);
    expect(mine.stderr).toContain('profile id 01JOWNPROFILE0000000000000');
    expect(mock.server.requests).toHaveLength(2);
    const refused = await usageError(toKlaviyo({}));
    expect(refused.message).toMatch(/^send would write a made-up profile into .*\(pk_mo\u2026\); give --person/);
    expect(mock.server.requests).toHaveLength(2);
  });

  test('keyPrefix shows pk_ and two characters at most; profileTargets reads every profile resource', () => {
    expect(keyPrefix(API_KEY)).toBe('pk_mo\u2026');
    expect(keyPrefix('pk_short')).toBe('\u2026');
    expect(keyPrefix('sk_0123456789abcdef')).toBe('\u2026');
    expect(
      profileTargets(
        JSON.stringify({
          data: { type: 'profile', id: '', attributes: { email: 'a@b.c', phone_number: '+1555', properties: {} } },
        }),
      ),
    ).toEqual(['email a@b.c, phone number +1555']);
    expect(profileTargets('not json')).toEqual([]);
  });
});
