import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IDENTIFY_OPTIONS } from '../../src/index.js';
import { runCli } from './run-cli.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'kwg-'));
const QUICK_START = [
  'generate',
  '--example',
  'shopify-placed-order',
  '--promote',
  '$extra.line_items[*].sku=SKUs',
  '--metric',
  'Placed Order SKUs',
];

/** Asserts a usage/input error: exit 2, one line on stderr, nothing on stdout, no stack trace. */
function expectInputError(r: ReturnType<typeof runCli>, fragment: string) {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/^klaviyo-webhook-gen: /);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stderr).toContain(fragment);
}

describe('generate (built CLI)', () => {
  it("offers IDENTIFY_OPTIONS as --identify's choices, in generate's and init's help", () => {
    const choices = `(choices: ${IDENTIFY_OPTIONS.map((o) => `"${o}"`).join(', ')})`;
    for (const command of ['generate', 'init'])
      expect(runCli([command, '--help']).stdout.replace(/\s+/g, ' '), command).toContain(choices);
  });

  it('prints the README quick start: URL, headers table and body, no colour when piped', () => {
    const r = runCli(QUICK_START);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Destination URL\nhttps://a.klaviyo.com/api/events\n');
    expect(r.stdout).toMatch(
      /Headers\n +Key +Value\n +Content-Type +application\/vnd\.api\+json\n +accept +application\/vnd\.api\+json\n +revision +2026-07-15 +\(Klaviyo supports it until 2028-07-15\)\n +Authorization +Klaviyo-API-Key \{YOUR_PRIVATE_API_KEY\}/,
    );
    expect(r.stdout).toContain(
      [
        `"SKUs": [{% for item in event|lookup:'$extra'|lookup:'line_items' %}`,
        `"{{ item.sku|default_if_none:''|escapejs }}"`,
        `{% if not forloop.last %},{% endif %}{% endfor %}]`,
      ].join('\n          '),
    );
    expect(r.stdout).not.toMatch(/\u001b\[/);
  });

  it('is deterministic and its json format follows the documented contract', () => {
    const a = runCli([...QUICK_START, '--format', 'json']);
    const b = runCli([...QUICK_START, '--format', 'json']);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const out = JSON.parse(a.stdout);
    expect(Object.keys(out)).toEqual(['revision', 'webhooks']);
    const w = out.webhooks[0];
    expect(Object.keys(w)).toEqual([
      'name',
      'endpoint',
      'method',
      'url',
      'headers',
      'body',
      'fields',
      'problems',
      'editorSafe',
    ]);
    expect(w.editorSafe).toBe(false);
    expect(w).toMatchObject({ endpoint: 'create-event', method: 'POST', url: 'https://a.klaviyo.com/api/events' });
    expect(w.headers.map((h: { key: string }) => h.key)).toEqual([
      'Content-Type',
      'accept',
      'revision',
      'Authorization',
    ]);
    expect(w.fields).toEqual([
      {
        from: '$extra.line_items[*].sku',
        to: 'SKUs',
        type: 'list',
        template: expect.stringContaining('{% for item in'),
      },
    ]);
    expect(w.body).toContain('"unique_id": "{{ event|lookup:\'$event_id\'|escapejs }}"');
    expect(w.problems.filter((p: { severity: string }) => p.severity === 'error')).toEqual([]);
  });

  it('makes both webhooks in one run, the tutorial examples included (id at data.id)', () => {
    const r = runCli([
      'generate',
      '--example',
      'shopify-placed-order',
      '--to-profile',
      'ShippingRate',
      '--promote',
      'ShippingRate=Shipping Rate',
      '--metric',
      'Selected Shipping Rate',
      '--format',
      'json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const [profile, event] = JSON.parse(r.stdout).webhooks;
    expect(profile.endpoint).toBe('profile-import');
    expect(profile.url).toBe('https://a.klaviyo.com/api/profile-import');
    expect(profile.body).toMatch(
      /"type": "profile",\n {4}"id": "\{\{ person\.KlaviyoID \}\}",\n {4}"attributes": \{\n {6}"properties": \{/,
    );
    expect(event.body).toContain('"Shipping Rate": "{{ event.ShippingRate|default_if_none:\'\'|escapejs }}"');
    expect(event.body).toContain('"name": "Selected Shipping Rate"');
  });

  it('reads a sample from stdin and from a file, and writes markdown', () => {
    const sample = JSON.stringify({ $event_id: '1', 'Item Count': 3, Tags: ['a"b'] });
    const viaStdin = runCli(
      [
        'generate',
        '--sample',
        '-',
        '--promote',
        'Item Count',
        '--promote',
        'Tags',
        '--metric',
        'M',
        '--format',
        'markdown',
      ],
      { input: sample },
    );
    expect(viaStdin.code, viaStdin.stderr).toBe(0);
    expect(viaStdin.stdout).toContain('| `Item Count` | Item Count | number |');
    const dir = tmp();
    writeFileSync(join(dir, 'e.json'), sample);
    const viaFile = runCli([
      'generate',
      '--sample',
      join(dir, 'e.json'),
      '--promote',
      'Item Count',
      '--promote',
      'Tags',
      '--metric',
      'M',
      '--format',
      'markdown',
    ]);
    expect(viaFile.stdout).toBe(viaStdin.stdout);
  });

  it('writes --out files and --save-spec, refusing to overwrite without --force', () => {
    const dir = tmp();
    const args = [...QUICK_START, '--out', dir, '--save-spec', join(dir, 'spec.yaml'), '--format', 'json'];
    const first = runCli(args);
    expect(first.code, first.stderr).toBe(0);
    const body = readFileSync(join(dir, 'create-placed-order-skus-events.body.json'), 'utf8');
    expect(body).toBe(JSON.parse(first.stdout).webhooks[0].body);
    expect(readFileSync(join(dir, 'spec.yaml'), 'utf8')).toContain('metric: Placed Order SKUs');
    const again = runCli(args);
    expectInputError(again, 'already exist');
    expect(runCli([...args, '--force']).code).toBe(0);
    // The saved spec reproduces the same output byte for byte.
    const fromSpec = runCli(['generate', '--spec', join(dir, 'spec.yaml'), '--format', 'json']);
    expect(fromSpec.stdout).toBe(first.stdout);
  });

  it('fills the key from --api-key-env, masked unless --reveal, and never saves it', () => {
    const dir = tmp();
    const env = { MY_KEY: 'pk_live_secret123' };
    const masked = runCli([...QUICK_START, '--api-key-env', 'MY_KEY', '--save-spec', join(dir, 's.json')], { env });
    expect(masked.code).toBe(0);
    expect(masked.stdout).not.toContain('secret123');
    expect(masked.stdout).toContain('Klaviyo-API-Key pk_…');
    expect(readFileSync(join(dir, 's.json'), 'utf8')).not.toContain('secret');
    const shown = runCli([...QUICK_START, '--api-key-env', 'MY_KEY', '--reveal', '--format', 'json'], { env });
    expect(shown.stdout).toContain('Klaviyo-API-Key pk_live_secret123');
    expectInputError(runCli([...QUICK_START, '--api-key-env', 'NOPE_NOT_SET']), 'NOPE_NOT_SET');
  });

  it('lists examples and fields', () => {
    const examples = runCli(['generate', '--list-examples']);
    expect(examples.stdout).toMatch(/^shopify-placed-order +\S/m);
    const fields = runCli(['generate', '--example', 'shopify-ordered-product', '--list-fields', '--format', 'json']);
    expect(JSON.parse(fields.stdout)).toContainEqual(
      expect.objectContaining({ path: 'Variant Option: Size', type: 'string' }),
    );
  });

  it('colours only on request', () => {
    expect(runCli(QUICK_START, { env: { FORCE_COLOR: '1' } }).stdout).toMatch(/\u001b\[/);
    expect(runCli(QUICK_START, { env: { FORCE_COLOR: '1', NO_COLOR: '1' } }).stdout).not.toMatch(/\u001b\[/);
  });
});

describe('generate: bad input gets one clear line and exit 2', () => {
  const dir = tmp();
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const cases: Array<[string, string[], string]> = [
    ['missing file', ['--sample', join(dir, 'nope.json'), '--promote', 'a', '--metric', 'M'], 'no such file'],
    ['empty file', ['--sample', file('empty.json', ''), '--promote', 'a', '--metric', 'M'], 'is empty'],
    [
      'invalid JSON',
      ['--sample', file('bad.json', '{\n "a": 1\n "b": 2}'), '--promote', 'a', '--metric', 'M'],
      'bad.json:3:2: invalid JSON',
    ],
    ['non-object root', ['--sample', file('list.json', '[1,2]'), '--promote', 'a', '--metric', 'M'], 'is a list'],
    [
      'unknown path',
      ['--example', 'shopify-placed-order', '--promote', '$extra.line_item[*].sku', '--metric', 'M'],
      'did you mean "$extra.line_items[*].sku"',
    ],
    ['wrong type', ['--example', 'shopify-placed-order', '--promote', '$extra[0]', '--metric', 'M'], 'not a list'],
    [
      'duplicate names',
      ['--example', 'shopify-placed-order', '--promote', 'Items=X', '--promote', 'Collections=X', '--metric', 'M'],
      'two fields map to',
    ],
    [
      'empty name',
      ['--example', 'shopify-placed-order', '--promote', 'Items=', '--metric', 'M'],
      'empty event property name',
    ],
    [
      'long metric',
      ['--example', 'shopify-placed-order', '--promote', 'Items', '--metric', 'x'.repeat(128)],
      'fewer than 128',
    ],
    [
      'unknown revision',
      ['--example', 'shopify-placed-order', '--promote', 'Items', '--metric', 'M', '--revision', '2023-13-01'],
      'unknown API revision',
    ],
    [
      'unknown example',
      ['--example', 'shopify-placed-ordr', '--promote', 'Items', '--metric', 'M'],
      'did you mean "shopify-placed-order"',
    ],
    ['unknown flag', ['--example', 'shopify-placed-order', '--promot', 'Items'], "unknown option '--promot'"],
    [
      'conflicting flags',
      ['--example', 'shopify-placed-order', '--sample', 'x.json', '--promote', 'Items', '--metric', 'M'],
      'give one of --sample, --example and --sample-metric, not several',
    ],
    ['promote without metric', ['--example', 'shopify-placed-order', '--promote', 'Items'], '--metric NAME'],
    ['nothing to do', ['--example', 'shopify-placed-order'], 'nothing to generate'],
    ['no sample', ['--promote', 'Items', '--metric', 'M'], 'no sample event'],
    ['stdin marker with nothing piped', ['--sample', '-', '--promote', 'a', '--metric', 'M'], 'is empty'],
    [
      'bad spec',
      ['--spec', file('spec.json', '{"webhooks": [{"kind": "create-event", "properties": ["a"]}]}')],
      'spec.json: /webhooks/0: missing "metric"',
    ],
    [
      'spec plus mapping flags',
      ['--spec', file('spec2.json', '{"webhooks": []}'), '--promote', 'x'],
      '--spec cannot be combined with --promote',
    ],
    [
      'bad choice',
      ['--example', 'shopify-placed-order', '--promote', 'Items', '--metric', 'M', '--escape', 'html'],
      "argument 'html' is invalid",
    ],
    [
      'object list',
      ['--example', 'shopify-placed-order', '--promote', '$extra.line_items', '--metric', 'M'],
      'is a list of objects',
    ],
    [
      'unreferenceable key',
      ['--sample', file('k.json', '{"a}}b": 1}'), '--promote', '["a}}b"]', '--metric', 'M'],
      'no template can read it',
    ],
  ];
  it.each(cases)('%s', (_, args, fragment) => {
    expectInputError(runCli(['generate', ...args]), fragment);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});

describe('very deep or large input never crashes', () => {
  const dir = tmp();
  const depth = 50_000;
  writeFileSync(join(dir, 'deep.json'), `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
  writeFileSync(join(dir, 'deep-list.json'), `{"$event_id": "1", "a": ${'['.repeat(depth)}1${']'.repeat(depth)}}`);
  writeFileSync(
    join(dir, 'deep-body.json'),
    `{"data": {"type": "event", "attributes": {"properties": ${'['.repeat(depth)}${']'.repeat(depth)}}}}`,
  );

  it("lists the fields of a 50,000-level sample and warns about Klaviyo's nesting limit", () => {
    const r = runCli(['generate', '--sample', join(dir, 'deep.json'), '--list-fields']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^a\.a\.a.* +object/m);
    const g = runCli([
      'generate',
      '--sample',
      join(dir, 'deep.json'),
      '--promote',
      'a.a.a',
      '--metric',
      'M',
      '--format',
      'json',
    ]);
    expect(JSON.parse(g.stdout).webhooks[0].problems[0].message).toContain('at most 10 levels');
  });

  it('refuses a 50,000-level list field with one line', () => {
    expectInputError(
      runCli(['generate', '--sample', join(dir, 'deep-list.json'), '--promote', 'a', '--metric', 'M']),
      'pick a field of its elements',
    );
  });

  it('validate reports a 50,000-level body as one error', () => {
    const r = runCli(['validate', join(dir, 'deep-body.json'), '--format', 'json']);
    expect(r.code, r.stderr).toBe(1);
    expect(JSON.parse(r.stdout).problems).toEqual([
      expect.objectContaining({ severity: 'error', message: expect.stringContaining('more than 200 levels deep') }),
    ]);
  });
});
