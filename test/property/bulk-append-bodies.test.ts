/**
 * The proof for --each and --append (issue 7): for random events, random lists of random elements and random field
 * selections, every Bulk Create Events body and every profile body with appends renders to valid JSON that the
 * official OpenAPI request schema accepts, and carries the exact source values — each event's properties equal its
 * element's fields (and the event-level fields copied in), each unique_id is "<$event_id>:<index>", and each appended
 * value equals the source; when the event lacks $event_id, elements lack fields or a field is missing, the body stays
 * valid: no events without $event_id, nothing appended for a missing field.
 * Runs PROPERTY_RUNS cases per property (default 1000).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { generate } from '../../src/generate.js';
import { listFields, parsePath, resolvePath, type FieldPath, type FieldType } from '../../src/paths/index.js';
import { pyStr, renderTemplate } from '../../src/render/index.js';
import type { WebhookSpec } from '../../src/spec-file/types.js';
import { elementList, event } from './arbitraries.js';
import { DOCUMENTED_REFUSAL, PERSON, RUNS, at, officialValidator } from './support.js';

/** Refusals the tool documents for inputs no Klaviyo template can handle; anything else is a failure. */
const REFUSAL = new RegExp(
  `${DOCUMENTED_REFUSAL.source}|is both set|have no fields in the sample|is empty in the sample`,
);

/** The error findings of the tool's own checks on its own body (there must be none). */
const errorsOf = (w: { problems: Array<{ severity: string; message: string }> }) =>
  w.problems.filter((p) => p.severity === 'error').map((p) => p.message);

const render = (body: string, ev: unknown) => {
  const text = renderTemplate(body, { event: ev, person: PERSON, organization: { name: 'Example Store' } });
  try {
    return JSON.parse(text) as Record<string, any>;
  } catch {
    throw new Error(`rendered body is not JSON:\n${text}`);
  }
};

/** What Klaviyo receives for a value of the mapped type (as generated-bodies.test.ts: text for mixed types). */
function expectedValue(v: unknown, type: FieldType): unknown {
  if (type.kind === 'list') return Array.isArray(v) ? v.map((x) => expectedValue(x, type.of)) : [];
  if (type.kind === 'number' || type.kind === 'boolean') return v === undefined || v === null || v === '' ? null : v;
  return v === undefined || v === null ? '' : typeof v === 'string' ? v : pyStr(v);
}

const typeIn = (sample: unknown, path: FieldPath, unwrap: boolean): FieldType => {
  const t = resolvePath(sample, path).type;
  const u = unwrap && t.kind === 'list' ? t.of : t;
  return u.kind === 'null'
    ? { kind: 'string' }
    : u.kind === 'list' && u.of.kind === 'null'
      ? { kind: 'list', of: { kind: 'string' } }
      : u;
};

/** The rendering event: elements lose some of their keys, and maybe the event its $event_id. */
function lacking(sample: Record<string, unknown>, drops: number[], dropId: boolean): Record<string, unknown> {
  const copy = structuredClone(sample);
  const items = copy.Items as Array<Record<string, unknown>>;
  drops.forEach((d, i) => {
    const el = items[d % Math.max(1, items.length)];
    const keys = el ? Object.keys(el) : [];
    const k = keys[d % Math.max(1, keys.length)];
    if (el && k !== undefined) {
      if (i % 2 === 0) delete el[k];
      else el[k] = null;
    }
  });
  if (dropId) delete copy.$event_id;
  return copy;
}

