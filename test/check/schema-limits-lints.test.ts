import { describe, expect, it } from 'vitest';
import { check, errors, eventBody, pos, warnings } from './helpers.js';

describe('schema on the shape (issue 3 §3)', () => {
  it('a quoted tag where a number is required', () => {
    const body = eventBody(`"a": 1`, `,\n      "value": "{{ event|lookup:'$value' }}"`);
    const errs = errors(check(body).problems);
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatchObject({ at: '/data/attributes/value', ...pos(body, '"value"') });
    expect(errs[0]!.message).toContain('remove the quotes');
  });

  it('an unquoted tag where a string is required', () => {
    const body = eventBody(`"a": 1`, `,\n      "value_currency": {{ event.currency }}`);
    const errs = errors(check(body).problems);
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatchObject({ at: '/data/attributes/value_currency', ...pos(body, '{{ event.currency') });
    expect(errs[0]!.message).toContain('put the tag in quotes');
  });

  it('an unquoted tag where a boolean is required needs yesno', () => {
    const opts = { revision: '2026-07-15', today: '2026-11-01' };
    const body = eventBody(`"a": 1`, `,\n      "backfill": {{ event.flag }}`);
    expect(errors(check(body, opts).problems)[0]!.message).toContain(`yesno:'true,false'`);
    expect(
      errors(check(eventBody(`"a": 1`, `,\n      "backfill": {{ event.flag|yesno:'true,false' }}`), opts).problems),
    ).toEqual([]);
  });

  it('does not guess at what a tag holds: formats and enums of templated strings pass', () => {
    const body = eventBody(`"a": 1`, `,\n      "time": "{{ event.created_at|escapejs }}"`);
    expect(errors(check(body).problems)).toEqual([]);
  });

  it('unknown keys and missing required keys, at their place', () => {
    const body = eventBody(`"a": 1`, `,\n      "colour": "red"`);
    expect(errors(check(body).problems)[0]).toMatchObject({ at: '/data/attributes/colour', ...pos(body, '"colour"') });
    const noMetric = `{"data": {"type": "event", "attributes": {"properties": {}, "profile": {"data": {"type": "profile", "id": "x", "attributes": {}}}, "unique_id": "u"}}}`;
    const errs = errors(check(noMetric).problems);
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatchObject({ at: '/data/attributes/metric', ...pos(noMetric, '"attributes"') });
  });

  it('a profile-import body for a shipped and an in-between revision', () => {
    const body = `{"data": {"type": "profile", "id": "{{ person.KlaviyoID }}", "attributes": {"properties": {"Rate": "{{ event.Rate|escapejs }}"}}}}`;
    expect(check(body, { revision: '2024-10-15', today: '2025-06-01' }).problems).toEqual([]);
    expect(check(body, { revision: '2025-11-15', today: '2026-06-01' }).problems.map((p) => p.message)).toEqual([
      'revision 2025-11-15 is not a released Klaviyo revision: the nearest one is 2025-10-15',
    ]);
  });
});

describe('limits (issue 3 §4)', () => {
  it('a metric name of 128 characters or more', () => {
    const long = 'N'.repeat(128);
    const body = eventBody(`"a": 1`).replace('"Promoted Order"', `"${long}"`);
    const errs = errors(check(body).problems);
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatchObject(pos(body, `"name"`));
    const templated = eventBody(`"a": 1`).replace('"Promoted Order"', `"${long} {{ event.x|escapejs }}"`);
    expect(errors(check(templated).problems)[0]!.message).toMatch(/is 129 characters before its tags render/);
    expect(errors(check(eventBody(`"a": 1`).replace('"Promoted Order"', `"${'N'.repeat(127)}"`)).problems)).toEqual([]);
  });

  it('more than 400 event properties', () => {
    const members = Array.from({ length: 401 }, (_, i) => `"p${i}": ${i}`).join(', ');
    const errs = errors(check(eventBody(members)).problems);
    expect(errs).toHaveLength(1);
    expect(errs[0]!.at).toBe('/data/attributes/properties');
    expect(errors(check(eventBody(members.replace(/, "p400": 400$/, ''))).problems)).toEqual([]);
  });

  it('revision lifecycle: retired is an error, deprecated a warning (retiring soon first), stable and newer clean', () => {
    const body = eventBody(`"a": 1`);
    const at = (revision: string, today = '2026-12-01') =>
      check(body, { revision, today }).problems.map((p) => `${p.severity}: ${p.message}`);
    expect(at('2024-10-15')).toEqual([
      'error: revision 2024-10-15 was retired on 2026-10-15: Klaviyo answers it with 410 (or silently falls forward) and a flow webhook that gets a 410 is not retried — move to 2026-07-15',
    ]);
    expect(at('2025-01-15')).toEqual([
      'warning: revision 2025-01-15 retires in 45 days, on 2027-01-15 (deprecated since 2026-01-15) — move to 2026-07-15 now',
    ]);
    expect(at('2025-07-15')).toEqual([
      'warning: revision 2025-07-15 is deprecated (since 2026-07-15) and retires on 2027-07-15 — move to 2026-07-15',
    ]);
    expect(at('2025-10-15')).toEqual([
      'warning: revision 2025-10-15 is deprecated (since 2026-10-15) and retires on 2027-10-15 — move to 2026-07-15',
    ]);
    expect(at('2026-07-15')).toEqual([]);
    expect(at('2026-10-15')).toEqual([]); // newer than the vendored specs: checked against 2026-07-15 (said elsewhere)
    // The same revision a day before and on its retirement day.
    expect(at('2025-01-15', '2027-01-14')[0]).toMatch(/^warning: revision 2025-01-15 retires in 1 day, on 2027-01-15/);
    expect(at('2025-01-15', '2027-01-15')[0]).toMatch(/^error: revision 2025-01-15 was retired on 2027-01-15/);
  });

  it('revision format, support window and unknown revisions', () => {
    const body = eventBody(`"a": 1`);
    const bad = check(body, { revision: '2024-13-01' }).problems;
    expect(errors(bad)).toEqual([expect.objectContaining({ at: '', message: expect.stringContaining('YYYY-MM-DD') })]);
    expect(errors(check(body, { revision: 'latest' }).problems)).toHaveLength(1);
    const old = errors(check(body, { revision: '2024-02-15', today: '2026-03-10' }).problems);
    expect(old[0]!.message).toContain('retired on 2026-02-15');
    const unknown = warnings(check(body, { revision: '2025-10-16' }).problems);
    expect(unknown[0]!.message).toContain('nearest one is 2025-10-15');
    expect(check(body, { revision: '2025-10-15' }).problems).toEqual([]);
  });

  it('a profile with no identifier', () => {
    const body = eventBody(`"a": 1`).replace(`"id": "{{ person.KlaviyoID }}", `, '');
    const errs = errors(check(body).problems);
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatchObject({ at: '/data/attributes/profile/data', ...pos(body, '"data": {"type": "profile"') });
    expect(errs[0]!.message).toContain('person.KlaviyoID');
    const byEmail = body.replace('"attributes": {}}', `"attributes": {"email": "{{ person.email }}"}}`);
    expect(errors(check(byEmail).problems)).toEqual([]);
    const profile = `{"data": {"type": "profile", "attributes": {"properties": {"a": 1}}}}`;
    expect(errors(check(profile).problems)[0]!.at).toBe('/data');
  });
});

