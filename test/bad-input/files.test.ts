/** Issue 14 §3: files are written all or nothing, never through a symlink, and a saved spec finds its sample. */
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { writeFiles } from '../../src/cli/io.js';
import { UserError } from '../../src/errors.js';
import { ROOT, runCli } from '../e2e/run-cli.js';
import { expectOneLine, tmp } from './helpers.js';

const GEN = ['generate', '--example', 'shopify-placed-order', '--to-profile', 'ShippingRate'];

describe('files: all or nothing', () => {
  test('when a later file cannot be written, no file of the run is written and no temporary file is left', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'blocker'), 'a file, not a folder');
    const err = (() => {
      try {
        writeFiles(
          [
            { path: join(dir, 'a.json'), content: 'A' },
            { path: join(dir, 'blocker', 'b.json'), content: 'B' },
          ],
          false,
        );
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toMatch(/no file was written/);
    expect(readdirSync(dir)).toEqual(['blocker']);
  });

  test('--force replaces each file whole (old content until the rename, never a fragment)', () => {
    const dir = tmp();
    writeFiles([{ path: join(dir, 'a.json'), content: 'old' }], false);
    writeFiles([{ path: join(dir, 'a.json'), content: 'new'.repeat(100_000) }], true);
    expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe('new'.repeat(100_000));
    expect(readdirSync(dir)).toEqual(['a.json']);
  });

  test('a dangling symlink at a target is refused without --force, and nothing is created where it points', () => {
    const dir = tmp();
    const outside = join(tmp(), 'outside.json');
    const first = runCli([...GEN, '--out', join(dir, 'out')]);
    expect(first.code, first.stderr).toBe(0);
    const body = readdirSync(join(dir, 'out')).find((f) => f.endsWith('.body.json'))!;
    const target = join(dir, 'out', body);
    const original = readFileSync(target, 'utf8');
    const fresh = join(dir, 'fresh');
    mkdirSync(fresh);
    symlinkSync(outside, join(fresh, body));
    expectOneLine(runCli([...GEN, '--out', fresh]), 2, /already exist.*--force/);
    expect(existsSync(outside)).toBe(false);
    // --force replaces the link itself; the file it pointed to is neither created nor changed.
    writeFileSync(outside, 'do not touch');
    const forced = runCli([...GEN, '--out', fresh, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(lstatSync(join(fresh, body)).isSymbolicLink()).toBe(false);
    expect(readFileSync(join(fresh, body), 'utf8')).toBe(original);
    expect(readFileSync(outside, 'utf8')).toBe('do not touch');
  });

  test('--save-spec stores the sample path relative to the spec file, so --spec finds the same sample', () => {
    const dir = tmp();
    const sample = join(dir, 'events', 'order.json');
    mkdirSync(join(dir, 'events'));
    writeFileSync(sample, readFileSync(join(ROOT, 'templates/examples/shopify-placed-order.json')));
    mkdirSync(join(dir, 'other'));
    writeFileSync(join(dir, 'other', 'events-order.json'), '{"decoy": 1}');
    const saved = runCli(
      [
        'generate',
        '--sample',
        'events/order.json',
        '--to-profile',
        'ShippingRate',
        '--save-spec',
        'other/dir/spec.json',
        '--format',
        'json',
      ],
      { cwd: dir },
    );
    expect(saved.code, saved.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'other/dir/spec.json'), 'utf8')).sample).toBe('../../events/order.json');
    const again = runCli(['generate', '--spec', join(dir, 'other/dir/spec.json'), '--format', 'json']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe(saved.stdout);
    // Re-saved from a spec elsewhere: still relative to the new file.
    const resaved = runCli(['generate', '--spec', 'other/dir/spec.json', '--save-spec', 'spec2.yaml'], { cwd: dir });
    expect(resaved.code, resaved.stderr).toBe(0);
    expect(readFileSync(join(dir, 'spec2.yaml'), 'utf8')).toMatch(/^sample: events\/order\.json$/m);
  });
});
