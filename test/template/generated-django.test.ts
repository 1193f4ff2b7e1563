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

const { cases } = JSON.parse(readFileSync(new URL('./fixtures/generated-bodies-django.json', import.meta.url), 'utf8')) as { cases: Case[] };

describe('generated bodies rendered by Django', () => {
  it('has cases for both endpoints and all three event variants', () => {
    expect(cases.length).toBeGreaterThanOrEqual(18);
    expect(new Set(cases.map((c) => c.kind))).toEqual(new Set(['create-event', 'profile-import']));
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s: Django renders valid JSON the schema accepts, and so do we', (_, c) => {
    expect(c.error).toBeUndefined();
    const body = JSON.parse(c.output!);
    expect(validateRequestBody(c.kind, '2026-07-15', body)).toEqual([]);
    const ours = renderTemplate(c.template, parseJsonForRender(c.context) as Record<string, unknown>);
    expect(ours).toBe(c.output);
  });
});
