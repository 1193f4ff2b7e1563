/**
 * klaviyo-webhook-gen as a library (docs/library.md). The CLI in src/cli is built on these exports and nothing
 * else of the core.
 *   import { generate, validate, preview, parseSample } from 'klaviyo-webhook-gen';
 */

// The operations: pure (no files, no clock: pass `today`).
export {
  generate,
  type GenerateResult,
  type GeneratedWebhook,
  type GeneratedField,
  type GenerateOptions,
} from './generate.js';
export { validate, type ValidateOptions, type ValidateResult } from './validate.js';
export { problemTotals } from './check/index.js';
export {
  preview,
  type PreviewOptions,
  type PreviewResult,
  type RenderedPreview,
  type PreviewField,
} from './preview.js';
export { UserError, CancelledError } from './errors.js';
export { hasErrors, dedupeProblems, type Problem } from './problem.js';

// Inputs: sample events, the bundled examples (read from the package's templates/), spec files, field paths.
export { parseSample, parseJsonText, unwrapEventResource, type ParsedSample } from './sample/parse.js';
export { parseJsonForRender } from './render/index.js';
export { listExamples, readExample, type ExampleInfo } from './examples.js';
export type {
  GenerateSpec,
  WebhookSpec,
  EventWebhookSpec,
  ProfileWebhookSpec,
} from './spec-file/types.js';
export { parseSpec, checkSpec, formatSpec, validatorFromOpenApi } from './on-demand.js';
export {
  parsePath,
  formatPath,
  listFields,
  resolvePath,
  describeType,
  splitMapping,
  defaultName,
  hasEach,
  type FieldPath,
  type FieldInfo,
  type FieldType,
} from './paths/index.js';
export { checkTargetName, normalizeRequest, type FieldRequest } from './mapping/index.js';
export { checkMetricName } from './webhooks/create-event.js';
export { elementLeafFields } from './webhooks/each-list.js';
export type { EscapeMode } from './template/value.js';

// Klaviyo: endpoints, revisions and their lifecycle, headers, identity, Flows API actions.
export {
  ENDPOINTS,
  endpointForDataType,
  endpointForUrl,
  type EndpointId,
  type EndpointInfo,
} from './klaviyo/endpoints.js';
export {
  DEFAULT_REVISION,
  KNOWN_REVISIONS,
  SCHEMA_REVISIONS,
  isRevisionFormat,
  revisionLifecycle,
  schemaRevisionFor,
  supportEndsOn,
} from './klaviyo/revisions.js';
export { IDENTIFY_OPTIONS, IDENTIFY_DESCRIPTIONS, type Identify } from './klaviyo/identity.js';
export { API_KEY_PLACEHOLDER, maskApiKey, type Header } from './klaviyo/headers.js';
export { flowWebhookActions } from './klaviyo/flow-action.js';

// Sending a rendered webhook (`send`): the request plan, the key kept out of every output, retries.
export {
  DEFAULT_API_KEY_ENV,
  DEFAULT_BASE_URL,
  apiKeyFromEnv,
  checkBaseUrl,
  isLoopback,
  parseApiErrors,
  planRequest,
  redactApiKey,
  shownHeaders,
  type ApiError,
  type PlannedRequest,
  type RenderedWebhook,
} from './send/plan.js';
export { sendWithRetries, seconds, type SendResult } from './send/client.js';
export { keyPrefix, profileTargets } from './send/target.js';

// The account: a paced API client, samples, the audit, and webhooks as code (plan/apply through the Flows API).
export { KlaviyoApi, ApiBadRequest } from './account/api.js';
export { listMetrics, newestEvent, pickMetric } from './account/sample.js';
export { redactSample, redactSampleText } from './account/redact.js';
export { reindentJson } from './json-text.js';
export { auditReport, readFlowWebhooks, type AuditReport } from './account/audit.js';
export { planWebhook, type DesiredWebhook, type LiveTarget, type PlanItem } from './account/plan.js';
export { MetricIndex, createFlow, readTarget, updateAction, type ActionStatus } from './account/webhooks.js';

export { VERSION } from './version.js';
