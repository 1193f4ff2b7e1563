import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { copyTo, findClipboard } from '../../src/cli/clipboard.js';
import { isInteractive, runInit, type InitIO } from '../../src/cli/commands/init.js';
import { filterFields, terminalPrompts } from '../../src/cli/prompts.js';
import { shellQuote } from '../../src/cli/wizard.js';
import { BIN, cliEnv, ROOT, runCli } from '../e2e/run-cli.js';
import { scripted, type Step } from './scripted.js';

process.env.KLAVIYO_WEBHOOK_GEN_TODAY = '2026-11-28';
const tmp = () => mkdtempSync(join(tmpdir(), 'kwg-init-'));

function capture(
  cwd: string,
  clipboard?: { name: string; copied: string[] },
): InitIO & { stdout_: string; stderr_: string } {
  const io = {
    stdout_: '',
    stderr_: '',
    out: (t: string) => {
      io.stdout_ += t;
    },
    err: (t: string) => {
      io.stderr_ += t;
    },
    cwd,
    env: {},
    stdout: { isTTY: false },
    stderr: { isTTY: false },
    findClipboard: () => (clipboard ? { name: clipboard.name, command: 'x', args: [] } : undefined),
    copy: async (_tool: unknown, text: string) => void clipboard?.copied.push(text),
  };
  return io;
}

/** Runs the printed command through a real shell, with the built CLI standing in for `klaviyo-webhook-gen`. */
function runPrinted(command: string, cwd: string) {
  const line = command.replace(/^klaviyo-webhook-gen /, `"${process.execPath}" "${BIN}" `);
  return spawnSync('sh', ['-c', line], {
    cwd,
    encoding: 'utf8',
    env: cliEnv(),
  });
}

const DONE: Step = { select: /What next/, answer: 'done' };
/** Enter on identity, revision, escaping and body format, then "Done". */
const DEFAULTS_THEN_DONE: Step[] = [
  { select: /identify/, answer: undefined },
  { confirm: /Advanced options/, answer: false },
  DONE,
];

