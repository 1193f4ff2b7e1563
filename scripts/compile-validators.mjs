#!/usr/bin/env node
// Builds the request validators from Klaviyo's vendored OpenAPI specs (vendor/klaviyo-openapi/<revision>.json):
// each endpoint's request body converted to JSON Schema (src/klaviyo/openapi-schema.ts) with the tool's one overlay
// (src/klaviyo/schema-overlay.ts), then compiled to standalone ajv code, so the CLI never compiles a schema at run
// time and never loads ajv at start-up. Revisions whose schema for an endpoint is the same share one validator.
// Output (gitignored): src/klaviyo/validators.generated.{js,d.ts}, src/klaviyo/schemas.generated.json (the schemas
// themselves, which the checks read to explain problems) and src/klaviyo/revisions.generated.json (revision →
// endpoint → validator) and src/klaviyo/operations.generated.json (rate limits and scopes per operation).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { importTs } from './import-ts.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = `${root}src/klaviyo/`;
const vendor = `${root}vendor/klaviyo-openapi/`;
const ENDPOINTS = ['profile-import', 'create-event', 'bulk-create-events'];
const readJson = (f) => JSON.parse(readFileSync(f, 'utf8'));

// The conversion and the overlay are the product's own TypeScript modules.
const { requestSchemaFromOpenApi, withOverlay } = await importTs('convert', [
  "export { requestSchemaFromOpenApi } from './src/klaviyo/openapi-schema.ts';",
  "export { withOverlay } from './src/klaviyo/schema-overlay.ts';",
]);

const formats = readJson(`${dir}schemas/formats.json`);
const ajv = new Ajv({
  allErrors: true,
  strict: true,
  inlineRefs: false, // each definition one function, called where used: 120 kB of code instead of 148 kB
  allowUnionTypes: true,
  code: { source: true, esm: true, lines: true },
  messages: false, // schema.ts writes its own messages; ajv's English ones would only add weight
  formats: { 'date-time': new RegExp(formats['date-time']) },
});

/** Export name for an endpoint's schema first seen at `revision`, e.g. createEvent_2026_04_15. */
const exportName = (endpoint, revision) =>
  `${endpoint.replace(/-(\w)/g, (_, c) => c.toUpperCase())}_${revision.replaceAll('-', '_')}`;

const revisions = readdirSync(vendor)
  .filter((f) => /^\d{4}-\d{2}-\d{2}\.json$/.test(f))
  .map((f) => f.slice(0, -5))
  .sort();
if (revisions.length === 0)
  throw new Error('compile-validators: no vendored specs in vendor/klaviyo-openapi (npm run openapi:extract)');

// One document holds every validator's schema and every $defs entry, each once: equal definitions across
// revisions share one name (the name in the spec, suffixed with the first revision where it differs), so ajv
// compiles each into one function.
const defs = {}; // global name → schema
const defByText = new Map(); // canonical text → global name
const table = {}; // revision → endpoint → export name

/** JSON with the keywords of every schema object in one order (a property's or definition's name keeps its place). */
function canonical(node, isNameMap = false) {
  if (Array.isArray(node)) return node.map((n) => canonical(n));
  if (node === null || typeof node !== 'object') return node;
  const keys = isNameMap ? Object.keys(node) : Object.keys(node).sort();
  return Object.fromEntries(
    keys.map((k) => [k, canonical(node[k], !isNameMap && (k === 'properties' || k === '$defs'))]),
  );
}

/** Moves `schema`'s $defs into the shared defs (renaming its refs), bottom-up so equal text means equal meaning. */
function share(schema, revision) {
  const local = schema.$defs ?? {};
  delete schema.$defs;
  const renamed = new Map();
  const rewrite = (node) =>
    JSON.parse(
      JSON.stringify(node).replace(/"#\/\$defs\/([^"]+)"/g, (m, n) =>
        renamed.has(n) ? `"#/$defs/${renamed.get(n)}"` : m,
      ),
    );
  const pending = new Set(Object.keys(local));
  while (pending.size) {
    // A definition whose own refs are all renamed already; in a cycle, take any.
    const refsOf = (n) => [...JSON.stringify(local[n]).matchAll(/"#\/\$defs\/([^"]+)"/g)].map((m) => m[1]);
    const ready = [...pending].find((n) => refsOf(n).every((r) => renamed.has(r) || r === n)) ?? [...pending][0];
    pending.delete(ready);
    const text = JSON.stringify(canonical(rewrite(local[ready])));
    let name = defByText.get(text);
    if (name === undefined) {
      name = ready in defs ? `${ready}_${revision.replaceAll('-', '_')}` : ready;
      defByText.set(text, name);
      defs[name] = JSON.parse(text);
    }
    renamed.set(ready, name);
  }
  // Refs between shared definitions were written before every name was known (cycles): rename them now.
  for (const name of renamed.values()) defs[name] = rewrite(defs[name]);
  return canonical(rewrite(schema));
}

