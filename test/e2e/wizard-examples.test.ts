/**
 * `--example` wherever `--sample` goes (issue 18 §3): bare `klaviyo-webhook-gen --example NAME` starts the wizard
 * (off a terminal: the usual one line, exit 2), and preview, validate and send take a bundled sample by name.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'kwg-examples-'));
runCli(['generate', '--example', 'shopify-placed-order', '--to-profile', 'ShippingRate', '--out', dir]);
const body = join(dir, readdirSync(dir).find((f) => f.endsWith('.body.json'))!);

describe('--example NAME wherever --sample FILE goes', () => {
  it('bare --example NAME is the wizard: off a terminal it asks nothing, exit 2 with one line', () => {
    for (const args of [['--example', 'shopify-placed-order'], ['--example=shopify-placed-order']]) {
      const r = runCli(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(
        /^klaviyo-webhook-gen: no command given and this is not a terminal, so nothing is asked; run: klaviyo-webhook-gen generate --example NAME/,
      );
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
  });

  it('preview and validate render with a bundled example as with its file', () => {
    const byName = runCli(['preview', body, '--example', 'shopify-placed-order', '--format', 'json']);
    expect(byName.code, byName.stderr).toBe(0);
    const fromFile = runCli(['preview', body, '--sample', '-', '--format', 'json'], {
      input: readFileSync(join(ROOT, 'templates/examples/shopify-placed-order.json'), 'utf8'),
    });
    expect(byName.stdout).toBe(fromFile.stdout);
    expect(JSON.parse(byName.stdout).fields[0]).toMatchObject({ name: 'ShippingRate', rendered: 'Economy' });
    const v = runCli(['validate', body, '--example', 'shopify-placed-order']);
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout).toContain('no problems found');
  });

  it.each([
    [
      ['preview', body],
      /^klaviyo-webhook-gen: preview renders the body for a trigger event: give --sample EVENT.json \(or --example NAME, a bundled one\)\n$/,
    ],
    [
      ['preview', body, '--example', 'shopify-placed-order', '--sample', body],
      /give either --sample or --example, not both/,
    ],
    [
      ['validate', body, '--example', 'shopify-placed-ordr'],
      /unknown example "shopify-placed-ordr"; did you mean "shopify-placed-order"/,
    ],
    [
      ['send', body, '--example', 'shopify-placed-order', '--sample', body],
      /give either --sample or --example, not both/,
    ],
  ])('%j: exit 2, one line', (args, message) => {
    const r = runCli(args as string[], { env: { KLAVIYO_API_KEY: 'pk_test_0000000000000000' } });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});
