import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonTokens, reindentJson } from '../src/json-text.js';
import { runs } from './support/depth.js';

describe('reindentJson', () => {
  it("lays text out as JSON.stringify(…, null, 2) does, keeping the text's key order and numbers as written", () => {
    expect(reindentJson('{"b":10.0,"1":[],"a":{"x":12345678901234567890,"y":1e5},"s":"\\u00e9\\n"}')).toBe(
      '{\n  "b": 10.0,\n  "1": [],\n  "a": {\n    "x": 12345678901234567890,\n    "y": 1e5\n  },\n  "s": "é\\n"\n}',
    );
  });
  it('gives the same value JSON.parse reads, for any JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = JSON.stringify(v);
        expect(JSON.parse(reindentJson(text))).toEqual(JSON.parse(text));
      }),
      { numRuns: runs(200, 2000) },
    );
  });
});

describe('jsonTokens', () => {
  it('names each token and tells keys from string values', () => {
    expect([...jsonTokens('{"a" :\n "b", "n": [1.0, true]}')]).toEqual([
      { kind: 'punct', text: '{' },
      { kind: 'string', text: '"a"', key: true },
      { kind: 'punct', text: ':' },
      { kind: 'string', text: '"b"', key: false },
      { kind: 'punct', text: ',' },
      { kind: 'string', text: '"n"', key: true },
      { kind: 'punct', text: ':' },
      { kind: 'punct', text: '[' },
      { kind: 'number', text: '1.0' },
      { kind: 'punct', text: ',' },
      { kind: 'literal', text: 'true' },
      { kind: 'punct', text: ']' },
      { kind: 'punct', text: '}' },
    ]);
  });
});
