/**
 * Generated bodies against the reference engine: fixtures/generated-bodies-django.json holds bodies the generator
 * wrote for a hostile sample (keys with quotes, backslashes, dots, '=', emoji, '_', values with every control
 * character), rendered by real Django for the full event and for events lacking or nulling the mapped fields.
 * Regenerate with make-django-fixtures.mjs (needs Debian's python3-django); CI only reads the JSON.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseJsonForRender, renderTemplate } from '../../src/render/index.js';
import { validateRequestBody } from '../../src/klaviyo/schema.js';
import type { EndpointId } from '../../src/klaviyo/endpoints.js';

interface Case {
  name: string;
  kind: EndpointId;
  template: string;
  context: string;
  output?: string;
  error?: string;
}

const { cases } = JSON.parse(
  readFileSync(new URL('./fixtures/generated-bodies-django.json', import.meta.url), 'utf8'),
) as { cases: Case[] };

describe('generated bodies rendered by Django', () => {
  it('has cases for both endpoints and all three event variants', () => {
    expect(cases.length).toBeGreaterThanOrEqual(18);
    expect(new Set(cases.map((c) => c.kind))).toEqual(
      new Set(['create-event', 'profile-import', 'bulk-create-events']),
    );
  });

  it.each(cases.map((c) => [c.name, c] as const))(
    '%s: Django renders valid JSON the schema accepts, and so do we',
    (_, c) => {
      expect(c.error).toBeUndefined();
      const body = JSON.parse(c.output!);
      expect(validateRequestBody(c.kind, '2026-07-15', body)).toEqual([]);
      const ours = renderTemplate(c.template, parseJsonForRender(c.context) as Record<string, unknown>);
      expect(ours).toBe(c.output);
    },
  );

  it('bulk bodies: one event per element (at most 1,000), distinct unique_ids, none without $event_id', () => {
    const bulk = cases.filter((c) => c.kind === 'bulk-create-events');
    expect(bulk.length).toBeGreaterThanOrEqual(12);
    for (const c of bulk) {
      const event = (JSON.parse(c.context) as { event: { $event_id?: string; $extra: { line_items?: unknown[] } } })
        .event;
      const events = JSON.parse(c.output!).data.attributes['events-bulk-create'].data[0].attributes.events
        .data as Array<{ attributes: { unique_id?: string; properties: Record<string, unknown> } }>;
      const byIndex = c.name.includes('element id');
      const expectedCount =
        byIndex || event.$event_id !== undefined ? Math.min(1000, event.$extra.line_items?.length ?? 0) : 0;
      expect(events.length, c.name).toBe(expectedCount);
      const ids = events.map((e) => e.attributes.unique_id).filter((id) => id !== undefined);
      expect(new Set(ids).size, c.name).toBe(ids.length);
      if (!byIndex) expect(ids, c.name).toEqual(events.map((_, i) => `${event.$event_id}:${i}`));
    }
  });

  it('append bodies: appended values equal the source; a missing field appends nothing', () => {
    for (const c of cases.filter((x) => x.name.startsWith('profile-import append'))) {
      const event = (
        JSON.parse(c.context) as {
          event: Record<string, unknown> & { $extra: { line_items?: Array<{ sku?: unknown }> } };
        }
      ).event;
      const patch = JSON.parse(c.output!).data.meta.patch_properties;
      expect(patch.unset).toEqual(['Old', "it's"]);
      const items = event.$extra.line_items;
      if (items)
        expect(patch.append['Purchased SKUs'], c.name).toEqual(
          items.map((i) => (i.sku === undefined || i.sku === null ? '' : i.sku)),
        );
      else expect(patch.append, c.name).not.toHaveProperty(['Purchased SKUs']);
      if (event.Note === null) expect(patch.append, c.name).not.toHaveProperty(['Notes']);
      else expect(patch.append.Notes, c.name).toBe(event.Note);
      if (event.Opted === null) expect(patch.append, c.name).not.toHaveProperty(['Opted history']);
      else expect(patch.append['Opted history'], c.name).toBe(event.Opted);
    }
  });

  it('many optional profile properties: exactly the present values are written (0, false and [] too), exactly', () => {
    const many = cases.filter((x) => x.name.startsWith('profile-import many fields'));
    expect(many.map((c) => c.name)).toContain('profile-import many fields 400 mixed');
    for (const c of many) {
      const event = (JSON.parse(c.context) as { event: Record<string, unknown> }).event;
      const present = Object.fromEntries(Object.entries(event).filter(([, v]) => v !== null && v !== ''));
      expect(JSON.parse(c.output!).data.attributes.properties, c.name).toEqual(present);
    }
  });
});
