/**
 * generate --each (Bulk Create Events) and --append/--unset (profile list properties) through the built CLI: the
 * bundled samples, rendered by preview and checked against the official schema, spec files and their round trip,
 * and one-line refusals (exit 2).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, ROOT } from './run-cli.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'kwg-each-'));
const example = (id: string) =>
  JSON.parse(readFileSync(join(ROOT, 'templates/examples', `${id}.json`), 'utf8')) as Record<string, any>;

function expectInputError(r: ReturnType<typeof runCli>, fragment: string) {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/^klaviyo-webhook-gen: /);
  expect(r.stderr).toContain(fragment);
}

/** generate (json) → the one webhook; preview renders it with `event` and must find no problem. */
function generateAndRender(args: string[], events: Array<Record<string, unknown>>) {
  const g = runCli(['generate', ...args, '--format', 'json']);
  expect(g.code, g.stderr).toBe(0);
  const [w] = JSON.parse(g.stdout).webhooks;
  expect(w.problems.filter((p: { severity: string }) => p.severity === 'error')).toEqual([]);
  const dir = tmp();
  writeFileSync(join(dir, 'body.json'), w.body);
  const rendered = events.map((ev) => {
    writeFileSync(join(dir, 'event.json'), JSON.stringify(ev));
    const p = runCli([
      'preview',
      join(dir, 'body.json'),
      '--sample',
      join(dir, 'event.json'),
      '--url',
      w.url,
      '--format',
      'json',
    ]);
    expect(p.code, p.stdout + p.stderr).toBe(0);
    const out = JSON.parse(p.stdout);
    expect(
      out.problems.filter((x: { severity: string }) => x.severity === 'error'),
      out.rendered,
    ).toEqual([]);
    return JSON.parse(out.rendered);
  });
  return { w, rendered };
}

const eventsOf = (body: any) =>
  body.data.attributes['events-bulk-create'].data[0].attributes.events.data as Array<{
    attributes: { properties: Record<string, unknown>; unique_id?: string; value?: number };
  }>;

