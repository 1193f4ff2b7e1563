import { describe, expect, it } from 'vitest';
import { defaultName, formatPath, parsePath, splitMapping } from '../../src/paths/syntax.js';
import { UserError } from '../../src/errors.js';

describe('parsePath', () => {
  it('reads keys, indexes and [*]', () => {
    expect(parsePath('$extra.line_items[0].sku')).toEqual([
      { kind: 'key', key: '$extra' },
      { kind: 'key', key: 'line_items' },
      { kind: 'index', index: 0 },
      { kind: 'key', key: 'sku' },
    ]);
    expect(parsePath('$extra.line_items[*].sku')[2]).toEqual({ kind: 'each' });
  });

  it('allows spaces, $, colons and non-ASCII letters in plain keys', () => {
    expect(parsePath('Item Count')).toEqual([{ kind: 'key', key: 'Item Count' }]);
    expect(parsePath('Größe.$x y')).toEqual([
      { kind: 'key', key: 'Größe' },
      { kind: 'key', key: '$x y' },
    ]);
    expect(parsePath('Variant Option: Size')).toEqual([{ kind: 'key', key: 'Variant Option: Size' }]);
  });

  it('reads quoted keys containing . [ ] = and escapes', () => {
    expect(parsePath('["a.b"]')).toEqual([{ kind: 'key', key: 'a.b' }]);
    expect(parsePath('x["k]=[\\"q\\""].y')).toEqual([
      { kind: 'key', key: 'x' },
      { kind: 'key', key: 'k]=["q"' },
      { kind: 'key', key: 'y' },
    ]);
    expect(parsePath('[""]')).toEqual([{ kind: 'key', key: '' }]);
  });

  it.each([
    ['', 'empty'],
    ['a.', 'ends with'],
    ['.a', 'empty key'],
    ['a..b', 'empty key'],
    ['a[', 'never closed'],
    ['a[x]', 'expected [number]'],
    ['a[-1]', 'expected [number]'],
    ['a]b', 'must be inside'],
    ['a=b', 'must be inside'],
    ['["unterminated]', 'never closed'],
    ['[1]x', 'expected "." or "["'],
    ['[12]', undefined],
  ])('%j → %s', (text, message) => {
    if (message === undefined) expect(() => parsePath(text)).not.toThrow();
    else {
      expect(() => parsePath(text)).toThrow(UserError);
      expect(() => parsePath(text)).toThrow(message);
    }
  });
});

describe('formatPath', () => {
  it.each(['$extra.line_items[0].sku', 'a[*].b', 'Item Count', '["a.b"].c', '["x=y"]', '[""]', '["["]', 'Größe'])(
    'round-trips %s',
    (text) => {
      expect(formatPath(parsePath(text))).toBe(text);
    },
  );
});

describe('splitMapping', () => {
  it('splits at the first = outside quotes', () => {
    expect(splitMapping('$extra.line_items[*].sku=SKUs')).toEqual({ path: '$extra.line_items[*].sku', name: 'SKUs' });
    expect(splitMapping('["a=b"]=Name=x')).toEqual({ path: '["a=b"]', name: 'Name=x' });
    expect(splitMapping('ShippingRate')).toEqual({ path: 'ShippingRate', name: undefined });
    expect(splitMapping('a=')).toEqual({ path: 'a', name: '' });
  });
});

describe('defaultName', () => {
  it('is the last key', () => {
    expect(defaultName(parsePath('$extra.line_items[*].sku'))).toBe('sku');
    expect(defaultName(parsePath('Items[0]'))).toBe('Items');
  });
});
