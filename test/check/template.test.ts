import { describe, expect, it } from 'vitest';
import { condOf } from '../../src/check/conditions.js';
import { compileRecovering } from '../../src/render/index.js';
import type { IfNode } from '../../src/render/nodes.js';
import { check, errors, eventBody, pos, warnings } from './helpers.js';

/** The first error's message and position, for a Create Event body with `member` in its properties. */
function firstError(member: string) {
  const body = eventBody(member);
  const errs = errors(check(body).problems);
  expect(errs.length).toBeGreaterThan(0);
  return { body, err: errs[0]! };
}

describe('template syntax (issue 3 §1)', () => {
  it('a {{ with no }} on its line', () => {
    const { body, err } = firstError(`"a": "{{ event.a"`);
    expect(err).toMatchObject(pos(body, '{{ event.a'));
    expect(err.message).toMatch(/no closing "}}"/);
  });

  it('a tag split across lines says to join it', () => {
    const { body, err } = firstError(`"a": "{{ event.a\n }}"`);
    expect(err).toMatchObject(pos(body, '{{ event.a'));
    expect(err.message).toMatch(/cannot span lines/);
  });

  it('a stray }} (a variable missing one brace)', () => {
    const { body, err } = firstError(`"a": "{ event.a }}"`);
    expect(err).toMatchObject({ ...pos(body, '{ event.a }}'), at: '/data/attributes/properties/a' });
    expect(err.message).toContain('write {{ event.a }}');
  });

  it.each([
    ['elsif', '{% elif'],
    ['assign', '{% with'],
    ['capture', '{% with'],
    ['unless', '{% if not'],
    ['case', '{% if'],
  ])('Liquid-only {%% %s %%} names the Django equivalent', (tag, fix) => {
    const { body, err } = firstError(`"a": "{% ${tag} x %}"`);
    expect(err).toMatchObject(pos(body, `{% ${tag}`));
    expect(err.message).toContain('Liquid');
    expect(err.message).toContain(fix);
  });

  it('an unknown tag', () => {
    const { err } = firstError(`"a": "{% frobnicate %}"`);
    expect(err.message).toMatch(/unknown tag \{% frobnicate %\}/);
  });

  it('an unclosed {% if %} and a mismatched closer', () => {
    const { body, err } = firstError(`"a": "{% if event.a %}x"`);
    expect(err).toMatchObject(pos(body, '{% if'));
    expect(err.message).toContain('add {% endif %}');
    const second = firstError(`"a": "{% for x in event.a %}{{ x|escapejs }}{% endif %}"`);
    expect(second.err.message).toContain('{% endfor %}');
  });

  it('Liquid else-in-for and else if', () => {
    expect(firstError(`"a": "{% for x in event.a %}{% else %}{% endfor %}"`).err.message).toContain('{% empty %}');
    expect(firstError(`"a": "{% if event.a %}{% else if event.b %}{% endif %}"`).err.message).toContain(
      '{% elif event.b %}',
    );
  });

  it('a space after the colon of a filter argument', () => {
    const { body, err } = firstError(`"a": "{{ event.a|default: 'x'|escapejs }}"`);
    expect(err).toMatchObject(pos(body, ": 'x'"));
    expect(err.message).toContain(`write event.a|default:'x'|escapejs`);
  });

  it('spaces around |: a warning (Django accepts them, Klaviyo pages print them, its guides say no extra spaces)', () => {
    const problems = check(eventBody(`"a": "{{ event.a | escapejs }}"`)).problems;
    expect(errors(problems)).toEqual([]);
    const w = warnings(problems).find((p) => p.message.includes('spaces around |'))!;
    expect(w.message).toContain('write event.a|escapejs');
  });

  it('curly quotes in a filter argument', () => {
    const { body, err } = firstError(`"a": "{{ event|lookup:‘Item Count’|escapejs }}"`);
    expect(err).toMatchObject(pos(body, '‘'));
    expect(err.message).toContain(`straight quotes: write event|lookup:'Item Count'|escapejs`);
  });

  it('a $-key reached by dot', () => {
    const { body, err } = firstError(`"a": {{ event.$value|default:0 }}`);
    expect(err).toMatchObject(pos(body, 'event.$value'));
    expect(err.message).toContain(`write event|lookup:'$value'|default:0`);
  });

  it('a key with a space reached by dot', () => {
    const { err } = firstError(`"a": {{ event.Item Count|default:0 }}`);
    expect(err.message).toContain(`write event|lookup:'Item Count'|default:0`);
  });

  it('dot access after a lookup', () => {
    const { body, err } = firstError(`"a": "{{ event|lookup:'$extra'.line_items.0.title|escapejs }}"`);
    expect(err).toMatchObject(pos(body, '.line_items'));
    expect(err.message).toContain(`write event|lookup:'$extra'|lookup:'line_items'|lookup:'0'|lookup:'title'|escapejs`);
  });

  it('the same mistakes inside {% for %} and {% if %}', () => {
    expect(firstError(`"a": [{% for x in event.$extra.items %}1{% endfor %}]`).err.message).toContain(
      `event|lookup:'$extra'|lookup:'items'`,
    );
    expect(firstError(`{% if event.$value %}"a": 1{% endif %}`).err.message).toContain(`event|lookup:'$value'`);
    expect(firstError(`{% if (event.a) %}"a": 1{% endif %}`).err.message).toContain('no parentheses');
    expect(firstError(`{% if event.a && event.b %}"a": 1{% endif %}`).err.message).toContain('use and');
  });

  it('{{{ and {{% JSON-brace collisions', () => {
    const a = firstError(`"a": {{{ event.a }}}`);
    expect(a.err).toMatchObject(pos(a.body, '{{{'));
    expect(a.err.message).toContain('put a space');
    const body = `{"data": {{% if event.a %}"type": "event"{% endif %}}}`;
    const errs = errors(check(body, { endpoint: 'create-event' }).problems);
    expect(errs[0]).toMatchObject(pos(body, '{{%'));
    expect(errs[0]!.message).toContain('{ {%');
  });

  it('an unknown filter, named', () => {
    const body = eventBody(`"a": "{{ event.a|tojson }}"`);
    const errs = errors(check(body).problems);
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatchObject(pos(body, 'tojson'));
    expect(errs[0]!.message).toContain('unknown filter "tojson"');
  });

  it("the renderer's syntax error covers what the specific checks do not", () => {
    const body = eventBody(`"a": "{% with %}{{ event.a }}{% endwith %}"`);
    const errs = errors(check(body).problems);
    expect(errs).toHaveLength(1);
    expect(errs[0]!.message).toMatch(/^template syntax error: /);
  });
});

