import { describe, expect, it } from 'vitest';
import { parseSample, parseJsonText } from '../../src/sample/parse.js';
import { locateJsonError } from '../../src/sample/json-error.js';
import { UserError } from '../../src/errors.js';

const fails = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).exitCode).toBe(2);
    return (err as Error).message;
  }
  throw new Error('expected a UserError');
};

describe('parseSample', () => {
  it('takes event properties as they are', () => {
    const s = parseSample('{"ShippingRate": "Economy"}', 'x.json');
    expect(s.properties).toEqual({ ShippingRate: 'Economy' });
    expect(s.form).toBe('event properties');
  });

  it('unwraps an event as the Klaviyo API returns it', () => {
    const api = { data: { type: 'event', id: 'abc', attributes: { timestamp: 1, event_properties: { $value: 5 } } } };
    expect(parseSample(JSON.stringify(api), 'e.json')).toMatchObject({
      properties: { $value: 5 },
      form: 'Klaviyo API event resource',
    });
    expect(parseSample(JSON.stringify({ data: [api.data] }), 'e.json').properties).toEqual({ $value: 5 });
  });

  it('refuses empty text, invalid JSON (with line:column) and non-object roots', () => {
    expect(fails(() => parseSample('  \n', 'a.json'))).toBe(
      "a.json is empty; give a JSON object with the event's properties",
    );
    expect(fails(() => parseSample('{\n  "a": 1,\n}', 'a.json'))).toBe(
      'a.json:3:1: invalid JSON: trailing comma before a closing bracket',
    );
    expect(fails(() => parseSample('[1]', 'a.json'))).toContain('a.json is a list; a sample must be a JSON object');
    expect(fails(() => parseSample('"s"', 'a.json'))).toContain('is a string');
    expect(fails(() => parseSample('null', 'a.json'))).toContain('is null');
  });

  it('accepts a byte-order mark', () => {
    expect(parseJsonText('\ufeff{"a":1}', 'x')).toEqual({ a: 1 });
  });

  it("warns about samples over Klaviyo's nesting limit, and survives very deep input", () => {
    let deep = '"x"';
    for (let i = 0; i < 12; i++) deep = `{"a":${deep}}`;
    expect(parseSample(deep, 'd.json').warnings[0]!.message).toContain('at most 10 levels');
    const huge = `${'['.repeat(50000)}${']'.repeat(50000)}`;
    expect(fails(() => parseSample(huge, 'h.json'))).toContain('is a list');
    expect(locateJsonError(`{"a":${'['.repeat(50000)}`)).toMatchObject({
      reason: expect.stringContaining('expected a value'),
    });
  });
});