describe('generate --each (Bulk Create Events)', () => {
  it('shopify-placed-order: one event per line item with every leaf field, order fields copied, value, unique ids', () => {
    const sample = example('shopify-placed-order');
    const half = structuredClone(sample);
    for (const item of half.$extra.line_items)
      for (const k of Object.keys(item).filter((_, i) => i % 2 === 0)) delete item[k];
    const none = { ...sample, $extra: {} };
    const noId = { ...sample };
    delete noId.$event_id;
    const { w, rendered } = generateAndRender(
      [
        '--example',
        'shopify-placed-order',
        '--each',
        '$extra.line_items[*]',
        '--metric',
        'Ordered Item',
        '--with',
        '$event_id=Order ID',
        '--with',
        'Source Name',
        '--value',
        'line_price',
        '--value-currency',
        'USD',
      ],
      [sample, half, none, noId],
    );
    expect(w).toMatchObject({
      endpoint: 'bulk-create-events',
      url: 'https://a.klaviyo.com/api/event-bulk-create-jobs',
    });
    expect(w.problems.map((p: { message: string }) => p.message).join('\n')).toMatch(
      /at most 1,000 events per Bulk Create Events request/,
    );
    const [full, halfBody, noneBody, noIdBody] = rendered.map(eventsOf);
    expect(full).toHaveLength(sample.$extra.line_items.length);
    full.forEach((e, i) => {
      const item = sample.$extra.line_items[i];
      expect(e.attributes.unique_id).toBe(`${sample.$event_id}:${i}`);
      expect(e.attributes.properties).toMatchObject({
        sku: item.sku,
        title: item.title,
        quantity: item.quantity,
        'product title': item.product.title,
        'Order ID': sample.$event_id,
        'Source Name': sample['Source Name'],
      });
      expect(e.attributes.value).toBe(item.line_price);
    });
    expect(halfBody).toHaveLength(sample.$extra.line_items.length);
    expect(noneBody).toEqual([]);
    expect(noIdBody).toEqual([]); // no $event_id: no events rather than colliding ids
  });

  it('custom-placed-order Items[*] and woocommerce extra.Items[*] (no $event_id in the sample: element ids)', () => {
    const custom = example('custom-placed-order');
    const c = generateAndRender(
      [
        '--example',
        'custom-placed-order',
        '--each',
        'Items',
        '--metric',
        'Ordered Product',
        '--promote',
        'SKU',
        '--promote',
        'ProductName=Product',
        '--promote',
        'Quantity',
        '--with',
        'OrderId',
        '--value',
        'RowTotal',
      ],
      [custom],
    );
    expect(eventsOf(c.rendered[0]).map((e) => e.attributes.properties)).toEqual(
      custom.Items.map((i: any) => ({
        SKU: i.SKU,
        Product: i.ProductName,
        Quantity: i.Quantity,
        OrderId: custom.OrderId,
      })),
    );
    const woo = example('woocommerce-added-to-cart');
    const refused = runCli([
      'generate',
      '--example',
      'woocommerce-added-to-cart',
      '--each',
      'extra.Items[*]',
      '--metric',
      'Cart Line',
    ]);
    expectInputError(refused, 'the sample has no $event_id');
    const idField = Object.keys(woo.extra.Items[0]).find((k) => /ProductID|SKU/i.test(k))!;
    const wRun = generateAndRender(
      [
        '--example',
        'woocommerce-added-to-cart',
        '--each',
        'extra.Items[*]',
        '--metric',
        'Cart Line',
        '--unique-id',
        idField,
      ],
      [woo, { ...woo, extra: { Items: [{}, ...woo.extra.Items] } }],
    );
    expect(eventsOf(wRun.rendered[0]).map((e) => e.attributes.unique_id)).toEqual(
      woo.extra.Items.map((i: any) => String(i[idField])),
    );
    // An element without its id and an event without $event_id: unique_id left out (Klaviyo's default), still valid.
    expect(eventsOf(wRun.rendered[1])[0]!.attributes).not.toHaveProperty('unique_id');
    expect(wRun.w.problems.map((p: { message: string }) => p.message).join('\n')).toMatch(
      /must differ between all elements of all events of a profile/,
    );
  });

  it('a spec file says the same, and --save-spec round-trips byte for byte', () => {
    const dir = tmp();
    const args = [
      '--example',
      'shopify-placed-order',
      '--each',
      '$extra.line_items[*]',
      '--promote',
      'sku',
      '--promote',
      'product.title=Product',
      '--with',
      '$event_id=Order ID',
      '--metric',
      'Ordered Item',
      '--unique-id',
      'id',
      '--append',
      '$extra.line_items[*].sku=Purchased SKUs',
      '--unset',
      'Last Cart',
      '--to-profile',
      'Item Count',
    ];
    const a = runCli(['generate', ...args, '--save-spec', join(dir, 'spec.json')]);
    expect(a.code, a.stderr).toBe(0);
    const spec = JSON.parse(readFileSync(join(dir, 'spec.json'), 'utf8'));
    expect(spec.webhooks).toEqual([
      {
        kind: 'profile-import',
        properties: ['Item Count'],
        append: ['$extra.line_items[*].sku=Purchased SKUs'],
        unset: ['Last Cart'],
      },
      {
        kind: 'bulk-create-events',
        metric: 'Ordered Item',
        each: '$extra.line_items[*]',
        properties: ['sku', 'product.title=Product'],
        with: ['$event_id=Order ID'],
        uniqueId: 'id',
      },
    ]);
    const b = runCli(['generate', '--spec', join(dir, 'spec.json')]);
    expect(b.stdout).toBe(a.stdout);
    const yaml = runCli(['generate', ...args, '--save-spec', join(dir, 'spec.yaml')]);
    expect(runCli(['generate', '--spec', join(dir, 'spec.yaml')]).stdout).toBe(yaml.stdout);
  });

  it('refuses bad input with one line and exit 2', () => {
    const base = ['generate', '--example', 'shopify-placed-order'];
    expectInputError(runCli([...base, '--each', '$value', '--metric', 'X']), 'not a list');
    expectInputError(runCli([...base, '--each', 'Items', '--metric', 'X']), 'must be a list of objects');
    expectInputError(runCli([...base, '--each', '$extra.line_items[*].sku', '--metric', 'X']), 'one [*] at the end');
    expectInputError(runCli([...base, '--each', '$extra.line_items[*]']), '--metric NAME');
    expectInputError(
      runCli([...base, '--with', '$value', '--to-profile', '$value']),
      '--with copies an event-level field',
    );
    expectInputError(
      runCli([...base, '--each', '$extra.line_items[*]', '--metric', 'X', '--no-unique-id']),
      '--no-unique-id cannot be used with --each',
    );
    expectInputError(
      runCli([...base, '--each', '$extra.line_items[*]', '--metric', 'X', '--editor-safe']),
      '--each cannot be editor-safe',
    );
    expectInputError(
      runCli([...base, '--each', '$extra.line_items[*]', '--metric', 'X', '--promote', 'skux']),
      'relative to each element',
    );
    expectInputError(
      runCli([
        ...base,
        '--each',
        '$extra.line_items[*]',
        '--metric',
        'X',
        '--promote',
        'sku=A',
        '--with',
        'Source Name=A',
      ]),
      'two fields map to the event property "A"',
    );
    expectInputError(
      runCli([...base, '--each', '$extra.line_items[*]', '--metric', 'X', '--value', 'title']),
      'must name one number field of each element',
    );
    expectInputError(
      runCli([...base, '--each', '$extra.line_items[*]', '--metric', 'X', '--unique-id', 'product']),
      'must be text or a number',
    );
  });
});

