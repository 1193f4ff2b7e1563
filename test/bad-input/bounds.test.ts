/** Issue 14 §2: work bounded by the input, never by what a template (or an --openapi document) asks for. */
import { createServer } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkWebhookBody, MAX_PROBLEMS } from '../../src/check/index.js';
import { buildShape, pointerAt, pointerIndex } from '../../src/check/shape.js';
import { lexTemplatedJson } from '../../src/check/templated-json.js';
import { runPaths } from '../../src/check/json-paths.js';
import { unsafePatternReason } from '../../src/render/regex-safety.js';
import { parseJsonForRender, renderTemplate, TemplateRenderError, tokenize } from '../../src/render/index.js';
import { lineIndex } from '../../src/render/lexer.js';
import { lineColumn } from '../../src/util.js';
import { sendWithRetries, RESPONSE_LIMIT_BYTES } from '../../src/send/client.js';
import { runCli } from '../e2e/run-cli.js';
import { expectOneLine, tmp } from './helpers.js';

const list = Array.from({ length: 1000 }, (_, i) => i);
const ctx = { event: { l: list, a: 1, s: 'x' } };

/** The RenderLimit a template runs into (rendering must stop, not run out of time or memory). */
function limitOf(template: string, context: Record<string, unknown> = ctx): string {
  try {
    renderTemplate(template, context);
  } catch (e) {
    expect(e).toBeInstanceOf(TemplateRenderError);
    expect((e as TemplateRenderError).pythonType).toBe('RenderLimit');
    return (e as TemplateRenderError).message;
  }
  throw new Error(`no limit reached: ${template}`);
}

const body = (x: string) =>
  `{"data":{"type":"event","attributes":{"properties":{"x":"${x}"},"metric":{"data":{"type":"metric","attributes":{"name":"M"}}},"profile":{"data":{"type":"profile","id":"1","attributes":{}}}}}}`;

