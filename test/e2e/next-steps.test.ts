/**
 * What the output says after the body: on a terminal, what to do next in Klaviyo (stderr); through a pipe or
 * into files, the data only. `script` gives the CLI a real pseudo-terminal for stdout and stderr.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, CLI_NODE, cliEnv, ROOT, runCli } from './run-cli.js';

const hasScript = (() => {
  try {
    execFileSync('script', ['-qec', 'true', '/dev/null'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** Runs the built CLI with stdout and stderr on a terminal (80 columns, no colour), returning what the terminal shows. */
function onTerminal(args: string[], env: Record<string, string> = {}): string {
  const quoted = [CLI_NODE, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const r = spawnSync('script', ['-qec', `stty cols 80 2>/dev/null; ${quoted}`, '/dev/null'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: cliEnv({ NO_COLOR: '1', ...env }),
    timeout: 15_000,
  });
  return r.stdout.replace(/\r\n/g, '\n');
}

const ORDER_EVENT = [
  'generate',
  '--example',
  'shopify-placed-order',
  '--promote',
  '$extra.line_items[*].sku=SKUs',
  '--metric',
  'Placed Order SKUs',
];
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

describe.skipIf(!hasScript)('next steps on a terminal', () => {
  it('follow the body: the key and its scopes, the trigger metric, Send Test Request, the escapejs fallback', () => {
    const screen = onTerminal(BOTH);
    const footer = screen.slice(screen.indexOf('Then, in Klaviyo:'));
    expect(footer).toBe(
      [
        'Then, in Klaviyo:',
        '  1. Replace {YOUR_PRIVATE_API_KEY} with a private key that has profiles:write',
        '     and events:write.',
        "  2. Trigger the flow with your sample event's metric (event fields are empty in",
        '     other flows), never with the metric this webhook creates (the flow would',
        '     trigger itself).',
        '  3. Save, then Preview \u2192 Send Test Request. If Klaviyo reports an unknown or',
        '     invalid filter, run again with --escape none.',
        '',
      ].join('\n'),
    );
    for (const line of footer.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('leave out what does not apply: a key already filled in, escapejs when --escape none, the loop on a profile webhook', () => {
    const screen = onTerminal(
      [
        'generate',
        '--example',
        'shopify-placed-order',
        '--to-profile',
        'ShippingRate',
        '--escape',
        'none',
        '--api-key-env',
        'KWG_TEST_KEY',
      ],
      {
        KWG_TEST_KEY: 'pk_test_0123456789abcdef',
      },
    );
    const footer = screen.slice(screen.indexOf('Then, in Klaviyo:'));
    expect(footer).not.toContain('YOUR_PRIVATE_API_KEY');
    expect(footer).not.toContain('--escape none');
    expect(footer).not.toContain('trigger itself');
    expect(footer).toContain('1. Trigger the flow');
  });

  it('say nothing of the self-trigger loop when the new events are backfilled (they trigger no flows)', () => {
    const screen = onTerminal([...ORDER_EVENT, '--backfill']);
    expect(screen).toContain('"backfill": true');
    expect(screen).toContain('2. Trigger the flow with your sample event');
    expect(screen).not.toContain('trigger itself');
  });

  it('are not printed for --format json, and never change the files --out writes', () => {
    expect(onTerminal([...BOTH, '--format', 'json'])).not.toContain('Then, in Klaviyo');
    const dir = mkdtempSync(join(tmpdir(), 'kwg-next-'));
    const piped = mkdtempSync(join(tmpdir(), 'kwg-next-'));
    onTerminal([...BOTH, '--out', dir]);
    runCli([...BOTH, '--out', piped]);
    const name = 'create-placed-order-skus-events.body.json';
    expect(readFileSync(join(dir, name), 'utf8')).toBe(readFileSync(join(piped, name), 'utf8'));
  });
});

describe.skipIf(!hasScript)('the body on an 80-column terminal', () => {
  it('lines fit the window but for a single tag too long to fit; the block is the --out body byte for byte', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kwg-narrow-'));
    const args = [...BOTH, '--to-profile', 'Item Count', '--to-profile', '$extra.currency'];
    const screen = onTerminal(args);
    const bodies = [...screen.matchAll(/JSON Body\n([\s\S]*?\n\})\n/g)].map((m) => `${m[1]}\n`);
    expect(bodies).toHaveLength(2);
    // A tag cannot be broken (the {% with %} binding $extra.currency's flag is 97 columns); anything longer is.
    for (const body of bodies)
      for (const line of body.split('\n')) if (line.length > 80) expect(line.trim(), line).toMatch(/^\{%[^%]*%\}$/);
    expect(runCli([...args, '--out', dir]).code).toBe(0);
    const files = ['copy-event-fields-to-the-profile.body.json', 'create-placed-order-skus-events.body.json'];
    expect(files.map((f) => readFileSync(join(dir, f), 'utf8'))).toEqual(bodies);
  });
});

describe('next steps off a terminal', () => {
  it('are not printed: stdout is the data, stderr stays empty', () => {
    const r = runCli(BOTH);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('Then, in Klaviyo');
    expect(r.stderr).toBe('');
  });
});
