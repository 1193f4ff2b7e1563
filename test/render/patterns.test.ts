import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { patternsFor } from '../../src/render/expression.js';

// The renderer picks ASCII-only patterns for ASCII text (cheaper to build); they must match exactly as the
// Unicode patterns do on such text.
const unicode = patternsFor('é');
const ascii = patternsFor('a');
const run = (re: RegExp, text: string, at: number) => {
  re.lastIndex = at;
  const m = re.exec(text);
  return m && { index: m.index, text: m[0], groups: m.groups };
};
// Characters that matter to the patterns, and all of ASCII.
const asciiText = fc.oneof(
  fc.stringMatching(/^[ -~\t\n\x0b\x0c\r\x1c-\x1f]*$/),
  fc
    .array(
      fc.constantFrom(
        'a',
        'Z',
        '0',
        '9',
        '_',
        '.',
        '|',
        ':',
        '"',
        "'",
        '\\',
        ' ',
        '\t',
        '\x1c',
        '(',
        ')',
        '-',
        '+',
        'e',
        'x',
      ),
      { maxLength: 30 },
    )
    .map((a) => a.join('')),
);

describe('expression patterns', () => {
  it('are two sets: ASCII text gets the ASCII set, anything else the Unicode one', () => {
    expect(ascii).not.toBe(unicode);
    expect(patternsFor('x|default:"ü"')).toBe(unicode);
    expect(patternsFor('x|default:"u"')).toBe(ascii);
  });

  it('match the same on ASCII text', () => {
    fc.assert(
      fc.property(asciiText, fc.nat(), (text, n) => {
        const at = text.length ? n % (text.length + 1) : 0;
        for (const key of ['head', 'filter', 'anyFilter'] as const)
          expect(run(ascii[key], text, at), key).toEqual(run(unicode[key], text, at));
        expect([...text.matchAll(ascii.smartSplit)].map((m) => [m.index, m[0]])).toEqual(
          [...text.matchAll(unicode.smartSplit)].map((m) => [m.index, m[0]]),
        );
      }),
      { numRuns: 5000 },
    );
  });
});