describe('line separators inside quoted arguments', () => {
  it('reads a {% for %} whose lookup key holds U+2028 as Django does (quoted text is one bit)', () => {
    const body = eventBody(
      `"Tags": [{% for t in event|lookup:'a\u2028b' %}"{{ t|escapejs }}"{% if not forloop.last %},{% endif %}{% endfor %}]`,
    );
    expect(errors(check(body).problems)).toEqual([]);
  });
});

describe("validate reads the renderer's tree (issue 17 §1)", () => {
  it('does not analyse tags inside {% comment %}, which never render', () => {
    const body = eventBody(`{% comment %}"b": "{{ event.nowhere }}",{% endcomment %}"a": "{{ event.a|escapejs }}"`);
    const problems = check(body, { sample: { a: 'x' } }).problems;
    expect(problems.filter((p) => p.message.includes('nowhere'))).toEqual([]);
  });

  it("converts the renderer's parse of a condition: and/or/not stay operators, each comparison one test", () => {
    const cond = (text: string) => {
      const node = compileRecovering(`{% if ${text} %}{% endif %}`).nodes[0] as IfNode;
      return condOf(node.branches[0]!.condition!);
    };
    const atom = (a: string) => ({ op: 'atom', atom: a });
    expect(cond('event.a != None and not event.b or forloop.counter == 1')).toEqual({
      op: 'or',
      a: { op: 'and', a: atom('event.a != None'), b: { op: 'not', a: atom('event.b') } },
      b: atom('forloop.first'),
    });
    expect(cond('event.a == None')).toEqual({ op: 'not', a: atom('event.a != None') });
    expect(cond('event.a is not None')).toEqual(atom('event.a != None'));
    // Django reads a != b != '' as (a != b) != ''; a condition Django refuses is one unknown test.
    expect(cond("event.a != event.b != ''")).toEqual(atom("event.a != event.b != ''"));
    expect(cond('event.a && event.b')).toEqual(atom('event.a && event.b'));
  });

  it('keeps the operators of a condition whose operand Django refuses', () => {
    // `event.$x` does not compile; the `and` around it still parses, so the two guards read as the same test.
    const body = eventBody(
      `"a": 1{% if event.b != None and event.$x %},{% endif %}{% if event.$x and event.b != None %}"b": {{ event.b }}{% endif %}`,
    );
    const errs = errors(check(body).problems);
    expect(errs.map((e) => e.message).filter((m) => m.startsWith('invalid JSON'))).toEqual([]);
    expect(errs.some((e) => e.message.includes(`event|lookup:'$x'`))).toBe(true);
  });

  it('words each misplaced block tag once', () => {
    const stray = errors(check(eventBody(`"a": "{% else if x %}"`)).problems);
    expect(stray.map((e) => e.message)).toEqual(['"else if" is not Django: write {% elif x %}']);
    const closer = errors(
      check(eventBody(`"a": "{% for x in event.a %}{% if x %}{% endfor %}{% endif %}"`)).problems,
    ).map((e) => e.message);
    expect(closer).toEqual([
      '{% endfor %} closes nothing here: the innermost open block is {% if %} — close it first with {% endif %}',
      '{% endif %} has no opening {% if %}: remove it or add the opening tag',
    ]);
  });
});
