/**
 * Library functions whose modules load on first use: the spec file's JSON Schema validator (50 kB of generated
 * code that builds its patterns when loaded) and the OpenAPI reader. Re-exported directly, they would load for
 * every command of the CLI, which is built on src/index.ts: `generate` measured 10% slower (+11 ms).
 */
import type { EndpointId } from './klaviyo/endpoints.js';
import type { Problem } from './problem.js';
import type { GenerateSpec } from './spec-file/types.js';

/** A spec file's text (JSON, or YAML when `source` ends in .yml/.yaml) → a checked spec; UserError when invalid. */
export async function parseSpec(text: string, source: string): Promise<GenerateSpec> {
  return (await import('./spec-file/load.js')).parseSpec(text, source);
}

/** A parsed value checked against the spec file's JSON Schema; UserError (naming `source`) when invalid. */
export async function checkSpec(value: unknown, source: string): Promise<GenerateSpec> {
  return (await import('./spec-file/load.js')).checkSpec(value, source);
}

/** A spec as the text of `fileName` (YAML for .yml/.yaml, else JSON). */
export async function formatSpec(spec: GenerateSpec, fileName: string): Promise<string> {
  return (await import('./spec-file/load.js')).formatSpec(spec, fileName);
}

/** A request-body validator for `endpoint` from a Klaviyo OpenAPI document (for validate's `schemaValidator`). */
export async function validatorFromOpenApi(doc: unknown, endpoint: EndpointId): Promise<(body: unknown) => Problem[]> {
  return (await import('./klaviyo/openapi.js')).validatorFromOpenApi(doc, endpoint);
}
