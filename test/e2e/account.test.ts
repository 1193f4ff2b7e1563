/**
 * `sample` and `audit` through the built CLI, as a user runs them, against the local Klaviyo stand-in
 * (KLAVIYO_API_KEY set, --base-url pointing at 127.0.0.1; nothing else is contacted).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import schema from '../../src/account/audit-report.schema.json' with { type: 'json' };
import { account, KEY } from '../support/account-fixtures.js';
import { RawJson, startKlaviyoStandIn, type KlaviyoStandIn } from '../support/klaviyo-stand-in.js';
import { runCliAsync } from './run-cli.js';

let standIn: KlaviyoStandIn;
beforeAll(async () => {
  standIn = await startKlaviyoStandIn(account(), { apiKey: KEY });
});
afterAll(() => standIn.close());

const dir = mkdtempSync(join(tmpdir(), 'kwg-account-'));
const cli = (args: string[], env: Record<string, string | undefined> = { KLAVIYO_API_KEY: KEY }) =>
  runCliAsync([...args, '--base-url', standIn.url], { env });

function leaves(v: unknown, out: (string | number)[] = []): (string | number)[] {
  if (typeof v === 'string' || typeof v === 'number') out.push(v);
  else if (Array.isArray(v)) for (const x of v) leaves(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) leaves(x, out);
  return out;
}

describe('sample (built CLI)', () => {
  it('sample --redact --out, then generate --sample from it: end to end, and no original value in the file', async () => {
    const file = join(dir, 's.json');
    const r = await cli(['sample', '--metric', 'Placed Order', '--redact', '--out', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`next: klaviyo-webhook-gen generate --sample ${file} --list-fields`);
    expect(r.stderr).not.toContain(KEY);
    const original = JSON.parse(
      readFileSync(new URL('../../templates/examples/shopify-placed-order.json', import.meta.url), 'utf8'),
    );
    const redacted = JSON.parse(readFileSync(file, 'utf8'));
    expect(Object.keys(redacted)).toEqual(Object.keys(original));
    const kept = new Set(leaves(original).filter((v) => typeof v === 'number' || /[\p{L}\p{N}]/u.test(v)));
    expect(leaves(redacted).filter((v) => kept.has(v))).toEqual([]);
    const g = await runCliAsync(['generate', '--sample', file, '--to-profile', 'ShippingRate', '--format', 'json']);
    expect(g.code, g.stderr).toBe(0);
    expect(
      JSON.parse(g.stdout).webhooks[0].problems.filter((p: { severity: string }) => p.severity === 'error'),
    ).toEqual([]);
  });

  it('keeps numbers as Klaviyo wrote them: 10.0 stays a float, a big id keeps every digit (sample, --sample-metric)', async () => {
    const withRefund = account();
    withRefund.metrics.push({ id: 'M_REFUND', name: 'Refunded Order', integration: null });
    withRefund.events.push({
      id: 'E_REFUND',
      metricId: 'M_REFUND',
      profileId: 'P1',
      datetime: '2026-11-29T08:00:00+00:00',
      properties: { Amount: new RawJson('10.0'), OrderId: new RawJson('12345678901234567890'), $event_id: 'r1' },
    });
    const exact = await startKlaviyoStandIn(withRefund, { apiKey: KEY });
    try {
      const run = (args: string[]) =>
        runCliAsync([...args, '--base-url', exact.url], { env: { KLAVIYO_API_KEY: KEY } });
      const sample = await run(['sample', '--metric', 'Refunded Order']);
      expect(sample.stdout).toBe('{\n  "Amount": 10.0,\n  "OrderId": 12345678901234567890,\n  "$event_id": "r1"\n}\n');
      // Redacted: other digits, the same shapes (a float's text, all 20 digits of the id).
      const redacted = await run(['sample', '--metric', 'Refunded Order', '--redact']);
      expect(redacted.stdout).toMatch(
        /^\{\n {2}"Amount": [1-9]\d\.\d,\n {2}"OrderId": [1-9]\d{19},\n {2}"\$event_id": "[a-z]\d"\n\}\n$/,
      );
      expect(redacted.stdout).not.toContain('10.0');
      const g = await run([
        'generate',
        '--sample-metric',
        'Refunded Order',
        '--promote',
        'Amount',
        '--promote',
        'OrderId',
        '--metric',
        'Refund',
        '--preview',
        '--format',
        'json',
      ]);
      expect(g.code, g.stderr).toBe(0);
      const rendered: string = JSON.parse(g.stdout).webhooks[0].preview.rendered;
      expect(rendered).toContain('"Amount": 10.0');
      expect(rendered).toContain('"OrderId": 12345678901234567890');
    } finally {
      await exact.close();
    }
  });

  it('prints the event properties to stdout, and refuses to overwrite without --force', async () => {
    const r = await cli(['sample', '--metric', 'Started Checkout']);
    expect(JSON.parse(r.stdout)).toEqual({ $value: 12.5, Items: ['Hat'] });
    const file = join(dir, 'once.json');
    expect((await cli(['sample', '--metric', 'Started Checkout', '--out', file])).stderr).toContain(
      'it holds personal data',
    );
    const again = await cli(['sample', '--metric', 'Started Checkout', '--out', file]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists; pass --force/);
  });

  it('one clear line and exit 2: no key, a key value given as the variable name, a shared name, no events', async () => {
    const none = await cli(['sample', '--metric', 'Placed Order'], { KLAVIYO_API_KEY: undefined });
    expect([none.code, none.stderr.trim()]).toEqual([
      2,
      'klaviyo-webhook-gen: KLAVIYO_API_KEY is not set: put your private API key in it (export KLAVIYO_API_KEY=pk_…) or name another variable with --api-key-env',
    ]);
    const pasted = await cli(['sample', '--metric', 'Placed Order', '--api-key-env', 'pk_live_secret123']);
    expect(pasted.code).toBe(2);
    expect(pasted.stderr).not.toContain('pk_live_secret123');
    const shared = await cli(['sample', '--metric', 'Viewed Product']);
    expect(shared.code).toBe(2);
    expect(shared.stderr).toContain('choose one with --metric-id ID');
    const empty = await cli(['sample', '--metric', 'Cancelled Order']);
    expect(empty.stderr.trim().split('\n')).toHaveLength(1);
    expect(empty.stderr).toContain('has no events yet');
  });

  it('--list-metrics lists name, integration and id', async () => {
    const r = await cli(['sample', '--list-metrics']);
    expect(r.stdout.split('\n')[0]).toMatch(/^Placed Order +Shopify +M_PLACED$/);
  });
});

describe('generate --sample-metric (built CLI)', () => {
  it("takes the sample straight from the account, as a flag or from a spec file's sampleMetric", async () => {
    const flag = await cli([
      'generate',
      '--sample-metric',
      'Placed Order',
      '--to-profile',
      'ShippingRate',
      '--format',
      'json',
    ]);
    expect(flag.code, flag.stderr).toBe(0);
    expect(JSON.parse(flag.stdout).webhooks[0].fields[0]).toMatchObject({ from: 'ShippingRate' });
    const spec = join(dir, 'from-account.json');
    writeFileSync(
      spec,
      JSON.stringify({
        sampleMetric: 'Placed Order',
        webhooks: [{ kind: 'profile-import', properties: ['ShippingRate'] }],
      }),
    );
    const fromSpec = await cli(['generate', '--spec', spec, '--format', 'json']);
    expect(fromSpec.code, fromSpec.stderr).toBe(0);
    expect(JSON.parse(fromSpec.stdout).webhooks[0].body).toBe(JSON.parse(flag.stdout).webhooks[0].body);
    const unknown = await cli(['generate', '--sample-metric', 'Placed Ordr', '--to-profile', 'ShippingRate']);
    expect([unknown.code, unknown.stderr.trim()]).toEqual([
      2,
      'klaviyo-webhook-gen: the account has no metric called "Placed Ordr"; did you mean "Placed Order"?',
    ]);
  });
});

describe('audit (built CLI)', () => {
  it('reports the fixture account grouped by flow and exits 1 for its errors; JSON matches its published schema', async () => {
    const text = await cli(['audit']);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('Tutorial: shipping rate  live · https://www.klaviyo.com/flow/FLOW_TUT/edit');
    expect(text.stdout).toContain('the profile ID belongs at data.id; move it there');
    expect(text.stdout).toMatch(/3 flows read, 6 webhooks: 2 with errors, 0 with warnings only, 4 clean/);
    const json = await cli(['audit', '--format', 'json']);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout);
    const validate = new Ajv({ allErrors: true }).compile(schema);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.requests).toBe(1);
    const md = await cli(['audit', '--format', 'markdown', '--flow', 'FLOW_GEN']);
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(/^# Klaviyo webhook audit\n\n1 flows read, 2 webhooks: 0 with errors/);
  });

  it('--fail-on warning makes warnings fail too; a missing scope is one line', async () => {
    expect((await cli(['audit', '--flow', 'FLOW_GEN', '--fail-on', 'warning'])).code).toBe(0);
    const narrow = await startKlaviyoStandIn(account(), { apiKey: KEY, scopes: ['metrics:read'] });
    try {
      const r = await runCliAsync(['audit', '--base-url', narrow.url], { env: { KLAVIYO_API_KEY: KEY } });
      expect([r.code, r.stderr.trim()]).toEqual([
        2,
        'klaviyo-webhook-gen: the key in $KLAVIYO_API_KEY lacks a scope for GET /api/flows (403): give it flows:read in Klaviyo (Settings → API keys)',
      ]);
    } finally {
      await narrow.close();
    }
  });
});
