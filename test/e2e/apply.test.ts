/**
 * `plan` and `apply` through the built CLI against the local Klaviyo stand-in, which checks every request —
 * the PATCHes and POSTs included — against the vendored official spec. No network.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import schema from '../../src/account/plan-report.schema.json' with { type: 'json' };
import { account, KEY } from '../support/account-fixtures.js';
import { startKlaviyoStandIn, type KlaviyoStandIn } from '../support/klaviyo-stand-in.js';
import { ROOT, runCliAsync } from './run-cli.js';

const WEBHOOK_KEY = 'pk_webhookkey0000000000000000000000';
let standIn: KlaviyoStandIn;
beforeEach(async () => {
  standIn = await startKlaviyoStandIn(account(), { apiKey: KEY });
});
afterEach(() => standIn.close());

const dir = mkdtempSync(join(tmpdir(), 'kwg-apply-'));
const SAMPLE = `${ROOT}templates/examples/shopify-placed-order.json`;
function spec(name: string, webhooks: unknown[]): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify({ sample: SAMPLE, webhooks }, null, 2));
  return file;
}
const cli = (args: string[], env: Record<string, string | undefined> = {}) =>
  runCliAsync([...args, '--base-url', standIn.url], {
    env: { KLAVIYO_API_KEY: KEY, KLAVIYO_WEBHOOK_KEY: WEBHOOK_KEY, ...env },
  });
const writes = () => standIn.requests.filter((r) => r.method !== 'GET');

describe('plan and apply (built CLI)', () => {
  it('plan → apply → plan: the tutorial webhook fixed in place, then no change and a second apply writes nothing', async () => {
    const file = spec('fix.json', [
      { kind: 'profile-import', name: 'Example 1', properties: ['ShippingRate'], target: { flowAction: 'A_TUT1' } },
    ]);
    const plan = await cli(['plan', '--spec', file]);
    expect(plan.code, plan.stderr).toBe(3);
    expect(plan.stdout).toContain('Example 1 → flow action A_TUT1 in "Tutorial: shipping rate" (live): update');
    expect(plan.stdout).toContain('this action is live: the change takes effect for the next trigger');
    expect(plan.stdout).toContain('~ header revision: 2024-10-15 → 2026-07-15');
    expect(plan.stdout).toMatch(/~ header Authorization: \(hidden\) → \(hidden\)/);
    expect(plan.stdout).toContain('- { "data": { "type": "profile", "attributes": { "id" : "{{person.KlaviyoID}}"');
    expect(plan.stdout + plan.stderr).not.toContain(WEBHOOK_KEY);
    expect(writes()).toEqual([]);

    const json = JSON.parse((await cli(['plan', '--spec', file, '--format', 'json'])).stdout);
    const validate = new Ajv({ allErrors: true }).compile(schema);
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(json).toMatchObject({
      changes: 1,
      refused: 0,
      webhooks: [{ webhook: 'Example 1', action: 'update', target: { flowAction: 'A_TUT1' } }],
    });

    const offTerminal = await cli(['apply', '--spec', file]);
    expect([offTerminal.code, offTerminal.stderr.trim().split('\n').at(-1)]).toEqual([
      2,
      'klaviyo-webhook-gen: apply changes flows in your Klaviyo account: run it on a terminal to confirm, or pass --yes',
    ]);
    expect(writes()).toEqual([]);

    const apply = await cli(['apply', '--spec', file, '--yes']);
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stderr).toContain('updated Example 1 (flow action A_TUT1)');
    expect(writes().map((r) => [r.method, r.url.split('?')[0], r.status])).toEqual([
      ['PATCH', '/api/flow-actions/A_TUT1', 200],
    ]);
    expect(apply.stdout + apply.stderr).not.toContain(WEBHOOK_KEY);

    const again = await cli(['plan', '--spec', file]);
    expect(again.code, again.stdout).toBe(0);
    expect(again.stdout).toContain('Example 1 → flow action A_TUT1 in "Tutorial: shipping rate" (live): no change');
    const second = await cli(['apply', '--spec', file, '--yes']);
    expect(second.code).toBe(0);
    expect(writes()).toHaveLength(1);
  });

  it('refuses a target that is not a webhook, and a Create Event webhook that would trigger its own flow', async () => {
    const email = spec('email.json', [
      { kind: 'profile-import', properties: ['ShippingRate'], target: { flowAction: 'A_EMAIL' } },
    ]);
    const r = await cli(['plan', '--spec', email]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('flow action A_EMAIL is a send-email action, not a webhook');
    const loop = spec('loop.json', [
      { kind: 'create-event', metric: 'Placed Order', properties: ['ShippingRate'], target: { flowAction: 'A_GOOD' } },
    ]);
    const l = await cli(['apply', '--spec', loop, '--yes']);
    expect(l.code).toBe(1);
    expect(l.stdout).toContain('records "Placed Order" events, the metric that triggers its own flow');
    expect(writes()).toEqual([]);
    // With backfill its events trigger no flow: allowed.
    const backfilled = spec('backfill.json', [
      {
        kind: 'create-event',
        metric: 'Placed Order',
        backfill: true,
        properties: ['ShippingRate'],
        target: { flowAction: 'A_GOOD' },
      },
    ]);
    const b = await cli(['apply', '--spec', backfilled, '--yes']);
    expect(b.code, b.stdout + b.stderr).toBe(0);
    expect(writes().map((r) => r.status)).toEqual([200]);
  });

  it('masked headers are compared as unknown and never shown', async () => {
    const file = spec('masked.json', [
      {
        kind: 'profile-import',
        name: 'Masked key',
        properties: ['ShippingRate=Shipping Rate'],
        target: { flowAction: 'A_MASKED' },
      },
    ]);
    const r = await cli(['plan', '--spec', file]);
    expect(r.stdout).toContain('Authorization is masked in Klaviyo: not compared');
    expect(r.stdout).not.toContain('****');
  });

  it('newFlow: one draft flow created, its ids saved into the spec, and the next apply updates it instead', async () => {
    const file = spec('new.json', [
      {
        kind: 'profile-import',
        name: 'Copy rate',
        properties: ['ShippingRate'],
        target: { newFlow: { name: 'Rates to profiles', triggerMetric: 'Placed Order' } },
      },
    ]);
    const noSave = await cli(['apply', '--spec', file, '--yes']);
    expect(noSave.code).toBe(2);
    expect(noSave.stderr).toContain('add --save-spec FILE');
    const apply = await cli(['apply', '--spec', file, '--yes', '--save-spec', file]);
    expect(apply.code, apply.stderr).toBe(0);
    expect(writes().map((r) => `${r.method} ${r.url} ${r.status}`)).toEqual([
      expect.stringMatching(/^POST \/api\/flows 201$/),
    ]);
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved.webhooks[0].target).toEqual({ flowAction: expect.stringMatching(/^NEW_ACTION_/) });
    const plan = await cli(['plan', '--spec', file]);
    expect(plan.code, plan.stdout).toBe(0);
    expect(plan.stdout).toMatch(/Copy rate → flow action NEW_ACTION_\d+ in "Rates to profiles" \(draft\): no change/);
  });

  it('a key without flows:write is one line; so is a missing webhook key when apply must write the header', async () => {
    const file = spec('scope.json', [
      { kind: 'profile-import', properties: ['ShippingRate'], target: { flowAction: 'A_TUT1' } },
    ]);
    const narrow = await startKlaviyoStandIn(account(), { apiKey: KEY, scopes: ['flows:read', 'metrics:read'] });
    try {
      const r = await runCliAsync(['apply', '--spec', file, '--yes', '--base-url', narrow.url], {
        env: { KLAVIYO_API_KEY: KEY, KLAVIYO_WEBHOOK_KEY: WEBHOOK_KEY },
      });
      expect([r.code, r.stderr.trim().split('\n').at(-1)]).toEqual([
        2,
        'klaviyo-webhook-gen: the key in $KLAVIYO_API_KEY lacks a scope for PATCH /api/flow-actions/{id} (403): give it flows:write in Klaviyo (Settings → API keys)',
      ]);
    } finally {
      await narrow.close();
    }
    const noKey = await cli(['apply', '--spec', file, '--yes'], { KLAVIYO_WEBHOOK_KEY: undefined });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain("KLAVIYO_WEBHOOK_KEY is not set: apply writes the webhook's Authorization header");
  });

  describe('a busy or failing Klaviyo in the middle of apply', () => {
    const twoWebhooks = () =>
      spec('two.json', [
        { kind: 'profile-import', name: 'Example 1', properties: ['ShippingRate'], target: { flowAction: 'A_TUT1' } },
        {
          kind: 'create-event',
          name: 'Example 2',
          metric: 'Placed Order SKUs',
          properties: ['$extra.line_items[*].sku=SKUs'],
          target: { flowAction: 'A_TUT2' },
        },
      ]);
    const withStandIn = async (
      failures: NonNullable<Parameters<typeof startKlaviyoStandIn>[1]['failures']>,
      run: (s: KlaviyoStandIn) => Promise<void>,
    ) => {
      const busy = await startKlaviyoStandIn(account(), { apiKey: KEY, failures });
      try {
        await run(busy);
      } finally {
        await busy.close();
      }
    };
    const applyAt = (s: KlaviyoStandIn, file: string) =>
      runCliAsync(['apply', '--spec', file, '--yes', '--base-url', s.url], {
        env: { KLAVIYO_API_KEY: KEY, KLAVIYO_WEBHOOK_KEY: WEBHOOK_KEY },
      });
    const patches = (s: KlaviyoStandIn) =>
      s.requests.filter((r) => r.method === 'PATCH').map((r) => [r.url.split('?')[0], r.status]);

    it('a 429 on the second write: waits the Retry-After, retries, and applies both', async () => {
      const file = twoWebhooks();
      await withStandIn(
        [{ operation: 'PATCH /api/flow-actions/{id}', status: 429, after: 1, times: 1, retryAfter: 1 }],
        async (s) => {
          const r = await applyAt(s, file);
          expect(r.code, r.stderr).toBe(0);
          expect(patches(s)).toEqual([
            ['/api/flow-actions/A_TUT1', 200],
            ['/api/flow-actions/A_TUT2', 429],
            ['/api/flow-actions/A_TUT2', 200],
          ]);
          expect(r.stderr).toContain('updated Example 1 (flow action A_TUT1)');
          expect(r.stderr).toContain('updated Example 2 (flow action A_TUT2)');
        },
      );
    });

    it('the second write failing for good: one line naming what was applied before it, exit 2', async () => {
      const file = twoWebhooks();
      await withStandIn(
        [{ operation: 'PATCH /api/flow-actions/{id}', status: 503, after: 1, times: 99, retryAfter: 0 }],
        async (s) => {
          const r = await applyAt(s, file);
          expect(r.code).toBe(2);
          const lines = r.stderr.trim().split('\n');
          expect(lines.at(-2)).toBe('updated Example 1 (flow action A_TUT1)');
          expect(lines.at(-1)).toMatch(
            /^klaviyo-webhook-gen: .*503.* — 1 change was applied before it \(above\); run plan to see what is left$/,
          );
          // The first write, then the second tried once and retried 5 times (Retry-After: 0), never a third.
          expect(patches(s)).toEqual([
            ['/api/flow-actions/A_TUT1', 200],
            ...Array.from({ length: 6 }, () => ['/api/flow-actions/A_TUT2', 503]),
          ]);
          expect(r.stdout + r.stderr).not.toContain(WEBHOOK_KEY);
        },
      );
    });
  });
});