describe('generate --append / --unset (profile list properties)', () => {
  it('appends every purchased SKU with --to-profile in one webhook; a missing field appends nothing', () => {
    const sample = example('shopify-placed-order');
    const lacking = { ...sample, $extra: {}, 'Source Name': null };
    const { w, rendered } = generateAndRender(
      [
        '--example',
        'shopify-placed-order',
        '--to-profile',
        'Item Count',
        '--append',
        '$extra.line_items[*].sku=Purchased SKUs',
        '--append',
        'Source Name=Sources',
        '--unset',
        'Abandoned Cart',
      ],
      [sample, lacking],
    );
    expect(w.fields.map((f: { to: string; patch?: string }) => [f.to, f.patch ?? null])).toEqual([
      ['Item Count', null],
      ['Purchased SKUs', 'append'],
      ['Sources', 'append'],
    ]);
    const [full, none] = rendered;
    expect(full.data.attributes.properties).toEqual({ 'Item Count': sample['Item Count'] });
    expect(full.data.meta.patch_properties).toEqual({
      append: { 'Purchased SKUs': sample.$extra.line_items.map((i: any) => i.sku), Sources: sample['Source Name'] },
      unset: ['Abandoned Cart'],
    });
    expect(none.data.meta.patch_properties).toEqual({ append: {}, unset: ['Abandoned Cart'] });
  });

  it('a profile webhook of only --append or only --unset', () => {
    const only = generateAndRender(
      ['--example', 'shopify-placed-order', '--append', 'Discount Codes=Codes used'],
      [example('shopify-placed-order')],
    );
    expect(only.rendered[0].data.attributes).toEqual({});
    expect(only.rendered[0].data.meta.patch_properties.append).toEqual({
      'Codes used': example('shopify-placed-order')['Discount Codes'],
    });
    const unset = generateAndRender(
      ['--example', 'shopify-placed-order', '--unset', 'A', '--unset', 'B'],
      [example('shopify-placed-order')],
    );
    expect(unset.rendered[0].data.meta).toEqual({ patch_properties: { unset: ['A', 'B'] } });
  });

  it('refuses bad input with one line and exit 2', () => {
    const base = ['generate', '--example', 'shopify-placed-order'];
    expectInputError(runCli([...base, '--append', '$value']), 'needs a name');
    expectInputError(runCli([...base, '--to-profile', '$value=V', '--append', 'Item Count=V']), 'is both set');
    expectInputError(
      runCli([...base, '--to-profile', '$value=V', '--unset', 'V']),
      'removes the profile property that the same webhook writes',
    );
    expectInputError(runCli([...base, '--unset', 'A', '--unset', 'A']), 'given twice');
    expectInputError(runCli([...base, '--append', '$value=V', '--editor-safe']), '--append cannot be editor-safe');
    const dir = tmp();
    writeFileSync(
      join(dir, 'spec.json'),
      JSON.stringify({ example: 'shopify-placed-order', webhooks: [{ kind: 'profile-import' }] }),
    );
    expectInputError(runCli(['generate', '--spec', join(dir, 'spec.json')]), 'missing "properties"');
    writeFileSync(
      join(dir, 'spec.json'),
      JSON.stringify({ example: 'shopify-placed-order', webhooks: [{ kind: 'bulk-create-events', metric: 'X' }] }),
    );
    expectInputError(runCli(['generate', '--spec', join(dir, 'spec.json')]), 'missing "each"');
    writeFileSync(
      join(dir, 'spec.json'),
      JSON.stringify({ example: 'shopify-placed-order', webhooks: [{ kind: 'profile-import', append: ['$value'] }] }),
    );
    expectInputError(runCli(['generate', '--spec', join(dir, 'spec.json')]), '/webhooks/0/append/0');
  });
});
