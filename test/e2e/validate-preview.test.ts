import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'kwg-vp-'));
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};
// The tutorial's two bodies, verbatim.
const EXAMPLE_1 = file(
  'ex1.json',
  '{ "data": { "type": "profile", "attributes": { "id" : "{{person.KlaviyoID}}", "properties": { "ShippingRate": "{{ event.ShippingRate }}" } } } }',
);
const EXAMPLE_2 = file(
  'ex2.json',
  '{ "data": { "type": "event", "attributes": { "properties": { "Shipping Rate": "{{event.ShippingRate}}" }, "metric": { "data": { "type": "metric", "attributes":{ "name" : "Selected Shipping Rate" } } }, "profile": { "data": { "type": "profile", "attributes": { }, "id": "{{person.KlaviyoID}}" } } } } }',
);
const SAMPLE = `${ROOT}templates/examples/shopify-placed-order.json`;

describe('validate (built CLI)', () => {
  it("reports the tutorial's Example 1 mistake with its fix and exits 1", () => {
    const r = runCli(['validate', EXAMPLE_1, '--format', 'json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ endpoint: 'profile-import', revision: '2026-07-15', editorSafe: true });
    const errors = out.problems.filter((p: { severity: string }) => p.severity === 'error');
    expect(errors).toEqual([
      expect.objectContaining({
        at: '/data/attributes/id',
        line: 1,
        column: 48,
        message: expect.stringContaining('move it there'),
      }),
    ]);
  });

  it("passes the tutorial's Example 2 (warnings only) and reads the body from stdin", () => {
    const r = runCli(['validate', '-'], { input: readFileSync(EXAMPLE_2, 'utf8') });
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toContain('standard input: Create Event (https://a.klaviyo.com/api/events)');
    expect(r.stdout).toMatch(/no errors, \d warnings?/);
  });

  it('checks against a user-supplied OpenAPI document', () => {
    const r = runCli(['validate', EXAMPLE_1, '--openapi', `${ROOT}vendor/klaviyo-openapi/2026-07-15.json`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('move it there');
  });

  it('renders with --sample and reports what the rendered body breaks', () => {
    const body = file(
      'num.json',
      '{"data": {"type": "event", "attributes": {"properties": {}, "value": {{ event.Missing }}, "metric": {"data": {"type": "metric", "attributes": {"name": "M"}}}, "profile": {"data": {"type": "profile", "attributes": {}, "id": "{{ person.KlaviyoID }}"}}, "unique_id": "{{ event|lookup:\'$event_id\'|escapejs }}"}}}',
    );
    const r = runCli(['validate', body, '--sample', SAMPLE]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('{{ event.Missing }}');
  });

  it.each([
    [['validate', join(dir, 'none.json')], 'no such file'],
    [['validate', file('empty.json', ' ')], 'is empty'],
    [['validate', file('t.json', '{"data": {"type": "events"}}')], 'unknown data.type "events"'],
    [['validate', EXAMPLE_1, '--url', 'https://a.klaviyo.com/api/nope'], 'is not a Klaviyo endpoint'],
  ])('input errors exit 2 with one line: %j', (args, fragment) => {
    const r = runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(fragment);
  });
});

describe('preview (built CLI)', () => {
  it('renders a body for the sample with each field beside its source', () => {
    const r = runCli(['preview', EXAMPLE_2, '--sample', SAMPLE, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.url).toBe('https://a.klaviyo.com/api/events');
    expect(JSON.parse(out.rendered).data.attributes.properties).toEqual({ 'Shipping Rate': 'Economy' });
    expect(out.fields).toEqual([
      { name: 'Shipping Rate', rendered: 'Economy', source: 'event.ShippingRate', sourceValue: 'Economy' },
    ]);
  });

  it('keeps Python float text as Klaviyo prints it', () => {
    const sample = file('f.json', '{"$value": 45.0, "$event_id": "1"}');
    const body = file(
      'f-body.json',
      '{"data": {"type": "profile", "id": "{{ person.KlaviyoID }}", "attributes": {"properties": {"Raw": "{{ event|lookup:\'$value\' }}"}}}}',
    );
    const r = runCli(['preview', body, '--sample', sample, '--format', 'json']);
    expect(JSON.parse(JSON.parse(r.stdout).rendered).data.attributes.properties.Raw).toBe('45.0');
  });

  it('generate --preview adds the rendered body to each webhook', () => {
    const r = runCli([
      'generate',
      '--example',
      'shopify-placed-order',
      '--promote',
      '$extra.line_items[*].sku=SKUs',
      '--metric',
      'M',
      '--preview',
      '--format',
      'json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const [w] = JSON.parse(r.stdout).webhooks;
    expect(JSON.parse(w.preview.rendered).data.attributes.properties.SKUs).toEqual(['TOTE-VNL-NAT-L', 'CER-POUR-BLK']);
    const text = runCli([
      'generate',
      '--example',
      'shopify-placed-order',
      '--promote',
      'Item Count',
      '--metric',
      'M',
      '--preview',
    ]);
    expect(text.stdout).toContain('Preview for the sample');
    expect(text.stdout).toMatch(/Item Count +2 +← event\|lookup:'Item Count'/);
  });
});