const roots = {}; // export name → schema
const rootByText = new Map();
for (const revision of revisions) {
  const doc = readJson(`${vendor}${revision}.json`);
  table[revision] = {};
  for (const endpoint of ENDPOINTS) {
    const schema = withOverlay(endpoint, requestSchemaFromOpenApi(doc, endpoint, { shareRefs: true }), {
      strict: true,
    });
    delete schema.$comment; // names the revision: would keep equal schemas apart
    const shared = share(schema, revision);
    const text = JSON.stringify(shared);
    let name = rootByText.get(text);
    if (name === undefined) {
      name = exportName(endpoint, revision);
      rootByText.set(text, name);
      roots[name] = shared;
    }
    table[revision][endpoint] = name;
  }
}
const ID = 'https://klaviyo-webhook-gen.invalid/requests.json';
ajv.addSchema({ $id: ID, $defs: { ...defs, ...roots } });
const refs = Object.fromEntries(Object.keys(roots).map((n) => [n, `${ID}#/$defs/${n}`]));

const header = '// Generated by scripts/compile-validators.mjs from vendor/klaviyo-openapi/*.json. Do not edit.\n';
// ajv's standalone output require()s its runtime helpers even in ESM mode; inline the one we use (maxLength) so
// the module is self-contained ESM. Any other require() means a new helper: fail loudly rather than ship it.
const UCS2LENGTH =
  'function ucs2length(s){let n=0,i=0;while(i<s.length){n++;const c=s.charCodeAt(i++);' +
  'if(c>=0xd800&&c<=0xdbff&&i<s.length&&(s.charCodeAt(i)&0xfc00)===0xdc00)i++;}return n;}';
const code = standaloneCode(ajv, refs).replace(
  /const (\w+) = require\("ajv\/dist\/runtime\/ucs2length"\)\.default;/g,
  (_, name) => `const ${name} = ucs2length;`,
);
if (code.includes('require('))
  throw new Error(`compile-validators: standalone code still needs require(): ${code.match(/require\([^)]*\)/)[0]}`);
const js = `${header + code.replace('"use strict";', `"use strict";\n${UCS2LENGTH}`)}\n`;
const dts =
  header +
  "import type { GeneratedValidator } from './schema.js';\n" +
  Object.keys(refs)
    .map((n) => `export declare const ${n}: GeneratedValidator;\n`)
    .join('');
writeFileSync(`${dir}validators.generated.js`, js);
writeFileSync(`${dir}validators.generated.d.ts`, dts);
writeFileSync(`${dir}schemas.generated.json`, JSON.stringify({ $defs: { ...defs, ...roots } }));
writeFileSync(`${dir}revisions.generated.json`, `${JSON.stringify(table, null, 1)}\n`);

// What each operation the tool calls costs and needs, from the newest vendored spec: Klaviyo's rate limits (the
// client paces itself by them) and scopes (named when Klaviyo answers 403).
const newest = readJson(`${vendor}${revisions.at(-1)}.json`);
const operations = {};
for (const [path, methods] of Object.entries(newest.paths)) {
  for (const [method, op] of Object.entries(methods)) {
    operations[`${method.toUpperCase()} ${path}`] = {
      rateLimit: op['x-klaviyo-ratelimit'] ?? null,
      scopes: op['x-klaviyo-scopes'] ?? [],
    };
  }
}
writeFileSync(`${dir}operations.generated.json`, `${JSON.stringify(operations, null, 1)}\n`);
