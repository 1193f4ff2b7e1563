/**
 * Issue 14 §5: the renderer against Django 3.2 on what the hardening fuzzer found (fixtures/django-abuse.json,
 * written by make-django-fixtures.py): integers beyond 2^53, 1e21, integer-like key order, JavaScript names.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parseJsonForRender, renderTemplate, TemplateRenderError } from '../../src/render/index.js';

interface Case {
  template: string;
  output?: string;
  error?: string;
}
const fixtures = JSON.parse(readFileSync(new URL('./fixtures/django-abuse.json', import.meta.url), 'utf8')) as {
  context: string;
  cases: Case[];
};

function ours(template: string): { output?: string; error?: string } {
  try {
    return { output: renderTemplate(template, parseJsonForRender(fixtures.context) as Record<string, unknown>) };
  } catch (e) {
    return { error: e instanceof TemplateRenderError ? e.pythonType : (e as Error).name };
  }
}

describe('renderer = Django 3.2 on the hardening cases', () => {
  test.each(
    fixtures.cases.map((c) => [c.template.length > 90 ? `${c.template.slice(0, 90)}…` : c.template, c] as const),
  )('%s', (_name, c) => {
    expect(ours(c.template)).toEqual(c.error !== undefined ? { error: c.error } : { output: c.output });
  });
});

describe('preview keeps them end to end', () => {
  test('a 20-digit id, 1e21 and integer-like keys reach the rendered body and the fields exactly', async () => {
    const { runCli } = await import('../e2e/run-cli.js');
    const { tmp } = await import('./helpers.js');
    const { writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const dir = tmp();
    writeFileSync(
      join(dir, 'sample.json'),
      '{"$event_id": "e1", "id": 12345678901234567890, "f": 1e21, "$extra": {"b": 1, "1": 2}}',
    );
    writeFileSync(
      join(dir, 'body.json'),
      '{"data": {"type": "event", "attributes": {"properties": {"id": {{ event.id }}, "f": {{ event.f }}, "keys": "{{ event.extra|escapejs }}"},\n' +
        ' "metric": {"data": {"type": "metric", "attributes": {"name": "M"}}}, "profile": {"data": {"type": "profile", "id": "1", "attributes": {}}},\n' +
        ' "unique_id": "{{ event|lookup:\'$event_id\'|escapejs }}"}}}',
    );
    const text = runCli(['preview', join(dir, 'body.json'), '--sample', join(dir, 'sample.json')]);
    expect(text.code, text.stdout + text.stderr).toBe(0);
    expect(text.stdout).toContain('"id": 12345678901234567890,');
    expect(text.stdout).toContain('"f": 1000000000000000000000,');
    expect(text.stdout).toContain(`"keys": "{'b': 1, '1': 2}"`);
    const json = runCli(['preview', join(dir, 'body.json'), '--sample', join(dir, 'sample.json'), '--format', 'json']);
    expect(json.code).toBe(0);
    expect(json.stdout).toMatch(
      /"rendered": 12345678901234567890,\s*"source": "event.id",\s*"sourceValue": 12345678901234567890/,
    );
    expect(JSON.parse(json.stdout).rendered).toContain('"id": 12345678901234567890');
  });
});
