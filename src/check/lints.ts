/**
 * Robustness warnings (issue 3 §5): things that pass the schema but break, or duplicate data, on some events.
 * A string tag without escapejs, an unquoted tag that can print nothing or Python text, a Create Event without
 * unique_id.
 */
import type { EndpointId } from '../klaviyo/endpoints.js';
import { filterEntry } from '../language/index.js';
import { hasErrorIssue } from './expression.js';
import type { Finding } from './finding.js';
import type { Lexeme } from './templated-json.js';
import { pathKey, type TagUse } from './scope.js';
import { getAt, locate, type Shape } from './shape.js';

/** Filters whose output cannot contain a quote, backslash or control character (the catalogue says which). */
const isJsonSafe = (name: string): boolean => filterEntry(name)?.jsonSafe === true;
/** Profile fields that never hold a quote or backslash. */
const SAFE_PATHS = new Set(['person/KlaviyoID', 'person/id', 'person/phone_number', 'person/email']);
/** Filters after which an unquoted tag always prints something. */
const NEVER_EMPTY = new Set(['default', 'length', 'wordcount', 'yesno']);

export function tagLints(lexemes: Lexeme[], uses: Map<number, TagUse>): Finding[] {
  const out: Finding[] = [];
  for (const lx of lexemes) {
    if (lx.k === 'string') {
      for (const tag of lx.tags) {
        const use = uses.get(tag.start);
        if (!use || hasErrorIssue(use.expr)) continue;
        const last = use.expr.filters.at(-1)?.name;
        if (use.expr.filters.some((f) => f.name === 'escapejs') || (last && isJsonSafe(last))) continue;
        if (!use.path || SAFE_PATHS.has(pathKey(use.path)) || use.expr.base?.kind !== 'var') continue;
        out.push({
          severity: 'warning',
          offset: tag.start,
          message: `a quote, backslash or line break in this value would break the JSON: write {{ ${use.expr.fixed}|escapejs }}`,
        });
      }
    } else if (lx.k === 'tag' && lx.token.type === 'var') {
      const use = uses.get(lx.token.start);
      if (!use || hasErrorIssue(use.expr) || use.expr.base?.kind !== 'var') continue;
      const names = use.expr.filters.map((f) => f.name);
      const yesno = use.expr.filters.find((f) => f.name === 'yesno');
      if (yesno) {
        const words = (yesno.arg?.value ?? 'yes,no,maybe').split(',');
        if (!words.every((w) => /^(true|false|null|-?\d+(\.\d+)?)$/.test(w))) {
          out.push({
            severity: 'error',
            offset: lx.start,
            message: `yesno prints ${words.map((w) => JSON.stringify(w)).join('/')}, which is not JSON here: write {{ ${use.expr.base.text}|yesno:'true,false' }}`,
          });
        }
        continue;
      }
      if (!use.path || use.path[0] === 'forloop' || names.some((n) => NEVER_EMPTY.has(n))) continue;
      if (use.guards.has(pathKey(use.path))) continue;
      const onlyNone = names.includes('default_if_none');
      out.push({
        severity: 'warning',
        offset: lx.start,
        message: onlyNone
          ? `default_if_none covers null but not a missing field, which prints nothing here (invalid JSON): use {{ ${use.expr.fixed.replace(/\|default_if_none:/, '|default:')} }}`
          : `prints nothing when the field is missing and None when it is null, leaving invalid JSON: add a default ({{ ${use.expr.fixed}|default:0 }}) or wrap the member in {% if ${use.expr.base.text} != None %}…{% endif %}`,
      });
    }
  }
  return out;
}

/** Where Create Event bodies keep their events' attributes. */
function eventAttributePointers(endpoint: EndpointId, value: unknown): string[] {
  if (endpoint === 'create-event') return ['/data/attributes'];
  if (endpoint !== 'bulk-create-events') return [];
  const out: string[] = [];
  const jobs = getAt(value, '/data/attributes/events-bulk-create/data');
  (Array.isArray(jobs) ? jobs : []).forEach((_, i) => {
    const events = getAt(value, `/data/attributes/events-bulk-create/data/${i}/attributes/events/data`);
    (Array.isArray(events) ? events : []).forEach((__, j) => {
      out.push(`/data/attributes/events-bulk-create/data/${i}/attributes/events/data/${j}/attributes`);
    });
  });
  return out;
}

export function uniqueIdLints(endpoint: EndpointId, shape: Shape): Finding[] {
  const out: Finding[] = [];
  for (const p of eventAttributePointers(endpoint, shape.value)) {
    const attrs = getAt(shape.value, p);
    if (!attrs || typeof attrs !== 'object' || Array.isArray(attrs) || 'unique_id' in attrs) continue;
    const { located } = locate(shape, p);
    out.push({
      severity: 'warning',
      offset: located?.keyStart ?? located?.node.start,
      at: p,
      message: `no "unique_id": Klaviyo retries failed webhooks and each retry records the event again — add "unique_id": "{{ event|lookup:'$event_id'|escapejs }}" (or another ID of the triggering event)`,
    });
  }
  return out;
}
