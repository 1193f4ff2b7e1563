import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generate } from '../../src/generate.js';
import { resolveMappings, type MappingCache, type MappingOptions } from '../../src/mapping/index.js';

const sample = JSON.parse(
  readFileSync(new URL('../../templates/examples/shopify-placed-order.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;
const options: MappingOptions = { escape: 'escapejs', allowMissing: true, targetLabel: 'event property' };
const requests = [
  '$value',
  '$extra.line_items[*].sku=SKUs',
  { from: '$extra.customer', to: 'Customer' },
  'Not In Sample=nope',
];

describe('resolveMappings with a cache (one generate run)', () => {
  it('gives what it gives without one, also when every request comes from the cache', () => {
    const plain = resolveMappings(sample, requests, options);
    const cache: MappingCache = new Map();
    expect(resolveMappings(sample, requests, { ...options, cache })).toEqual(plain);
    expect(resolveMappings(sample, requests, { ...options, cache })).toEqual(plain);
    expect(cache.size).toBe(requests.length);
  });

  it('keys by the options too: another escape mode is resolved afresh', () => {
    const cache: MappingCache = new Map();
    resolveMappings(sample, requests, { ...options, cache });
    const none = resolveMappings(sample, requests, { ...options, escape: 'none', cache });
    expect(none).toEqual(resolveMappings(sample, requests, { ...options, escape: 'none' }));
  });

  it('still refuses two fields with one name when both come from the cache', () => {
    const cache: MappingCache = new Map();
    resolveMappings(sample, ['$value=v'], { ...options, cache });
    resolveMappings(sample, ['$currency_code=v'], { ...options, cache });
    const both = () => resolveMappings(sample, ['$value=v', '$currency_code=v'], { ...options, cache });
    expect(both).toThrow(/two fields map to the event property "v"/);
  });

  it('caches no request that failed', () => {
    const cache: MappingCache = new Map();
    expect(() => resolveMappings(sample, ['Not In Sample'], { ...options, allowMissing: false, cache })).toThrow(
      /not in the sample/,
    );
    expect(cache.size).toBe(0);
  });
});

describe('generate with webhooks that share fields', () => {
  it('writes each webhook as it writes it alone', () => {
    const webhooks = [
      { kind: 'create-event' as const, metric: 'A', properties: ['$value', 'Items'] },
      { kind: 'profile-import' as const, properties: ['$value', '$extra.customer'] },
      {
        kind: 'create-event' as const,
        metric: 'B',
        properties: ['Items', '$extra.line_items[*].sku=SKUs'],
        value: '$value',
      },
    ];
    const together = generate({ webhooks }, sample, { today: '2026-03-10' });
    webhooks.forEach((w, i) => {
      expect(generate({ webhooks: [w] }, sample, { today: '2026-03-10' }).webhooks[0]).toEqual(together.webhooks[i]);
    });
  });
});
