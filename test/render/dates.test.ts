/**
 * Django's `date` and `time` filters and a datetime printed by {{ }}: every case in fixtures/django-dates.json was
 * rendered by Django 3.2 (make-date-fixtures.py); the renderer's datetime must print the same.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PyDateTime, compileTemplate } from '../../src/render/index.js';
import { parseIsoDate, strftime } from '../../src/render/dates.js';

interface DateCase {
  date?: [number, number, number, number, number, number, number, number | null];
  value?: unknown;
  filter: 'date' | 'time' | 'str' | null;
  format: string | null;
  output: string;
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/django-dates.json', import.meta.url), 'utf8')) as {
  django: string;
  cases: DateCase[];
};

function render(c: DateCase): string {
  const d = c.date ? new PyDateTime(...c.date) : c.value;
  const template =
    c.filter === null
      ? '{{ d }}'
      : c.filter === 'str'
        ? '{{ d|stringformat:"s" }}'
        : c.format === ''
          ? `{{ d|${c.filter} }}`
          : `{{ d|${c.filter}:f }}`;
  return compileTemplate(template).render({ d, f: c.format });
}

describe(`Django ${fixture.django} date and time output`, () => {
  it.each(fixture.cases.map((c, i) => [i, c] as const))('case %i', (_i, c) => {
    expect({ ...c, output: render(c) }).toEqual(c);
  });
});

describe('reading dates', () => {
  it('keeps the offset of an ISO 8601 timestamp and says which shapes are documented', () => {
    expect(parseIsoDate('2016-02-11T16:46:08-05:00')).toEqual({
      value: new PyDateTime(2016, 2, 11, 16, 46, 8, 0, -300),
      documented: true,
    });
    expect(parseIsoDate('2021-03-18')?.documented).toBe(true);
    expect(parseIsoDate('2021-03-18T10:00:00Z')?.documented).toBe(false);
    expect(parseIsoDate('2021-02-30')).toBeUndefined();
    expect(parseIsoDate('March 3')).toBeUndefined();
  });
  it('strftime', () => {
    expect(strftime(new PyDateTime(2021, 3, 5), '%Y-%m-%d %A %B %j %%')).toBe('2021-03-05 Friday March 064 %');
  });
});
