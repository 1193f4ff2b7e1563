/**
 * `send` to Klaviyo's own host (issue 18 §5), through the built CLI: before any request it names the profile each
 * body writes and the key's first characters, and without --person it writes the made-up placeholder profile only
 * with --yes (there is no terminal here to ask on). The CLI sends to https://a.klaviyo.com as users run it; a
 * preload (send-redirect-fetch.cjs) delivers those requests to the local stand-in instead, so the tests see exactly
 * what would have reached Klaviyo — and that nothing does when the confirmation is missing.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { API_KEY, exampleBodies } from '../send/helpers.js';
import { useMockKlaviyo } from '../send/mock-klaviyo.js';
import { runCliAsync } from './run-cli.js';

const PRELOAD = fileURLToPath(new URL('./send-redirect-fetch.cjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kwg-send-host-'));
const b = exampleBodies();
const f = { event: join(dir, 'event.body.json'), profile: join(dir, 'profile.body.json'), me: join(dir, 'me.json') };
writeFileSync(f.event, b.event);
writeFileSync(f.profile, b.profile);
writeFileSync(f.me, JSON.stringify({ KlaviyoID: '01JTESTPROFILE00000000000A', email: 'me@example.org' }));

const mock = useMockKlaviyo(API_KEY);

/** The CLI with Klaviyo's host redirected to the stand-in; the key appears in neither stream. */
async function send(args: string[], env: Record<string, string | undefined> = {}) {
  const r = await runCliAsync(['send', ...args], {
    env: {
      KLAVIYO_API_KEY: API_KEY,
      KWG_TEST_KLAVIYO_STAND_IN: mock.server.url,
      NODE_OPTIONS: `--require ${PRELOAD}`,
      CI: undefined,
      ...env,
    },
  });
  expect(r.stdout + r.stderr).not.toContain(API_KEY);
  expect(r.stdout + r.stderr).not.toContain(API_KEY.slice(0, 8)); // nothing past the 5-character prefix
  return r;
}

describe('send to Klaviyo: the target shown, a placeholder profile only when confirmed', () => {
  it('no --person and no --yes off a terminal: the target, then exit 2 with one line; no request reaches the host', async () => {
    const r = await send([f.event, '--example', 'shopify-placed-order']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')).toEqual([
      'Sending to https://a.klaviyo.com, the Klaviyo account of the key in $KLAVIYO_API_KEY (pk_mo\u2026):',
      `  ${f.event} \u2192 profile id 01HZX3EXAMPLE0PROFILE0ID00 (a placeholder: no --person given)`,
      'klaviyo-webhook-gen: send would write a made-up profile into the Klaviyo account of the key in $KLAVIYO_API_KEY (pk_mo\u2026); give --person PROFILE.json (a profile of yours, e.g. {"email": "you@example.com"}), or --yes to send the placeholder anyway',
      '',
    ]);
    expect(mock.server.requests).toHaveLength(0);
  });

  it('--person: the profile named, and the request sent as before (exit 0)', async () => {
    const r = await send([f.event, '--example', 'shopify-placed-order', '--person', f.me]);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stderr).toContain(`  ${f.event} \u2192 profile id 01JTESTPROFILE00000000000A\n`);
    expect(r.stderr).not.toContain('placeholder');
    expect(r.stdout).toMatch(/POST https:\/\/a\.klaviyo\.com\/api\/events .*\n {2}202 Accepted\n/);
    expect(mock.server.requests.map((q) => [q.path, q.schemaValid])).toEqual([['/api/events', true]]);
    expect(JSON.parse(mock.server.requests[0]!.body).data.attributes.profile.data.id).toBe(
      '01JTESTPROFILE00000000000A',
    );
  });

  it("--yes sends the placeholder; a spec names every webhook's profile (email when it identifies by email)", async () => {
    const spec = join(dir, 'spec.json');
    writeFileSync(
      spec,
      JSON.stringify({
        example: 'shopify-placed-order',
        identify: 'email',
        webhooks: [{ kind: 'profile-import', properties: ['ShippingRate'] }],
      }),
    );
    const r = await send(['--spec', spec, '--yes']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stderr).toContain('\u2192 profile email sarah.mason@example.com (a placeholder: no --person given)');
    expect(mock.server.requests.map((q) => q.path)).toEqual(['/api/profile-import']);
  });

  it('a body with errors is refused before the target question (nothing sent, exit 1)', async () => {
    const broken = join(dir, 'broken.body.json');
    writeFileSync(
      broken,
      b.event.replace('"Item Count": {%', '"Note": {{ event.ShippingRate }},\n        "Item Count": {%'),
    );
    const r = await send([broken, '--example', 'shopify-placed-order']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('nothing was sent');
    expect(r.stderr).toBe('');
    expect(mock.server.requests).toHaveLength(0);
  });

  it('the local stand-in itself (127.0.0.1) is no account: nothing asked, as before', async () => {
    const r = await send([f.profile, '--example', 'shopify-placed-order', '--base-url', mock.server.url]);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stderr).toBe('');
    expect(mock.server.requests).toHaveLength(1);
  });
});
