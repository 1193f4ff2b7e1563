import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FILTER_NAMES,
  PyFloat,
  TemplateRenderError,
  TemplateSyntaxError,
  compileTemplate,
  parseJsonForRender,
  pyStr,
  renderTemplate,
} from '../../src/render/index.js';
import { escapeJs } from '../../src/render/text.js';

describe('pyStr', () => {
  it('prints Python str() of JSON-derived values', () => {
    expect(pyStr(null)).toBe('None');
    expect(pyStr(true)).toBe('True');
    expect(pyStr(false)).toBe('False');
    expect(pyStr(45)).toBe('45');
    expect(pyStr(new PyFloat(45))).toBe('45.0');
    expect(pyStr(-0)).toBe('0');
    expect(pyStr(new PyFloat(-0))).toBe('-0.0');
    expect(pyStr("it's")).toBe("it's");
    expect(pyStr(['a', 'b'])).toBe("['a', 'b']");
    expect(pyStr({ k: 1, n: null, l: [true, new PyFloat(1)] })).toBe("{'k': 1, 'n': None, 'l': [True, 1.0]}");
    expect(pyStr(["it's", 'say "hi"', 'both \' "'])).toBe(`["it's", 'say "hi"', 'both \\' "']`);
    expect(pyStr(['\x00\t\n\r\x7f\u0085\u00a0\u200b\u2028é☃😀\ud800'])).toBe(
      "['\\x00\\t\\n\\r\\x7f\\x85\\xa0\\u200b\\u2028é☃😀\\ud800']",
    );
  });
  it('prints floats as Python repr', () => {
    const cases: [number, string][] = [
      [0.1, '0.1'],
      [1e-5, '1e-05'],
      [0.0001, '0.0001'],
      [1.5e-7, '1.5e-07'],
      [123456789.123, '123456789.123'],
      [0.1 + 0.2, '0.30000000000000004'],
      [5e-324, '5e-324'],
      [-2.5, '-2.5'],
      [1234.5e-20, '1.2345e-17'],
    ];
    for (const [x, s] of cases) expect(pyStr(x)).toBe(s);
    expect(pyStr(new PyFloat(1e16))).toBe('1e+16');
    expect(pyStr(new PyFloat(1e15))).toBe('1000000000000000.0');
    expect(pyStr(new PyFloat(1.7976931348623157e308))).toBe('1.7976931348623157e+308');
    expect(pyStr(new PyFloat(100))).toBe('100.0');
    // Integral JS numbers are Python ints.
    expect(pyStr(1e16)).toBe('10000000000000000');
    expect(pyStr(1e21)).toBe('1000000000000000000000');
  });
  it('keeps dict key order from JSON text, integer-like keys included', () => {
    expect(pyStr(parseJsonForRender('{"b": 1, "1": 2, "a": 3}'))).toBe("{'b': 1, '1': 2, 'a': 3}");
  });
});

describe('parseJsonForRender', () => {
  it('marks integral numbers written as floats', () => {
    const v = parseJsonForRender('{"a": 45.0, "b": 45, "c": 1e2, "d": 1.5, "e": -0.0, "f": 2E0}') as Record<
      string,
      unknown
    >;
    expect(v.a).toEqual(new PyFloat(45));
    expect(v.b).toBe(45);
    expect(v.c).toEqual(new PyFloat(100));
    expect(v.d).toBe(1.5);
    expect(v.e).toEqual(new PyFloat(-0));
    expect(v.f).toEqual(new PyFloat(2));
  });
  it('parses like JSON.parse otherwise', () => {
    const text = '{"s": "a\\u00e9\\n\\"", "l": [1, [], {}, null, true, false], "o": {"x": {"y": "z"}}}';
    expect(JSON.stringify(parseJsonForRender(text))).toBe(JSON.stringify(JSON.parse(text)));
  });
  it('treats __proto__ as an ordinary key', () => {
    const v = parseJsonForRender('{"__proto__": {"polluted": 1}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.keys(v)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
  it('does not overflow on deep nesting', () => {
    const depth = 200_000;
    const v = parseJsonForRender('['.repeat(depth) + ']'.repeat(depth));
    expect(Array.isArray(v)).toBe(true);
    expect(renderTemplate('{{ v|length }}', { v })).toBe('1');
    expect(pyStr(v).length).toBe(depth * 2);
  });
  it('throws SyntaxError with a position', () => {
    for (const bad of ['', '{', '[1,]', '{"a" 1}', '01', '"\\x"', 'nul', '[1] x', '{"a":1,}', '"\u0001"']) {
      expect(() => parseJsonForRender(bad)).toThrow(SyntaxError);
      expect(() => parseJsonForRender(bad)).toThrow(/position \d+/);
    }
  });
});

describe('escapejs', () => {
  it('round-trips through JSON string syntax for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(JSON.parse(`"${escapeJs(s)}"`)).toBe(s);
        expect(JSON.parse(`"${renderTemplate('{{ v|escapejs }}', { v: s })}"`)).toBe(s);
      }),
      { numRuns: 500 },
    );
  });
  it("escapes exactly Django's set with uppercase hex", () => {
    expect(escapeJs('"\\\'<>&=-;`\u2028\u2029\x00\x1f a')).toBe(
      '\\u0022\\u005C\\u0027\\u003C\\u003E\\u0026\\u003D\\u002D\\u003B\\u0060\\u2028\\u2029\\u0000\\u001F a',
    );
  });
});

