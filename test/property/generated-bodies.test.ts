/**
 * The proof that generated bodies are safe (issue 4): for random events, random field selections and both
 * endpoints, every generated body renders — with the Django-compatible renderer — to valid JSON that the official
 * OpenAPI request schema accepts (plus the unknown-keys rule), and every mapped value equals the source value;
 * the same holds when the rendering event lacks or nulls some of the mapped fields.
 * Runs PROPERTY_RUNS cases per property (the figures are recorded in ARCHITECTURE.md).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { generate } from '../../src/generate.js';
import { parsePath, formatPath } from '../../src/paths/index.js';
import { pyStr, renderTemplate } from '../../src/render/index.js';
import type { WebhookSpec } from '../../src/spec-file/types.js';
import { event, fieldDrops, fieldPicks, targetNames } from './arbitraries.js';
import {
  DOCUMENTED_REFUSAL,
  PERSON,
  RUNS,
  at,
  lacking,
  leafType,
  listDepth,
  officialValidator,
  pickFields,
} from './support.js';

/** What Klaviyo should receive for a field, read from the event that is rendered. */
function expected(renderEvent: unknown, path: ReturnType<typeof parsePath>, type: string): unknown {
  // Fields whose sample values differ in type are sent as text: Python's str() of each value.
  const scalarOf = (v: unknown, t: string): unknown =>
    t === 'string'
      ? v === undefined || v === null
        ? ''
        : typeof v === 'string'
          ? v
          : pyStr(v)
      : v === undefined || v === null || v === ''
        ? null
        : v;
  const mapDeep = (v: unknown, depth: number, t: string): unknown =>
    depth === 0 ? scalarOf(v, t) : Array.isArray(v) ? v.map((x) => mapDeep(x, depth - 1, t)) : [];
  return mapDeep(at(renderEvent, path), path.filter((s) => s.kind === 'each').length, type);
}

function property(kind: 'create-event' | 'profile-import', dropFields: boolean) {
  return fc.property(event, fieldPicks, targetNames, fieldDrops, (sample, picks, names, drops) => {
    const selections = pickFields(sample, picks, names);
    fc.pre(selections.length > 0);
    const properties = selections.map((s) => ({ from: s.field.text, to: s.name }));
    const spec =
      kind === 'create-event'
        ? { webhooks: [{ kind, metric: 'Promoted', properties } as WebhookSpec] }
        : { webhooks: [{ kind, properties } as WebhookSpec] };
    let result: ReturnType<typeof generate>;
    try {
      result = generate(spec, sample, { today: '2026-11-28' });
    } catch (err) {
      if (err instanceof UserError && DOCUMENTED_REFUSAL.test(err.message)) return;
      throw err;
    }
    const [webhook] = result.webhooks;
    // The tool's own checks raise no error on its own body.
    expect(
      webhook!.problems.filter((p) => p.severity === 'error'),
      webhook!.body,
    ).toEqual([]);
    const renderEvent = dropFields ? lacking(sample, selections, drops.length ? drops : [0]) : sample;
    const rendered = renderTemplate(webhook!.body, {
      event: renderEvent,
      person: PERSON,
      organization: { name: 'Example Store' },
    });
    let body: { data: { attributes: { properties: Record<string, unknown> } } };
    try {
      body = JSON.parse(rendered);
    } catch {
      throw new Error(`rendered body is not JSON:\n${rendered}`);
    }
    const validate = officialValidator(kind);
    if (!validate(body)) throw new Error(`official schema rejects:\n${rendered}\n${JSON.stringify(validate.errors)}`);
    const props = body.data.attributes.properties;
    for (const field of webhook!.fields) {
      const sel =
        selections.find((s) => s.name === field.to) ?? selections.find((s) => field.from.startsWith(s.field.text))!;
      const path = parsePath(field.from);
      // A list field read without [*] is looped over once per list level, as the generator does.
      const extra = Math.max(0, listDepth(sel.field.type) - path.filter((p) => p.kind === 'each').length);
      const full = [...path, ...Array.from({ length: extra }, () => ({ kind: 'each' as const }))];
      const want = expected(renderEvent, full, leafType(sel.field));
      const eachAt = full.findIndex((p) => p.kind === 'each');
      const head = eachAt < 0 ? full : full.slice(0, eachAt);
      const container = expected(renderEvent, head, 'number');
      const present =
        extra + path.filter((p) => p.kind === 'each').length > 0 ? container !== null : want !== null && want !== '';
      if (kind === 'profile-import' && !present) {
        // Profiles: a missing, null or empty value leaves the property untouched (the key is left out).
        expect(props, `${field.to} should be left out\n${rendered}`).not.toHaveProperty([field.to]);
      } else {
        expect(props[field.to], `${formatPath(path)} → ${field.to}\n${rendered}`).toEqual(want);
      }
    }
  });
}

describe('generated bodies are safe for any event', () => {
  for (const kind of ['create-event', 'profile-import'] as const) {
    it(`${kind}: render to valid, schema-accepted JSON carrying the exact source values`, () => {
      fc.assert(property(kind, false), { numRuns: RUNS });
    });
    it(`${kind}: stay valid when the event lacks or nulls mapped fields`, () => {
      fc.assert(property(kind, true), { numRuns: RUNS });
    });
  }
});
