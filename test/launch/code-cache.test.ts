import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CachedModuleLoader, codeCacheDir, commandKey, WRAPPER_HEAD } from '../../src/launch/code-cache.js';

/** A bundle file as scripts/build.mjs writes it: CommonJS inside Node's function wrapper. */
const bundleFile = (body: string) => `${WRAPPER_HEAD}${body}\n})`;

let root: string;
let dir: string;
let cache: string;
beforeEach(() => {
  root = mkdtempSync(join(os.tmpdir(), 'kwg-code-cache-'));
  dir = join(root, 'bundle');
  mkdirSync(dir);
  cache = join(root, '.cache', 'v0-test', 'generate');
  writeFileSync(
    join(dir, 'main.cjs'),
    bundleFile(`const b = require('./b.cjs'); const path = require('node:path');
    function work(n) { let s = 0; for (let i = 0; i < n; i++) s += b.twice(i); return s; }
    module.exports = { run: (n) => work(n), base: path.basename(__filename), self: this === exports };`),
  );
  writeFileSync(join(dir, 'b.cjs'), bundleFile('exports.twice = (x) => 2 * x;'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('codeCacheDir', () => {
  const node = { version: 'v20.20.2', arch: 'x64' };
  it('is a folder per build, Node version, architecture and command, inside the bundle folder', () => {
    expect(codeCacheDir('/pkg/dist/cli', '0123abcd', 'generate', {}, node)).toBe(
      join('/pkg/dist/cli', '.cache', '0123abcd-v20.20.2-x64', 'generate'),
    );
  });
  it("is off with KLAVIYO_WEBHOOK_GEN_CODE_CACHE=0/false/off, or with Node's NODE_DISABLE_COMPILE_CACHE", () => {
    for (const value of ['0', 'false', 'OFF', ' off '])
      expect(codeCacheDir('/d', 'b', 'main', { KLAVIYO_WEBHOOK_GEN_CODE_CACHE: value }, node), value).toBeUndefined();
    expect(codeCacheDir('/d', 'b', 'main', { NODE_DISABLE_COMPILE_CACHE: '1' }, node)).toBeUndefined();
    expect(codeCacheDir('/d', 'b', 'main', { KLAVIYO_WEBHOOK_GEN_CODE_CACHE: '1' }, node)).toBe(
      join('/d', '.cache', 'b-v20.20.2-x64', 'main'),
    );
  });
  it('goes in the folder KLAVIYO_WEBHOOK_GEN_CODE_CACHE names (for an install the user cannot write to)', () => {
    expect(
      codeCacheDir(
        '/usr/lib/node_modules/x/dist/cli',
        'b',
        'generate',
        { KLAVIYO_WEBHOOK_GEN_CODE_CACHE: '/home/me/.cache/kwg' },
        node,
      ),
    ).toBe(join('/home/me/.cache/kwg', 'b-v20.20.2-x64', 'generate'));
  });
});

describe('commandKey', () => {
  const commands = ['generate', 'validate'];
  it('names the command, and everything else (help, typos, paths, no command) main', () => {
    expect(commandKey(['generate', '--sample', 'x.json'], commands)).toBe('generate');
    expect(commandKey(['validate', '-'], commands)).toBe('validate');
    for (const argv of [[], ['--help'], ['generat'], ['../../etc'], ['--version', 'generate']])
      expect(commandKey(argv, commands)).toBe('main');
  });
});

describe('CachedModuleLoader', () => {
  // V8 keeps compiled scripts in memory per source and file name, and then never looks at a code cache: each run
  // loads its own copy of the files, as a new process would (the cache folder is shared).
  let copies = 0;
  const run = () => {
    const copy = join(root, `copy${copies++}`);
    cpSync(dir, copy, { recursive: true });
    const loader = new CachedModuleLoader(copy, cache);
    const main = loader.load('main.cjs') as { run(n: number): number; base: string; self: boolean };
    return { loader, main, result: main.run(1000) };
  };

  it('runs CommonJS files as Node would: relative requires through the loader, built-ins through Node, this = exports', () => {
    const { main, result } = run();
    expect(result).toBe(999_000);
    expect(main.base).toBe('main.cjs');
    expect(main.self).toBe(true);
  });

  it('writes a cache after the run, which the next run uses', () => {
    const first = run();
    expect(first.loader.cacheUse()).toEqual([
      { file: 'main.cjs', use: 'none' },
      { file: 'b.cjs', use: 'none' },
    ]);
    expect(existsSync(cache)).toBe(false); // nothing written before saveCodeCache
    first.loader.saveCodeCache();
    expect(readdirSync(cache).sort()).toEqual(['b.cjs.bin', 'main.cjs.bin']);

    const second = run();
    expect(second.result).toBe(999_000);
    expect(second.loader.cacheUse().map((u) => u.use)).toEqual(['used', 'used']);
    const before = readFileSync(join(cache, 'main.cjs.bin'));
    second.loader.saveCodeCache(); // nothing was stale: nothing rewritten
    expect(readFileSync(join(cache, 'main.cjs.bin')).equals(before)).toBe(true);
    expect(readdirSync(cache).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('runs from source when a cache file is garbage or truncated, and replaces it', () => {
    run().loader.saveCodeCache();
    writeFileSync(join(cache, 'main.cjs.bin'), Buffer.from('not a V8 code cache at all'));
    writeFileSync(join(cache, 'b.cjs.bin'), readFileSync(join(cache, 'b.cjs.bin')).subarray(0, 40));
    const { loader, result } = run();
    expect(result).toBe(999_000);
    expect(loader.cacheUse().map((u) => u.use)).toEqual(['rejected', 'rejected']);
    loader.saveCodeCache();
    expect(
      run()
        .loader.cacheUse()
        .map((u) => u.use),
    ).toEqual(['used', 'used']);
  });

  it('goes on without a cache when the folder cannot be written, telling onCacheError', () => {
    if (process.getuid?.() === 0) {
      // root writes anywhere: stand a file where the folder should be instead
      writeFileSync(join(root, '.cache'), '');
    } else {
      chmodSync(root, 0o555);
    }
    const errors: unknown[] = [];
    const loader = new CachedModuleLoader(dir, cache, (err) => errors.push(err));
    expect((loader.load('main.cjs') as { run(n: number): number }).run(10)).toBe(90);
    expect(() => loader.saveCodeCache()).not.toThrow();
    expect(errors).toHaveLength(1);
    chmodSync(root, 0o755);
  });

  it('leaves no temporary file behind when a cache file cannot be put in place', () => {
    mkdirSync(join(cache, 'main.cjs.bin'), { recursive: true }); // a folder where the file goes: the rename fails
    writeFileSync(join(cache, 'main.cjs.bin', 'x'), '');
    const errors: unknown[] = [];
    const loader = new CachedModuleLoader(dir, cache, (err) => errors.push(err));
    (loader.load('main.cjs') as { run(n: number): number }).run(1);
    loader.saveCodeCache();
    expect(errors).toHaveLength(1);
    expect(readdirSync(cache).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('uses no cache at all without a cache folder', () => {
    const loader = new CachedModuleLoader(dir, undefined);
    expect((loader.load('main.cjs') as { run(n: number): number }).run(10)).toBe(90);
    loader.saveCodeCache();
    expect(loader.cacheUse()).toEqual([]);
    expect(existsSync(join(root, '.cache'))).toBe(false);
  });

  it('gives a require cycle the partial exports, as Node does, and loads each file once', () => {
    writeFileSync(
      join(dir, 'a.cjs'),
      bundleFile(
        "exports.early = 1; const c = require('./c.cjs'); exports.seen = c.seen; exports.count = (globalThis.__kwgLoads = (globalThis.__kwgLoads ?? 0) + 1);",
      ),
    );
    writeFileSync(join(dir, 'c.cjs'), bundleFile("exports.seen = { ...require('./a.cjs') };"));
    const loader = new CachedModuleLoader(dir, undefined);
    const a = loader.load('a.cjs') as { seen: unknown; count: number };
    expect(a.seen).toEqual({ early: 1 });
    expect(loader.load('./a.cjs')).toBe(a);
    expect(a.count).toBe(1);
    delete (globalThis as { __kwgLoads?: number }).__kwgLoads;
  });

  it('refuses a file that is not a bundle file', () => {
    writeFileSync(join(dir, 'plain.cjs'), 'module.exports = 1;');
    expect(() => new CachedModuleLoader(dir, undefined).load('plain.cjs')).toThrow(/not a CLI bundle file/);
  });
});
