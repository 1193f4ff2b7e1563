/**
 * Klaviyo API revisions. GA revisions are supported for two years after release (klaviyo-facts §3).
 * The tool ships request schemas for SCHEMA_REVISIONS; other known revisions map to the nearest older one.
 */
export const KNOWN_REVISIONS = [
  '2024-02-15',
  '2024-05-15',
  '2024-06-15',
  '2024-07-15',
  '2024-10-15',
  '2025-01-15',
  '2025-04-15',
  '2025-07-15',
  '2025-10-15',
  '2026-01-15',
  '2026-04-15',
  '2026-07-15',
  '2026-10-15',
] as const;

/** Revisions whose request schemas the tool ships (written from ../shared/klaviyo-openapi). */
export const SCHEMA_REVISIONS = ['2024-10-15', '2026-07-15'] as const;
export type SchemaRevision = (typeof SCHEMA_REVISIONS)[number];

/** The default: the newest revision whose schema the tool ships. */
export const DEFAULT_REVISION: SchemaRevision = '2026-07-15';

const REVISION_RE = /^(\d{4})-(\d{2})-(\d{2})(\.pre)?$/;

export function isRevisionFormat(revision: string): boolean {
  return REVISION_RE.test(revision);
}

export function isKnownRevision(revision: string): boolean {
  return (KNOWN_REVISIONS as readonly string[]).includes(revision);
}

/** The shipped schema revision used to check bodies sent with `revision` (nearest not newer, else oldest). */
export function schemaRevisionFor(revision: string): SchemaRevision {
  let chosen: SchemaRevision = SCHEMA_REVISIONS[0];
  for (const r of SCHEMA_REVISIONS) if (r <= revision) chosen = r;
  return chosen;
}

/** The date until which Klaviyo supports a revision: two years after its release. */
export function supportEndsOn(revision: string): string {
  const [y, m, d] = revision.slice(0, 10).split('-');
  return `${Number(y) + 2}-${m}-${d}`;
}

/** True when `today` (YYYY-MM-DD) is past the revision's two-year support window. */
export function isPastSupport(revision: string, today: string): boolean {
  return today > supportEndsOn(revision);
}
