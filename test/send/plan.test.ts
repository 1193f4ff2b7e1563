import { describe, expect, test } from 'vitest';
import { UserError } from '../../src/errors.js';
import { preview } from '../../src/preview.js';
import { locatePointer } from '../../src/send/pointer.js';
import {
  apiKeyFromEnv,
  checkBaseUrl,
  parseApiErrors,
  parseRetryAfter,
  planRequest,
  redactApiKey,
  shownHeaders,
} from '../../src/send/plan.js';
import { API_KEY, example, exampleBodies } from './helpers.js';

describe('parseRetryAfter', () => {
  test('seconds, HTTP dates (relative to now, never negative), and nothing for junk', () => {
    const now = Date.parse('2026-11-28T12:00:00Z');
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter(' 3 ', now)).toBe(3000);
    expect(parseRetryAfter('0.25', now)).toBe(250);
    expect(parseRetryAfter('86400', now)).toBe(86_400_000); // read as given; the --max-wait budget bounds it
    expect(parseRetryAfter('Sat, 28 Nov 2026 12:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Sat, 28 Nov 2026 11:00:00 GMT', now)).toBe(0);
    for (const junk of [null, undefined, '', '-1', 'soon', '1e3', 'Sat, 99 Foo'])
      expect(parseRetryAfter(junk, now)).toBeUndefined();
  });
});

describe('checkBaseUrl', () => {
  test('an https origin, or plain http to this machine only; no path, no credentials', () => {
    expect(checkBaseUrl('https://a.klaviyo.com').origin).toBe('https://a.klaviyo.com');
    expect(checkBaseUrl('https://a.klaviyo.com/').origin).toBe('https://a.klaviyo.com');
    expect(checkBaseUrl('http://127.0.0.1:8080').origin).toBe('http://127.0.0.1:8080');
    expect(checkBaseUrl('http://localhost:1').origin).toBe('http://localhost:1');
    expect(() => checkBaseUrl('http://example.com')).toThrow(/unencrypted/);
    expect(() => checkBaseUrl('https://a.klaviyo.com/api')).toThrow(/origin only/);
    expect(() => checkBaseUrl('https://u:p@a.klaviyo.com')).toThrow(/password/);
    expect(() => checkBaseUrl('ftp://a.klaviyo.com')).toThrow(/http\(s\)/);
    expect(() => checkBaseUrl('a.klaviyo.com')).toThrow(UserError);
  });
});

describe('the API key', () => {
  test('read from the named variable; missing, empty or several words is a one-line exit-2 error that never echoes it', () => {
    expect(apiKeyFromEnv({ K: ` ${API_KEY}\n` }, 'K')).toBe(API_KEY);
    for (const env of [{}, { K: '' }, { K: '  ' }]) {
      const err = (() => {
        try {
          apiKeyFromEnv(env, 'K');
        } catch (e) {
          return e as UserError;
        }
      })()!;
      expect(err).toBeInstanceOf(UserError);
      expect(err.exitCode).toBe(2);
      expect(err.message).toMatch(/^K is not set/);
      expect(err.message).not.toContain('\n');
    }
    const two = (() => {
      try {
        apiKeyFromEnv({ K: `${API_KEY} extra` }, 'K');
      } catch (e) {
        return e as UserError;
      }
    })()!;
    expect(two.exitCode).toBe(2);
    expect(two.message).not.toContain(API_KEY);
  });

  test('redact removes every occurrence; shownHeaders never shows it', () => {
    expect(redactApiKey(`a ${API_KEY} b ${API_KEY}`, API_KEY)).toBe('a [redacted] b [redacted]');
    expect(redactApiKey('nothing', undefined)).toBe('nothing');
    const b = exampleBodies();
    const req = planRequest(
      {
        name: 'n',
        endpoint: 'profile-import',
        url: 'https://a.klaviyo.com/api/profile-import',
        revision: b.revision,
        template: b.profile,
        rendered: '{}',
        problems: [],
      },
      checkBaseUrl('http://127.0.0.1:9'),
      API_KEY,
    );
    expect(req.headers.find((h) => h.key === 'Authorization')!.value).toBe(`Klaviyo-API-Key ${API_KEY}`);
    expect(JSON.stringify(shownHeaders(req.headers, 'KLAVIYO_API_KEY'))).not.toContain(API_KEY);
  });
});

