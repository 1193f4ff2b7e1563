#!/usr/bin/env node
// `npm run openapi:extract -- <full spec files…>`: vendors what the product needs from Klaviyo's official OpenAPI
// specs (github.com/klaviyo/openapi, MIT) into vendor/klaviyo-openapi/<revision>.json, mechanically:
//   - the operations listed in OPERATIONS (those the tool sends, checks, reads or serves from its test stand-in),
//     with their parameters, request body, responses and Klaviyo's machine-readable x-klaviyo-ratelimit,
//     x-klaviyo-scopes and x-klaviyo-filters;
//   - every component they reach through $ref, transitively;
//   - minus prose: description, summary of schemas, example(s), title, tags, and other x- keys.
// Each file carries a provenance record: branch, commit, sha256 of the full file, date extracted. Branch and commit
// come from the README.md table beside the spec files when there is one (the layout of the shared reference
// folder), or from --branch/--commit (one file at a time). Re-running on an unchanged spec rewrites the same bytes:
// the extraction date is kept while the source's sha256 is unchanged.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** [method, path]: what the product uses. An operation a revision lacks is recorded as absent, not an error. */
export const OPERATIONS = [
  ['post', '/api/profile-import'],
  ['post', '/api/events'],
  ['get', '/api/events'],
  ['post', '/api/event-bulk-create-jobs'],
  ['get', '/api/metrics'],
  ['get', '/api/flows'],
  ['post', '/api/flows'],
  ['get', '/api/flows/{id}'],
  ['get', '/api/flows/{id}/flow-actions'],
  ['get', '/api/flow-actions/{id}'],
  ['patch', '/api/flow-actions/{id}'],
];

/** Operation keys kept; everything else (description, tags, aliases, …) is dropped. */
const OPERATION_KEYS = [
  'operationId',
  'summary',
  'parameters',
  'requestBody',
  'responses',
  'x-klaviyo-ratelimit',
  'x-klaviyo-scopes',
  'x-klaviyo-filters',
];
/** Prose keys dropped wherever they are keywords (never where they name a property). */
const PROSE = new Set(['description', 'example', 'examples', 'title', 'externalDocs']);
/** Objects whose keys are names chosen by the API, not keywords: kept whole, their values walked. */
const NAME_MAPS = new Set(['properties', 'responses', 'content', 'headers', 'x-klaviyo-filters', 'mapping']);

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const [, value] = args.splice(i, 2);
  return value;
};
const branchFlag = flag('branch');
const commitFlag = flag('commit');
const today = flag('date') ?? new Date().toISOString().slice(0, 10);
/** Where to write (tests compare a fresh extraction with the vendored files). */
const OUT = flag('out') ?? join(root, 'vendor/klaviyo-openapi');
if (args.length === 0 || args.some((a) => a.startsWith('--'))) {
  console.error(
    'usage: npm run openapi:extract -- [--branch B --commit SHA] [--date YYYY-MM-DD] [--out DIR] <full spec .json files…>',
  );
  process.exit(2);
}
if ((branchFlag || commitFlag) && args.length > 1) {
  console.error('openapi:extract: --branch/--commit name one file; give one spec file with them');
  process.exit(2);
}

/** Rows of a provenance table (`| \`file\` | \`branch\` | \`commit\` | …`) in the README beside the specs. */
function readmeProvenance(dir) {
  const readme = join(dir, 'README.md');
  const rows = new Map();
  if (!existsSync(readme)) return rows;
  for (const line of readFileSync(readme, 'utf8').split('\n')) {
    const cells = line.split('|').map((c) => c.trim().replace(/^`|`$/g, ''));
    if (cells.length > 4 && /\.json$/.test(cells[1]) && /^[0-9a-f]{40}$/.test(cells[3]))
      rows.set(cells[1], { branch: cells[2], commit: cells[3] });
  }
  return rows;
}

function strip(node, inNameMap = false) {
  if (Array.isArray(node)) return node.map((n) => strip(n));
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (!inNameMap && (PROSE.has(key) || (key.startsWith('x-') && key !== 'x-klaviyo-filters'))) continue;
    out[key] = strip(value, !inNameMap && NAME_MAPS.has(key));
  }
  return out;
}

function refsIn(node, found = new Set()) {
  if (Array.isArray(node)) for (const n of node) refsIn(n, found);
  else if (node !== null && typeof node === 'object') {
    if (typeof node.$ref === 'string') found.add(node.$ref);
    for (const v of Object.values(node)) refsIn(v, found);
  }
  return found;
}

