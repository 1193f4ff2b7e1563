/**
 * Klaviyo API revisions and their lifecycle. A revision is stable for a year from its date, deprecated for the
 * second year, then retired: Klaviyo answers a retired revision with 410 (or silently falls forward), and a flow
 * webhook that gets a 410 is not retried, so its data is lost (klaviyo-facts §6). Dates follow from the revision
 * itself and `today`; nothing here is hard-coded per revision except the list of GA releases.
 */
import vendored from './revisions.generated.json' with { type: 'json' };

/** GA revisions from the developer portal's list (revisions are quarterly); vendored ones are added below. */
const RELEASED = [
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
];

/** Revisions whose official spec is vendored (vendor/klaviyo-openapi), each checked against its own schema. */
export const SCHEMA_REVISIONS = Object.keys(vendored).sort() as readonly string[];

/** Every GA revision the tool knows: the portal's list and every vendored spec (vendoring one makes it known). */
export const KNOWN_REVISIONS: readonly string[] = [...new Set([...RELEASED, ...SCHEMA_REVISIONS])].sort();
export type SchemaRevision = string;

/** The default: the newest revision whose spec the tool vendors. */
export const DEFAULT_REVISION: string = SCHEMA_REVISIONS.at(-1)!;

/** The warning says "retires soon" this many days before a revision retires. */
export const RETIRES_SOON_DAYS = 90;

const REVISION_RE = /^(\d{4})-(\d{2})-(\d{2})(\.pre)?$/;

export function isRevisionFormat(revision: string): boolean {
  return REVISION_RE.test(revision);
}

export function isKnownRevision(revision: string): boolean {
  return KNOWN_REVISIONS.includes(revision);
}

/**
 * The vendored schema revision a body sent with `revision` is checked against: its own when vendored, else the
 * nearest older vendored one (a revision newer than every vendored spec gets the newest), else the oldest.
 */
export function schemaRevisionFor(revision: string): SchemaRevision {
  const date = revision.slice(0, 10);
  let chosen = SCHEMA_REVISIONS[0]!;
  for (const r of SCHEMA_REVISIONS) if (r <= date) chosen = r;
  return chosen;
}

/** YYYY-MM-DD plus whole years (Feb 29 becomes Mar 1, as Date does). */
function addYears(ymd: string, years: number): string {
  const y = Number(ymd.slice(0, 4)) + years;
  const date = new Date(Date.UTC(y, Number(ymd.slice(5, 7)) - 1, Number(ymd.slice(8, 10))));
  return date.toISOString().slice(0, 10);
}

/** The day a revision is deprecated: one year after its date. */
export function deprecatedOn(revision: string): string {
  return addYears(revision.slice(0, 10), 1);
}

/** The day Klaviyo retires a revision: two years after its date. */
export function supportEndsOn(revision: string): string {
  return addYears(revision.slice(0, 10), 2);
}

/** Days from `from` to `to` (YYYY-MM-DD), negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export type RevisionStatus = 'unreleased' | 'stable' | 'deprecated' | 'retired';

export interface RevisionLifecycle {
  status: RevisionStatus;
  deprecatedOn: string;
  retiresOn: string;
  /** Days until it retires (negative once retired). */
  daysLeft: number;
  /** Its spec is newer than every vendored one: checked against the newest vendored schema. */
  newerThanVendored: boolean;
}

/** Where `revision` stands on `today`. */
export function revisionLifecycle(revision: string, today: string): RevisionLifecycle {
  const date = revision.slice(0, 10);
  const retiresOn = supportEndsOn(date);
  const deprecated = deprecatedOn(date);
  const status: RevisionStatus =
    date > today ? 'unreleased' : today >= retiresOn ? 'retired' : today >= deprecated ? 'deprecated' : 'stable';
  return {
    status,
    deprecatedOn: deprecated,
    retiresOn,
    daysLeft: daysBetween(today, retiresOn),
    newerThanVendored: date > DEFAULT_REVISION,
  };
}

/** True when Klaviyo has retired the revision by `today`. */
export function isPastSupport(revision: string, today: string): boolean {
  return revisionLifecycle(revision, today).status === 'retired';
}

/** The newest known revision released by `today` (the default when none is). */
export function latestReleased(today: string): string {
  return [...KNOWN_REVISIONS].filter((r) => r <= today).at(-1) ?? DEFAULT_REVISION;
}

/** The newest known revision `today` that is vendored too: what to move a body to (it gets a full check). */
export function recommendedRevision(today: string): string {
  return [...SCHEMA_REVISIONS].filter((r) => r <= today).at(-1) ?? DEFAULT_REVISION;
}

/**
 * One line on where a revision stands, for a warning or an error, or undefined when it is stable and vendored.
 * `retired` lines are errors everywhere a body or flag names the revision.
 */
export function revisionNotice(
  revision: string,
  today: string,
): { severity: 'error' | 'warning' | 'note'; message: string } | undefined {
  const life = revisionLifecycle(revision, today);
  const move = recommendedRevision(today);
  switch (life.status) {
    case 'retired':
      return {
        severity: 'error',
        message: `revision ${revision} was retired on ${life.retiresOn}: Klaviyo answers it with 410 (or silently falls forward) and a flow webhook that gets a 410 is not retried — move to ${move}`,
      };
    case 'deprecated':
      return {
        severity: 'warning',
        message:
          life.daysLeft <= RETIRES_SOON_DAYS
            ? `revision ${revision} retires in ${life.daysLeft} day${life.daysLeft === 1 ? '' : 's'}, on ${life.retiresOn} (deprecated since ${life.deprecatedOn}) — move to ${move} now`
            : `revision ${revision} is deprecated (since ${life.deprecatedOn}) and retires on ${life.retiresOn} — move to ${move}`,
      };
    default:
      return life.newerThanVendored && life.status !== 'unreleased'
        ? {
            severity: 'note',
            message: `revision ${revision} is newer than the specs this tool vendors: checked against the ${DEFAULT_REVISION} schema`,
          }
        : undefined;
  }
}
