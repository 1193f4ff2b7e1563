/** Random trigger events for the property suites (generated-bodies, editor-safe-bodies). */
import fc from 'fast-check';

// Keys and text from a hostile alphabet: spaces, $, dots, brackets, =, quotes, backslashes, braces, percent signs,
// control characters, non-ASCII letters, emoji, U+2028, and digits (numeric-looking keys).
export const hostileChar = fc.constantFrom(...'aZ_ $.[]="\'\\{}%#:-<>&;`\t\u0000\u001f\u2028é中😀0123'.split(/(?:)/u));
const hostileString = fc.oneof(
  fc.string({ unit: hostileChar, maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.string({ maxLength: 6 }),
);
const key = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: hostileChar, minLength: 1, maxLength: 8 }) },
  fc.constantFrom('sku', 'Item Count', '$value', '0', '12', 'a.b', 'x=y', 'Größe'),
);
const scalar = fc.oneof(
  hostileString,
  fc.integer({ min: -1e6, max: 1e12 }),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e20, max: 1e20 }).filter((d) => !Object.is(d, -0)),
  fc.boolean(),
  fc.constant(null),
);
const { value: jsonValue, object: jsonObject } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, scalar, tie('list'), tie('object')),
  list: fc.oneof(fc.array(scalar, { maxLength: 4 }), fc.array(tie('object'), { maxLength: 3 }), fc.constant([])),
  object: fc.dictionary(key, tie('value'), { maxKeys: 4 }),
}));
export const event = fc
  .record({
    base: fc.dictionary(key, jsonValue, { minKeys: 1, maxKeys: 6 }),
    eventId: fc.option(fc.string({ maxLength: 10 })),
  })
  .map(({ base, eventId }) => (eventId === null ? base : { ...base, $event_id: eventId }));

/** A list of objects for --each: random elements (hostile keys, any values, nested objects and lists). */
export const elementList = fc.array(jsonObject as fc.Arbitrary<Record<string, unknown>>, {
  minLength: 0,
  maxLength: 4,
});

/** Which of the sample's fields to map (indexes into its field list), what to name them, which to drop or null. */
export const fieldPicks = fc.array(fc.nat(), { minLength: 1, maxLength: 5 });
export const targetNames = fc.array(fc.constantFrom('SKU', 'Item Count', '$x', 'Größe', 'a"b', 'c\\d', 'Name'), {
  minLength: 1,
  maxLength: 3,
});
export const fieldDrops = fc.array(fc.nat(), { maxLength: 3 });
