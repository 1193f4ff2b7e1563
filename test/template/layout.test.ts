/**
 * Body lines broken between tags (template/layout.ts): where a break may go (outside JSON strings, beside a
 * `{% %}` tag, never between a key and its value or inside a conditional comma), and, for every bundled example,
 * that breaking changes nothing Klaviyo receives but whitespace: the body rendered with and without breaks parses
 * to the same JSON, for the sample and for an event lacking every field.
 */
import { describe, expect, it } from 'vitest';
import { generate } from '../../src/generate.js';
import { listExamples, readExample } from '../../src/examples.js';
import { resolveMappings } from '../../src/mapping/index.js';
import { listFields } from '../../src/paths/index.js';
import { renderTemplate } from '../../src/render/index.js';
import { parseSample } from '../../src/sample/parse.js';
import { MAX_WITH_TAGS, printBody } from '../../src/template/json-template.js';
import { BODY_WIDTH, wrapLine } from '../../src/template/layout.js';
import { createEventBody } from '../../src/webhooks/create-event.js';
import { profileImportBody } from '../../src/webhooks/profile-import.js';
import { leafType, PERSON } from '../property/support.js';

describe('wrapLine', () => {
  it('leaves a line that fits alone, and one with nowhere to break', () => {
    expect(wrapLine('  "a": "{{ event.a|escapejs }}"')).toEqual(['  "a": "{{ event.a|escapejs }}"']);
    const oneTag = `  {% with f1=event|lookup:'${'x'.repeat(90)}'|default_if_none:'' %}`;
    expect(wrapLine(oneTag)).toEqual([oneTag]);
    const tagsInAString = `  "a": "{% for i in event.${'x'.repeat(50)} %}{{ i }}{% if not forloop.last %}, {% endif %}{% endfor %}"`;
    expect(wrapLine(tagsInAString)).toEqual([tagsInAString]);
  });

  it('breaks beside tags, continuation lines indented two more, keeping the text otherwise as it was', () => {
    const line = `    "SKUs": [{% for item in event|lookup:'$extra'|lookup:'line_items' %}"{{ item.sku|default_if_none:''|escapejs }}"{% if not forloop.last %},{% endif %}{% endfor %}]`;
    const lines = wrapLine(line);
    expect(lines).toEqual([
      `    "SKUs": [{% for item in event|lookup:'$extra'|lookup:'line_items' %}`,
      `      "{{ item.sku|default_if_none:''|escapejs }}"`,
      '      {% if not forloop.last %},{% endif %}{% endfor %}]',
    ]);
    expect(lines.map((l) => l.trim()).join('')).toBe(line.trim());
  });

  it('never between a key and its value, nor inside a conditional comma', () => {
    const value = `{% if event.n != None and event.n != '' %}{{ event.n }}{% else %}null{% endif %}`;
    const lines = wrapLine(
      `        "A rather long property name": ${value},{% if event.${'y'.repeat(40)} %},{% endif %}`,
      60,
    );
    expect(lines[0]).toBe(
      `        "A rather long property name": {% if event.n != None and event.n != '' %}{{ event.n }}`,
    );
    for (const l of lines) expect(l).not.toMatch(/:\s*$/);
    expect(lines.filter((l) => l.includes(`{% if event.${'y'.repeat(40)} %},{% endif %}`))).toHaveLength(1);
    // `{% else %}` starts its branch where `{% if %}` did, right after the key: no break after it.
    expect(lines.some((l) => l.trim().startsWith('{% else %}null'))).toBe(true);
  });

  it('after {% endif %}, only where every way through the block leaves a boundary', () => {
    // Without an else, the branch may not run: right after the block the text may still follow the key's colon.
    // (Inside the branch, after its value, a break is safe: it is rendered only with the value.)
    const noElse = wrapLine('  "a": {% if c %}{{ x }}{% endif %}{% if d %}{{ y }}{% endif %}', 20);
    expect(noElse).toEqual(['  "a": {% if c %}{{ x }}', '    {% endif %}{% if d %}{{ y }}', '    {% endif %}']);
    // With an else both branches write the value: a break after the block is safe.
    const withElse = wrapLine(`  "a": {% if c %}{{ x }}{% else %}null{% endif %}{% if d %},"b": 1{% endif %}`, 40);
    expect(withElse).toEqual([
      `  "a": {% if c %}{{ x }}{% else %}null`,
      '    {% endif %}{% if d %},"b": 1',
      '    {% endif %}',
    ]);
  });

  it('never inside a JSON string, even one that holds tags', () => {
    const line = `  {% if a %}"k {% if b %}x{% endif %} {% if c %}y{% endif %} ${'z'.repeat(60)}": 1{% endif %}`;
    const lines = wrapLine(line, 30);
    for (const l of lines.slice(1)) expect(l.trim().startsWith('"k') || l.trim().startsWith('{% endif %}')).toBe(true);
  });
});

