/** Issue 14 §4: output that cannot be written, control characters from a spec, and text that is not UTF-8. */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { escapeControls } from '../../src/cli/stdio.js';
import { firstInvalidUtf8 } from '../../src/cli/io.js';
import { BIN, CLI_NODE, cliEnv, ROOT, runCli } from '../e2e/run-cli.js';
import { expectOneLine, tmp } from './helpers.js';

/** The CLI with stdout going to /dev/full (every write fails with ENOSPC). */
function intoFullDisk(args: string[]) {
  const full = openSync('/dev/full', 'w');
  try {
    const r = spawnSync(CLI_NODE, [BIN, ...args], {
      cwd: ROOT,
      env: cliEnv(),
      stdio: ['ignore', full, 'pipe'],
      encoding: 'utf8',
      timeout: 15_000,
    });
    return { code: r.status, stdout: '', stderr: r.stderr };
  } finally {
    closeSync(full);
  }
}

describe('a stdout that cannot be written', () => {
  test.skipIf(!existsSync('/dev/full'))(
    '--help, --version and every command answer a full disk with one line, exit 2',
    () => {
      for (const args of [
        ['--help'],
        ['--version'],
        ['-h'],
        ['generate', '--help'],
        ['generate', '--example', 'shopify-placed-order', '--to-profile', 'ShippingRate'],
        ['generate', '--list-examples'],
      ])
        expectOneLine(intoFullDisk(args), 2, /cannot write to standard output: no space left on the device/);
    },
  );

  test('a closed stdin is read as empty input: one line, exit 2', () => {
    const r = spawnSync('sh', ['-c', `"${CLI_NODE}" "${BIN}" generate --sample - --to-profile a <&-`], {
      cwd: ROOT,
      env: cliEnv(),
      encoding: 'utf8',
      timeout: 15_000,
    });
    expectOneLine({ code: r.status, stdout: r.stdout, stderr: r.stderr }, 2, /standard input/);
  });
});

describe('control characters in text output', () => {
  test('escaped as \\uXXXX: C0 and C1 (not tab or newline), a lone CR, and ESC unless it starts a colour sequence with colour on', () => {
    expect(escapeControls('a\u001b]0;x\u0007b\u009bc\rd\r\ne\tf\n')).toBe(
      'a\\u001b]0;x\\u0007b\\u009bc\\u000dd\r\ne\tf\n',
    );
    expect(escapeControls('\u001b[1mbold\u001b[22m', true)).toBe('\u001b[1mbold\u001b[22m');
    expect(escapeControls('\u001b[1mbold\u001b[22m', false)).toBe('\\u001b[1mbold\\u001b[22m');
    expect(escapeControls('\u001b[2J', true)).toBe('\\u001b[2J');
  });

  test('a metric and a field name from a spec reach the terminal escaped; --format json still holds the exact name', () => {
    const dir = tmp();
    writeFileSync(join(dir, 's.json'), '{"a": "x"}');
    const metric = 'Evil\u001b]0;pwned\u0007\u001b[2J\u009b31m\u007f';
    writeFileSync(
      join(dir, 'spec.json'),
      JSON.stringify({
        sample: 's.json',
        webhooks: [{ kind: 'create-event', metric, properties: ['a=N\u001b[8mhidden'] }],
      }),
    );
    const text = runCli(['generate', '--spec', join(dir, 'spec.json')]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(text.stdout).toContain('Evil\\u001b]0;pwned\\u0007\\u001b[2J\\u009b31m\\u007f');
    for (const format of ['json', 'markdown']) {
      const r = runCli(['generate', '--spec', join(dir, 'spec.json'), '--format', format]);
      expect(r.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
      if (format === 'json') expect(JSON.parse(r.stdout).webhooks[0].name).toBe(`Create "${metric}" events`);
    }
  });
});

describe('text that is not UTF-8', () => {
  test('a Latin-1 sample is refused with the offset of the first bad byte and how to convert it', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'latin1.json'), Buffer.from('{"Gr\u00f6\u00dfe": 1}', 'latin1'));
    expectOneLine(
      runCli(['generate', '--sample', join(dir, 'latin1.json'), '--to-profile', 'a']),
      2,
      /not UTF-8 text: byte 4 \(0xf6\).*iconv/,
    );
    expectOneLine(runCli(['generate', '--sample', '-', '--to-profile', 'a'], { input: '' }), 2);
    writeFileSync(join(dir, 'body.json'), Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]));
    expectOneLine(runCli(['validate', join(dir, 'body.json')]), 2, /byte 2 \(0xc3\)/);
  });

  test('firstInvalidUtf8 finds overlongs, surrogates, truncated and out-of-range sequences', () => {
    const at = (bytes: number[]) => firstInvalidUtf8(Uint8Array.from(bytes));
    expect(at([0x61, 0xc3, 0xa9, 0x62])).toBe(4);
    expect(at([0x61, 0xc0, 0x80])).toBe(1); // overlong
    expect(at([0xed, 0xa0, 0x80])).toBe(0); // surrogate
    expect(at([0x61, 0xe2, 0x82])).toBe(1); // cut short
    expect(at([0xf4, 0x90, 0x80, 0x80])).toBe(0); // above U+10FFFF
    expect(at([0xf0, 0x9f, 0x98, 0x80])).toBe(4);
  });
});

describe('input size caps', () => {
  test("/dev/zero as a sample file, as a spec's sample and on stdin: refused past the cap with one line", () => {
    const dir = tmp();
    expectOneLine(runCli(['generate', '--sample', '/dev/zero', '--to-profile', 'a']), 2, /larger than 16 MB/);
    writeFileSync(
      join(dir, 'spec.yaml'),
      'sample: /dev/zero\nwebhooks:\n  - kind: profile-import\n    properties: [a]\n',
    );
    expectOneLine(runCli(['generate', '--spec', join(dir, 'spec.yaml')]), 2, /larger than 16 MB/);
    const r = spawnSync('sh', ['-c', `"${CLI_NODE}" "${BIN}" generate --sample - --to-profile a < /dev/zero`], {
      cwd: ROOT,
      env: cliEnv(),
      encoding: 'utf8',
      timeout: 15_000,
    });
    expectOneLine(
      { code: r.status, stdout: r.stdout, stderr: r.stderr },
      2,
      /sample on standard input is larger than 16 MB/,
    );
  });
});
