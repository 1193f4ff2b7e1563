/** Editor-safe value templates: one JSON string per value, valid JSON before rendering, the value's text after. */
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { generate } from '../../src/generate.js';
import { parsePath, type FieldType } from '../../src/paths/index.js';
import { parseJsonForRender, renderTemplate } from '../../src/render/index.js';
import { accessExpression, assertEditorSafeKey, type AccessSegment } from '../../src/template/expression.js';
import { separatorText, textValueTemplate, type EscapeMode } from '../../src/template/value.js';

const str: FieldType = { kind: 'string' };
const num: FieldType = { kind: 'number' };
const bool: FieldType = { kind: 'boolean' };
const list = (of: FieldType): FieldType => ({ kind: 'list', of });

function text(path: string, type: FieldType, options: { separator?: string; escape?: EscapeMode } = {}): string {
  return textValueTemplate('event', parsePath(path), type, {
    escape: options.escape ?? 'escapejs',
    separator: options.separator ?? ', ',
    where: `field "${path}"`,
  });
}

/** Renders the template as a JSON member value and decodes it, as Klaviyo's receiver would. */
function render(template: string, eventJson: string): unknown {
  const body = `{"v": ${template}}`;
  expect(() => JSON.parse(body), `raw text is not JSON: ${body}`).not.toThrow();
  const rendered = renderTemplate(body, { event: parseJsonForRender(eventJson) });
  return (JSON.parse(rendered) as { v: unknown }).v;
}

describe('textValueTemplate', () => {
  it('writes each type as one JSON string', () => {
    expect(text('Name', str)).toBe(`"{{ event.Name|default_if_none:''|escapejs }}"`);
    expect(text('Item Count', num)).toBe(`"{{ event|lookup:'Item Count'|default_if_none:''|escapejs }}"`);
    expect(text('Opted', bool)).toBe(
      `"{% if event.Opted|default_if_none:'' != '' %}{% if event.Opted %}true{% else %}false{% endif %}{% endif %}"`,
    );
    expect(text('$extra.line_items[*].sku', list(str))).toBe(
      `"{% for item in event|lookup:'$extra'|lookup:'line_items' %}{{ item.sku|default_if_none:''|escapejs }}{% if not forloop.last %}, {% endif %}{% endfor %}"`,
    );
    expect(text('Name', str, { escape: 'none' })).toBe(`"{{ event.Name|default_if_none:'' }}"`);
    expect(text('N', num, { escape: 'none' })).toBe(`"{{ event.N|default_if_none:''|stringformat:'s' }}"`);
  });

  it('renders numbers as Python str(), booleans as true/false, and missing or null values as ""', () => {
    for (const escape of ['escapejs', 'none'] as const) {
      const n = text('n', num, { escape });
      expect(render(n, '{"n": 45.0}')).toBe('45.0');
      expect(render(n, '{"n": 1e-7}')).toBe('1e-07');
      expect(render(n, '{"n": -3}')).toBe('-3');
      expect(render(n, '{"n": 0}')).toBe('0');
      expect(render(n, '{"n": null}')).toBe('');
      expect(render(n, '{}')).toBe('');
    }
    const b = text('b', bool);
    expect(render(b, '{"b": true}')).toBe('true');
    expect(render(b, '{"b": false}')).toBe('false');
    expect(render(b, '{"b": null}')).toBe('');
    expect(render(b, '{}')).toBe('');
    const s = text('s', str);
    expect(render(s, '{"s": "say \\"hi\\"\\n\\\\ <b> \u2028"}')).toBe('say "hi"\n\\ <b> \u2028');
    expect(render(s, '{}')).toBe('');
    // A key needing lookup that the event lacks: lookup gives '' rather than failing.
    expect(render(text('Item Count', num), '{}')).toBe('');
  });

  it('joins lists with the separator, nested lists level by level, and renders a missing list as ""', () => {
    const l = text('tags[*]', list(str));
    expect(render(l, '{"tags": ["a", "b\\"c", null, 3]}')).toBe('a, b"c, , 3');
    expect(render(l, '{"tags": []}')).toBe('');
    expect(render(l, '{"tags": null}')).toBe('');
    expect(render(l, '{}')).toBe('');
    expect(render(text('n[*]', list(num), { separator: ';' }), '{"n": [1, 2.5, 3.0]}')).toBe('1;2.5;3.0');
    expect(render(text('b[*]', list(bool), { separator: '|' }), '{"b": [true, false, null]}')).toBe('true|false|');
    expect(render(text('m[*][*]', list(list(str)), { separator: '/' }), '{"m": [["a", "b"], [], ["c"]]}')).toBe(
      'a/b//c',
    );
    expect(render(text('o[*].k', list(str)), '{"o": [{"k": "x"}, {}, {"k": "y"}]}')).toBe('x, , y');
  });

  it('escapes the separator for JSON and for the template language', () => {
    expect(separatorText(', ')).toBe(', ');
    expect(separatorText('"\\\n\t')).toBe('\\"\\\\\\n\\t');
    expect(separatorText('{%')).toBe('{% templatetag openbrace %}%');
    expect(separatorText('}}')).toBe('{% templatetag closebrace %}{% templatetag closebrace %}');
    for (const separator of [
      '"',
      '\\',
      '\n',
      '{{',
      '{%',
      '%}',
      '}}',
      '{#',
      '#}',
      '{',
      '}',
      "'",
      '\u0000',
      ' | ',
      'é😀',
      '\u2028',
      '{{ event.x }}',
      '%',
    ]) {
      const t = text('tags[*]', list(str), { separator });
      expect(render(t, '{"tags": ["a", "b", "c"]}'), JSON.stringify(separator)).toBe(['a', 'b', 'c'].join(separator));
    }
    expect(() => separatorText('x'.repeat(101))).toThrow(/at most 100/);
  });

  it('accepts keys a JSON string can carry (backslashes, braces, $, spaces, non-ASCII)', () => {
    for (const key of ['a\\b', 'ends\\', '$value', 'Größe', 'a{b', 'a}b', '{{x', 'x=y', '😀']) {
      const t = textValueTemplate('event', [{ kind: 'key', key }], str, { escape: 'escapejs', separator: ', ' });
      expect(render(t, JSON.stringify({ [key]: 'v"1' })), key).toBe('v"1');
    }
  });

  it('refuses keys with quotes or control characters, naming the key and the way out', () => {
    for (const [key, what] of [
      ["it's", 'single quote'],
      ['a"b', 'double quote'],
      ['tab\there', 'control character (U+0009)'],
      ['\u0000', 'U+0000'],
    ] as const) {
      expect(() => assertEditorSafeKey(key, 'field "x"')).toThrow(UserError);
      expect(() =>
        textValueTemplate('event', [{ kind: 'key', key }], str, { escape: 'escapejs', separator: ', ' }),
      ).toThrow(
        new RegExp(
          `contains a.*${what.replace(/[()+]/g, '\\$&')}.*editor-safe body.*use the default \\(typed\\) output`,
        ),
      );
      // The typed output still reads them.
      expect(accessExpression('event', [{ kind: 'key', key }] as AccessSegment[])).toContain('lookup:');
    }
  });
});