/** Every field generate can map (not lists of objects or empty objects), named uniquely. */
function allFields(sample: Record<string, unknown>) {
  return listFields(sample)
    .filter(
      (f) => f.path.length > 0 && f.type.kind !== 'object' && !(f.type.kind === 'list' && leafType(f) === 'object'),
    )
    .map((f, i) => ({ from: f.text, to: `f${i} ${f.text}`.slice(0, 60) }));
}

const rendered = (body: string, event: unknown) =>
  JSON.parse(renderTemplate(body, { event, person: PERSON, organization: { name: 'Example Store' } })) as unknown;

describe('breaking lines changes nothing but whitespace', () => {
  for (const example of listExamples()) {
    it(`${example.id}: profile (flag tree and plain) and event bodies with every field`, () => {
      const { text, source } = readExample(example.id);
      const sample = parseSample(text, source).properties;
      const requests = allFields(sample);
      const { mappings } = resolveMappings(sample, requests, {
        escape: 'escapejs',
        allowMissing: false,
        targetLabel: 'property',
      });
      const nodes = [
        profileImportBody({ identify: 'klaviyo-id', escape: 'escapejs', properties: mappings, append: [] }),
        createEventBody({
          identify: 'klaviyo-id',
          escape: 'escapejs',
          metric: 'M',
          properties: mappings,
          uniqueId: "event|lookup:'$event_id'",
        }),
      ];
      for (const node of nodes) {
        for (const flagTreeFrom of [undefined, Number.POSITIVE_INFINITY]) {
          const broken = printBody(node, { flagTreeFrom });
          const whole = printBody(node, { flagTreeFrom, width: Number.POSITIVE_INFINITY });
          expect(broken.split('\n').length).toBeGreaterThan(whole.split('\n').length);
          for (const event of [sample, {}]) expect(rendered(broken, event)).toEqual(rendered(whole, event));
          // Lines past the width are ones nothing can break: a single tag, or a key and value with no gap.
          for (const line of broken.split('\n'))
            if (line.length > BODY_WIDTH) expect(wrapLine(line, 1), line).toEqual([line]);
        }
      }
    });
  }
});

describe('the flag tree within the width', () => {
  const sampleOf = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${i}`, `v${i}`]));
  const profile = (n: number) =>
    generate({ webhooks: [{ kind: 'profile-import', properties: Object.keys(sampleOf(n)) }] }, sampleOf(n), {
      today: '2026-11-28',
    }).webhooks[0]!;

  it('a few dozen properties: every line fits, each flag bound in a tag of its own line', () => {
    const w = profile(30);
    expect(Math.max(...w.body.split('\n').map((l) => l.length))).toBeLessThanOrEqual(BODY_WIDTH);
    expect(w.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it(`400 properties: at most ${MAX_WITH_TAGS} {% with %} tags, nested well within validate's limit`, () => {
    const w = profile(400);
    const withs = w.body.match(/\{% with /g)!.length;
    expect(withs).toBeLessThanOrEqual(MAX_WITH_TAGS);
    let depth = 0;
    let deepest = 0;
    for (const [, name] of w.body.matchAll(/\{% (\w+)/g)) {
      if (name === 'if' || name === 'for' || name === 'with') deepest = Math.max(deepest, ++depth);
      else if (name!.startsWith('end')) depth--;
    }
    expect(deepest).toBeLessThanOrEqual(60);
    expect(w.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(rendered(w.body, sampleOf(400))).toMatchObject({ data: { attributes: { properties: sampleOf(400) } } });
  });
});
