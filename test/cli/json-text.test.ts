import { describe, expect, it } from 'vitest';
import { stringifyExact } from '../../src/cli/json-text.js';

describe('stringifyExact', () => {
  it('writes bigints as their digits', () => {
    expect(stringifyExact({ id: 12345678901234567890n, n: 1 })).toBe('{"id":12345678901234567890,"n":1}');
  });
});
