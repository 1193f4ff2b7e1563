/** Issue 14 §3 at scale (npm run test:all): 20 runs writing into one folder at once never show a reader a fragment. */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { BIN, ROOT } from '../e2e/run-cli.js';
import { tmp } from './helpers.js';

test('20 parallel `generate --out DIR --force` runs: every file a reader sees is whole', async () => {
  const dir = tmp();
  const args = [
    'generate',
    '--example',
    'shopify-placed-order',
    '--to-profile',
    'ShippingRate',
    '--promote',
    '$extra.line_items[*].sku=SKUs',
    '--metric',
    'M',
    '--out',
    dir,
    '--force',
  ];
  const runs = Array.from(
    { length: 20 },
    () =>
      new Promise<number | null>((ok) =>
        spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: 'ignore' }).on('close', ok),
      ),
  );
  let done = false;
  const seen: [string, string][] = [];
  const reader = (async () => {
    while (!done) {
      for (const f of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
        try {
          seen.push([f, readFileSync(join(dir, f), 'utf8')]);
        } catch {
          // renamed away between listing and reading: fine
        }
      }
      await new Promise((ok) => setTimeout(ok, 1));
    }
  })();
  const codes = await Promise.all(runs);
  done = true;
  await reader;
  expect(codes.every((c) => c === 0)).toBe(true);
  expect(seen.length).toBeGreaterThan(0);
  // Every run writes the same bytes: whatever a reader saw must be the whole file, never empty or cut.
  for (const [f, text] of seen) expect(text, f).toBe(readFileSync(join(dir, f), 'utf8'));
  expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
});
