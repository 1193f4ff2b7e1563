/**
 * Klaviyo's own filters and tags beyond the documented examples (klaviyo-examples.test.ts): what preview renders
 * where the docs leave behaviour open, and that each such rendering leaves a note (a warning on the field).
 */
import { describe, expect, it } from 'vitest';
import { type RenderNote, TemplateSyntaxError, compileTemplate, parseJsonForRender } from '../../src/render/index.js';
import { currencyText } from '../../src/render/klaviyo-tags.js';

function render(template: string, context: Record<string, unknown> = {}, today = '2026-03-10') {
  const notes: RenderNote[] = [];
  const out = compileTemplate(template).render(parseJsonForRender(JSON.stringify(context)) as Record<string, unknown>, {
    notes,
    today,
  });
  return { out, notes: notes.map((n) => n.name) };
}
const out = (template: string, context: Record<string, unknown> = {}) => render(template, context).out;

describe('numbers', () => {
  it('multiply, divide, floatadd, floatsub, modulo: float arithmetic printed as Python prints it, always noted', () => {
    expect(render('{{ v|multiply:100 }}', { v: 19.99 })).toEqual({ out: '1998.9999999999998', notes: ['multiply'] });
    expect(out("{{ '10'|multiply:'2' }}")).toBe('20.0');
    expect(out('{{ 10|divide:4 }}')).toBe('2.5');
    expect(out('{{ 1|floatadd:1.1 }}')).toBe('2.1');
    expect(out('{{ 1|plus:1.1 }}')).toBe('2.1');
    expect(out('{{ 5|remainder:2 }}')).toBe('1.0');
    expect(out('{{ -5|modulo:3 }}')).toBe('1.0');
    expect(render("{{ 'x'|multiply:2 }}")).toEqual({ out: '0.0', notes: ['multiply', 'multiply'] });
    expect(out('{{ 1|divide:0 }}')).toBe('');
  });
  it('round_up, round_down, round on decimal digits (1.1 stays 1.1)', () => {
    expect(out('{{ 5.123|round_up:2 }}')).toBe('5.13');
    expect(out('{{ 1.1|round_up:1 }}')).toBe('1.1');
    expect(out('{{ 5.01|round_up }}')).toBe('6.0');
    expect(out('{{ -5.01|round_up }}')).toBe('-5.0');
    expect(out('{{ 5.99|round_down }}')).toBe('5.0');
    expect(out('{{ 2.675|round:2 }}')).toBe('2.68');
    expect(render('{{ v|round_up }}', { v: 2 }).notes).toEqual(['round_up']);
  });
  it('ceil is exact for numbers (no note), noted for text that is not one', () => {
    expect(render('{{ v|ceil }}', { v: '5.2' })).toEqual({ out: '6.0', notes: [] });
    expect(render('{{ v|ceil }}', { v: 'abc' })).toEqual({ out: '', notes: ['ceil'] });
    expect(render('{{ 5.9|floor }}')).toEqual({ out: '5.0', notes: ['floor'] });
  });
  it('abs keeps ints ints; at_least/at_most return the winning value as it is', () => {
    expect(render('{{ -3|abs }}')).toEqual({ out: '3', notes: [] });
    expect(out('{{ 3|at_least:1 }}')).toBe('3');
    expect(out('{{ 2.0|at_most:5 }}')).toBe('2.0');
  });
  it('percentize, sum_list, comparisons', () => {
    expect(out("{{ '.25'|percentize:2 }}")).toBe('25.00%');
    expect(out('{{ v|sum_list }}', { v: [1, 2, 3] })).toBe('6.0');
    expect(out('{{ 3|gt:2 }}|{{ 2|gte:3 }}')).toBe('true|false');
  });
});

describe('text', () => {
  it('aliases render as the filter they name, without a note', () => {
    expect(render("{{ 'Ab'|upcase }}{{ 'Ab'|downcase }}{{ 'abc'|size }}{{ 'x'|capitalize }}")).toEqual({
      out: 'ABab3X',
      notes: [],
    });
    expect(out("{{ '<b>a</b>'|strip_html }}")).toBe('a');
    expect(out('{{ v|newline_to_br }}', { v: 'a\nb' })).toBe('a<br>b');
  });
  it('find_replace and friends take "find|replace" in one argument', () => {
    expect(out("{{ 'Hi, there,'|find_replace:',|-' }}")).toBe('Hi- there-');
    expect(out("{{ 'a-a-a'|replace_first:'a|b' }}|{{ 'a-a-a'|replace_last:'a|b' }}")).toBe('b-a-a|a-a-b');
    expect(out("{{ 'a-a'|remove:'-' }}|{{ 'a-b-c'|remove_last:'-' }}")).toBe('aa|a-bc');
  });
  it('append, prepend, truncate, strip, split', () => {
    expect(out("{{ 'b'|prepend:'a' }}{{ 'b'|append:'c' }}")).toBe('abbc');
    expect(out("{{ 'abcdefgh'|truncate:6 }}")).toBe('abc...');
    expect(out("{{ '  a  '|strip }}|")).toBe('a|');
    expect(out("{{ 'a,b'|split:',' }}")).toBe("['a', 'b']");
  });
  it('base64 round trips UTF-8 text; url-safe swaps + and /', () => {
    expect(out("{{ 'sarah.mason@example.com'|base64_encode }}")).toBe('c2FyYWgubWFzb25AZXhhbXBsZS5jb20=');
    expect(out("{{ 'c2FyYWgubWFzb25AZXhhbXBsZS5jb20='|base64_decode }}")).toBe('sarah.mason@example.com');
    expect(out("{{ '>>>???'|base64_encode }}|{{ '>>>???'|base64_url_safe_encode }}")).toBe('Pj4+Pz8/|Pj4-Pz8_');
    expect(render("{{ 'not base64!'|base64_decode }}")).toEqual({ out: '', notes: ['base64_decode'] });
    expect(render('{{ v|base64_encode }}', { v: 'h\u00e9' }).notes).toEqual(['base64_encode']);
  });
  it('hashes: lower-case hex of the UTF-8 text, noted', () => {
    expect(render("{{ 'abc'|md5_hash }}")).toEqual({ out: '900150983cd24fb0d6963f7d28e17f72', notes: ['md5_hash'] });
    expect(out("{{ 'abc'|sha_1 }}")).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
  });
});

