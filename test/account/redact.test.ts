import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redactSample, redactSampleText } from '../../src/account/redact.js';

/** A repeatable random source (the tool draws from Math.random; tests from a seed). */
function seeded(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

/** Every string and number in a JSON value. */
function leaves(v: unknown, out: (string | number)[] = []): (string | number)[] {
  if (typeof v === 'string' || typeof v === 'number') out.push(v);
  else if (Array.isArray(v)) for (const x of v) leaves(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) leaves(x, out);
  return out;
}

/** Keys, list lengths and the JSON type at every place. */
function skeleton(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(skeleton);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, skeleton(x)]));
  return v === null ? null : typeof v === 'number' ? (Number.isInteger(v) ? 'int' : 'float') : typeof v;
}

/** JSON as events carry it: numbers of everyday sizes (not denormals or ±1.8e308, whose neighbours round to them). */
const { value: eventJson } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string(),
    fc.integer(),
    fc.double({ min: -1e12, max: 1e12, noNaN: true }).filter((d) => d === 0 || Math.abs(d) > 1e-6),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string(), tie('value'), { maxKeys: 4 }),
  ),
}));

describe('redactSample', () => {
  it('keeps keys, list lengths, types, booleans and nulls; every string and number is another of the same shape', () => {
    const sample = {
      $event_id: '6174203461731',
      $value: 45.5,
      Email: 'sarah.mason@klaviyo-demo.com',
      'Item Count': 3,
      Discounted: false,
      Coupon: null,
      Placed: '2026-07-20T14:03:00+00:00',
      $extra: {
        line_items: [
          { sku: 'A-1', price: 19.99 },
          { sku: 'B-2', price: 0.5 },
        ],
      },
    };
    const out = redactSample(sample, seeded(7)) as typeof sample;
    expect(skeleton(out)).toEqual(skeleton(sample));
    expect(out.Discounted).toBe(false);
    expect(out.Coupon).toBeNull();
    expect(out.Email).toMatch(/^[a-z]{5}\.[a-z]{5}@[a-z]{7}-[a-z]{4}\.[a-z]{3}$/);
    expect(out.Placed).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+\d{2}:\d{2}$/);
    expect(out.$event_id).toMatch(/^\d{13}$/);
    const original = new Set(leaves(sample));
    for (const v of leaves(out)) expect(original.has(v), String(v)).toBe(false);
  });

  it('for any JSON value: same skeleton, and no string with a letter or digit and no number survives', () => {
    fc.assert(
      fc.property(eventJson, fc.integer(), (value, seed) => {
        const out = redactSample(value, seeded(seed));
        expect(skeleton(out)).toEqual(skeleton(JSON.parse(JSON.stringify(value))));
        const kept = new Set(leaves(value).filter((v) => typeof v === 'number' || /[\p{L}\p{N}]/u.test(v)));
        const survivors = leaves(out).filter((v) => kept.has(v) && (typeof v !== 'number' || Number.isFinite(v)));
        expect(survivors.filter((v) => !(typeof v === 'number' && Object.is(v, -0)))).toEqual([]);
      }),
    );
  });
});

describe('redactSampleText', () => {
  it('writes numbers as the text wrote them: a float stays a float, a big integer keeps every digit', () => {
    const text = '{"Amount": 10.0, "Id": 12345678901234567890, "Tiny": 1.5e-7, "Neg": -0.25, "List": [1, 2]}';
    const out = redactSampleText(text, seeded(3));
    expect(out).toMatch(
      /^\{"Amount":[1-9]\d\.[1-9],"Id":[1-9]\d{19},"Tiny":\d\.[1-9]e-7,"Neg":-\d\.\d[1-9],"List":\[\d,\d\]\}$/,
    );
    const numbers = (t: string) => t.match(/-?\d+(?:\.\d+)?(?:e-?\d+)?/g)!;
    const before = new Set(numbers(text).map(Number));
    for (const n of numbers(out)) expect(before.has(Number(n)), n).toBe(false);
  });

  it('keeps keys (also ones that look like values) and whitespace-separated keys', () => {
    const out = redactSampleText('{"a" :\n "b", "ab": {"c": "ab"}}', seeded(9));
    expect(out).toMatch(/^\{"a":"[a-z]","ab":\{"c":"[a-z]{2}"\}\}$/);
    expect(out).not.toContain(':"ab"');
  });

  it('a number whose every same-length stand-in is taken gets one more digit', () => {
    const text = `[${[0, 1, 2, 3, 4, 5, 6, 7, 8, 9].join(',')}]`;
    const out = JSON.parse(redactSampleText(text, seeded(5))) as number[];
    for (const n of out) expect(n).toBeGreaterThanOrEqual(10);
  });
});
