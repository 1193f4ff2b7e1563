/**
 * The body printer's flag tree where generated bodies do not take it today: a run of optional members followed by
 * an unguarded member and more guarded ones, and a tree inside a member of another tree (the inner {% with %}
 * rebinds the same flag names). Every combination of present and missing values renders valid JSON holding
 * exactly the present members, as the plain construction does.
 */
import { describe, expect, it } from 'vitest';
import { renderTemplate } from '../../src/render/index.js';
import {
  lit,
  member,
  obj,
  presentMember,
  printBody,
  tpl,
  type BodyMember,
  type BodyNode,
} from '../../src/template/json-template.js';

const value = (k: string) => tpl(`"{{ event.${k}|escapejs }}"`);
const optional = (keys: string[]): BodyMember[] => keys.map((k) => presentMember(k, value(k), `event.${k}`));

/** Renders `node` for every subset of `keys` present (as "v"), both ways, and compares with the expected JSON. */
function everySubset(node: BodyNode, keys: string[], expected: (event: Record<string, string>) => unknown): void {
  const tree = printBody(node);
  const plain = printBody(node, { flagTreeFrom: Number.POSITIVE_INFINITY });
  expect(tree).toContain('{% with ');
  for (let bits = 0; bits < 2 ** keys.length; bits++) {
    const event = Object.fromEntries(keys.filter((_, i) => (bits >> i) & 1).map((k) => [k, `v ${k}`]));
    for (const body of [tree, plain]) {
      const text = renderTemplate(body, { event });
      expect(JSON.parse(text), text).toEqual(expected(event));
    }
  }
}

describe('the flag tree in the body printer', () => {
  it('a run of optional members, then an unguarded member, then optional ones', () => {
    const run = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const node = obj([
      ...optional(run),
      member('always', lit(1)),
      ...optional(['h']),
      member('also', lit(2)),
      ...optional(['i']),
    ]);
    everySubset(node, [...run, 'h', 'i'], (event) => {
      const pick = (keys: string[]) => Object.fromEntries(keys.filter((k) => k in event).map((k) => [k, event[k]]));
      return { ...pick(run), always: 1, ...pick(['h']), also: 2, ...pick(['i']) };
    });
  });

  it('a tree inside a member of a tree', () => {
    const outer = ['a', 'b', 'c', 'd', 'e'];
    const inner = ['p', 'q', 'r', 's', 't', 'u'];
    const node = obj([
      ...optional(outer.slice(0, 2)),
      presentMember('nested', obj(optional(inner)), 'event.p'),
      ...optional(outer.slice(2)),
    ]);
    const keys = [...outer, ...inner];
    const tree = printBody(node);
    expect(tree.match(/\{% with f1=/g)).toHaveLength(2);
    // Only a few subsets: 2^11 renderings of both bodies would be slow for no more coverage.
    for (const bits of [0, 1, 0b10000000000, 0b11111111111, 0b10101010101, 0b01010101010, 0b00000100100]) {
      const event = Object.fromEntries(keys.filter((_, i) => (bits >> i) & 1).map((k) => [k, `v ${k}`]));
      const pick = (ks: string[]) => Object.fromEntries(ks.filter((k) => k in event).map((k) => [k, event[k]]));
      const expected = {
        ...pick(outer.slice(0, 2)),
        ...('p' in event ? { nested: pick(inner) } : {}),
        ...pick(outer.slice(2)),
      };
      expect(JSON.parse(renderTemplate(tree, { event })), JSON.stringify(event)).toEqual(expected);
    }
  });

  it('keeps the plain construction below FLAG_TREE_FROM members and for guards that test no single value', () => {
    expect(printBody(obj(optional(['a', 'b'])))).not.toContain('{% with ');
    const conditions = ['a', 'b', 'c', 'd', 'e', 'f'].map((k) => member(k, value(k), `event.${k} or event.z`));
    expect(printBody(obj(conditions))).not.toContain('{% with ');
  });
});
