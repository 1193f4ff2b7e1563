/** Issue 13 as a user meets it: Klaviyo's own filters pass validate and render in preview (built CLI). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'kwg-kf-'));
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};
const body = (properties: string) =>
  `{"data": {"type": "event", "attributes": {"properties": {${properties}}, "metric": {"data": {"type": "metric", "attributes": {"name": "M"}}}, "profile": {"data": {"type": "profile", "attributes": {}, "id": "{{ person.KlaviyoID }}"}}, "unique_id": "{{ event|lookup:'$event_id'|escapejs }}"}}}`;
const GOOD = file(
  'good.json',
  body(
    `"Cents": {{ event|lookup:'$value'|multiply:100|default:0 }}, "Whole": {{ event|lookup:'$value'|round_up|default:0 }}, "Day": "{{ event.created|format_date_string|date:'Y-m-d' }}"`,
  ),
);
const SAMPLE = file('sample.json', '{"$event_id": "e1", "$value": 19.99, "created": "2016-02-11T16:46:08-05:00"}');

describe("Klaviyo's filters (built CLI)", () => {
  it('validate: multiply, round_up and format_date_string used correctly exit 0', () => {
    const r = runCli(['validate', GOOD]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).not.toContain('unknown filter');
  });

  it('validate: |multiply without its argument exits 1 naming the filter', () => {
    const r = runCli(['validate', file('bad.json', body(`"Cents": {{ event|lookup:'$value'|multiply|default:0 }}`))]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('|multiply needs an argument');
  });

  it('validate: an unknown filter names the nearest documented one', () => {
    const r = runCli(['validate', file('nl2br.json', body(`"Note": "{{ event.note|nl2br }}"`))]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('did you mean linebreaksbr?');
  });

  it('preview renders them, with a warning on each approximated field', () => {
    const r = runCli(['preview', GOOD, '--sample', SAMPLE, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(JSON.parse(out.rendered).data.attributes.properties).toEqual({
      Cents: 1998.9999999999998,
      Whole: 20.0,
      Day: '2016-02-11',
    });
    const warned = out.problems.filter(
      (p: { severity: string; message: string }) =>
        p.severity === 'warning' && p.message.includes('rendered approximately'),
    );
    expect(warned.map((p: { at: string }) => p.at).sort()).toEqual([
      '/data/attributes/properties/Cents',
      '/data/attributes/properties/Whole',
    ]);
  });
});
