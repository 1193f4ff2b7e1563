/**
 * The proof for editor-safe bodies (issue 8): for random events, random field selections, random list separators
 * and both endpoints, the raw body text is valid JSON before rendering, renders (Django-compatible renderer) to
 * valid JSON that the official OpenAPI request schema accepts, and every mapped value is the source value's text
 * (Python str() for numbers, "true"/"false" for booleans, lists joined with the separator, "" when missing or null),
 * also when the rendering event lacks or nulls mapped fields. Keys a JSON string cannot carry are refused, and
 * only those. The bundled samples give valid, schema-accepted JSON in both output modes, with and without their
 * fields. Runs PROPERTY_RUNS cases per property (default 1000).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { generate } from '../../src/generate.js';
import { listFields, parsePath, formatPath, type FieldPath } from '../../src/paths/index.js';
import { pyStr, renderTemplate } from '../../src/render/index.js';
import { listExamples, readExample } from '../../src/examples.js';
import { parseSample } from '../../src/sample/parse.js';
import type { GenerateSpec, WebhookSpec } from '../../src/spec-file/types.js';
import { event, fieldDrops, fieldPicks, hostileChar, targetNames } from './arbitraries.js';
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

const TODAY = '2026-11-28';

/** Refusals documented for any output mode, plus the editor-safe one (a quote or control character in a key). */
const EDITOR_SAFE_REFUSAL = /the key ("(?:[^"\\]|\\.)*") contains .* which cannot be written in an editor-safe body/;
const NOT_IN_A_JSON_STRING = /["'\u0000-\u001f]/;

/** The text Klaviyo should receive for a value of the field's (sample) type. */
function textOf(v: unknown, leaf: string): string {
  if (v === undefined || v === null) return '';
  if (leaf === 'boolean')
    return v === '' ? '' : v === false || v === 0 || (Array.isArray(v) && v.length === 0) ? 'false' : 'true';
  if (leaf === 'number' && v === '') return '';
  return typeof v === 'string' ? v : pyStr(v);
}

/** Lists: each level's items joined with the separator; anything not a list where one was expected: "". */
function expectedText(value: unknown, depth: number, leaf: string, separator: string): string {
  if (depth === 0) return textOf(value, leaf);
  return Array.isArray(value) ? value.map((x) => expectedText(x, depth - 1, leaf, separator)).join(separator) : '';
}

function renderJson(body: string, renderEvent: unknown): unknown {
  const rendered = renderTemplate(body, {
    event: renderEvent,
    person: PERSON,
    organization: { name: 'Example Store' },
  });
  try {
    return JSON.parse(rendered);
  } catch {
    throw new Error(`rendered body is not JSON:\n${rendered}`);
  }
}

/** Keys with the characters editor-safe refuses replaced, so most cases get past the refusal (the rest test it). */
function withoutRefusedKeyChars(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutRefusedKeyChars);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k.replace(/["'\u0000-\u001f]/g, '_'), withoutRefusedKeyChars(v)]),
  );
}
const editorEvent = fc.tuple(event, fc.nat(3)).map(([e, n]) => (n === 0 ? e : (withoutRefusedKeyChars(e) as typeof e)));

const separator = fc.oneof(fc.constantFrom(', ', ';', ' | ', '\n', ''), fc.string({ unit: hostileChar, maxLength: 4 }));

function property(kind: 'create-event' | 'profile-import', dropFields: boolean) {
  return fc.property(
    editorEvent,
    fieldPicks,
    targetNames,
    fieldDrops,
    separator,
    (sample, picks, names, drops, sep) => {
      const selections = pickFields(sample, picks, names);
      fc.pre(selections.length > 0);
      const properties = selections.map((s) => ({ from: s.field.text, to: s.name }));
      const webhook =
        kind === 'create-event'
          ? ({ kind, metric: 'Promoted', properties } as WebhookSpec)
          : ({ kind, properties } as WebhookSpec);
      let result: ReturnType<typeof generate>;
      try {
        result = generate({ editorSafe: true, listSeparator: sep, webhooks: [webhook] }, sample, { today: TODAY });
      } catch (err) {
        if (err instanceof UserError && DOCUMENTED_REFUSAL.test(err.message)) return;
        const refused = err instanceof UserError ? EDITOR_SAFE_REFUSAL.exec(err.message) : null;
        if (!refused) throw err;
        // Refused only for a key of a selected path that a JSON string cannot carry.
        const key = JSON.parse(refused[1]!) as string;
        if (process.env.COUNT_REFUSALS) console.log('REFUSED');
        expect(NOT_IN_A_JSON_STRING.test(key), err instanceof Error ? err.message : '').toBe(true);
        expect(selections.some((s) => s.field.path.some((p) => p.kind === 'key' && p.key === key))).toBe(true);
        return;
      }
      if (process.env.COUNT_REFUSALS) console.log('CHECKED');
      const [w] = result.webhooks;
      // The raw text is JSON, and the body checks agree.
      expect(() => JSON.parse(w!.body), w!.body).not.toThrow();
      expect(w!.editorSafe).toBe(true);
      expect(
        w!.problems.filter((p) => p.severity === 'error'),
        w!.body,
      ).toEqual([]);

      const renderEvent = dropFields ? lacking(sample, selections, drops.length ? drops : [0]) : sample;
      const body = renderJson(w!.body, renderEvent) as {
        data: { attributes: { properties: Record<string, unknown>; unique_id?: unknown } };
      };
      const validate = officialValidator(kind);
      if (!validate(body))
        throw new Error(`official schema rejects:\n${JSON.stringify(body)}\n${JSON.stringify(validate.errors)}`);
      const props = body.data.attributes.properties;
      expect(Object.keys(props).sort()).toEqual(w!.fields.map((f) => f.to).sort());
      for (const field of w!.fields) {
        expect(field.type).toBe('string');
        const sel =
          selections.find((s) => s.name === field.to) ?? selections.find((s) => field.from.startsWith(s.field.text))!;
        const path = parsePath(field.from);
        const extra = Math.max(0, listDepth(sel.field.type) - path.filter((p) => p.kind === 'each').length);
        const full = [...path, ...Array.from({ length: extra }, () => ({ kind: 'each' as const }))];
        const eachAt = full.findIndex((p) => p.kind === 'each');
        // Text of the value (not a list): the value at the path; a list: the list at the first [*], joined.
        const value = eachAt < 0 ? at(renderEvent, full) : at(renderEvent, full.slice(0, eachAt));
        const inner = eachAt < 0 ? [] : full.slice(eachAt);
        const depth = inner.filter((p) => p.kind === 'each').length;
        const mapped = eachAt < 0 ? value : mapInner(value, inner);
        const want = expectedText(mapped, depth, leafType(sel.field), sep);
        expect(
          props[field.to],
          `${formatPath(path)} → ${field.to} (separator ${JSON.stringify(sep)})\n${w!.body}`,
        ).toBe(want);
      }
      if (kind === 'create-event' && Object.hasOwn(sample, '$event_id')) {
        const id = (renderEvent as Record<string, unknown>).$event_id;
        expect(body.data.attributes.unique_id).toBe(
          id === undefined || id === null ? '' : typeof id === 'string' ? id : pyStr(id),
        );
      }
    },
  );
}

/** Applies the path after the first [*] to each element (nested [*] kept as nested lists). */
function mapInner(value: unknown, inner: FieldPath): unknown {
  if (!Array.isArray(value)) return value;
  const rest = inner.slice(1);
  const nextEach = rest.findIndex((p) => p.kind === 'each');
  if (nextEach < 0) return value.map((v) => at(v, rest));
  return value.map((v) => mapInner(at(v, rest.slice(0, nextEach)), rest.slice(nextEach)));
}

describe('editor-safe bodies are JSON before and after rendering, for any event', () => {
  for (const kind of ['create-event', 'profile-import'] as const) {
    it(`${kind}: raw text parses; renders to schema-accepted JSON carrying each value's text`, () => {
      fc.assert(property(kind, false), { numRuns: RUNS });
    });
    it(`${kind}: the same when the event lacks or nulls mapped fields (they arrive as "")`, () => {
      fc.assert(property(kind, true), { numRuns: RUNS });
    });
  }
});

describe('bundled samples in both output modes', () => {
  const examples = listExamples();
  /** Every field of the sample that generate can map (not lists of objects or empty objects), named uniquely. */
  function allFields(sample: Record<string, unknown>): Array<{ from: string; to: string }> {
    return listFields(sample)
      .filter(
        (f) => f.path.length > 0 && f.type.kind !== 'object' && !(f.type.kind === 'list' && leafType(f) === 'object'),
      )
      .map((f, i) => ({ from: f.text, to: `f${i} ${f.text}`.slice(0, 60) }));
  }

  for (const example of examples) {
    for (const editorSafe of [false, true]) {
      it(`${example.id}${editorSafe ? ' (editor-safe)' : ''}: valid, schema-accepted JSON with the sample, with half its fields, and with none`, () => {
        const { text, source } = readExample(example.id);
        const sample = parseSample(text, source).properties;
        // Every field, in both modes (a default-mode profile body is linear in its fields: the flag tree).
        const properties = allFields(sample);
        expect(properties.length).toBeGreaterThan(3);
        const spec: GenerateSpec = {
          ...(editorSafe ? { editorSafe: true } : {}),
          webhooks: [
            { kind: 'profile-import', properties },
            { kind: 'create-event', metric: `${example.title} details`.slice(0, 100), properties },
          ],
        };
        const result = generate(spec, sample, { today: TODAY });
        const keys = Object.keys(sample);
        const half = Object.fromEntries(keys.filter((_, i) => i % 2 === 0).map((k) => [k, sample[k]]));
        for (const w of result.webhooks) {
          expect(
            w.problems.filter((p) => p.severity === 'error'),
            `${w.name}\n${w.body}`,
          ).toEqual([]);
          expect(w.editorSafe).toBe(editorSafe);
          if (editorSafe) expect(() => JSON.parse(w.body)).not.toThrow();
          for (const renderEvent of [sample, half, {}]) {
            const body = renderJson(w.body, renderEvent);
            const validate = officialValidator(w.endpoint);
            if (!validate(body))
              throw new Error(
                `official schema rejects ${example.id}:\n${JSON.stringify(body)}\n${JSON.stringify(validate.errors)}`,
              );
            const props = (body as { data: { attributes: { properties: Record<string, unknown> } } }).data.attributes
              .properties;
            if (editorSafe) {
              // Every property is there, as text; with no fields at all, every one is "".
              expect(Object.keys(props)).toHaveLength(properties.length);
              for (const v of Object.values(props)) expect(typeof v).toBe('string');
              if (renderEvent !== sample && Object.keys(renderEvent).length === 0)
                expect(new Set(Object.values(props))).toEqual(new Set(['']));
            }
          }
        }
      });
    }
  }
});
