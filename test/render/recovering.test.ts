/**
 * The recovering parse (validate's one parse of a body): its first error is the one the strict parse throws, for
 * every Django fixture and for templates broken on purpose; and it still builds the tree around the errors.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TemplateSyntaxError, compileRecovering, compileTemplate } from '../../src/render/index.js';
import { ForNode, IfNode, KeptBlockNode, type Node, WithNode } from '../../src/render/nodes.js';

const fixture = JSON.parse(readFileSync(new URL('./fixtures/django-cases.json', import.meta.url), 'utf8')) as {
  cases: { template: string }[];
};

function strictError(template: string): string | undefined {
  try {
    compileTemplate(template);
    return undefined;
  } catch (e) {
    if (!(e instanceof TemplateSyntaxError)) throw e;
    return `${e.offset}: ${e.message}`;
  }
}

function recoveredError(template: string): string | undefined {
  const e = compileRecovering(template).errors[0];
  return e && `${e.offset}: ${e.message}`;
}

const PIECES = [
  '{% if a %}',
  '{% elif b %}',
  '{% else %}',
  '{% endif %}',
  '{% for x in xs %}',
  '{% empty %}',
  '{% endfor %}',
  '{% with y=a %}',
  '{% endwith %}',
  '{% comment %}',
  '{% endcomment %}',
  '{% verbatim %}',
  '{% endverbatim %}',
  '{% spaceless %}',
  '{% endspaceless %}',
  '{% filter upper %}',
  '{% endfilter %}',
  '{% ifchanged %}',
  '{% endifchanged %}',
  '{% catalog x %}',
  '{% endcatalog %}',
  '{% elsif c %}',
  '{% frobnicate %}',
  '{% if a && b %}',
  '{% for x xs %}',
  '{% with %}',
  '{{ a|nofilter }}',
  '{{ }}',
  '{% %}',
  '{{ a }}',
  'text',
  '{% cycle %}',
  '{% if not %}',
  '{% endif x %}',
  '{% empty x %}',
];

/** Templates of 1-7 pieces from a fixed pseudo-random sequence. */
function* brokenTemplates(count: number): Generator<string> {
  let seed = 20261201;
  const next = (n: number) => {
    seed = (seed * 48271) % 2147483647;
    return seed % n;
  };
  for (let i = 0; i < count; i++) {
    let t = '';
    for (let k = 1 + next(7); k > 0; k--) t += PIECES[next(PIECES.length)];
    yield t;
  }
}

describe('the recovering parse', () => {
  it('records first the error the strict parse throws (every Django fixture)', () => {
    const differ = fixture.cases.map((c) => c.template).filter((t) => strictError(t) !== recoveredError(t));
    expect(differ).toEqual([]);
  });

  it('records first the error the strict parse throws (3,000 broken templates)', () => {
    const differ = [...brokenTemplates(3000)].filter((t) => strictError(t) !== recoveredError(t));
    expect(differ).toEqual([]);
  });

  it('gives the compiled template only when there is no error', () => {
    expect(compileRecovering('{% if a %}x{% endif %}').template?.render({ a: 1 })).toBe('x');
    expect(compileRecovering('{% if a %}x').template).toBeUndefined();
  });

  it('keeps the blocks around an error, and says which tags were out of place', () => {
    const r = compileRecovering('{% for x in xs %}{% if x && y %}{{ x|nofilter }}{% endfor %}{% endif %}{% with %}');
    expect(r.errors.map((e) => e.message)).toEqual([
      "Could not parse the remainder: '&&' from '&&'",
      "Invalid filter: 'nofilter'",
      "Invalid block tag on line 1: 'endfor', expected 'elif', 'else' or 'endif'. Did you forget to register or load this tag?",
      "Invalid block tag on line 1: 'endif'. Did you forget to register or load this tag?",
      "'with' expected at least one variable assignment",
      "Unclosed tag on line 1: 'with'. Looking for one of: endwith.",
    ]);
    expect(r.blocks.map(({ kind, name }) => `${kind} ${name}`)).toEqual([
      'misplaced endfor',
      'stray endif',
      'unclosed with',
    ]);
    const [loop, with_] = r.nodes as [ForNode, WithNode];
    expect(loop).toBeInstanceOf(ForNode);
    expect(loop.loopvars).toEqual(['x']);
    const inner = loop.body[0] as IfNode;
    expect(inner).toBeInstanceOf(IfNode);
    expect(inner.branches[0]!.condition).toMatchObject({ kind: 'unparsed', bits: ['x', '&&', 'y'] });
    expect(with_).toBeInstanceOf(WithNode);
  });

  it('parses the body of a block tag it cannot compile, to its closing tag', () => {
    const r = compileRecovering('{% ifchanged %}{% if a %}1{% endif %}{% else %}2{% endifchanged %}{% endif %}');
    const kept = r.nodes[0] as KeptBlockNode;
    expect(kept).toBeInstanceOf(KeptBlockNode);
    expect(kept.bodies.map((b: Node[]) => b.length)).toEqual([1, 1]);
    expect(r.blocks.map(({ kind, name }) => `${kind} ${name}`)).toEqual(['stray endif']);
  });
});
