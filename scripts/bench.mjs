#!/usr/bin/env node
// `npm run bench`: start-up time of the built CLI as paired medians against bare `node -e 0` (the floor), and the
// batch throughput of `generate --spec`, then the "abuse" rows (scripts/bench-abuse.mjs: the worst inputs of the hardening
// probe, each with its time, peak memory and answer). Prints figures only; the test suite has no timed assertions.
//
//   node scripts/bench.mjs [--runs N] [--batch N] [--bin PATH]
//
// Each command alternates with `node -e 0` (ABBA order, so drift hits both alike) after a few warm-up runs;
// stdout is a pipe, as in CI and in scripts that read --format json. On a busy machine the ratios grow: look at
// the load average printed with the table.
//
// The CLI keeps a V8 code cache per command (src/launch); the warm-up runs write it, so the table shows the
// steady state every later run gets. The row marked "first run" turns the cache off
// (KLAVIYO_WEBHOOK_GEN_CODE_CACHE=0): what a run costs before the cache exists, or where it cannot be written.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const RUNS = Number(arg('runs', 21));
const BATCH = Number(arg('batch', 1000));
const BIN = arg('bin', join(root, 'bin/klaviyo-webhook-gen.js'));
const SAMPLE = join(root, 'templates/examples/shopify-placed-order.json');
if (!existsSync(join(root, 'dist/cli/main.cjs'))) {
  console.error('bench: dist/cli/main.cjs is missing; run `npm run build` first (`npm run bench` does)');
  process.exit(1);
}
const tmp = mkdtempSync(join(os.tmpdir(), 'kwg-bench-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

const env = { ...process.env, NO_COLOR: '1' };
delete env.FORCE_COLOR;
delete env.NODE_OPTIONS;
delete env.KLAVIYO_WEBHOOK_GEN_CODE_CACHE;
// NODE_EXTRA_CA_CERTS makes every Node process read and parse certificate files before it runs anything (~25 ms
// on the machine ARCHITECTURE.md's figures come from): that is not Node's floor, and adding it to both sides of a
// ratio would flatter the CLI.
delete env.NODE_EXTRA_CA_CERTS;

/** One run: wall milliseconds from spawn to exit, with the output. */
function exec(args, extraEnv) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, {
    cwd: tmp,
    env: extraEnv ? { ...env, ...extraEnv } : env,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.error) throw r.error;
  return { ms, code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const cli = (args, extraEnv) => exec([BIN, ...args], extraEnv);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Alternates `a` and `b` (ABBA), `runs` times each after `warm` warm-up pairs; returns the two medians. */
function paired(a, b, runs, warm = 3) {
  const ta = [];
  const tb = [];
  for (let i = 0; i < warm; i++) {
    a();
    b();
  }
  for (let i = 0; i < runs; i++) {
    // Alternate which goes first, so drift hits both alike.
    if (i % 2) {
      tb.push(b());
      ta.push(a());
    } else {
      ta.push(a());
      tb.push(b());
    }
  }
  return [median(ta), median(tb)];
}
const bare = () => exec(['-e', '0']).ms;

function fail(what, r) {
  console.error(`bench: ${what} failed (exit ${r.code}):\n${r.stderr || r.stdout}`);
  process.exit(1);
}

// --- start-up ---------------------------------------------------------------------------------------------------
const generateArgs = [
  'generate',
  '--sample',
  SAMPLE,
  '--promote',
  '$extra.line_items[*].sku=SKUs',
  '--metric',
  'Placed Order SKUs',
  '--format',
  'json',
];
const generated = cli(generateArgs);
if (generated.code !== 0) fail('generate', generated);
const bodyFile = join(tmp, 'body.json');
writeFileSync(bodyFile, JSON.parse(generated.stdout).webhooks[0].body);

const cases = [
  { name: '--help', args: ['--help'], target: 1.2 },
  { name: '--version', args: ['--version'], target: 1.2 },
  // A command that does work is bounded by what it adds to Node's own start (issue 17: +50 ms on the development
  // machine), not by a ratio, which moves with the machine's speed at starting Node.
  { name: 'generate --sample … --format json', args: generateArgs, overMs: 50 },
  { name: 'validate <body>', args: ['validate', bodyFile], overMs: 50, optional: true },
  { name: 'generate, first run (no code cache)', args: generateArgs, env: { KLAVIYO_WEBHOOK_GEN_CODE_CACHE: '0' } },
];

const machine = `${os.cpus()[0]?.model?.trim() ?? 'unknown CPU'}, nproc ${os.availableParallelism()}, ${os.platform()} ${os.release()}, node ${process.version}`;
console.log(`klaviyo-webhook-gen start-up bench: ${RUNS} alternating pairs per command; ${machine}`);
console.log(
  `load average at start: ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
if (process.env.NODE_EXTRA_CA_CERTS)
  console.log('NODE_EXTRA_CA_CERTS is set here: cleared for both sides (it adds a certificate read to every start)');
console.log('');

const rows = [];
const notes = [];
for (const c of cases) {
  const probe = cli(c.args, c.env);
  // exit 1 means "problems found" for validate/generate; 2 is a usage error (e.g. an unknown command), 70 a crash.
  if (probe.code !== 0 && probe.code !== 1) {
    if (!c.optional) fail(c.name, probe);
    notes.push(
      `${c.name.split(' ')[0]}: not available (${probe.stderr.trim().split('\n')[0] || `exit ${probe.code}`})`,
    );
    continue;
  }
  const [ms, base] = paired(() => cli(c.args, c.env).ms, bare, RUNS);
  rows.push({ command: c.name, ms, base, ratio: ms / base, target: c.target, overMs: c.overMs });
}

const table = [
  ['command', 'median ms', 'node -e 0 ms', 'ratio', 'target', 'result'],
  ...rows.map((r) => [
    r.command,
    r.ms.toFixed(1),
    r.base.toFixed(1),
    `${r.ratio.toFixed(2)}× (+${(r.ms - r.base).toFixed(0)} ms)`,
    r.target ? `≤ ${r.target}×` : r.overMs ? `≤ +${r.overMs} ms` : '',
    r.target ? (r.ratio <= r.target ? 'pass' : 'FAIL') : r.overMs ? (r.ms - r.base <= r.overMs ? 'pass' : 'FAIL') : '',
  ]),
];
const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
for (const [i, row] of table.entries()) {
  console.log(row.map((cell, j) => (j === 0 ? cell.padEnd(widths[j]) : cell.padStart(widths[j]))).join('  '));
  if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
}
for (const n of notes) console.log(n);

// --- batch ------------------------------------------------------------------------------------------------------
// One spec with BATCH webhooks over the bundled Shopify order, each with a different field selection, as the issue
// asks: every body validated (generate checks each body it prints) and preview-rendered (--preview). "Beyond
// start-up" is the batch median minus the median of the same spec with one webhook.
const fieldsRun = cli(['generate', '--sample', SAMPLE, '--list-fields', '--format', 'json']);
if (fieldsRun.code !== 0) fail('generate --list-fields', fieldsRun);
const fields = JSON.parse(fieldsRun.stdout)
  .filter((f) => !/null|object/.test(f.type))
  .map((f) => f.path);

function webhook(i) {
  const count = 1 + (i % 6);
  const properties = Array.from({ length: count }, (_, j) => `${fields[(i * 7 + j * 5) % fields.length]}=f${j}`);
  if (i % 3 === 0) return { kind: 'profile-import', name: `profile ${i}`, properties };
  return {
    kind: 'create-event',
    name: `event ${i}`,
    metric: `Bench Metric ${i % 10}`,
    properties,
    ...(i % 2 ? { value: '$value', valueCurrency: 'USD' } : {}),
  };
}
const writeSpec = (file, n) => {
  writeFileSync(
    join(tmp, file),
    JSON.stringify({ sample: SAMPLE, webhooks: Array.from({ length: n }, (_, i) => webhook(i)) }),
  );
  return ['generate', '--spec', join(tmp, file), '--format', 'json', '--preview'];
};
const batchArgs = writeSpec('batch.json', BATCH);
const oneArgs = writeSpec('one.json', 1);

const check = cli(batchArgs);
if (check.code !== 0 && check.code !== 1) fail('generate --spec (batch)', check);
const out = JSON.parse(check.stdout);
if (out.webhooks.length !== BATCH) fail(`generate --spec (${out.webhooks.length} webhooks, expected ${BATCH})`, check);
const withErrors = out.webhooks.filter((w) => w.problems.some((p) => p.severity === 'error')).length;
const unrendered = out.webhooks.filter((w) => typeof w.preview?.rendered !== 'string').length;
if (unrendered) fail(`generate --spec --preview (${unrendered} webhooks without a rendering)`, check);

const batchRuns = Math.max(5, Math.round(RUNS / 3));
const [batchMs, oneMs] = paired(
  () => cli(batchArgs).ms,
  () => cli(oneArgs).ms,
  batchRuns,
  1,
);
const beyond = batchMs - oneMs;
console.log(
  `\nbatch: generate --spec --preview with ${BATCH} webhooks, each checked and rendered (${(check.stdout.length / 1e6).toFixed(1)} MB of JSON, ${withErrors} with errors): ` +
    `median ${batchMs.toFixed(0)} ms, one-webhook spec ${oneMs.toFixed(0)} ms → ${beyond.toFixed(0)} ms beyond start-up, ` +
    `${Math.round(BATCH / (beyond / 1000)).toLocaleString('en-US')} webhooks/s (target: < 1000 ms) ${beyond < 1000 ? 'pass' : 'FAIL'}`,
);

// --- abuse ------------------------------------------------------------------------------------------------------
// The hardening probe's worst inputs (issue 14): wall time, peak memory and the answer of each (scripts/bench-abuse.mjs).
const { runAbuse } = await import('./bench-abuse.mjs');
if (!(await runAbuse({ bin: BIN }))) process.exitCode = 1;
