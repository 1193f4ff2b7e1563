/** generate --editor-safe through the built CLI: raw JSON bodies, warnings, the editorSafe report, spec round trip. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'kwg-es-'));
const ARGS = [
  'generate',
  '--example',
  'shopify-placed-order',
  '--to-profile',
  'Item Count',
  '--promote',
  '$extra.line_items[*].sku=SKUs',
  '--promote',
  'Item Count',
  '--metric',
  'Placed Order SKUs',
];

describe('generate --editor-safe (built CLI)', () => {
  it('prints bodies whose raw text is JSON, says so, and warns what each field becomes', () => {
    const r = runCli([...ARGS, '--editor-safe', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    for (const w of out.webhooks) {
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
      expect(w.editorSafe).toBe(true);
      expect(() => JSON.parse(w.body)).not.toThrow();
      expect(w.problems.filter((p: { severity: string }) => p.severity === 'error')).toEqual([]);
    }
    const [profile, event] = out.webhooks;
    expect(JSON.parse(profile.body).data.attributes.properties['Item Count']).toBe(
      `{{ event|lookup:'Item Count'|default_if_none:''|escapejs }}`,
    );
    expect(profile.problems.map((p: { message: string }) => p.message)).toContainEqual(
      expect.stringContaining('written as an empty string, clearing the value an earlier event set'),
    );
    expect(event.fields.map((f: { type: string }) => f.type)).toEqual(['string', 'string']);
    expect(event.problems.map((p: { message: string }) => p.message)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/"SKUs" arrives as one text, its items joined with ", "/),
        expect.stringMatching(/"Item Count" arrives as text .*"greater than"/),
        expect.stringMatching(/unique_id is always sent/),
      ]),
    );
  });

  it('text and markdown say, in one line of at most 80 columns, to paste the body and when to switch mode', () => {
    const typed = runCli(ARGS);
    const note = 'Paste it; if Klaviyo says "Only JSON formatting is supported", add --editor-safe';
    expect(typed.stdout).toContain(`}\n\n${note}\n`);
    const safe = runCli([...ARGS, '--editor-safe']);
    expect(safe.code, safe.stderr).toBe(0);
    const safeNote = 'Paste it as is: valid JSON already; values arrive as text (--editor-safe).';
    expect(safe.stdout).toContain(`}\n\n${safeNote}\n`);
    const md = runCli([...ARGS, '--editor-safe', '--format', 'markdown']);
    expect(md.stdout).toContain(`\n> ${safeNote}\n`);
    expect(md.stdout).toContain('| `Item Count` | Item Count | string |');
    // A webhook with no editor-safe form is not told to add --editor-safe (generate would refuse it).
    const withValue = runCli([...ARGS, '--value', '$value']);
    const noForm = 'Paste it as is; --value has no editor-safe form (JSON once tags are filled in).';
    expect(withValue.stdout).toContain(`}\n\n${noForm}\n`);
    expect(JSON.parse(runCli([...ARGS, '--value', '$value', '--format', 'json']).stdout).webhooks[1].value).toEqual({
      from: '$value',
    });
    for (const line of [note, safeNote, noForm]) expect(line.length).toBeLessThanOrEqual(80);
    // Off a terminal the output is data only: the next steps are for a person at a terminal.
    expect(typed.stderr).toBe('');
  });

  it('joins lists with --list-separator, validate agrees the body is editor-safe, and a spec file says the same', () => {
    const dir = tmp();
    const r = runCli([
      ...ARGS,
      '--editor-safe',
      '--list-separator',
      ' "|" ',
      '--format',
      'json',
      '--save-spec',
      join(dir, 'spec.json'),
    ]);
    expect(r.code, r.stderr).toBe(0);
    const event = JSON.parse(r.stdout).webhooks[1];
    expect(event.body).toContain('{% if not forloop.last %} \\"|\\" {% endif %}');
    expect(JSON.parse(readFileSync(join(dir, 'spec.json'), 'utf8'))).toMatchObject({
      editorSafe: true,
      listSeparator: ' "|" ',
    });
    expect(runCli(['generate', '--spec', join(dir, 'spec.json'), '--format', 'json']).stdout).toBe(r.stdout);

    writeFileSync(join(dir, 'body.json'), event.body);
    const v = runCli(['validate', join(dir, 'body.json'), '--format', 'json']);
    expect(JSON.parse(v.stdout).editorSafe).toBe(true);
    // Rendered with the sample: the SKUs arrive joined.
    const p = runCli([
      'preview',
      join(dir, 'body.json'),
      '--sample',
      'templates/examples/shopify-placed-order.json',
      '--format',
      'json',
    ]);
    const rendered = JSON.parse(p.stdout);
    const sent = JSON.parse(rendered.rendered ?? rendered.body ?? '{}');
    expect(sent.data.attributes.properties.SKUs).toMatch(/^[^"]+ "\|" [^"]+/);
  });

  it('refuses what it cannot do, in one line', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'q.json'), JSON.stringify({ "Kid's Size": 'M', $value: 5 }));
    const cases: Array<[string[], string]> = [
      [
        ['--sample', join(dir, 'q.json'), '--promote', `Kid's Size`, '--metric', 'M', '--editor-safe'],
        "contains a single quote ('), which cannot be written in an editor-safe body",
      ],
      [
        ['--sample', join(dir, 'q.json'), '--promote', '$value', '--value', '$value', '--metric', 'M', '--editor-safe'],
        '--value "$value" cannot be used with --editor-safe',
      ],
      [
        [...ARGS.slice(1), '--list-separator', ';'],
        '--list-separator (listSeparator) only applies to editor-safe output',
      ],
    ];
    for (const [args, fragment] of cases) {
      const r = runCli(['generate', ...args]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(fragment);
    }
    // The same key is fine in the default output.
    expect(runCli(['generate', '--sample', join(dir, 'q.json'), '--promote', `Kid's Size`, '--metric', 'M']).code).toBe(
      0,
    );
  });
});
