import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_REVISION,
  KNOWN_REVISIONS,
  SCHEMA_REVISIONS,
  daysBetween,
  recommendedRevision,
  revisionLifecycle,
  revisionNotice,
  schemaRevisionFor,
  supportEndsOn,
} from '../../src/klaviyo/revisions.js';

describe('revision lifecycle', () => {
  it('vendors every revision from 2024-10-15 to 2026-07-15, the newest being the default', () => {
    expect(SCHEMA_REVISIONS).toEqual([
      '2024-10-15',
      '2025-01-15',
      '2025-04-15',
      '2025-07-15',
      '2025-10-15',
      '2026-01-15',
      '2026-04-15',
      '2026-07-15',
    ]);
    expect(DEFAULT_REVISION).toBe('2026-07-15');
  });

  it('stable for a year, deprecated the second, retired from the second anniversary', () => {
    expect(revisionLifecycle('2025-01-15', '2026-01-14').status).toBe('stable');
    expect(revisionLifecycle('2025-01-15', '2026-01-15').status).toBe('deprecated');
    expect(revisionLifecycle('2025-01-15', '2027-01-14')).toMatchObject({
      status: 'deprecated',
      daysLeft: 1,
      retiresOn: '2027-01-15',
    });
    expect(revisionLifecycle('2025-01-15', '2027-01-15').status).toBe('retired');
    expect(revisionLifecycle('2027-01-15', '2026-12-01').status).toBe('unreleased');
    expect(supportEndsOn('2024-02-29')).toBe('2026-03-01');
  });

  it('dates follow from the revision and today, for any pair (never a table per revision)', () => {
    const day = fc
      .integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) })
      .map((t) => new Date(t).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, day, (revision, today) => {
        const life = revisionLifecycle(revision, today);
        expect(life.daysLeft).toBe(daysBetween(today, supportEndsOn(revision)));
        expect(life.status === 'retired').toBe(today >= life.retiresOn);
        const notice = revisionNotice(revision, today);
        expect(notice?.severity === 'error').toBe(life.status === 'retired');
        if (life.status === 'deprecated') expect(notice?.message).toContain(life.retiresOn);
      }),
    );
  });

  it('a retired revision says where to move: the newest vendored one released by then', () => {
    expect(recommendedRevision('2026-12-01')).toBe('2026-07-15');
    expect(recommendedRevision('2025-05-01')).toBe('2025-04-15');
    expect(revisionNotice('2024-10-15', '2026-12-01')?.message).toMatch(/retired on 2026-10-15.*move to 2026-07-15/);
  });

  it('the schema a body is checked against: its own, else the nearest older vendored one', () => {
    for (const r of SCHEMA_REVISIONS) expect(schemaRevisionFor(r)).toBe(r);
    expect(schemaRevisionFor('2026-10-15')).toBe('2026-07-15');
    expect(schemaRevisionFor('2026-05-01.pre')).toBe('2026-04-15');
    expect(schemaRevisionFor('2024-07-15')).toBe('2024-10-15');
    expect(KNOWN_REVISIONS.filter((r) => r >= '2024-10-15' && r <= DEFAULT_REVISION)).toEqual([...SCHEMA_REVISIONS]);
  });
});
