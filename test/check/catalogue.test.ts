/**
 * validate against the catalogue of Klaviyo's template language (issue 13): a documented filter or tag is never an
 * error; an unknown filter, a missing or extra argument or a literal of the wrong kind is; approximations in preview
 * are warnings on the field.
 */
import { describe, expect, it } from 'vitest';
import { judgeWebhook } from '../../src/account/audit.js';
import { allFilters, allTags } from '../../src/language/index.js';
import { check, errors, eventBody, pos, warnings } from './helpers.js';

const SAMPLE = { $value: 19.99, created: '2016-02-11T16:46:08-05:00', $event_id: 'e1', Items: ['a', null, 'b'] };

describe('filters', () => {
  it('multiply, round_up and format_date_string used correctly: no error, the field warned when rendered', () => {
    const body = eventBody(
      `"Cents": {{ event|lookup:'$value'|multiply:100|default:0 }},\n        "Whole": {{ event|lookup:'$value'|round_up|default:0 }},\n        "Day": "{{ event.created|format_date_string|date:'Y-m-d' }}"`,
    );
    expect(errors(check(body).problems)).toEqual([]);
    const withSample = check(body, { sample: SAMPLE });
    expect(errors(withSample.problems)).toEqual([]);
    expect(withSample.rendered).toContain('"Day": "2016-02-11"');
    const warned = warnings(withSample.problems);
    expect(warned.find((p) => p.message.startsWith('|multiply rendered approximately'))).toMatchObject({
      at: '/data/attributes/properties/Cents',
    });
    expect(warned.find((p) => p.message.startsWith('|round_up rendered approximately'))).toMatchObject({
      at: '/data/attributes/properties/Whole',
    });
  });

  it('|multiply without its argument: an error naming the filter', () => {
    const body = eventBody(`"Cents": {{ event|lookup:'$value'|multiply|default:0 }}`);
    const errs = errors(check(body).problems);
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatchObject(pos(body, 'multiply'));
    expect(errs[0]!.message).toContain('|multiply needs an argument');
  });

  it('an argument where none is taken, and a literal of the wrong kind', () => {
    expect(errors(check(eventBody(`"a": {{ event.a|abs:2|default:0 }}`)).problems)[0]!.message).toContain(
      '|abs takes no argument',
    );
    const body = eventBody(`"a": {{ event.a|multiply:'ten'|default:0 }}`);
    const errs = errors(check(body).problems);
    expect(errs[0]).toMatchObject(pos(body, "'ten'"));
    expect(errs[0]!.message).toContain("|multiply needs a number, and 'ten' is not one");
    expect(errors(check(eventBody(`"a": {{ event.a|multiply:'2'|default:0 }}`)).problems)).toEqual([]);
  });

  it('an unknown filter names the nearest documented ones', () => {
    const nl2br = errors(check(eventBody(`"a": "{{ event.a|nl2br }}"`)).problems)[0]!;
    expect(nl2br.message).toContain('unknown filter "nl2br"');
    expect(nl2br.message).toContain('did you mean linebreaksbr?');
    expect(errors(check(eventBody(`"a": "{{ event.a|multipy:2 }}"`)).problems)[0]!.message).toContain(
      'did you mean multiply',
    );
  });

  it('every catalogued filter is known to validate (no "unknown filter")', () => {
    for (const f of allFilters().values()) {
      const arg = f.minArgs ? (f.arg === 'number' || f.arg === 'int' ? ':2' : ":'a'") : '';
      const problems = check(eventBody(`"a": "{{ event.a|${f.name}${arg}|escapejs }}"`)).problems;
      expect(errors(problems), f.name).toEqual([]);
    }
  });

  it('a filter no source describes is a warning, never an error', () => {
    const problems = check(eventBody(`"a": "{{ event.a|trim|escapejs }}"`)).problems;
    expect(errors(problems)).toEqual([]);
    expect(warnings(problems).some((p) => p.message.includes('no Klaviyo page or third-party note'))).toBe(true);
  });

  it('a date printed without a format is a warning', () => {
    const problems = check(eventBody(`"a": "{{ event.created|format_date_string }}"`)).problems;
    expect(warnings(problems).some((p) => p.message.includes("Django's default form"))).toBe(true);
  });
});

describe('tags', () => {
  it('every catalogued tag is known (no "unknown tag")', () => {
    for (const t of allTags().values()) {
      if (t.evidence === 'django' || !/^[a-z_]+$/.test(t.name) || t.name.startsWith('end')) continue;
      const body = eventBody(`"a": "{% ${t.name} 'x' %}${t.end ? `{% ${t.end} %}` : ''}"`);
      expect(
        errors(check(body).problems).filter((p) => p.message.includes('unknown tag')),
        t.name,
      ).toEqual([]);
    }
  });

  it('coupon codes, which Klaviyo does not support in webhooks: a warning', () => {
    const problems = check(eventBody(`"a": "{% coupon_code 'Spring' %}"`)).problems;
    expect(errors(problems)).toEqual([]);
    expect(warnings(problems).some((p) => p.message.includes('not supported in flow webhooks'))).toBe(true);
  });

  it('{% today %} and {% currency_format %} render with the sample, with warnings', () => {
    const body = eventBody(
      `"Sent": "{% today '%Y-%m-%d' as today %}{{ today|days_later:5 }}",\n        "Price": "{% currency_format event|lookup:'$value' %}"`,
    );
    const r = check(body, { sample: SAMPLE, today: '2021-03-18' });
    expect(errors(r.problems)).toEqual([]);
    expect(r.rendered).toContain('"Sent": "2021-03-23"');
    expect(r.rendered).toContain('"Price": "$19.99"');
    expect(warnings(r.problems).some((p) => p.message.startsWith('{% currency_format %} rendered approximately'))).toBe(
      true,
    );
  });

  it('an unknown tag names the nearest', () => {
    expect(errors(check(eventBody(`"a": "{% curency_format 1 %}"`)).problems)[0]!.message).toContain(
      'did you mean currency_format',
    );
  });

  it('a Django tag preview does not implement is a warning, not an error', () => {
    const problems = check(eventBody(`"a": "{% widthratio 1 2 3 %}"`)).problems;
    expect(errors(problems)).toEqual([]);
    expect(warnings(problems).some((p) => p.message.startsWith('preview cannot render this'))).toBe(true);
  });
});

describe('audit', () => {
  it("judges a healthy webhook that uses Klaviyo's filters without an error", () => {
    const webhook = {
      flow: { id: 'F', name: 'Flow', status: 'live' },
      actionId: 'A',
      status: 'live',
      name: 'Promote',
      url: 'https://a.klaviyo.com/api/events',
      headers: { revision: '2026-07-15', Authorization: '****', 'Content-Type': 'application/vnd.api+json' },
      body: eventBody(
        `"Cents": {{ event|lookup:'$value'|multiply:100|default:0 }},\n        "Day": "{{ event.created|format_date_string|date:'Y-m-d' }}"`,
      ),
    };
    expect(errors(judgeWebhook(webhook, '2026-11-28').problems)).toEqual([]);
  });
});
