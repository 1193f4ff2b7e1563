/** validate on what generate writes and on what is not JSON at all: each answered in the words a newcomer needs. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './run-cli.js';

const BOTH = [
  'generate',
  '--example',
  'shopify-placed-order',
  '--to-profile',
  'ShippingRate',
  '--promote',
  '$extra.line_items[*].sku=SKUs',
  '--metric',
  'Placed Order SKUs',
];

describe('validate on the files generate --out writes', () => {
  it('checks the body a <name>.webhook.json describes, with its URL and revision header, as it checks <name>.body.json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kwg-files-'));
    const r = runCli([...BOTH, '--revision', '2025-07-15', '--out', dir]);
    expect(r.code, r.stderr).toBe(0);
    for (const name of ['copy-event-fields-to-the-profile', 'create-placed-order-skus-events']) {
      const described = runCli(['validate', join(dir, `${name}.webhook.json`), '--format', 'json']);
      const body = runCli(['validate', join(dir, `${name}.body.json`), '--revision', '2025-07-15', '--format', 'json']);
      expect(described.code, described.stdout).toBe(0);
      expect(JSON.parse(described.stdout)).toEqual(JSON.parse(body.stdout));
      expect(JSON.parse(described.stdout).revision).toBe('2025-07-15');
    }
    const text = runCli(['validate', join(dir, 'create-placed-order-skus-events.webhook.json')]);
    expect(text.stdout.split('\n')[0]).toMatch(
      /create-placed-order-skus-events\.webhook\.json \(the body it describes\): Create Event \(https:\/\/a\.klaviyo\.com\/api\/events\), revision 2025-07-15/,
    );
    // Flags still win over the file's own header.
    const flagged = runCli([
      'validate',
      join(dir, 'create-placed-order-skus-events.webhook.json'),
      '--revision',
      '2026-07-15',
      '--format',
      'json',
    ]);
    expect(JSON.parse(flagged.stdout).revision).toBe('2026-07-15');
  });

  it('preview renders the body a <name>.webhook.json describes, as it renders <name>.body.json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kwg-files-'));
    runCli([...BOTH, '--out', dir]);
    const sample = join(ROOT, 'templates/examples/shopify-placed-order.json');
    const described = runCli([
      'preview',
      join(dir, 'create-placed-order-skus-events.webhook.json'),
      '--sample',
      sample,
      '--format',
      'json',
    ]);
    const body = runCli([
      'preview',
      join(dir, 'create-placed-order-skus-events.body.json'),
      '--sample',
      sample,
      '--format',
      'json',
    ]);
    expect(described.code, described.stderr).toBe(0);
    expect(described.stdout).toBe(body.stdout);
  });

  it('says which body files are templates (not JSON until Klaviyo fills in the tags), so jq failing on them is no surprise', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kwg-files-'));
    const r = runCli([...BOTH, '--out', dir]);
    expect(r.stderr).toContain(
      'create-placed-order-skus-events.body.json (a template: JSON only once Klaviyo fills in the tags)\n',
    );
    expect(r.stderr).toMatch(/create-placed-order-skus-events\.webhook\.json\n/);
    const safe = runCli([
      'generate',
      '--example',
      'shopify-placed-order',
      '--promote',
      'ShippingRate',
      '--metric',
      'M',
      '--editor-safe',
      '--out',
      dir,
      '--force',
    ]);
    expect(safe.stderr).toMatch(/create-m-events\.body\.json\n/);
    expect(() => JSON.parse(readFileSync(join(dir, 'create-m-events.body.json'), 'utf8'))).not.toThrow();
  });
});

describe("validate's editor-safe line", () => {
  it('says "not valid JSON" when the body is not JSON even once the tags are filled in', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kwg-files-'));
    writeFileSync(join(dir, 'cut.json'), '{"data": {"type": "event", "attributes": {\n');
    const r = runCli(['validate', join(dir, 'cut.json')]);
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[1]).toBe('  editor-safe: no \u2014 not valid JSON (see the error below)');
    expect(lines[2]).toMatch(/^ {2}error {3}line 2:1 invalid JSON: /);
  });

  it('keeps "valid JSON only after Klaviyo fills in the tags" for a templated body that is', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kwg-files-'));
    runCli([...BOTH, '--out', dir]);
    const r = runCli(['validate', join(dir, 'create-placed-order-skus-events.body.json')]);
    expect(r.stdout.split('\n')[1]).toBe('  editor-safe: no \u2014 valid JSON only after Klaviyo fills in the tags');
  });
});
