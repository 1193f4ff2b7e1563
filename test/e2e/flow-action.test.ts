import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const ARGS = [
  'generate',
  '--example',
  'shopify-placed-order',
  '--to-profile',
  'ShippingRate',
  '--promote',
  '$extra.line_items[*].sku=SKUs',
  '--metric',
  'Placed Order SKUs',
  '--format',
  'flow-action',
];

describe('generate --format flow-action (built CLI)', () => {
  it('prints a JSON array of send-webhook actions, nothing else on stdout, the placeholder key by default', () => {
    const r = runCli(ARGS);
    expect(r.code, r.stderr).toBe(0);
    const actions = JSON.parse(r.stdout);
    expect(
      actions.map((a: { temporary_id: string; type: string; links: unknown }) => [a.temporary_id, a.type, a.links]),
    ).toEqual([
      ['webhook-1', 'send-webhook', { next: 'webhook-2' }],
      ['webhook-2', 'send-webhook', { next: null }],
    ]);
    expect(Object.keys(actions[0].data.message)).toEqual(['url', 'headers', 'body', 'name']);
    expect(actions[1].data.message.headers).toEqual({
      'Content-Type': 'application/vnd.api+json',
      accept: 'application/vnd.api+json',
      revision: '2026-07-15',
      Authorization: 'Klaviyo-API-Key {YOUR_PRIVATE_API_KEY}',
    });
    // The same body text the text format prints for pasting.
    const json = JSON.parse(runCli([...ARGS.slice(0, -1), 'json']).stdout);
    expect(actions.map((a: { data: { message: { body: string } } }) => a.data.message.body)).toEqual(
      json.webhooks.map((w: { body: string }) => w.body),
    );
  });

  it('masks a key from --api-key-env unless --reveal, like the other formats', () => {
    const env = { KWG_TEST_KEY: 'pk_test_0123456789abcdef' };
    const masked = runCli([...ARGS, '--api-key-env', 'KWG_TEST_KEY'], { env });
    expect(masked.code, masked.stderr).toBe(0);
    expect(masked.stdout).not.toContain('0123456789abcdef');
    expect(JSON.parse(masked.stdout)[0].data.message.headers.Authorization).toMatch(/^Klaviyo-API-Key pk_…\(hidden/);
    const revealed = runCli([...ARGS, '--api-key-env', 'KWG_TEST_KEY', '--reveal'], { env });
    expect(JSON.parse(revealed.stdout)[0].data.message.headers.Authorization).toBe(
      'Klaviyo-API-Key pk_test_0123456789abcdef',
    );
  });

  it('keeps stdout pure JSON when there are problems: they go to stderr, and errors exit 1', () => {
    const r = runCli(
      [
        'generate',
        '--sample',
        '-',
        '--promote',
        'Note',
        '--metric',
        'M',
        '--no-unique-id',
        '--escape',
        'none',
        '--format',
        'flow-action',
      ],
      { input: '{"Note": "a \\"quoted\\" word"}' },
    );
    expect(r.code, r.stderr).toBe(1); // an error-level problem, as with the other formats
    expect(JSON.parse(r.stdout)).toHaveLength(1);
    expect(r.stderr).toContain('--escape none');
    expect(r.stderr).toMatch(/error +\/data\/attributes\/properties\/Note line 6/);
  });
});