describe('init: the printed one-line command reproduces the output byte for byte (built CLI)', () => {
  it("Example 2 (promote ShippingRate as 'Shipping Rate', metric 'Selected Shipping Rate')", async () => {
    const io = capture(ROOT);
    const code = await runInit(
      scripted([
        { select: /sample/, answer: 'example:shopify-placed-order' },
        { select: /What should/, answer: 'event' },
        { pick: /new event/, answer: ['ShippingRate'] },
        { input: /for ShippingRate/, answer: 'Shipping Rate' },
        { input: /new event/, answer: 'Selected Shipping Rate' },
        { confirm: /event's value/, answer: false },
        ...DEFAULTS_THEN_DONE,
      ]),
      {},
      io,
    );
    expect(code).toBe(0);
    const lines = io.stdout_.trimEnd().split('\n');
    const command = lines.at(-1)!;
    expect(command).toBe(
      "klaviyo-webhook-gen generate --example shopify-placed-order --promote 'ShippingRate=Shipping Rate' --metric 'Selected Shipping Rate'",
    );
    const r = runPrinted(command, ROOT);
    expect(r.status, r.stderr).toBe(0);
    expect(io.stdout_).toBe(`${r.stdout}${command}\n`);
    expect(io.stderr_).toContain('The same output from a script or CI:');
  });

  it('awkward keys, names with quotes, both webhooks, non-default choices, a sample file in a folder with a space', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'my events'));
    const sample = {
      $event_id: 'e1',
      'Variant Option: Size': 'M',
      "it's": 'x"y',
      'a.b': 2,
      $extra: { 'Line Items': [{ 'S K U': 'A-1' }, { 'S K U': 'B-2' }] },
    };
    writeFileSync(join(dir, 'my events', "o'rder.json"), JSON.stringify(sample));
    const io = capture(dir);
    await runInit(
      scripted([
        { select: /sample/, answer: 'file' },
        { input: /Path/, answer: "my events/o'rder.json" },
        { select: /What should/, answer: 'both' },
        { pick: /profile/, answer: ['Variant Option: Size', '["a.b"]'] },
        { input: /for Variant/, answer: "Size's $HOME `x`" },
        { input: /for \["a.b"\]/ },
        { pick: /new event/, answer: ["it's", '$extra["Line Items"][*]["S K U"]'] },
        { input: /for it's/, answer: '-dash' },
        { input: /for \$extra/, answer: 'SKUs = "all"' },
        { input: /new event/, answer: 'Bob\'s \\ "Order"' },
        { confirm: /event's value/, answer: false },
        { select: /identify/, answer: 'external-id' },
        { confirm: /Advanced options/, answer: true },
        { select: /revision/, answer: '2025-04-15' },
        { select: /escaped/, answer: 'none' },
        { select: /body format/, answer: undefined },
        DONE,
      ]),
      {},
      io,
    );
    const command = io.stdout_.trimEnd().split('\n').at(-1)!;
    const r = runPrinted(command, dir);
    expect(r.status, `${command}\n${r.stderr}`).toBeLessThan(2);
    expect(io.stdout_).toBe(`${r.stdout}${command}\n`);
    expect(r.stdout).toContain('"Size\'s $HOME `x`"');
    expect(r.stdout).toContain('"-dash"');
    expect(r.stdout).toContain('"SKUs = \\"all\\""');
    expect(r.stdout).toContain('"name": "Bob\'s \\\\ \\"Order\\""');
  });

  it('writes the pasted sample before showing the result, so the command finds it', async () => {
    const dir = tmp();
    const io = capture(dir);
    await runInit(
      scripted([
        { select: /sample/, answer: 'paste' },
        { editor: /Paste/, answer: '{"Tier": "Gold", "Points": 3}' },
        { input: /Save the pasted/ },
        { select: /What should/, answer: 'profile' },
        { pick: /profile/, answer: ['Tier'] },
        { input: /for Tier/ },
        ...DEFAULTS_THEN_DONE,
      ]),
      {},
      io,
    );
    expect(readFileSync(join(dir, 'sample-event.json'), 'utf8')).toBe('{"Tier": "Gold", "Points": 3}\n');
    const command = io.stdout_.trimEnd().split('\n').at(-1)!;
    expect(command).toBe('klaviyo-webhook-gen generate --sample sample-event.json --to-profile Tier');
    expect(io.stdout_).toBe(`${runPrinted(command, dir).stdout}${command}\n`);
  });

  it('copies, saves a spec that generate --spec reads back to the same output, and writes files only when allowed', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'klaviyo-webhook.json'), 'keep me');
    const clip = { name: 'fakeclip', copied: [] as string[] };
    const io = capture(dir, clip);
    await runInit(
      scripted([
        { select: /What should/, answer: 'event' },
        { pick: /new event/, answer: ['ShippingRate'] },
        { input: /for ShippingRate/ },
        { input: /new event/, answer: 'Rate' },
        { confirm: /event's value/, answer: false },
        { select: /identify/, answer: undefined },
        { confirm: /Advanced options/, answer: false },
        { select: /What next/, answer: 'copy:body:0' },
        { select: /What next/, answer: 'copy:headers:0' },
        { select: /What next/, answer: 'save-spec' },
        { input: /Save the spec/ },
        { confirm: /klaviyo-webhook.json already exists/, answer: false },
        { input: /Save the spec/, answer: 'specs/rate.yaml' },
        { select: /What next/, answer: 'write-files' },
        { input: /Folder/ },
        DONE,
      ]),
      { example: 'shopify-placed-order' },
      io,
    );
    expect(clip.copied[0]).toMatch(/^\{\n {2}"data"/);
    expect(clip.copied[1]).toBe(
      'Content-Type\tapplication/vnd.api+json\naccept\tapplication/vnd.api+json\nrevision\t2026-07-15\nAuthorization\tKlaviyo-API-Key {YOUR_PRIVATE_API_KEY}',
    );
    expect(readFileSync(join(dir, 'klaviyo-webhook.json'), 'utf8')).toBe('keep me');
    expect(readFileSync(join(dir, 'specs/rate.yaml'), 'utf8')).toContain('example: shopify-placed-order');
    expect(existsSync(join(dir, 'klaviyo-webhooks/create-rate-events.body.json'))).toBe(true);
    const viaSpec = runCli(['generate', '--spec', 'specs/rate.yaml'], { cwd: dir });
    expect(io.stdout_.startsWith(viaSpec.stdout)).toBe(true);
    expect(io.stderr_).toMatch(/copied the JSON Body \(fakeclip\)/);
    expect(io.stderr_).toMatch(/wrote specs\/rate.yaml/);
  });
});

describe('never prompts without a terminal (built CLI)', () => {
  it.each([
    [[], { CI: undefined }, /no command given and this is not a terminal/],
    [[], { CI: 'true' }, /no command given and CI is set/],
    [['--no-interactive'], { CI: undefined }, /no command given and --no-interactive is set/],
    [['init'], { CI: undefined }, /init asks questions, but this is not a terminal/],
    [['init', '--example', 'shopify-placed-order'], {}, /--promote PATH\[=NAME\] --metric NAME/],
  ])('%j exits 2 with one line naming the flags', (args, env, message) => {
    const r = runCli(args as string[], { env: env as Record<string, string | undefined> });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/generate --example NAME \(or --sample FILE\)/);
  });

  it('isInteractive: both ends a terminal, no CI, no --no-interactive', () => {
    const tty = { isTTY: true };
    expect(isInteractive({}, {}, tty, tty)).toBe(true);
    expect(isInteractive({}, { CI: 'false' }, tty, tty)).toBe(true);
    expect(isInteractive({}, { CI: 'true' }, tty, tty)).toBe(false);
    expect(isInteractive({}, { CI: '1' }, tty, tty)).toBe(false);
    expect(isInteractive({ interactive: false }, {}, tty, tty)).toBe(false);
    expect(isInteractive({}, {}, {}, tty)).toBe(false);
    expect(isInteractive({}, {}, tty, {})).toBe(false);
  });
});

