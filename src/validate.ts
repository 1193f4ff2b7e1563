/**
 * The library's `validate`: a body as pasted into Klaviyo's JSON Body field, checked as the `validate` command
 * checks it (template syntax, JSON along every rendering, the request schema of its revision, limits, lints, and a
 * rendering with a sample when one is given). Pure: no files, no clock (pass `today`).
 */
import { type CheckResult, checkWebhookBody } from './check/index.js';
import type { RequestValidator } from './check/schema-check.js';
import type { EndpointId } from './klaviyo/endpoints.js';
import { DEFAULT_REVISION } from './klaviyo/revisions.js';

export interface ValidateOptions {
  /** YYYY-MM-DD: revisions are judged by Klaviyo's lifecycle on this day. */
  today: string;
  /** The webhook's `revision` header (default: the newest revision this version knows). */
  revision?: string;
  /** The Destination URL; else the endpoint is read from the body's `data.type`. */
  url?: string;
  /** Else from `url`, else from the body's `data.type`. */
  endpoint?: EndpointId;
  /** An event's properties to render the body with, as `parseJsonForRender` reads them (`10.0` stays a float). */
  sample?: unknown;
  /** The profile `person` renders as ({email, first_name, …}); a plausible one by default. */
  person?: unknown;
  /** Checks the request schema with this instead of the vendored validators (e.g. from your own OpenAPI file). */
  schemaValidator?: RequestValidator;
}

export type ValidateResult = CheckResult;

export function validate(body: string, options: ValidateOptions): ValidateResult {
  return checkWebhookBody(body, { ...options, revision: options.revision ?? DEFAULT_REVISION });
}
