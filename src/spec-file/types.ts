/**
 * What to generate, as a spec file says it and as the flags say it (the CLI turns flags into this shape, and
 * `--save-spec` writes it back). Its JSON Schema is spec/schema.json.
 */
import type { Identify } from '../klaviyo/identity.js';
import type { FieldRequest } from '../mapping/index.js';
import type { EscapeMode } from '../template/value.js';

/** Where a webhook lives in Klaviyo (plan/apply): an existing send-webhook action, or a new draft flow. */
export type WebhookTarget = { flowAction: string } | { newFlow: { name: string; triggerMetric: string } };

export interface ProfileWebhookSpec {
  kind: 'profile-import';
  name?: string;
  target?: WebhookTarget;
  /** Event fields to copy onto profile properties (may be left out when append or unset is given). */
  properties?: FieldRequest[];
  /** `PATH=NAME`: values appended to the profile list property NAME (`meta.patch_properties.append`). */
  append?: FieldRequest[];
  /** Profile properties to remove (`meta.patch_properties.unset`). */
  unset?: string[];
}

export interface EventWebhookSpec {
  kind: 'create-event';
  name?: string;
  target?: WebhookTarget;
  /** Name of the new event's metric (under 128 characters). */
  metric: string;
  /** Event fields to promote to top-level properties of the new event. */
  properties: FieldRequest[];
  /** A numeric field for the event's `value`. */
  value?: string;
  valueCurrency?: string;
  /** Path whose value becomes `unique_id`; default `$event_id` when the sample has one; false for none. */
  uniqueId?: string | false;
  /** Record the event without triggering flows (`backfill: true`; revision 2026-04-15 and later). */
  backfill?: boolean;
}

/** Bulk Create Events: one event per element of a list (`--each`). */
export interface BulkEventWebhookSpec {
  kind: 'bulk-create-events';
  name?: string;
  target?: WebhookTarget;
  metric: string;
  /** The list whose elements become events: `$extra.line_items[*]` (or without the `[*]`). */
  each: string;
  /** Fields of each element (paths relative to the element); default every leaf field. */
  properties?: FieldRequest[];
  /** Event-level fields (paths from the event root) copied into every event. */
  with?: FieldRequest[];
  /** A number field of each element for its event's `value`. */
  value?: string;
  valueCurrency?: string;
  /** A field of each element (unique across orders, e.g. `id`) for unique_id; default `<$event_id>:<index>`. */
  uniqueId?: string;
  /** Record the events without triggering flows (`backfill: true`; revision 2026-04-15 and later). */
  backfill?: boolean;
}

export type WebhookSpec = ProfileWebhookSpec | EventWebhookSpec | BulkEventWebhookSpec;

export interface GenerateSpec {
  /** Path of the sample event file (relative to the spec file). */
  sample?: string;
  /** A bundled example instead of a sample file. */
  example?: string;
  /** The newest event of this metric in the Klaviyo account ($KLAVIYO_API_KEY) instead of a sample file. */
  sampleMetric?: string;
  /** plan/apply: the environment variable holding the key the webhook itself sends. */
  webhookKeyEnv?: string;
  revision?: string;
  escape?: EscapeMode;
  identify?: Identify;
  allowMissing?: boolean;
  /** Every tag inside a JSON string, so the raw body is valid JSON before rendering; values arrive as text. */
  editorSafe?: boolean;
  /** Editor-safe only: what list elements are joined with (default ", "). */
  listSeparator?: string;
  webhooks: WebhookSpec[];
}