function bulkProperty(dropFields: boolean) {
  return fc.property(
    event,
    elementList,
    fc.option(fc.array(fc.nat(), { minLength: 1, maxLength: 4 })),
    fc.array(fc.nat(), { maxLength: 2 }),
    fc.array(fc.nat(), { maxLength: 3 }),
    fc.boolean(),
    (base, items, picks, withPicks, drops, dropId) => {
      const sample = { ...base, Items: items } as Record<string, unknown>;
      const elementFields = [
        ...new Map(
          items
            .flatMap((el) => listFields(el))
            .filter(
              (f) =>
                f.path.length &&
                !f.path.some((s) => s.kind === 'each') &&
                f.type.kind !== 'object' &&
                f.type.kind !== 'list',
            )
            .map((f) => [f.text, f]),
        ).values(),
      ];
      const properties =
        picks === null
          ? undefined
          : [
              ...new Set(
                picks
                  .map((p) => elementFields[p % Math.max(1, elementFields.length)]?.text)
                  .filter((t): t is string => t !== undefined),
              ),
            ].map((from, i) => ({ from, to: `E${i}` }));
      const topFields = listFields(base).filter(
        (f) =>
          f.path.length === 1 && f.type.kind !== 'object' && !(f.type.kind === 'list' && f.type.of.kind === 'object'),
      );
      const withFields = [
        ...new Set(
          withPicks
            .map((p) => topFields[p % Math.max(1, topFields.length)]?.text)
            .filter((t): t is string => t !== undefined),
        ),
      ].map((from, i) => ({ from, to: `W${i}` }));
      const webhook: WebhookSpec = {
        kind: 'bulk-create-events',
        metric: 'Ordered Item',
        each: 'Items[*]',
        ...(properties?.length ? { properties } : {}),
        ...(withFields.length ? { with: withFields } : {}),
      };
      let result: ReturnType<typeof generate>;
      try {
        result = generate({ allowMissing: true, webhooks: [webhook] }, sample, { today: '2026-11-28' });
      } catch (err) {
        if (err instanceof UserError && REFUSAL.test(err.message)) return;
        throw err;
      }
      const [w] = result.webhooks;
      expect(errorsOf(w!), w!.body).toEqual([]);
      const renderEvent = dropFields ? lacking(sample, drops, dropId) : sample;
      const body = render(w!.body, renderEvent);
      if (!officialValidator('bulk-create-events')(body))
        throw new Error(
          `official schema rejects:\n${JSON.stringify(body)}\n${JSON.stringify(officialValidator('bulk-create-events').errors)}`,
        );
      const events = body.data.attributes['events-bulk-create'].data[0].attributes.events.data as Array<{
        attributes: { properties: Record<string, unknown>; unique_id: string };
      }>;
      const eventId = renderEvent.$event_id;
      const renderItems = renderEvent.Items as unknown[];
      if (eventId === undefined || eventId === null || eventId === '') {
        expect(events).toEqual([]);
        return;
      }
      expect(events.length).toBe(renderItems.length);
      // The generator's own report of the fields (element fields with their full path, objects expanded).
      const own = w!.fields.filter((f) => f.from.startsWith('Items[*]'));
      if (webhook.properties) expect(own.length).toBeGreaterThanOrEqual(webhook.properties.length);
      // Every leaf by default, named by its keys joined with spaces (fields whose type differs between elements, say an
      // object in one and a number in another, are expanded as the generator's merged type says).
      else if (
        elementFields.every((f) =>
          ['string', 'number', 'boolean', 'null'].includes(
            typeIn(sample, [{ kind: 'key', key: 'Items' }, { kind: 'each' }, ...f.path], true).kind,
          ),
        )
      )
        expect(own.map((f) => f.to)).toEqual(
          elementFields.map((f) =>
            f.path.map((s) => (s.kind === 'key' ? s.key : String((s as { index: number }).index))).join(' '),
          ),
        );
      events.forEach((e, i) => {
        expect(e.attributes.unique_id).toBe(`${pyStr(eventId)}:${i}`);
        const props = e.attributes.properties;
        expect(Object.keys(props).sort()).toEqual(w!.fields.map((f) => f.to).sort());
        for (const f of own) {
          let path = parsePath(f.from).slice(2);
          const type = typeIn(sample, [{ kind: 'key', key: 'Items' }, { kind: 'each' }, ...path], true);
          // A list read without [*] is looped over, as the generator does.
          for (let t = type, n = path.filter((s) => s.kind === 'each').length; t.kind === 'list'; t = t.of)
            if (n > 0) n--;
            else path = [...path, { kind: 'each' }];
          expect(props[f.to], `${f.from} → ${f.to} [${f.type}] (element ${i}) ${JSON.stringify(renderItems)}`).toEqual(
            expectedValue(at(renderItems[i], path), type),
          );
        }
        for (const r of withFields) {
          let path = parsePath(r.from);
          const type = typeIn(sample, path, false);
          for (let t = type; t.kind === 'list'; t = t.of) path = [...path, { kind: 'each' }];
          expect(props[r.to], `--with ${r.from} → ${r.to}`).toEqual(expectedValue(at(renderEvent, path), type));
        }
      });
    },
  );
}