describe('the render budget', () => {
  test('loops: three nested loops over 1,000 items stop at the iteration budget, naming {% for %}', () => {
    expect(
      limitOf('{% for a in event.l %}{% for b in event.l %}{% for c in event.l %}{% endfor %}{% endfor %}{% endfor %}'),
    ).toMatch(/\{% for %\} loops ran more than 1,000,000 iterations/);
  });

  test('filter widths and precisions: floatformat, stringformat and ljust/rjust/center name themselves', () => {
    expect(limitOf("{{ 1.5|floatformat:'100000000' }}")).toMatch(
      /^RenderLimit: floatformat asks for a precision of 100,000,000/,
    );
    expect(limitOf("{{ 1|stringformat:'0999999999d' }}")).toMatch(/stringformat asks for a width of 999,999,999/);
    expect(limitOf("{{ 1|stringformat:'.999999999f' }}")).toMatch(/stringformat asks for a precision/);
    for (const f of ['ljust', 'rjust', 'center'])
      expect(limitOf(`{{ event.s|${f}:'2000000000' }}`)).toMatch(new RegExp(`${f} asks for a width`));
    // Within the limits, each is still allowed; in a loop, their sum is bounded too.
    expect(renderTemplate("{{ event.s|ljust:'5' }}|", ctx)).toBe('x    |');
    expect(limitOf("{% for a in event.l %}{% if 1.5|floatformat:'99999' %}{% endif %}{% endfor %}")).toMatch(
      /add up to more than 5,000,000/,
    );
  });

  test("Klaviyo's filters: percentize past 100 decimals and resplit with a catastrophic pattern stop with one line", () => {
    expect(limitOf("{{ 0.5|percentize:'101' }}")).toMatch(/percentize asks for 101 decimals/);
    expect(limitOf(`{{ '${'a'.repeat(40)}!'|resplit:'(a+)+$' }}`)).toMatch(/resplit's pattern .* is refused/);
    expect(renderTemplate("{{ 'a1b22c'|resplit:'[0-9]+' }}", {})).toBe("['a', 'b', 'c']");
  });

  test('a {% with %} chain doubling a string stops at the value-size limit, naming the filter', () => {
    const open = '{% with s=s|add:s %}'.repeat(30);
    expect(limitOf(`{% with s='xxxxxxxxxxxxxxxx' %}${open}{{ s|length }}${'{% endwith %}'.repeat(31)}`)).toMatch(
      /the filter add makes more than 20,000,000 characters/,
    );
  });

  test('preview answers a budget overrun with one error naming the tag, exit 1', () => {
    const dir = tmp();
    writeFileSync(
      join(dir, 'body.json'),
      body(
        '{% for a in event.l %}{% for b in event.l %}{% for c in event.l %}{{ c }}{% endfor %}{% endfor %}{% endfor %}',
      ),
    );
    writeFileSync(join(dir, 'sample.json'), JSON.stringify({ l: list }));
    const r = runCli(['preview', join(dir, 'body.json'), '--sample', join(dir, 'sample.json')]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout.match(/rendering with the sample stopped: .*\{% for %\}/g)).toHaveLength(1);
  });

  test("a {% filter %} that cuts the tracing markers no longer hangs (the fuzzer's 30 s time-outs)", () => {
    const hang = body('x').replace('"x":"x"', '"x": {% filter first %}{{ event.upper }}{% endfilter %}');
    const r = checkWebhookBody(hang, { revision: '2026-07-15', today: '2026-11-28', sample: { a: 1 } });
    expect(r.problems.find((p) => p.severity === 'error')?.message).toMatch(/renders to invalid JSON/);
  });

  test('JavaScript names are not Python attributes: valueOf, toString, constructor … render as Django does', () => {
    const c = {
      event: parseJsonForRender('{"a": 1, "s": "x", "l": [1, 2], "d": {"b": 1}}') as Record<string, unknown>,
    };
    for (const name of ['valueOf', 'toString', 'toLocaleString', 'hasOwnProperty', 'isPrototypeOf', 'constructor'])
      for (const on of ['event', 'event.a', 'event.s', 'event.l', 'event.d'])
        expect(renderTemplate(`{{ ${on}.${name} }}`, c), `${on}.${name}`).toBe('');
    // Checked with Django 3.2: an unknown templatetag argument and tag names are syntax errors, whatever their name.
    expect(() => renderTemplate('{% templatetag constructor %}', c)).toThrow(
      /Invalid templatetag argument: 'constructor'\. Must be one of: \['openblock'/,
    );
    expect(() => renderTemplate('{% constructor %}', c)).toThrow(/Invalid block tag on line 1: 'constructor'/);
    expect(() => renderTemplate('{% if 1 constructor 2 %}y{% endif %}', c)).toThrow(/Unused 'constructor'/);
  });
});

describe('templates and samples that nest deep or are long', () => {
  test('2,000 nested blocks: one error, not a stack overflow; 5,000 `not`s: a syntax error', () => {
    const deep = checkWebhookBody(body(`${'{% if event.a %}'.repeat(2000)}x${'{% endif %}'.repeat(2000)}`), {
      revision: '2026-07-15',
      today: '2026-11-28',
      sample: { a: 1 },
    });
    expect(deep.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/nests \{% %\} blocks more than 100 deep/),
    ]);
    expect(() => renderTemplate(`{% if ${'not '.repeat(5000)}a %}y{% endif %}`, { a: 1 })).toThrow(
      /nests more than 490 operators deep/,
    );
    expect(renderTemplate(`{% if ${'not '.repeat(480)}a %}y{% endif %}`, { a: 1 })).toBe('y'); // Django 3.2: 'y'
  });

  test('a sample nested 3,000 levels deep is listed and mapped with clear answers', () => {
    const dir = tmp();
    writeFileSync(join(dir, 's.json'), JSON.stringify({ a: 1, deep: JSON.parse('['.repeat(3000) + ']'.repeat(3000)) }));
    expect(runCli(['generate', '--sample', join(dir, 's.json'), '--list-fields']).code).toBe(0);
    expect(runCli(['generate', '--sample', join(dir, 's.json'), '--to-profile', 'a']).code).toBe(0);
    expectOneLine(
      runCli(['generate', '--sample', join(dir, 's.json'), '--to-profile', 'deep']),
      2,
      /list of objects|list of lists|pick/,
    );
  });

  test('validate: the first 200 problems and a count of the rest; line:column from one index', () => {
    const r = checkWebhookBody(body('{%'.repeat(2000)), { revision: '2026-07-15', today: '2026-11-28' });
    expect(r.problems).toHaveLength(MAX_PROBLEMS + 1);
    expect(r.problems.at(-1)!.message).toMatch(
      /^\d+ more problems not listed \(\d+ errors?.*\): only the first 200 are shown/,
    );
    const dir = tmp();
    writeFileSync(join(dir, 'body.json'), body('{%'.repeat(2000)));
    const cli = runCli(['validate', join(dir, 'body.json')]);
    expect(cli.code).toBe(1);
    expect(cli.stdout.trimEnd().split('\n').at(-1)).toMatch(/^2\d{3} errors, \d+ warnings?$/); // the summary counts what it cut, not 201
    const text = 'a\nbc\n\nd'.repeat(50);
    const at = lineIndex(text);
    for (let i = -1; i <= text.length + 1; i++) expect(at(i)).toEqual(lineColumn(text, i));
  });

  test('pointerIndex answers as pointerAt does', () => {
    const src = body('{{ event.a }}').replace('"x"', '"x": [1, {"y": "z"}], "w"');
    const tokens = tokenize(src);
    const shape = buildShape(runPaths(lexTemplatedJson(src, tokens), true).root);
    const at = pointerIndex(shape);
    for (let i = -1; i <= src.length; i++) expect(at(i), String(i)).toBe(pointerAt(shape, i));
  });

  test('50,000+ tags: one error, not 900 MB of analysis', () => {
    const r = checkWebhookBody(body('{{a}}'.repeat(60_000)), { revision: '2026-07-15', today: '2026-11-28' });
    expect(r.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/60000 template tags, more than the 50000/),
    ]);
  });
});

