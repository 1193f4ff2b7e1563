import { describe, expect, it } from 'vitest';
import { accessExpression, assertReferenceable, quoteArgument } from '../../src/template/expression.js';
import { parsePath } from '../../src/paths/syntax.js';
import type { AccessSegment } from '../../src/template/expression.js';

const expr = (path: string) => accessExpression('event', parsePath(path) as AccessSegment[]);

describe('accessExpression', () => {
  it('uses dots for plain identifiers and list indexes', () => {
    expect(expr('extra.line_items[0].title')).toBe('event.extra.line_items.0.title');
  });

  it('switches to lookup from the first key that needs it, indexes included', () => {
    expect(expr('$extra.line_items[0].sku')).toBe("event|lookup:'$extra'|lookup:'line_items'|lookup:'0'|lookup:'sku'");
    expect(expr('Collection Names[0]')).toBe("event|lookup:'Collection Names'|lookup:'0'");
    expect(expr('a.Größe')).toBe("event.a|lookup:'Größe'");
    expect(expr('_hidden')).toBe("event|lookup:'_hidden'");
    expect(expr('["a.b"]')).toBe("event|lookup:'a.b'");
  });

  it("escapes quotes and backslashes the way Django's unescape_string_literal reads them", () => {
    expect(quoteArgument("it's")).toBe("'it\\'s'");
    expect(quoteArgument('a\\b')).toBe("'a\\\\b'");
    expect(quoteArgument("q\\'")).toBe("'q\\\\\\''");
  });

  it('refuses keys no template can reach', () => {
    expect(() => assertReferenceable('a}}b', 'field')).toThrow('ends a Klaviyo template tag');
    expect(() => assertReferenceable('a%}b', 'field')).toThrow('"%}"');
    expect(() => assertReferenceable('two\nlines', 'field')).toThrow('a line break');
    expect(() => assertReferenceable('{{ok', 'field')).not.toThrow();
  });
});