function appendProperty(dropFields: boolean) {
  return fc.property(
    event,
    fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
    fc.array(fc.constantFrom('Old', 'x"y', "it's", 'Größe'), { maxLength: 2 }),
    fc.array(fc.nat(), { maxLength: 3 }),
    (sample, picks, unsetNames, drops) => {
      const fields = listFields(sample).filter((f) => f.path.length > 0);
      const chosen = [
        ...new Set(
          picks.map((p) => fields[p % Math.max(1, fields.length)]?.text).filter((t): t is string => t !== undefined),
        ),
      ];
      fc.pre(chosen.length > 0);
      const append = chosen.map((from, i) => ({ from, to: `L${i}` }));
      const unset = [...new Set(unsetNames)];
      let result: ReturnType<typeof generate>;
      try {
        result = generate(
          { webhooks: [{ kind: 'profile-import', append, ...(unset.length ? { unset } : {}) }] },
          sample,
          { today: '2026-11-28' },
        );
      } catch (err) {
        if (err instanceof UserError && REFUSAL.test(err.message)) return;
        throw err;
      }
      const [w] = result.webhooks;
      expect(errorsOf(w!), w!.body).toEqual([]);
      const renderEvent = structuredClone(sample);
      if (dropFields)
        drops.forEach((d, i) => {
          const f = fields.find((x) => x.text === chosen[d % chosen.length]);
          const first = f?.path[0];
          if (first?.kind !== 'key') return;
          if (i % 2) renderEvent[first.key] = null;
          else delete renderEvent[first.key];
        });
      const body = render(w!.body, renderEvent);
      if (!officialValidator('profile-import')(body))
        throw new Error(
          `official schema rejects:\n${JSON.stringify(body)}\n${JSON.stringify(officialValidator('profile-import').errors)}`,
        );
      const patch = body.data.meta.patch_properties as { append: Record<string, unknown>; unset?: string[] };
      expect(patch.unset).toEqual(unset.length ? unset : undefined);
      expect(body.data.attributes).not.toHaveProperty(['properties']);
      for (const field of w!.fields) {
        expect(field.patch).toBe('append');
        let path = parsePath(field.from);
        const type = typeIn(sample, path, false);
        const eachAt = path.findIndex((s) => s.kind === 'each');
        for (let t = type, n = path.filter((s) => s.kind === 'each').length; t.kind === 'list'; t = t.of)
          if (n > 0) n--;
          else path = [...path, { kind: 'each' }];
        const head =
          eachAt < 0
            ? path.slice(
                0,
                path.findIndex((s) => s.kind === 'each') < 0 ? path.length : path.findIndex((s) => s.kind === 'each'),
              )
            : path.slice(0, eachAt);
        const present = (v: unknown) => v !== undefined && v !== null && v !== '';
        // The member is there exactly when the value (a list: the list) is present.
        if (!present(at(renderEvent, head)))
          expect(patch.append, `${field.from} appends nothing`).not.toHaveProperty([field.to]);
        else
          expect(patch.append[field.to], `${field.from} → ${field.to}`).toEqual(
            expectedValue(at(renderEvent, path), type),
          );
      }
    },
  );
}

describe('--each and --append bodies are safe for any event', () => {
  it('bulk-create-events: valid, schema-accepted JSON; each event carries its element\'s exact values and "<$event_id>:<index>"', () => {
    fc.assert(bulkProperty(false), { numRuns: RUNS });
  });
  it('bulk-create-events: stays valid when elements lack or null fields and the event lacks $event_id (then no events)', () => {
    fc.assert(bulkProperty(true), { numRuns: RUNS });
  });
  it('profile-import append/unset: valid, schema-accepted JSON; appended values equal the source', () => {
    fc.assert(appendProperty(false), { numRuns: RUNS });
  });
  it('profile-import append/unset: a missing or null field appends nothing', () => {
    fc.assert(appendProperty(true), { numRuns: RUNS });
  });
});
