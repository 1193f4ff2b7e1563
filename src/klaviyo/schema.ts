/**
 * The vendored request schemas and their compiled validators: which validator checks an endpoint at a revision, and
 * the schema document ajv's errors are explained against (schema-messages.ts).
 */
import type { Problem } from '../problem.js';
import { type AjvErrorLike, problemsFromAjvErrors, type Schema, type SchemaContext } from './schema-messages.js';
import type { EndpointId } from './endpoints.js';
import vendored from './revisions.generated.json' with { type: 'json' };
import { SCHEMA_REVISIONS, schemaRevisionFor, type SchemaRevision } from './revisions.js';
import schemas from './schemas.generated.json' with { type: 'json' };
import * as generated from './validators.generated.js';

/** A validator from scripts/compile-validators.mjs (ajv standalone code). */
export interface GeneratedValidator {
  (data: unknown): boolean;
  errors?: AjvErrorLike[] | null;
}

/** revision → endpoint → the name of its validator and schema (revisions with equal schemas share one). */
const TABLE = vendored as Record<SchemaRevision, Record<EndpointId, string>>;
/** Every request schema and shared definition, in one document (refs are `#/$defs/<name>`). */
const ROOT = schemas as Schema;

/** The request schema of `endpoint` at a vendored revision, with the document its refs resolve in. */
export function vendoredSchema(endpoint: EndpointId, revision: SchemaRevision): SchemaContext {
  return { root: ROOT, start: (ROOT.$defs as Record<string, Schema>)[TABLE[revision]![endpoint]]!, revision };
}

/**
 * The other vendored revisions in the order a key missing from `revision` is best explained: newer ones from the
 * nearest up ("exists from …"), then older ones from the nearest down ("was accepted at …").
 */
function otherRevisions(endpoint: EndpointId, revision: SchemaRevision): SchemaContext['otherRevisions'] {
  const newer = SCHEMA_REVISIONS.filter((r) => r > revision);
  const older = SCHEMA_REVISIONS.filter((r) => r < revision).reverse();
  return [...newer, ...older].map((r) => ({ revision: r, context: vendoredSchema(endpoint, r) }));
}

/**
 * Checks a (rendered or templated) request body against the request schema of `revision` (its own vendored spec;
 * a revision between or after vendored ones uses the nearest older one). Unknown keys are errors.
 */
export function validateRequestBody(endpoint: EndpointId, revision: string, body: unknown): Problem[] {
  const rev = schemaRevisionFor(revision);
  const name = TABLE[rev]![endpoint];
  const validate = (generated as unknown as Record<string, GeneratedValidator>)[name];
  if (!validate) throw new Error(`no generated validator ${name} for ${endpoint} at ${rev}; run npm run build`);
  if (validate(body)) return [];
  const context: SchemaContext = { ...vendoredSchema(endpoint, rev), otherRevisions: otherRevisions(endpoint, rev) };
  return problemsFromAjvErrors(validate.errors ?? [], body, context);
}
