import { describe, expect, it } from 'vitest';
import { parsePath } from '../../src/paths/syntax.js';
import { PathNotFoundError, resolvePath } from '../../src/paths/resolve.js';
import { listFields, nestingDepth } from '../../src/paths/field-tree.js';
import { closest, editDistance } from '../../src/util.js';

const sample = {
  $value: 29.98,
  'Item Count': 2,
  OptedIn: false,
  Items: ['A', 'B'],
  Note: null,
  $extra: {
    line_items: [
      { sku: 'A-1', quantity: 1, tags: ['x'] },
      { sku: 'B-2', quantity: 3 },
    ],
    empty: [],
  },
};
const resolve = (p: string) => resolvePath(sample, parsePath(p));

describe('resolvePath', () => {
  it('types each kind of value', () => {
    expect(resolve('$value').type).toEqual({ kind: 'number' });
    expect(resolve('OptedIn').type).toEqual({ kind: 'boolean' });
    expect(resolve('Items').type).toEqual({ kind: 'list', of: { kind: 'string' } });
    expect(resolve('Note').type).toEqual({ kind: 'null' });
    expect(resolve('$extra').type).toEqual({ kind: 'object' });
    expect(resolve('$extra.line_items[*].sku')).toEqual({
      type: { kind: 'list', of: { kind: 'string' } },
      values: ['A-1', 'B-2'],
    });
    expect(resolve('$extra.line_items[1].quantity').values).toEqual([3]);
    expect(resolve('$extra.line_items[*].tags[*]').type).toEqual({
      kind: 'list',
      of: { kind: 'list', of: { kind: 'string' } },
    });
  });

  it('suggests the nearest keys for a misspelt path', () => {
    const err = (() => {
      try {
        resolve('$extra.line_item[*].sku');
      } catch (e) {
        return e;
      }
    })() as PathNotFoundError;
    expect(err).toBeInstanceOf(PathNotFoundError);
    expect(err.exitCode).toBe(2);
    expect(err.message).toContain('did you mean "$extra.line_items[*].sku"');
    expect(() => resolve('item count')).toThrow('"Item Count"');
  });

  it('explains a path into the wrong type', () => {
    expect(() => resolve('$extra[0]')).toThrow('$extra is an object, not a list');
    expect(() => resolve('$extra.line_items.sku')).toThrow('use [0] for one element or [*] for every element');
    expect(() => resolve('$value.x')).toThrow('$value is a number');
    expect(() => resolve('$extra.line_items[5]')).toThrow('has 2 elements');
  });
});

describe('listFields', () => {
  it('lists leaves and [*] wildcards with types and examples', () => {
    const fields = Object.fromEntries(listFields(sample).map((f) => [f.text, f]));
    expect(fields['$extra.line_items[*].sku']).toMatchObject({
      type: { kind: 'list', of: { kind: 'string' } },
      example: 'A-1',
      count: 2,
    });
    expect(fields['$extra.line_items[0].quantity']).toMatchObject({ type: { kind: 'number' }, example: 1 });
    expect(fields.Items).toMatchObject({ count: 2 });
    expect(fields['Item Count']!.type).toEqual({ kind: 'number' });
  });

  it('does not overflow on deep nesting', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 20000; i++) deep = { a: deep };
    expect(() => listFields(deep)).not.toThrow();
    expect(nestingDepth(deep)).toBe(20000);
  });
});

describe('suggest', () => {
  it('measures edit distance and ranks case-insensitive matches first', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(closest('sku', ['SKU', 'skus', 'price'])).toEqual(['SKU', 'skus']);
  });
});