describe('errors', () => {
  const syntaxError = (source: string) => {
    try {
      compileTemplate(source);
    } catch (e) {
      if (e instanceof TemplateSyntaxError) return e;
      throw e;
    }
    throw new Error(`compiled: ${source}`);
  };
  it('points at the offending token', () => {
    const e = syntaxError('{\n  "a": "{{ x|lookup: \'a\' }}"\n}');
    expect([e.offset, e.line, e.column]).toEqual([10, 2, 9]);
    const u = syntaxError('x\n{% if a %}\n{% for b in c %}');
    expect([u.line, u.column]).toEqual([3, 1]);
    expect(u.message).toContain("Unclosed tag on line 3: 'for'");
  });
  it('names unknown filters and tags', () => {
    expect(syntaxError('{{ x|jsonify }}').message).toBe("Invalid filter: 'jsonify'");
    expect(syntaxError('{% frobnicate %}').message).toContain("'frobnicate'");
    expect(syntaxError('{{ x|default }}').message).toBe('default requires 2 arguments, 1 provided');
  });
  it('explains Liquid syntax', () => {
    expect(syntaxError('{% if a %}{% elsif b %}{% endif %}').message).toContain(
      "'elsif' is Liquid syntax; Django uses {% elif",
    );
    expect(syntaxError('{% assign x = 1 %}').message).toContain('{% with name=value %}');
    expect(syntaxError('{% unless a %}{% endunless %}').message).toContain('{% if not');
    expect(syntaxError('{% capture x %}{% endcapture %}').message).toContain('Liquid');
    expect(syntaxError('{% case x %}{% when 1 %}{% endcase %}').message).toContain('Liquid');
  });
  it('reports render-time Python exceptions with their type and tag position', () => {
    try {
      renderTemplate('ok\n{{ x|divisibleby:2 }}', { x: 'abc' });
      throw new Error('rendered');
    } catch (e) {
      expect(e).toBeInstanceOf(TemplateRenderError);
      expect((e as TemplateRenderError).pythonType).toBe('ValueError');
      expect((e as TemplateRenderError).line).toBe(2);
    }
  });
});

describe('rendering', () => {
  const ctx = parseJsonForRender(
    '{"event": {"$value": 45.0, "Item Count": 2, "$extra": {"line_items": [{"t": "A"}, {"t": "B"}]}}, "person": {"email": "a@b.c"}}',
  ) as Record<string, unknown>;
  it('renders a Klaviyo webhook body as Django would', () => {
    const body = `{"email": "{{ person.email|escapejs }}", "value": {{ event|lookup:'$value' }}, "items": [{% for i in event|lookup:'$extra'|lookup:'line_items' %}"{{ i.t }}"{% if not forloop.last %}, {% endif %}{% endfor %}]{% if event|lookup:'Item Count' != None %}, "count": {{ event|lookup:'Item Count' }}{% endif %}}`;
    expect(renderTemplate(body, ctx)).toBe('{"email": "a@b.c", "value": 45.0, "items": ["A", "B"], "count": 2}');
  });
  it('autoescapes only when asked', () => {
    expect(renderTemplate('{{ v }}|{{ v|safe }}|{{ v|escapejs }}', { v: '<a&b>' })).toBe(
      '<a&b>|<a&b>|\\u003Ca\\u0026b\\u003E',
    );
    expect(renderTemplate('{{ v }}|{{ v|safe }}|{{ v|escapejs }}', { v: '<a&b>' }, { autoescape: true })).toBe(
      '&lt;a&amp;b&gt;|<a&b>|\\u003Ca\\u0026b\\u003E',
    );
  });
  it('compiles once and renders many contexts', () => {
    const t = compileTemplate('{{ a|default:"none" }}');
    expect(t.render({ a: 1 })).toBe('1');
    expect(t.render({})).toBe('none');
  });
  it('lists its filters', () => {
    for (const name of ['default', 'lookup', 'escapejs', 'floatformat', 'yesno', 'join', 'slice', 'stringformat']) {
      expect(FILTER_NAMES).toContain(name);
    }
  });
});
