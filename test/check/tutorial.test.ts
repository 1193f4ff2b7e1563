import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { check, errors, EXAMPLE_1, EXAMPLE_2, pos } from './helpers.js';

describe('the tutorial bodies', () => {
  it('Example 1 gives one clear error: move the profile id to data.id', () => {
    const r = check(EXAMPLE_1, { revision: '2024-10-15' });
    expect(r.endpoint).toBe('profile-import');
    const errs = errors(r.problems);
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatchObject({ at: '/data/attributes/id', ...pos(EXAMPLE_1, '"id"') });
    expect(errs[0]!.message).toContain('data.id');
    expect(r.editorSafe).toBe(true);
  });

  it('Example 2 passes with no errors', () => {
    const r = check(EXAMPLE_2, { revision: '2024-10-15' });
    expect(r.endpoint).toBe('create-event');
    expect(errors(r.problems)).toEqual([]);
    expect(r.editorSafe).toBe(true);
  });

  it('Example 2 warns about what can still go wrong: no unique_id, an unescaped string tag', () => {
    const r = check(EXAMPLE_2, { revision: '2024-10-15' });
    const messages = r.problems.map((p) => p.message).join('\n');
    expect(messages).toContain('unique_id');
    expect(messages).toContain('{{ event.ShippingRate|escapejs }}');
  });

  it('Example 2 renders with a sample to the value the tutorial shows', () => {
    const r = check(EXAMPLE_2, { revision: '2024-10-15', sample: { ShippingRate: 'Economy' } });
    expect(errors(r.problems)).toEqual([]);
    expect(JSON.parse(r.rendered!).data.attributes.properties).toEqual({ 'Shipping Rate': 'Economy' });
  });
});

describe('choosing the endpoint', () => {
  it('takes it from the option, then the URL, then data.type', () => {
    expect(check(EXAMPLE_2, { endpoint: 'profile-import' }).endpoint).toBe('profile-import');
    expect(check(EXAMPLE_2, { url: 'https://a.klaviyo.com/api/profile-import/' }).endpoint).toBe('profile-import');
    expect(check(EXAMPLE_1).endpoint).toBe('profile-import');
  });

  it('an unknown data.type is a user error listing the known ones', () => {
    const body = EXAMPLE_2.replace('"type": "event"', '"type": "events"');
    expect(() => check(body)).toThrow(UserError);
    expect(() => check(body)).toThrow(/"events".*"profile".*"event".*"event-bulk-create-job"/);
  });

  it('with the endpoint given, a wrong data.type is a schema error at data.type', () => {
    const body = EXAMPLE_2.replace('"type": "event"', '"type": "events"');
    const errs = errors(check(body, { url: 'https://a.klaviyo.com/api/events' }).problems);
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatchObject({ at: '/data/type', ...pos(body, '"type": "events"') });
  });
});
