#!/usr/bin/env node
// `npm run bench` (audit part): `audit` of a 500-flow account served by the local Klaviyo stand-in with 50 ms of
// latency per answer and Klaviyo's published rate limits enforced. Reports the requests made (one per page of 50
// flows, actions included), the wall time against its two floors — requests × latency, and the pacing Klaviyo's
// limit for GET /api/flows imposes (3/s burst) — and the checking time per webhook.
//
//   node scripts/bench-audit.mjs [--flows N] [--latency MS]
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importTs } from './import-ts.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const FLOWS = arg('flows', 500);
const LATENCY = arg('latency', 50);
const BIN = join(root, 'bin/klaviyo-webhook-gen.js');

// The stand-in and the fixtures are the tests' own TypeScript.
const m = await importTs('bench-audit', [
  "export { startKlaviyoStandIn } from './test/support/klaviyo-stand-in.ts';",
  "export { account, manyFlows, KEY, TODAY } from './test/support/account-fixtures.ts';",
  "export { readFlowWebhooks, auditReport } from './src/account/audit.ts';",
  "export { KlaviyoApi } from './src/account/api.ts';",
]);

const standIn = await m.startKlaviyoStandIn(m.account(m.manyFlows(FLOWS)), { apiKey: m.KEY, latencyMs: LATENCY });
const env = { ...process.env, KLAVIYO_API_KEY: m.KEY, KLAVIYO_WEBHOOK_GEN_TODAY: m.TODAY, NO_COLOR: '1' };
delete env.NODE_EXTRA_CA_CERTS;
const started = performance.now();
const result = await new Promise((resolve) => {
  const child = spawn(process.execPath, [BIN, 'audit', '--format', 'json', '--base-url', standIn.url], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.on('data', (d) => (stdout += d));
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.on('close', (code) => resolve({ code, stdout, stderr }));
});
const wall = performance.now() - started;
const throttled = standIn.requests.filter((r) => r.status === 429).length;
await standIn.close();
if (result.code !== 0) {
  console.error(`bench-audit: audit exited ${result.code}: ${result.stderr}`);
  process.exit(1);
}
const report = JSON.parse(result.stdout);

// Checking alone: the same webhooks judged in this process, no network.
const local = await m.startKlaviyoStandIn(m.account(m.manyFlows(FLOWS)), { apiKey: m.KEY, rateLimits: false });
const reader = new m.KlaviyoApi({
  baseUrl: local.url,
  apiKey: m.KEY,
  keyVariable: 'KLAVIYO_API_KEY',
  revision: '2026-07-15',
  fetch,
  sleep: async () => {},
});
const read = await m.readFlowWebhooks(reader);
await local.close();
const t0 = performance.now();
m.auditReport(read, m.TODAY);
const checking = performance.now() - t0;

const requests = report.requests;
const latencyFloor = requests * LATENCY;
const pacingFloor = Math.max(0, Math.ceil(requests / 3) - 1) * 1000; // GET /api/flows: 3 per second
console.log(
  `\naudit of ${FLOWS} flows (${report.summary.webhooks} webhooks), ${LATENCY} ms latency per answer, Klaviyo's rate limits enforced:`,
);
console.log(
  `  requests: ${requests} (pages of 50 flows with their actions); answered 429 by the stand-in: ${throttled}`,
);
console.log(
  `  wall: ${Math.round(wall)} ms (whole CLI run); floors: requests x latency ${latencyFloor} ms, pacing at 3/s ${pacingFloor} ms`,
);
console.log(
  `  checking: ${checking.toFixed(0)} ms for ${read.webhooks.length} webhooks (${(checking / Math.max(1, read.webhooks.length)).toFixed(2)} ms each)`,
);
console.log(
  `  wall / (max(floors) + checking): ${(wall / (Math.max(latencyFloor, pacingFloor) + checking)).toFixed(2)}x`,
);