describe('planRequest', () => {
  test('keeps the Destination URL path and query, on the base URL; the editor headers; the rendered body', () => {
    const req = planRequest(
      {
        name: 'n',
        endpoint: 'create-event',
        url: 'https://a.klaviyo.com/api/events?x=1',
        revision: '2026-07-15',
        template: '{}',
        rendered: '{"a":1}',
        problems: [],
      },
      checkBaseUrl('http://127.0.0.1:4000'),
      API_KEY,
    );
    expect(req).toEqual({
      name: 'n',
      method: 'POST',
      url: 'http://127.0.0.1:4000/api/events?x=1',
      headers: [
        { key: 'Content-Type', value: 'application/vnd.api+json' },
        { key: 'accept', value: 'application/vnd.api+json' },
        { key: 'revision', value: '2026-07-15' },
        { key: 'Authorization', value: `Klaviyo-API-Key ${API_KEY}` },
      ],
      body: '{"a":1}',
    });
  });
});

describe('error pointers back to the body', () => {
  const b = exampleBodies();
  const rendered = preview(b.event, { sample: example().render, revision: b.revision, today: '2026-11-28' }).rendered!;
  const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

  test('a member: its key in the template; the rendered line beside it', () => {
    const t = locatePointer(b.event, '/data/attributes/properties')!;
    expect(t).toMatchObject({ line: lineOf(b.event, '"properties"'), exact: true, text: '"properties": {' });
    expect(t.column).toBe(b.event.split('\n')[t.line - 1]!.indexOf('"properties"') + 1);
    expect(locatePointer(rendered, '/data/attributes/properties')!.line).toBe(lineOf(rendered, '"properties"'));
  });

  test('a member written inside {% if %} is found, and so is a rendered list index (the loop element that made it)', () => {
    expect(locatePointer(b.event, '/data/attributes/value')).toMatchObject({
      line: lineOf(b.event, '"value"'),
      exact: true,
    });
    const sku = locatePointer(b.event, '/data/attributes/properties/SKUs/1')!;
    expect(sku.line).toBe(lineOf(b.event, '"{{ item.sku'));
    expect(sku.exact).toBe(true);
    expect(sku.column).toBe(b.event.split('\n')[sku.line - 1]!.indexOf('"{{ item.sku') + 1);
  });

  test('a pointer to a key the body lacks lands on the nearest ancestor, marked inexact; junk gives nothing', () => {
    expect(locatePointer(b.event, '/data/attributes/time')).toMatchObject({
      line: lineOf(b.event, '"attributes": {'),
      exact: false,
    });
    expect(locatePointer(b.event, 'data/attributes')).toBeUndefined();
    expect(locatePointer('{% if %}', '/data')).toBeUndefined();
  });

  test('parseApiErrors reads JSON:API errors (status as number or string) and locates each pointer in both texts', () => {
    const response = JSON.stringify({
      errors: [
        {
          id: '1',
          status: 400,
          code: 'invalid',
          title: 'Invalid input.',
          detail: "'properties' is bad",
          source: { pointer: '/data/attributes/properties' },
        },
        { id: '2', status: '400', code: 'invalid', title: 'Invalid input.', source: { parameter: 'fields[event]' } },
        'junk',
      ],
    });
    const errors = parseApiErrors(response, b.event, rendered)!;
    expect(errors[0]).toMatchObject({
      status: 400,
      code: 'invalid',
      title: 'Invalid input.',
      detail: "'properties' is bad",
      pointer: '/data/attributes/properties',
      template: { line: lineOf(b.event, '"properties"') },
      rendered: { line: lineOf(rendered, '"properties"') },
    });
    expect(errors[1]).toEqual({ status: 400, code: 'invalid', title: 'Invalid input.', parameter: 'fields[event]' });
    expect(errors[2]).toEqual({});
    expect(parseApiErrors('<html>502</html>', b.event, rendered)).toBeUndefined();
    expect(parseApiErrors('{"data":{}}', b.event, rendered)).toBeUndefined();
  });
});
