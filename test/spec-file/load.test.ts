import { describe, expect, it } from 'vitest';
import { checkSpec, formatSpec, parseSpec } from '../../src/spec-file/load.js';

const good = {
  example: 'shopify-placed-order',
  revision: '2026-07-15',
  webhooks: [
    {
      kind: 'create-event',
      metric: 'Placed Order SKUs',
      properties: ['$extra.line_items[*].sku=SKUs', { from: '$value', to: 'Total' }],
      uniqueId: false,
    },
    { kind: 'profile-import', properties: ['ShippingRate'] },
  ],
};

describe('spec files', () => {
  it('accepts a valid spec in JSON and YAML, and writes it back identically', async () => {
    expect(await parseSpec(JSON.stringify(good), 'spec.json')).toEqual(good);
    const yaml = await formatSpec(good as never, 'spec.yaml');
    expect(yaml).toContain('kind: create-event');
    expect(await parseSpec(yaml, 'spec.yaml')).toEqual(good);
    expect(JSON.parse(await formatSpec(good as never, 'spec.json'))).toEqual(good);
  });

  it.each([
    [{ webhooks: [] }, '/webhooks: must list at least one entry'],
    [{}, '(top level): missing "webhooks"'],
    [{ webhooks: [{ kind: 'create-event', properties: ['a'] }] }, '/webhooks/0: missing "metric"'],
    [{ webhooks: [{ kind: 'profile-import', properties: ['a'], metric: 'x' }] }, '/webhooks/0: unknown key "metric"'],
    [
      { webhooks: [{ kind: 'events', properties: ['a'] }] },
      '/webhooks/0/kind: must be one of "profile-import", "create-event"',
    ],
    [
      { revision: '2026-7-15', webhooks: [{ kind: 'profile-import', properties: ['a'] }] },
      '/revision: "2026-7-15" is not valid here (write YYYY-MM-DD)',
    ],
    [{ webhooks: [{ kind: 'profile-import', properties: [{ to: 'x' }] }] }, '/webhooks/0/properties/0: missing "from"'],
    [
      { apiKey: 'pk_123', webhooks: [{ kind: 'profile-import', properties: ['a'] }] },
      '(top level): unknown key "apiKey"',
    ],
  ])('points at the broken field: %j', (spec, message) => {
    expect(() => checkSpec(spec, 's.json')).toThrow(`s.json: ${message}`);
  });

  it('reports YAML syntax errors with a position', async () => {
    await expect(parseSpec('webhooks: [\n  - a', 's.yaml')).rejects.toThrow(/^s\.yaml:\d+:\d+: invalid YAML/);
  });
});
