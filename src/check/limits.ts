/**
 * Klaviyo's documented limits the schema cannot see (issue 3 §4): the revision header's format and lifecycle
 * (deprecated: a warning; retired: an error), a profile identifier on every profile, and a metric name that is too long before its tags even
 * render. (Literal metric names and the 400-property cap are in the schema itself: maxLength / maxProperties.)
 */
import {
  DEFAULT_REVISION,
  KNOWN_REVISIONS,
  isKnownRevision,
  isRevisionFormat,
  latestReleased,
  revisionNotice,
} from '../klaviyo/revisions.js';
import type { EndpointId } from '../klaviyo/endpoints.js';
import type { Finding } from './finding.js';
import { memoize } from '../util.js';
import { getAt, locate, type Shape } from './shape.js';

/** Every body of a batch has the same revision and date: their findings are worked out once (and never modified). */
export function revisionFindings(revision: string, today: string): readonly Finding[] {
  return revisionFindingsOf(JSON.stringify([revision, today]));
}

const revisionFindingsOf = memoize((key: string): readonly Finding[] => {
  const [revision, today] = JSON.parse(key) as [string, string];
  return Object.freeze(computeRevisionFindings(revision, today).map((f) => Object.freeze(f)));
});

function computeRevisionFindings(revision: string, today: string): Finding[] {
  if (!isRevisionFormat(revision) || !isRealDate(revision.slice(0, 10))) {
    return [
      {
        severity: 'error',
        at: '',
        message: `revision "${revision}" is not a Klaviyo revision date: use YYYY-MM-DD, e.g. ${DEFAULT_REVISION}`,
      },
    ];
  }
  const out: Finding[] = [];
  const date = revision.slice(0, 10);
  if (!revision.endsWith('.pre') && !isKnownRevision(revision)) {
    out.push({
      severity: 'warning',
      at: '',
      message: `revision ${revision} is not a released Klaviyo revision: the nearest one is ${nearestRevision(date)}`,
    });
  }
  if (date > today) {
    out.push({
      severity: 'warning',
      at: '',
      message: `revision ${revision} is later than today (${today}): Klaviyo rejects revisions it has not released yet — use ${latestReleased(today)}`,
    });
  } else {
    // Retired: an error (Klaviyo answers 410 and the flow does not retry). Deprecated: a warning with the date.
    const notice = revisionNotice(revision, today);
    if (notice && notice.severity !== 'note') out.push({ severity: notice.severity, at: '', message: notice.message });
  }
  return out;
}

function isRealDate(ymd: string): boolean {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

function nearestRevision(date: string): string {
  const day = (s: string) => Date.UTC(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10)));
  return [...KNOWN_REVISIONS].sort((a, b) => Math.abs(day(a) - day(date)) - Math.abs(day(b) - day(date)))[0]!;
}

const IDENTIFIERS = ['email', 'phone_number', 'external_id', 'anonymous_id', '_kx'];

/** Pointers of the profile resources (`{type: "profile", id?, attributes}`) in a body. */
export function profilePointers(endpoint: EndpointId, value: unknown): string[] {
  if (endpoint === 'profile-import') return ['/data'];
  if (endpoint === 'create-event') return ['/data/attributes/profile/data'];
  const jobs = getAt(value, '/data/attributes/events-bulk-create/data');
  return (Array.isArray(jobs) ? jobs : []).map(
    (_, i) => `/data/attributes/events-bulk-create/data/${i}/attributes/profile/data`,
  );
}

const present = (v: unknown) => v !== undefined && v !== null && v !== '';

export function identifierFindings(endpoint: EndpointId, shape: Shape): Finding[] {
  const out: Finding[] = [];
  for (const p of profilePointers(endpoint, shape.value)) {
    const profile = getAt(shape.value, p) as Record<string, unknown> | undefined;
    if (!profile || typeof profile !== 'object' || Array.isArray(profile)) continue; // the schema says it is missing
    const attrs = profile.attributes as Record<string, unknown> | undefined;
    if (present(profile.id)) continue;
    if (attrs && typeof attrs === 'object' && (IDENTIFIERS.some((k) => present(attrs[k])) || 'id' in attrs)) continue; // a misplaced id is reported by the schema
    const { located } = locate(shape, p);
    out.push({
      severity: 'error',
      at: p,
      offset: located?.keyStart ?? located?.node.start,
      message: `the profile has no identifier: add "id": "{{ person.KlaviyoID }}" to ${p.slice(1).replaceAll('/', '.')} (or an email, phone_number or external_id in its attributes)`,
    });
  }
  return out;
}

/** A metric name whose fixed text alone is 128 characters or more (templated names escape the schema's maxLength). */
export function metricNameFindings(endpoint: EndpointId, shape: Shape): Finding[] {
  const pointers: string[] = [];
  if (endpoint === 'create-event') pointers.push('/data/attributes/metric/data/attributes/name');
  if (endpoint === 'bulk-create-events') {
    const jobs = getAt(shape.value, '/data/attributes/events-bulk-create/data');
    (Array.isArray(jobs) ? jobs : []).forEach((_, i) => {
      const base = `/data/attributes/events-bulk-create/data/${i}/attributes/events/data`;
      const events = getAt(shape.value, base);
      (Array.isArray(events) ? events : []).forEach((__, j) => {
        pointers.push(`${base}/${j}/attributes/metric/data/attributes/name`);
      });
    });
  }
  const out: Finding[] = [];
  for (const p of pointers) {
    const { located, exact } = locate(shape, p);
    const node = exact ? located?.node : undefined;
    if (node?.kind !== 'string' || node.lexeme.tags.length + node.lexeme.blocks.length === 0) continue;
    const fixedLength = [...node.lexeme.literal].length;
    if (fixedLength >= 128) {
      out.push({
        severity: 'error',
        at: p,
        offset: node.start,
        message: `the metric name is ${fixedLength} characters before its tags render; Klaviyo requires fewer than 128 — shorten it`,
      });
    }
  }
  return out;
}
