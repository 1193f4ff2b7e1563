import type { Problem } from '../problem.js';
import { UserError } from '../errors.js';
import { ENDPOINTS, type EndpointId } from './endpoints.js';
import { requestSchemaFromOpenApi } from './openapi-schema.js';
import { withOverlay } from './schema-overlay.js';
import { problemsFromAjvErrors, type AjvErrorLike } from './schema-messages.js';
import formats from './schemas/formats.json' with { type: 'json' };
import { safeRegExp } from './safe-pattern.js';

/**
 * A validator for `endpoint` built from a Klaviyo OpenAPI document at run time (for specs newer than the tool).
 * ajv is loaded only here, on demand. Problems read exactly like validateRequestBody's.
 */
export async function validatorFromOpenApi(doc: unknown, endpoint: EndpointId): Promise<(body: unknown) => Problem[]> {
  const schema = withOverlay(endpoint, requestSchemaFromOpenApi(doc, endpoint)) as Record<string, unknown>;
  const { default: Ajv } = await import('ajv');
  // Not strict: a newer spec may use keywords or formats we don't know; unknown formats are then not checked.
  const ajv = new Ajv({
    allErrors: true,
    strict: false,
    allowUnionTypes: true,
    logger: false,
    formats: { 'date-time': new RegExp(formats['date-time']) },
    code: { regExp: safeRegExp }, // issue 14: a document from anywhere must not hang validate
  });
  let validate: ReturnType<typeof ajv.compile>;
  try {
    validate = ajv.compile(schema);
  } catch (e) {
    const info = ENDPOINTS[endpoint];
    throw new UserError(
      `The --openapi schema for POST ${new URL(info.url).pathname} cannot be used: ${(e as Error).message}`,
    );
  }
  const context = { root: schema, start: schema };
  return (body) =>
    validate(body) ? [] : problemsFromAjvErrors((validate.errors ?? []) as AjvErrorLike[], body, context);
}
