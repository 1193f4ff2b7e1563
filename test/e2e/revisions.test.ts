/** Revisions as Klaviyo runs them, through the built CLI (today pinned to 2026-11-28 by run-cli). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'kwg-rev-'));
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};
const PROFILE_WITH_ANONYMOUS_ID = file(
  'anon.json',
  '{"data": {"type": "profile", "id": "{{ person.KlaviyoID }}", "attributes": {"anonymous_id": "{{ event.anon|escapejs }}"}}}',
);

describe('revisions (built CLI)', () => {
  it('generate --revision with a retired revision: exit 2, one line with the retirement date and where to move', () => {
    const r = runCli([
      'generate',
      '--example',
      'shopify-placed-order',
      '--to-profile',
      'ShippingRate',
      '--revision',
      '2024-10-15',
    ]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('revision 2024-10-15 was retired on 2026-10-15');
    expect(r.stderr).toContain('move to 2026-07-15');
  });

  it('a deprecated revision generates, with a warning naming its retirement date (soon: said first)', () => {
    const r = runCli([
      'generate',
      '--example',
      'shopify-placed-order',
      '--to-profile',
      'ShippingRate',
      '--revision',
      '2025-01-15',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    const [webhook] = JSON.parse(r.stdout).webhooks;
    expect(webhook.problems).toContainEqual({
      severity: 'warning',
      at: '',
      message: expect.stringMatching(/^revision 2025-01-15 retires in 48 days, on 2027-01-15/),
    });
  });

  it('validate: a retired revision is an error (exit 1), a deprecated one a warning (exit 0)', () => {
    const retired = runCli(['validate', PROFILE_WITH_ANONYMOUS_ID, '--revision', '2024-10-15']);
    expect(retired.code).toBe(1);
    expect(retired.stdout).toContain('revision 2024-10-15 was retired on 2026-10-15');
    const deprecated = runCli(['validate', PROFILE_WITH_ANONYMOUS_ID, '--revision', '2025-07-15']);
    expect(deprecated.code, deprecated.stdout).toBe(0);
    expect(deprecated.stdout).toContain(
      'revision 2025-07-15 is deprecated (since 2026-07-15) and retires on 2027-07-15',
    );
    expect(deprecated.stdout).toContain('revision 2025-07-15 (Klaviyo supports it until 2027-07-15)');
  });

  it('each revision is judged by its own schema: anonymous_id passes at 2025-07-15 and is refused at 2026-07-15', () => {
    const old = JSON.parse(
      runCli(['validate', PROFILE_WITH_ANONYMOUS_ID, '--revision', '2025-07-15', '--format', 'json']).stdout,
    );
    expect(old.schemaRevision).toBe('2025-07-15');
    expect(old.problems.filter((p: { severity: string }) => p.severity === 'error')).toEqual([]);
    const r = runCli(['validate', PROFILE_WITH_ANONYMOUS_ID, '--revision', '2026-07-15', '--format', 'json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).problems).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        at: '/data/attributes/anonymous_id',
        message: expect.stringContaining('was accepted at API revision 2025-07-15 but not at 2026-07-15'),
      }),
    );
  });

  it('a revision newer than every vendored spec is accepted and checked against the newest, which the output says', () => {
    const r = runCli(['validate', PROFILE_WITH_ANONYMOUS_ID, '--revision', '2026-10-15']);
    expect(r.stdout).toContain(
      'revision 2026-10-15 (Klaviyo supports it until 2028-10-15; checked against the 2026-07-15 schema, the newest this tool vendors)',
    );
    const json = JSON.parse(
      runCli(['validate', PROFILE_WITH_ANONYMOUS_ID, '--revision', '2026-10-15', '--format', 'json']).stdout,
    );
    expect(json.schemaRevision).toBe('2026-07-15');
    expect(json.problems.filter((p: { message: string }) => /revision 2026-10-15/.test(p.message))).toEqual([]);
  });

  it('the Headers table says where the revision stands: supported until, deprecated, retired', () => {
    const sample = `${ROOT}templates/examples/shopify-placed-order.json`;
    const row = (revision: string) =>
      runCli(['preview', PROFILE_WITH_ANONYMOUS_ID, '--sample', sample, '--revision', revision])
        .stdout.split('\n')
        .find((l) => l.includes('revision '));
    expect(row('2026-07-15')).toMatch(/revision +2026-07-15 +\(Klaviyo supports it until 2028-07-15\)$/);
    expect(row('2025-07-15')).toMatch(/revision +2025-07-15 +\(deprecated; Klaviyo supports it until 2027-07-15\)$/);
    expect(row('2024-10-15')).toMatch(/revision +2024-10-15 +\(retired on 2026-10-15\)$/);
  });

  it('--backfill: "backfill": true in the body from 2026-04-15, an input error before', () => {
    const ok = runCli([
      'generate',
      '--example',
      'shopify-placed-order',
      '--promote',
      'ShippingRate',
      '--metric',
      'Rate',
      '--backfill',
      '--format',
      'json',
    ]);
    expect(ok.code, ok.stderr).toBe(0);
    const [w] = JSON.parse(ok.stdout).webhooks;
    expect(w.body).toContain('"backfill": true');
    expect(w.problems.filter((p: { severity: string }) => p.severity === 'error')).toEqual([]);
    const old = runCli([
      'generate',
      '--example',
      'shopify-placed-order',
      '--promote',
      'ShippingRate',
      '--metric',
      'Rate',
      '--backfill',
      '--revision',
      '2026-01-15',
    ]);
    expect([old.code, old.stderr.trim()]).toEqual([
      2,
      'klaviyo-webhook-gen: backfill exists from API revision 2026-04-15; the webhook uses 2026-01-15: raise --revision or leave --backfill out',
    ]);
  });
});