describe('generate --editor-safe', () => {
  const sample = { $event_id: 'e1', 'Item Count': 2, Opted: true, Tags: ['a', 'b'], Name: 'Ann', $value: 9.5 };
  const run = (webhook: object, extra: object = {}) =>
    generate({ editorSafe: true, ...extra, webhooks: [webhook as never] }, sample, { today: '2026-11-28' })
      .webhooks[0]!;

  it('writes every profile property unguarded and says what each one becomes', () => {
    const w = run({ kind: 'profile-import', properties: ['Item Count', 'Opted', 'Tags', 'Name'] });
    expect(w.editorSafe).toBe(true);
    // Outside the strings, nothing but JSON.
    expect(w.body.replace(/"(?:[^"\\]|\\.)*"/g, '""')).not.toMatch(/[{%]%|\{\{/);
    expect(JSON.parse(w.body).data.attributes.properties).toEqual({
      'Item Count': expect.any(String),
      Opted: expect.any(String),
      Tags: expect.any(String),
      Name: expect.any(String),
    });
    expect(w.fields.map((f) => f.type)).toEqual(['string', 'string', 'string', 'string']);
    const messages = w.problems.map((p) => `${p.at} ${p.message}`);
    expect(messages).toContainEqual(
      expect.stringMatching(
        /^\/data\/attributes\/properties\/Item Count .*"Item Count" arrives as text.*"greater than"/,
      ),
    );
    expect(messages).toContainEqual(expect.stringMatching(/"Opted" arrives as the text "true" or "false"/));
    expect(messages).toContainEqual(expect.stringMatching(/"Tags" arrives as one text, its items joined with ", "/));
    expect(messages).toContainEqual(
      expect.stringMatching(
        /a profile property whose field is missing or null in the event is written as an empty string, clearing the value an earlier event set.*"Name"/,
      ),
    );
    expect(w.problems.filter((p) => p.severity === 'error')).toEqual([]);
    // No warnings from the body checks on what the generator wrote.
    expect(w.problems.filter((p) => p.line !== undefined)).toEqual([]);
  });

  it('always sends unique_id, warning what an event without it does; refuses --value', () => {
    const w = run({ kind: 'create-event', metric: 'M', properties: ['Name'] });
    expect(JSON.parse(w.body).data.attributes.unique_id).toBe(
      `{{ event|lookup:'$event_id'|default_if_none:''|escapejs }}`,
    );
    expect(w.problems).toContainEqual(
      expect.objectContaining({
        at: '/data/attributes/unique_id',
        message: expect.stringMatching(/sends unique_id "".*only the first event per profile and metric/),
      }),
    );
    expect(() => run({ kind: 'create-event', metric: 'M', properties: ['Name'], value: '$value' })).toThrow(
      /--value "\$value" cannot be used with --editor-safe: Klaviyo's API requires .* a number/,
    );
    expect(run({ kind: 'create-event', metric: 'M', properties: ['Name'], uniqueId: false }).body).not.toContain(
      'unique_id',
    );
  });

  it('uses the separator given, and refuses one without editor-safe', () => {
    const w = run({ kind: 'create-event', metric: 'M', properties: ['Tags'] }, { listSeparator: ' | ' });
    expect(w.body).toContain('{% if not forloop.last %} | {% endif %}');
    expect(() =>
      generate(
        { listSeparator: ';', webhooks: [{ kind: 'create-event', metric: 'M', properties: ['Tags'] }] },
        sample,
        { today: '2026-11-28' },
      ),
    ).toThrow(/--list-separator \(listSeparator\) only applies to editor-safe output/);
  });

  it('reports editorSafe false for the default output', () => {
    const w = generate({ webhooks: [{ kind: 'create-event', metric: 'M', properties: ['Item Count'] }] }, sample, {
      today: '2026-11-28',
    }).webhooks[0]!;
    expect(w.editorSafe).toBe(false);
  });
});