describe('specs and --openapi documents from anywhere', () => {
  test('a YAML billion-laughs spec is refused with one line', () => {
    const dir = tmp();
    const levels = 'abcdefghi'.split('');
    const yaml = levels
      .map(
        (l, i) =>
          `${l}: &${l} [${Array(9)
            .fill(i === 0 ? '"lol"' : `*${levels[i - 1]}`)
            .join(',')}]`,
      )
      .join('\n');
    writeFileSync(
      join(dir, 'laughs.yaml'),
      `${yaml}\nsample: x.json\nwebhooks:\n  - kind: profile-import\n    properties: *i\n`,
    );
    expectOneLine(runCli(['generate', '--spec', join(dir, 'laughs.yaml')]), 2, /YAML refused: .*alias/);
  });

  test('--openapi: a catastrophic pattern and an exponential $ref fan-out are refused with one line', () => {
    const dir = tmp();
    const schemas: Record<string, unknown> = { S40: { type: 'string' } };
    for (let i = 0; i < 40; i++)
      schemas[`S${i}`] = {
        type: 'object',
        properties: { a: { $ref: `#/components/schemas/S${i + 1}` }, b: { $ref: `#/components/schemas/S${i + 1}` } },
      };
    const doc = (schema: unknown) =>
      JSON.stringify({
        openapi: '3.0.0',
        paths: { '/api/events': { post: { requestBody: { content: { 'application/vnd.api+json': { schema } } } } } },
        components: { schemas },
      });
    writeFileSync(join(dir, 'fan.json'), doc({ $ref: '#/components/schemas/S0' }));
    writeFileSync(
      join(dir, 'redos.json'),
      doc({
        type: 'object',
        properties: { data: { type: 'object', properties: { type: { type: 'string', pattern: '^(a+)+$' } } } },
      }),
    );
    writeFileSync(join(dir, 'body.json'), `{"data":{"type":"${'a'.repeat(40)}!"}}`);
    const args = ['validate', join(dir, 'body.json'), '--url', 'https://a.klaviyo.com/api/events', '--openapi'];
    expectOneLine(runCli([...args, join(dir, 'fan.json')]), 2, /expands to more than 200,000 schema objects/);
    expectOneLine(runCli([...args, join(dir, 'redos.json')]), 2, /pattern "\^\(a\+\)\+\$" is refused/);
    expect(unsafePatternReason('^[a-z]+(-[a-z]+)*$')).toMatch(/repeated group/);
    expect(unsafePatternReason('^(\\w)\\1$')).toMatch(/backreference/);
    expect(unsafePatternReason('^[0-9]{4}-[0-9]{2}$')).toBeUndefined();
    expect(unsafePatternReason('^(ab)+$')).toBeUndefined();
  });
});

describe('send: responses', () => {
  test('an endless response is read up to 1 MB and the rest never read', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(400, { 'content-type': 'text/plain' });
      const chunk = Buffer.alloc(65_536, 'x');
      const pump = () => {
        while (res.write(chunk));
      };
      res.on('drain', pump);
      pump();
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    try {
      const { port } = server.address() as { port: number };
      const r = await sendWithRetries(
        { name: 'x', method: 'POST', url: `http://127.0.0.1:${port}/api/events`, headers: [], body: '{}' },
        { fetch: globalThis.fetch, sleep: async () => {}, maxRetries: 0, maxWaitMs: 0, timeoutMs: 10_000 },
      );
      expect(r.status).toBe(400);
      expect(r.responseText!.length).toBeLessThan(RESPONSE_LIMIT_BYTES + 100);
      expect(r.responseText).toMatch(/\[response cut at 1 MB\]$/);
    } finally {
      server.closeAllConnections();
      await new Promise((ok) => server.close(ok));
    }
  });
});
