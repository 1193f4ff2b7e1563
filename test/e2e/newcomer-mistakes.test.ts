/** The mistakes newcomers make (issue 18 §4, the ones without API keys), each answered in one line with the fix. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const ORDER = ['generate', '--example', 'shopify-placed-order'];

/** Exit 2, one line on stderr that is exactly `line`, nothing on stdout. */
function expectAnswer(r: ReturnType<typeof runCli>, line: string) {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toBe(`klaviyo-webhook-gen: ${line}\n`);
}

describe('a $-path in double quotes (the shell ate the $word)', () => {
  it('names the key the shell replaced and shows the flag in single quotes', () => {
    // What `--promote "$extra.line_items[*].sku"` reaches the CLI as.
    expectAnswer(
      runCli([...ORDER, '--promote', '.line_items[*].sku', '--metric', 'M']),
      `--promote ".line_items[*].sku": the shell replaced "$extra" with nothing, because the path was in double quotes; use single quotes: --promote '$extra.line_items[*].sku'`,
    );
    expectAnswer(
      runCli([...ORDER, '--to-profile', '.line_items[*].sku=SKUs']),
      `--to-profile ".line_items[*].sku=SKUs": the shell replaced "$extra" with nothing, because the path was in double quotes; use single quotes: --to-profile '$extra.line_items[*].sku=SKUs'`,
    );
  });

  it('says what probably happened when the whole path is gone ("$event_id=Order ID", "$value")', () => {
    expectAnswer(
      runCli([...ORDER, '--each', '$extra.line_items[*]', '--metric', 'M', '--with', '=Order ID']),
      `--with "=Order ID": the path is empty; a $-key in double quotes is replaced by the shell with nothing, so use single quotes, e.g. --with '$event_id=Order ID'`,
    );
    expectAnswer(
      runCli([...ORDER, '--promote', 'ShippingRate', '--metric', 'M', '--value', '']),
      `--value "": the path is empty; a $-key in double quotes is replaced by the shell with nothing, so use single quotes, e.g. --value '$value'`,
    );
  });

  it('the fixed command works', () => {
    expect(runCli([...ORDER, '--promote', '$extra.line_items[*].sku', '--metric', 'M']).code).toBe(0);
  });
});

describe('a CSV export given as the sample', () => {
  it('is recognised and answered with what a sample is and where to get one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kwg-csv-'));
    const file = join(dir, 'placed-order-export.csv');
    writeFileSync(file, 'Event,Email,Order ID,Value\nPlaced Order,sarah@example.com,1001,12.50\n');
    expectAnswer(
      runCli(['generate', '--sample', file, '--list-fields']),
      `${file} looks like a CSV export (columns Event, Email, Order ID, \u2026), not an event: a sample is one event's properties as JSON, e.g. {"ShippingRate": 5.0, "$extra": {"line_items": [...]}}; copy one event from Klaviyo (the README's "Your own sample event" says where) or start from --example shopify-placed-order`,
    );
  });

  it('is not mistaken for other broken JSON, which keeps its line:column', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kwg-csv-'));
    writeFileSync(join(dir, 'e.json'), '{"a": 1,\n "b": }\n');
    expect(runCli(['generate', '--sample', join(dir, 'e.json'), '--list-fields']).stderr).toMatch(
      /e\.json:2:\d+: invalid JSON/,
    );
  });
});

describe('a list of objects where a field is expected', () => {
  it('suggests a field of its elements (the SKU first), in single quotes, and names --each and --append', () => {
    expectAnswer(
      runCli([...ORDER, '--to-profile', '$extra.line_items']),
      `"$extra.line_items" is a list of objects; pick a field of its elements, e.g. '$extra.line_items[*].sku' or '$extra.line_items[*].id' (sent as a list), or make one event per element with --each '$extra.line_items[*]' (or add to a profile list with --append PATH=NAME)`,
    );
    // The same answer with [*] already written, and the suggestions work as given.
    expect(runCli([...ORDER, '--to-profile', '$extra.line_items[*]']).stderr).toContain(
      "e.g. '$extra.line_items[*].sku'",
    );
    expect(runCli([...ORDER, '--to-profile', '$extra.line_items[*].sku']).code).toBe(0);
    expect(runCli([...ORDER, '--each', '$extra.line_items[*]', '--metric', 'Ordered Item']).code).toBe(0);
  });
});

describe('--help', () => {
  it('ends with two or three examples for every command', () => {
    for (const command of ['generate', 'validate', 'preview', 'send', 'init', 'sample', 'audit', 'plan', 'apply']) {
      const help = runCli([command, '--help']).stdout;
      const tail = help.slice(help.indexOf('\nExamples:\n') + '\nExamples:\n'.length);
      expect(help, command).toContain('\nExamples:\n');
      const lines = tail
        .trimEnd()
        .split('\n')
        .filter((l) => l.startsWith('  $ klaviyo-webhook-gen '));
      expect(lines.length, command).toBeGreaterThanOrEqual(2);
      expect(lines.length, command).toBeLessThanOrEqual(3);
    }
  });

  it('groups the options of generate', () => {
    const help = runCli(['generate', '--help']).stdout;
    const headings = help.split('\n').filter((l) => /^\S.*:$/.test(l));
    expect(headings).toEqual([
      'Sample event:',
      'Onto the profile (Create or Update Profile):',
      'Into a new event (Create Event, or Bulk Create Events with --each):',
      'Body and API:',
      'Output and spec files:',
      'Options:',
      'Examples:',
    ]);
  });
});
