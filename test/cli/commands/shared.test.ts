import { describe, expect, it } from 'vitest';
import { today } from '../../../src/cli/commands/shared.js';

describe('today', () => {
  it('is the UTC calendar date, or KLAVIYO_WEBHOOK_GEN_TODAY when set', () => {
    const before = new Date().toISOString().slice(0, 10);
    const got = today({});
    const after = new Date().toISOString().slice(0, 10);
    expect([before, after]).toContain(got);
    expect(today({ KLAVIYO_WEBHOOK_GEN_TODAY: '2026-11-28' })).toBe('2026-11-28');
  });
});
