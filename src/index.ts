/**
 * klaviyo-webhook-gen as a library: the same functions the CLI uses (docs/library.md).
 *   import { generate, validate, preview, parseSample } from 'klaviyo-webhook-gen';
 */
export {
  generate,
  type GenerateResult,
  type GeneratedWebhook,
  type GeneratedField,
  type GenerateOptions,
} from './generate.js';
export { checkMetricName } from './webhooks/create-event.js';
export type { GenerateSpec, WebhookSpec, EventWebhookSpec, ProfileWebhookSpec } from './spec-file/types.js';
export { parseSpec, checkSpec, formatSpec } from './spec-file/load.js';
export { parseSample, parseJsonText, type ParsedSample } from './sample/parse.js';
export { parseJsonForRender } from './render/index.js';
export { validate, type ValidateOptions, type ValidateResult } from './validate.js';
export {
  preview,
  type PreviewOptions,
  type PreviewResult,
  type RenderedPreview,
  type PreviewField,
} from './preview.js';
export {
  parsePath,
  formatPath,
  listFields,
  resolvePath,
  type FieldPath,
  type FieldInfo,
  type FieldType,
} from './paths/index.js';
export { ENDPOINTS, type EndpointId, type EndpointInfo } from './klaviyo/endpoints.js';
export { DEFAULT_REVISION, KNOWN_REVISIONS, SCHEMA_REVISIONS } from './klaviyo/revisions.js';
export { IDENTIFY_OPTIONS, type Identify } from './klaviyo/identity.js';
export { UserError } from './errors.js';
export type { Problem } from './problem.js';