describe('the real prompts, through a stream', () => {
  function terminal() {
    const input = new PassThrough();
    const output = Object.assign(new PassThrough(), { columns: 100, rows: 30 });
    let screen = '';
    output.on('data', (d: Buffer) => (screen += d.toString()));
    const p = terminalPrompts({ input, output, chalk: new Chalk({ level: 0 }) });
    const type = async (text: string) => {
      await new Promise((r) => setTimeout(r, 30));
      input.write(text);
    };
    return { p, type, screen: () => screen };
  }
  const CHOICES = [
    { value: 'Item Count', path: 'Item Count', type: 'number', example: '2' },
    { value: 'ShippingRate', path: 'ShippingRate', type: 'string', example: '"Economy"' },
    {
      value: '$extra.shipping_lines[*].title',
      path: '$extra.shipping_lines[*].title',
      type: '→ list of 1 string',
      example: '"Economy"',
    },
  ];

  it('field picker: filter, enter takes the highlighted field', async () => {
    const t = terminal();
    const answer = t.p.pickFields({ message: 'Pick', choices: CHOICES });
    await t.type('shipr');
    await t.type('\r');
    expect(await answer).toEqual(['ShippingRate']);
    expect(t.screen()).toContain('1 of 3 fields');
  });

  it('field picker: space (or tab) ticks several and is no filter text, ctrl-a ticks all shown', async () => {
    const t = terminal();
    const a = t.p.pickFields({ message: 'Pick', choices: CHOICES });
    await t.type('itemc');
    await t.type(' ');
    await t.type(`${'\x7f'.repeat(5)}title`);
    await t.type('\t');
    await t.type('\r');
    expect(await a).toEqual(['Item Count', '$extra.shipping_lines[*].title']);
    const b = terminal();
    const all = b.p.pickFields({ message: 'Pick', choices: CHOICES });
    await b.type('\x01');
    await b.type('\r');
    expect(await all).toEqual(CHOICES.map((c) => c.value));
  });

  it('Ctrl-C becomes CancelledError (exit 130)', async () => {
    const t = terminal();
    const answer = t.p.input({ message: 'Name' });
    await t.type('\x03');
    await expect(answer).rejects.toMatchObject({ name: 'CancelledError', exitCode: 130 });
  });

  it('filterFields: every word as a substring first, then letters in order', () => {
    const fields = ['ShippingRate', '$extra.shipping_lines[*].price', 'Source Name', 'Item Count'].map((path) => ({
      path,
    }));
    expect(filterFields(fields, 'ship').map((f) => f.path)).toEqual(['ShippingRate', '$extra.shipping_lines[*].price']);
    expect(filterFields(fields, 'shipr').map((f) => f.path)).toEqual([
      'ShippingRate',
      '$extra.shipping_lines[*].price',
    ]);
    expect(filterFields(fields, 'item count').map((f) => f.path)).toEqual(['Item Count']);
    expect(filterFields(fields, '').length).toBe(4);
    expect(filterFields(fields, 'zzz')).toEqual([]);
  });
});

describe('shell quoting', () => {
  it.each([
    'plain',
    '$extra.line_items[*].sku=SKUs',
    "it's",
    'a "b" \\ `c` $(d) !e',
    '',
    'ünï cødé 🎉',
    '-x',
    'new\nline',
  ])('%j survives sh', (arg) => {
    const r = spawnSync('sh', ['-c', `printf '%s' ${shellQuote(arg)}`], { encoding: 'utf8' });
    expect(r.stdout).toBe(arg);
  });
});

describe('clipboard', () => {
  it('finds a tool on PATH only where it can work, and says none otherwise', () => {
    const bin = tmp();
    for (const name of ['xclip', 'wl-copy']) {
      writeFileSync(join(bin, name), '#!/bin/sh\ncat > /dev/null\n');
      chmodSync(join(bin, name), 0o755);
    }
    expect(findClipboard({ PATH: bin }, 'linux')).toBeUndefined(); // no display: X11/Wayland tools cannot work
    expect(findClipboard({ PATH: bin, DISPLAY: ':0' }, 'linux')?.name).toBe('xclip');
    expect(findClipboard({ PATH: bin, WAYLAND_DISPLAY: 'wayland-0', DISPLAY: ':0' }, 'linux')?.name).toBe('wl-copy');
    expect(findClipboard({ PATH: bin }, 'darwin')).toBeUndefined();
  });

  it('pipes the text into the tool', async () => {
    const dir = tmp();
    const tool = join(dir, 'fakecopy');
    writeFileSync(tool, `#!/bin/sh\ncat > "${dir}/got"\n`);
    chmodSync(tool, 0o755);
    await copyTo({ name: 'fakecopy', command: tool, args: [] }, 'héllo\n{"a": 1}');
    expect(readFileSync(join(dir, 'got'), 'utf8')).toBe('héllo\n{"a": 1}');
    await expect(copyTo({ name: 'nope', command: join(dir, 'missing'), args: [] }, 'x')).rejects.toThrow();
  });
});
