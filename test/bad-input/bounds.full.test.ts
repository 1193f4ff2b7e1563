/** Issue 14 §2, the big inputs (npm run test:all): each ends in a clear answer, never exit 70 or an endless run. */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { renderTemplate, type TemplateRenderError } from '../../src/render/index.js';
import { BIN, cliEnv, ROOT, runCli } from '../e2e/run-cli.js';
import { expectOneLine, tmp } from './helpers.js';

const body = (x: string) =>
  `{"data":{"type":"event","attributes":{"properties":{"x":"${x}"},"metric":{"data":{"type":"metric","attributes":{"name":"M"}}},"profile":{"data":{"type":"profile","id":"1","attributes":{}}}}}}`;

describe('big inputs', () => {
  const dir = tmp();
  const big = join(dir, 'big-list.json');
  writeFileSync(
    big,
    JSON.stringify({ $event_id: 'e1', a: 1, l: Array.from({ length: 200_000 }, (_, i) => ({ sku: `S${i}`, n: i })) }),
  );

  test('a list of 200,000 elements with [*], --each and --list-fields', () => {
    expect(runCli(['generate', '--sample', big, '--list-fields']).code).toBe(0);
    for (const args of [
      ['--promote', 'l[*].sku', '--metric', 'M'],
      ['--each', 'l[*]', '--metric', 'M'],
      ['--to-profile', 'l[*].n=N'],
    ]) {
      const r = runCli(['generate', '--sample', big, ...args, '--format', 'json']);
      expect(r.code === 0 || r.code === 1, r.stderr).toBe(true);
      expect(r.stderr).not.toMatch(/internal error/);
    }
  });

  test('more than 16 MB on stdin is refused as soon as it passes the cap', () => {
    const r = spawnSync(
      'sh',
      ['-c', `head -c 600000000 /dev/zero | "${process.execPath}" "${BIN}" generate --sample - --to-profile a`],
      { cwd: ROOT, env: cliEnv(), encoding: 'utf8', timeout: 30_000 },
    );
    expectOneLine({ code: r.status, stdout: r.stdout, stderr: r.stderr }, 2, /larger than 16 MB/);
  });

  test('validate: 100,000 unclosed {% and 800,000 tags answer in bounded time with at most 201 problems', () => {
    writeFileSync(join(dir, 'p2.json'), body('{%'.repeat(100_000)));
    writeFileSync(join(dir, 'p3.json'), body('{{a}}'.repeat(800_000)));
    for (const f of ['p2.json', 'p3.json']) {
      const r = runCli(['validate', join(dir, f), '--format', 'json']);
      expect(r.code, r.stderr).toBe(1);
      expect(JSON.parse(r.stdout).problems.length).toBeLessThanOrEqual(201);
    }
  });

  test('the output budget: a loop printing the sample a million times stops at 20,000,000 characters', () => {
    try {
      renderTemplate('{% for a in l %}{% for b in l %}{{ s }}{% endfor %}{% endfor %}', {
        l: Array.from({ length: 1000 }, (_, i) => i),
        s: 'x'.repeat(100),
      });
      expect.unreachable();
    } catch (e) {
      expect((e as TemplateRenderError).message).toMatch(/rendered output passes 20,000,000 characters/);
    }
  });
});
