import { describe, expect, it } from 'vitest';
import { lexTemplatedJson } from '../../src/check/templated-json.js';
import { runPaths } from '../../src/check/json-paths.js';
import { buildShape } from '../../src/check/shape.js';
import { check, errors, eventBody, pos } from './helpers.js';

function shapeOf(body: string): unknown {
  const doc = lexTemplatedJson(body);
  return buildShape(runPaths(doc, true).root).value;
}

describe('templated JSON (issue 3 §2)', () => {
  it('reports JSON syntax errors at line:column', () => {
    const body = eventBody(`"a": "x"\n        "b": "y"`);
    const errs = errors(check(body).problems);
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatchObject(pos(body, '"b"'));
    expect(errs[0]!.message).toContain("missing ','");
  });

  it('names Python literals and single quotes', () => {
    expect(errors(check(eventBody(`"a": True`)).problems)[0]!.message).toContain('write true');
    expect(errors(check(eventBody(`"a": 'x'`)).problems)[0]!.message).toContain('double quotes');
    expect(errors(check(eventBody(`"a": 1,`)).problems)[0]!.message).toContain('trailing comma');
  });

  it('a tag inside a string is content; an unquoted tag is a value', () => {
    expect(
      shapeOf(`{"a": "x {{ event.a }} y", "n": {{ event.n|default:0 }}, "b": {{ event.b|yesno:'true,false' }}}`),
    ).toEqual({
      a: 'x {{ event.a }} y',
      n: 1,
      b: true,
    });
  });

  it('a for-loop inside [...] is a list of the loop body', () => {
    const body = `{"l": [{% for i in event.Items %}{"n": "{{ i.name|escapejs }}"}{% if not forloop.last %},{% endif %}{% endfor %}]}`;
    expect(shapeOf(body)).toEqual({ l: [{ n: '{{ i.name|escapejs }}' }] });
    expect(runPaths(lexTemplatedJson(body), false).errors).toEqual([]);
  });

  it('a loop without separating commas fails from its second item on', () => {
    const body = eventBody(`"l": [{% for i in event.Items %}"{{ i|escapejs }}"{% endfor %}]`);
    const errs = errors(check(body).problems);
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatchObject(pos(body, '"{{ i|'));
    expect(errs[0]!.message).toContain('{% if not forloop.last %},{% endif %}');
  });

  it('a comma after every loop item leaves a trailing comma', () => {
    const body = eventBody(`"l": [{% for i in event.Items %}"{{ i|escapejs }}",{% endfor %}]`);
    expect(errors(check(body).problems)[0]!.message).toContain('trailing comma');
  });

  it('follows commas guarded by the same test as the member they separate', () => {
    const body = eventBody(
      `"fixed": 1` +
        `{% if event.a != None %}, "A": {{ event.a }}{% endif %}` +
        `{% if event.b != None %}, "B": "{{ event.b|escapejs }}"{% endif %}`,
    );
    expect(errors(check(body).problems)).toEqual([]);
    const nested = eventBody(
      `{% if event.a != None %}"A": {{ event.a }}{% if event.b != None %},{% endif %}{% endif %}` +
        `{% if event.b != None %}"B": {{ event.b }}{% endif %}`,
    );
    expect(errors(check(nested).problems)).toEqual([]);
  });

  it('reports a comma that is wrong only when a guarded member is missing, and says when', () => {
    const body = eventBody(
      `{% if event.a != None %}"A": {{ event.a }}{% endif %}{% if event.b != None %},"B": {{ event.b }}{% endif %}`,
    );
    const errs = errors(check(body).problems);
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatchObject(pos(body, ',"B"'));
    expect(errs[0]!.message).toContain('when event.a is missing');
  });

  it('if/else in value position', () => {
    const body = eventBody(`"a": {% if event.a %}{{ event.a }}{% else %}0{% endif %}`);
    expect(errors(check(body).problems)).toEqual([]);
  });

  it('a key must be quoted', () => {
    const body = eventBody(`{{ event.k }}: 1`);
    expect(errors(check(body).problems)[0]!.message).toContain('a key must be a quoted string');
  });

  it('an unterminated string and a string across lines', () => {
    expect(errors(check(eventBody(`"a": "x\n"`)).problems)[0]!.message).toContain('cannot span lines');
    const body = `{"data": {"type": "event", "x": "abc}}`;
    expect(errors(check(body).problems)[0]).toMatchObject({
      ...pos(body, '"abc'),
      message: expect.stringContaining('never closed'),
    });
  });

  it('the body ends too early', () => {
    const body = `{"data": {"type": "event"`;
    expect(errors(check(body).problems)[0]!.message).toContain('close it with }}');
  });

  it('comments are dropped', () => {
    const body = eventBody(`{# a note #}"a": 1{% comment %} "b": {% endcomment %}`);
    expect(errors(check(body).problems)).toEqual([]);
  });

  it('editorSafe: valid JSON as typed, tags only inside strings', () => {
    expect(check(eventBody(`"a": "{{ event.a|escapejs }}"`)).editorSafe).toBe(true);
    expect(check(eventBody(`"a": {{ event.a|default:0 }}`)).editorSafe).toBe(false);
    expect(check(eventBody(`"l": [{% for i in event.l %}{{ i|default:0 }}{% endfor %}]`)).editorSafe).toBe(false);
  });
});

describe('{% with %} names are scoped to their tag', () => {
  const body = (second: string) =>
    eventBody(
      `"a": [{% with x=event.p %}{% if x %}1{% endif %}{% endwith %}{% with ${second}=event.q %}{% if ${second} %},2{% endif %}{% endwith %}]`,
    );

  it('the same name bound twice is two variables: the comma after an empty first list is found', () => {
    const errs = errors(check(body('x')).problems);
    expect(errs).toHaveLength(1);
    expect(errs[0]!.message).toContain('when `x` is false, when `x (another {% with %})` is true:');
    // As with two names, which it always was.
    expect(errors(check(body('y')).problems).map((p) => p.message)).toHaveLength(1);
  });

  it('one binding tested twice is one variable: no rendering has x both true and false', () => {
    const one = eventBody(`"a": [{% with x=event.p %}{% if x %}1{% endif %}{% if x %},2{% endif %}{% endwith %}]`);
    expect(errors(check(one).problems)).toEqual([]);
  });
});