describe('lists', () => {
  const people = [{ name: 'a', age: 3 }, { name: 'b', age: 1 }, { name: 'a', age: 2 }, null];
  it('compact is exact on lists', () => {
    expect(render('{{ v|compact }}', { v: [1, null, 2] })).toEqual({ out: '[1, 2]', notes: [] });
  });
  it('map, list_where, dictfilter, sort, uniq, reverse, list_to_string', () => {
    expect(out("{{ v|compact|map:'name' }}", { v: people })).toBe("['a', 'b', 'a']");
    expect(out("{{ v|list_where:'name=a'|length }}", { v: people })).toBe('2');
    expect(out("{{ v|dictfilter:'age>1'|length }}", { v: people })).toBe('2');
    expect(out("{{ v|compact|sort:'age'|first }}", { v: people })).toBe("{'name': 'b', 'age': 1}");
    expect(out("{{ v|uniq:'name'|length }}", { v: people })).toBe('3');
    expect(out('{{ v|reverse }}', { v: [1, 2] })).toBe('[2, 1]');
    expect(out('{{ v|list_to_string }}', { v: ['apple', 'banana', 'orange'] })).toBe('apple, banana and orange');
  });
});

describe('dates', () => {
  it('format_date_string: the documented shapes without a note, others noted', () => {
    expect(render("{{ v|format_date_string|date:'Y-m-d H:i' }}", { v: '2016-02-11T16:46:08-05:00' })).toEqual({
      out: '2016-02-11 16:46',
      notes: [],
    });
    expect(render("{{ v|format_date_string|date:'Y-m-d H:i' }}", { v: '2016-02-11T16:46:08Z' })).toEqual({
      out: '2016-02-11 16:46',
      notes: ['format_date_string'],
    });
    expect(render("{{ v|format_date_string|date:'Y' }}", { v: 1455227168 })).toEqual({
      out: '2016',
      notes: ['format_date_string'],
    });
    expect(render("{{ v|format_date_string|date:'Y' }}", { v: 'soon' })).toEqual({
      out: '',
      notes: ['format_date_string'],
    });
  });
  it("date on text is '' (as in Django), and a missing value stays missing", () => {
    expect(out("{{ '2016-02-11'|date:'Y' }}")).toBe('');
    expect(out("{{ v|format_date_string|date:'Y' }}")).toBe('');
  });
  it('days_later: YYYY-MM-DD exactly; a timestamp noted', () => {
    expect(render("{{ '2021-12-30'|days_later:3 }}")).toEqual({ out: '2022-01-02', notes: [] });
    expect(render("{{ v|days_later:1|date:'Y-m-d' }}", { v: '2021-03-18T10:00:00-05:00' })).toEqual({
      out: '2021-03-19',
      notes: ['days_later'],
    });
  });
  it('weeks_since counts whole weeks to the send date', () => {
    expect(out("{{ '2026-02-24'|weeks_since }}")).toBe('2');
  });
  it('missing_product_image passes an image through, and notes the stand-in for a missing one', () => {
    expect(render('{{ v|missing_product_image }}', { v: 'https://x/y.png' })).toEqual({
      out: 'https://x/y.png',
      notes: [],
    });
    expect(render('{{ v|missing_product_image }}').notes).toEqual(['missing_product_image']);
  });
});

describe('tags', () => {
  it('{% today %}, {% now %} and the current-date tags use the send date, noted', () => {
    expect(render("{% today '%d.%m.%Y' %}|{% now 'Y' %}|{% current_month %}")).toEqual({
      out: '10.03.2026|2026|3',
      notes: ['today', 'now', 'current_month'],
    });
  });
  it('{% currency_format %}: dollars and cents for numbers and numeric text, other text as it is', () => {
    expect(currencyText(1234.5)).toBe('$1,234.50');
    expect(currencyText(-3)).toBe('-$3.00');
    expect(out('{% currency_format v %}', { v: '$40' })).toBe('$40');
    expect(out('{% currency_format v|floatformat:2 %}', { v: 39.98 })).toBe('$39.98');
  });
  it('coupon_code shows the in-app preview form; links and barcodes a stand-in, noted', () => {
    expect(render("{% coupon_code 'Spring' %}")).toEqual({ out: 'Spring-PREVIEW', notes: ['coupon_code'] });
    expect(render("{% unsubscribe 'Leave' %}")).toEqual({ out: 'Leave', notes: ['unsubscribe'] });
  });
  it('block tags parse their body; a missing end tag is a syntax error', () => {
    expect(out("{% customobjects object_type_title='Pet' as pets %}{{ pets|length }}{% endcustomobjects %}")).toBe('0');
    expect(() => compileTemplate("{% catalog 'x' %}")).toThrow(TemplateSyntaxError);
  });
});

describe('notes in loops', () => {
  it('a filter or tag inside a loop notes once, not once per item', () => {
    const { notes } = render("{% for x in v %}{{ x|multiply:2 }}{% today '%Y' %}{% endfor %}", { v: [1, 2, 3, 4] });
    expect(notes).toEqual(['multiply', 'today']);
  });
});
