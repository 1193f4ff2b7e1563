import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utcDate } from '../../../src/cli/commands/shared.js';

describe('utcDate', () => {
  it('gives the UTC calendar date Date gives, around leap days, century years and day boundaries', () => {
    for (const iso of [
      '1970-01-01T00:00:00.000Z',
      '2000-02-29T23:59:59.999Z',
      '2100-03-01T00:00:00.000Z',
      '2026-11-28T12:00:00.000Z',
      '1969-12-31T23:59:59.999Z',
      '0000-01-01T00:00:00.000Z',
      '9999-12-31T23:59:59.999Z',
    ])
      expect(utcDate(Date.parse(iso)), iso).toBe(iso.slice(0, 10));
  });
  it('agrees with Date for any time in years 0–9999', () => {
    const min = Date.parse('0000-01-01T00:00:00.000Z');
    const max = Date.parse('9999-12-31T23:59:59.999Z');
    fc.assert(
      fc.property(fc.integer({ min, max }), (ms) => utcDate(ms) === new Date(ms).toISOString().slice(0, 10)),
      { numRuns: 20_000 },
    );
  });
});
