/** Output as scripts meet it: through pipes, including one whose reader stops early. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, cliEnv, ROOT } from './run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'kwg-stdio-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// 300 webhooks: about 1 MB of JSON, far more than a pipe holds.
const spec = join(work, 'spec.json');
writeFileSync(
  spec,
  JSON.stringify({
    example: 'shopify-placed-order',
    webhooks: Array.from({ length: 300 }, (_, i) => ({
      kind: 'create-event',
      name: `w${i}`,
      metric: `M${i}`,
      properties: ['ShippingRate', '$value'],
    })),
  }),
);

const bash = (script: string) =>
  spawnSync('bash', ['-c', script], {
    cwd: ROOT,
    encoding: 'utf8',
    env: cliEnv(),
    timeout: 30_000,
  });

describe('output through pipes', () => {
  it('writes all of a large output to a slow reader', () => {
    const r = bash(
      `node ${JSON.stringify(BIN)} generate --spec ${JSON.stringify(spec)} --format json | (sleep 0.3; cat)`,
    );
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { webhooks: unknown[] };
    expect(out.webhooks).toHaveLength(300);
  });

  it('ends quietly, exit 0, when the reader stops early (`| head`)', () => {
    const r = bash(
      `node ${JSON.stringify(BIN)} generate --spec ${JSON.stringify(spec)} --format json | head -c 100 > /dev/null; echo "exit \${PIPESTATUS[0]}" >&2`,
    );
    expect(r.stderr).toBe('exit 0\n');
  });
});