describe('robustness warnings (issue 3 §5)', () => {
  it('a string tag without escapejs', () => {
    const body = eventBody(`"a": "{{ event|lookup:'Source Name' }}"`);
    const w = warnings(check(body).problems);
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject(pos(body, `{{ event|lookup:'Source`));
    expect(w[0]!.message).toContain(`{{ event|lookup:'Source Name'|escapejs }}`);
    expect(check(eventBody(`"a": "{{ person.KlaviyoID }}"`)).problems).toEqual([]);
  });

  it('an unquoted tag that prints nothing when the field is missing', () => {
    const body = eventBody(`"a": {{ event|lookup:'$value' }}`);
    const w = warnings(check(body).problems);
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ at: '/data/attributes/properties/a', ...pos(body, '{{ event|') });
    expect(w[0]!.message).toContain('|default:0');
    // Safe: a default, or a guard on the same variable however it is spelled.
    expect(check(eventBody(`"a": {{ event|lookup:'$value'|default:0 }}`)).problems).toEqual([]);
    expect(
      check(
        eventBody(`{% if event|lookup:'$value' != None %}"a": {{ event|lookup:'$value'|floatformat:2 }}{% endif %}`),
      ).problems,
    ).toEqual([]);
    expect(check(eventBody(`{% if event.total %}"a": {{ event|lookup:'total' }}{% endif %}`)).problems).toEqual([]);
  });

  it('default_if_none does not cover a missing field', () => {
    const w = warnings(check(eventBody(`"a": {{ event.n|default_if_none:0 }}`)).problems);
    expect(w[0]!.message).toContain('{{ event.n|default:0 }}');
  });

  it('yesno must print JSON when unquoted', () => {
    const errs = errors(check(eventBody(`"a": {{ event.flag|yesno }}`)).problems);
    expect(errs[0]!.message).toContain(`yesno:'true,false'`);
  });

  it('a Create Event body without unique_id', () => {
    const body = eventBody(`"a": 1`).replace(`,\n      "unique_id": "{{ event|lookup:'$event_id'|escapejs }}"`, '');
    const w = warnings(check(body).problems);
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ at: '/data/attributes', ...pos(body, '"attributes": {\n      "properties"') });
    expect(w[0]!.message).toContain('unique_id');
  });
});

describe('advice that would contradict an error', () => {
  it('a quoted tag where a number belongs gets the error only, not also "add escapejs"', () => {
    const body =
      '{"data": {"type": "event", "attributes": {"properties": {}, "metric": {"data": {"type": "metric", "attributes": {"name": "M"}}}, "profile": {"data": {"type": "profile", "attributes": {}, "id": "{{ person.KlaviyoID }}"}}, "value": "{{ event|lookup:\'$value\' }}", "unique_id": "{{ event|lookup:\'$event_id\'|escapejs }}"}}}';
    const at = check(body).problems.filter((p) => p.at === '/data/attributes/value');
    expect(at).toEqual([
      expect.objectContaining({ severity: 'error', message: expect.stringContaining('remove the quotes') }),
    ]);
  });
});
