import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonValueSpan } from '../../src/account/json-span.js';
import { runs } from '../support/depth.js';

const at = (text: string, path: (string | number)[]) => {
  const span = jsonValueSpan(text, path);
  return span && text.slice(...span);
};

describe('jsonValueSpan', () => {
  const answer =
    '{"data": [ {"type":"event","id":"e1","attributes":{"datetime":"2026-11-30T10:00:00+00:00",' +
    '"event_properties": {"Price": 10.0, "Id": 12345678901234567890, "s": "a\\"}b", "n": [1, {"x": []}]}}} ],' +
    '"links": {"next": null}}';
  it('finds a value as written, floats and big integers untouched', () => {
    expect(at(answer, ['data', 0, 'attributes', 'event_properties'])).toBe(
      '{"Price": 10.0, "Id": 12345678901234567890, "s": "a\\"}b", "n": [1, {"x": []}]}',
    );
    expect(at(answer, ['data', 0, 'attributes', 'event_properties', 'Price'])).toBe('10.0');
    expect(at(answer, ['links', 'next'])).toBe('null');
  });
  it('is undefined for what is not there', () => {
    expect(at(answer, ['data', 1])).toBeUndefined();
    expect(at(answer, ['data', 0, 'nope'])).toBeUndefined();
    expect(at(answer, ['links', 'next', 'x'])).toBeUndefined();
    expect(at('{}', ['a'])).toBeUndefined();
    expect(at('[]', [0])).toBeUndefined();
  });
  it('takes the last of repeated keys, as JSON.parse does', () => {
    expect(at('{"a": 1, "a": 2}', ['a'])).toBe('2');
  });
  it('agrees with JSON.parse for any JSON and any path into it', () => {
    const paths = (v: unknown): (string | number)[][] =>
      v !== null && typeof v === 'object'
        ? Object.entries(v).flatMap(([k, c]) => {
            const key = Array.isArray(v) ? Number(k) : k;
            return [[key], ...paths(c).map((p) => [key, ...p])];
          })
        : [];
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (v, spaced) => {
        const text = JSON.stringify(v, null, spaced ? 2 : undefined);
        const parsed = JSON.parse(text); // not v: JSON has no -0
        for (const path of paths(parsed)) {
          const expected = path.reduce<any>((o, k) => o[k], parsed);
          expect(JSON.parse(at(text, path)!)).toEqual(expected);
        }
      }),
      { numRuns: runs(200, 2000) },
    );
  });
});