function extract(doc) {
  const paths = {};
  const absent = [];
  for (const [method, path] of OPERATIONS) {
    const op = doc.paths?.[path]?.[method];
    if (!op) {
      absent.push(`${method.toUpperCase()} ${path}`);
      continue;
    }
    const kept = Object.fromEntries(OPERATION_KEYS.filter((k) => k in op).map((k) => [k, op[k]]));
    const { 'x-klaviyo-ratelimit': rate, 'x-klaviyo-scopes': scopes, 'x-klaviyo-filters': filters, ...rest } = kept;
    paths[path] ??= {};
    paths[path][method] = {
      ...strip(rest),
      ...(rate ? { 'x-klaviyo-ratelimit': rate } : {}),
      ...(scopes ? { 'x-klaviyo-scopes': scopes } : {}),
      ...(filters ? { 'x-klaviyo-filters': strip(filters, true) } : {}),
    };
  }
  // Components reached from the operations, transitively, in the source's own order.
  const wanted = new Set();
  const queue = [...refsIn(paths)];
  while (queue.length) {
    const ref = queue.pop();
    if (wanted.has(ref)) continue;
    if (!ref.startsWith('#/components/')) throw new Error(`openapi:extract: a $ref outside components: ${ref}`);
    wanted.add(ref);
    const [, , section, name] = ref.split('/');
    const target = doc.components?.[section]?.[name];
    if (target === undefined) throw new Error(`openapi:extract: broken $ref ${ref}`);
    queue.push(...refsIn(target));
  }
  const components = {};
  for (const [section, entries] of Object.entries(doc.components ?? {})) {
    for (const [name, value] of Object.entries(entries)) {
      if (!wanted.has(`#/components/${section}/${name}`)) continue;
      components[section] ??= {};
      components[section][name] = strip(value);
    }
  }
  return { paths, components, absent };
}

mkdirSync(OUT, { recursive: true });
const written = [];
for (const file of args) {
  const bytes = readFileSync(file);
  const doc = JSON.parse(bytes.toString('utf8'));
  const revision = doc.info?.version;
  if (typeof doc.openapi !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(revision ?? '')) {
    console.error(
      `openapi:extract: ${file} is not one of Klaviyo's OpenAPI specs (no openapi version or info.version date)`,
    );
    process.exit(2);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const fromReadme = readmeProvenance(dirname(file)).get(basename(file));
  const target = join(OUT, `${revision}.json`);
  const previous = existsSync(target) ? JSON.parse(readFileSync(target, 'utf8'))['x-provenance'] : undefined;
  const { paths, components, absent } = extract(doc);
  const provenance = {
    source: 'https://github.com/klaviyo/openapi (MIT; LICENSE beside this file)',
    branch: branchFlag ?? fromReadme?.branch ?? previous?.branch ?? 'unknown',
    commit: commitFlag ?? fromReadme?.commit ?? previous?.commit ?? 'unknown',
    sha256,
    extracted: previous?.sha256 === sha256 ? previous.extracted : today,
    by: 'scripts/openapi-extract.mjs',
    operations: OPERATIONS.map(([m, p]) => `${m.toUpperCase()} ${p}`).filter((o) => !absent.includes(o)),
    absent,
  };
  const out = {
    openapi: doc.openapi,
    info: { title: doc.info.title, version: revision },
    'x-provenance': provenance,
    paths,
    components,
  };
  const text = `${JSON.stringify(out, null, 1)}\n`;
  writeFileSync(`${target}.tmp`, text);
  renameSync(`${target}.tmp`, target);
  written.push({ revision, bytes: text.length, provenance });
  console.error(
    `${revision}: ${(text.length / 1024).toFixed(0)} kB (${Object.keys(components.schemas ?? {}).length} schemas) from ${basename(file)}${absent.length ? `; absent: ${absent.join(', ')}` : ''}`,
  );
}

// The licence of Klaviyo's repository and an index of what is vendored, kept beside the files.
const licenceSource = args.map((f) => join(dirname(f), 'LICENSE')).find((f) => existsSync(f));
if (licenceSource) writeFileSync(join(OUT, 'LICENSE'), readFileSync(licenceSource));
else if (!existsSync(join(OUT, 'LICENSE')))
  console.error(
    "openapi:extract: no LICENSE beside the spec files; add Klaviyo's MIT licence to vendor/klaviyo-openapi/LICENSE",
  );

// README.md: what is here and where it came from, one row per vendored revision (all of them, not just this run's).
const rows = readdirSync(OUT)
  .filter((f) => /^\d{4}-\d{2}-\d{2}\.json$/.test(f))
  .sort()
  .map((f) => {
    const p = JSON.parse(readFileSync(join(OUT, f), 'utf8'))['x-provenance'];
    return `| \`${f}\` | \`${p.branch}\` | \`${p.commit}\` | \`${p.sha256}\` | ${p.extracted} |`;
  });
writeFileSync(
  join(OUT, 'README.md'),
  `# Klaviyo's OpenAPI, vendored (MIT, \`LICENSE\`)

Generated by \`npm run openapi:extract -- <full spec files…>\` (scripts/openapi-extract.mjs); do not edit by hand.
Each file is a mechanical subset of one revision of Klaviyo's official spec (github.com/klaviyo/openapi): the
operations the tool sends, checks or reads, every component they reach, no prose. The build compiles the request
validators from these files (scripts/compile-validators.mjs); the tests' Klaviyo stand-in checks requests against them.

| file | branch | commit | sha256 of the full spec | extracted |
|---|---|---|---|---|
${rows.join('\n')}
`,
);
