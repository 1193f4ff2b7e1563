/**
 * The core of `generate`: a spec and a sample in, paste-ready webhooks out. Pure: the caller reads files and
 * passes `today`, so the same input always gives the same bytes. Each webhook kind is built in src/webhooks/;
 * here each built body is checked (src/check) and given its URL, headers and warnings.
 */
import { UserError } from './errors.js';
import { checkWebhookBody } from './check/index.js';
import { ENDPOINTS, type EndpointId } from './klaviyo/endpoints.js';
import { apiHeaders, type Header } from './klaviyo/headers.js';
import type { Identify } from './klaviyo/identity.js';
import {
  DEFAULT_REVISION,
  isKnownRevision,
  isRevisionFormat,
  KNOWN_REVISIONS,
  revisionNotice,
} from './klaviyo/revisions.js';
import type { FieldMapping } from './mapping/index.js';
import type { FieldType } from './paths/index.js';
import { DEFAULT_LIST_SEPARATOR, separatorText, type EscapeMode } from './template/value.js';
import { previewOfRendering, type RenderedPreview } from './preview.js';
import { dedupeProblems, type Problem } from './problem.js';
import type { GenerateSpec, WebhookSpec } from './spec-file/types.js';
import { buildBulkWebhook } from './webhooks/bulk-create-events.js';
import type { Mode } from './webhooks/common.js';
import { buildEventWebhook } from './webhooks/create-event.js';
import { buildProfileWebhook } from './webhooks/profile-import.js';
import { sizeWarnings } from './webhooks/warnings.js';

export interface GeneratedField {
  from: string;
  to: string;
  /** `string`, `number`, `boolean` or `list` (the JSON type Klaviyo receives). */
  type: 'string' | 'number' | 'boolean' | 'list';
  template: string;
  /** `append`: the value is appended to the profile list property `to` (meta.patch_properties.append). */
  patch?: 'append';
}

export interface GeneratedWebhook {
  name: string;
  endpoint: EndpointId;
  method: 'POST';
  url: string;
  headers: Header[];
  /** The body text exactly as pasted into the JSON Body field. */
  body: string;
  fields: GeneratedField[];
  problems: Problem[];
  /** The raw body text is valid JSON before Klaviyo fills in the tags (see --editor-safe). */
  editorSafe: boolean;
  /** An event webhook's numeric `value`: the field it is read from (of each element with `each`), and currency. */
  value?: { from: string; currency?: string };
  /** With the `preview` option: the body rendered for the sample, exactly as Klaviyo would. */
  preview?: RenderedPreview;
}

export interface GenerateResult {
  revision: string;
  webhooks: GeneratedWebhook[];
}

export interface GenerateOptions {
  /** YYYY-MM-DD, for the revision support window. */
  today: string;
  /** Fills the Authorization header instead of the placeholder. */
  apiKey?: string;
  /** Problems found while reading the sample, reported on every webhook. */
  sampleWarnings?: Problem[];
  /**
   * The sample as Klaviyo's renderer reads it (`parseJsonForRender`: a float stays a float, so `10.0` renders as
   * `10.0`). Each body is checked by rendering it with this; default: the sample.
   */
  renderSample?: unknown;
  /** Also give each webhook its body rendered for the sample (`preview`), from that same rendering. */
  preview?: boolean;
}

export function generate(
  spec: GenerateSpec,
  sample: Record<string, unknown>,
  options: GenerateOptions,
): GenerateResult {
  const revision = spec.revision ?? DEFAULT_REVISION;
  checkRevision(revision, options.today);
  const escape: EscapeMode = spec.escape ?? 'escapejs';
  const identify: Identify = spec.identify ?? 'klaviyo-id';
  if (spec.listSeparator !== undefined && !spec.editorSafe)
    throw new UserError(
      '--list-separator (listSeparator) only applies to editor-safe output: add --editor-safe (editorSafe: true), or leave it out — the default output sends lists as JSON lists',
    );
  const mode: Mode = {
    escape,
    identify,
    editorSafe: spec.editorSafe === true,
    separator: spec.listSeparator ?? DEFAULT_LIST_SEPARATOR,
    mappings: new Map(),
  };
  if (mode.editorSafe) separatorText(mode.separator); // refuses an unusable separator before any field is read
  if (spec.webhooks.length === 0)
    throw new UserError(
      'nothing to generate: give --to-profile PATH (copy to the profile) and/or --promote PATH with --metric NAME',
    );
  const renderSample = options.renderSample ?? sample;
  const webhooks = spec.webhooks.map((w) => {
    const built =
      w.kind === 'profile-import'
        ? buildProfileWebhook(w, sample, spec, mode)
        : w.kind === 'bulk-create-events'
          ? buildBulkWebhook(w, sample, spec, mode)
          : buildEventWebhook(w, sample, spec, mode);
    const endpoint = ENDPOINTS[w.kind];
    const check = checkWebhookBody(built.body, {
      endpoint: w.kind,
      revision,
      today: options.today,
      sample: renderSample,
    });
    return {
      name: w.name ?? built.defaultName,
      endpoint: w.kind,
      method: 'POST' as const,
      url: endpoint.url,
      headers: apiHeaders(revision, options.apiKey),
      body: built.body,
      fields: built.fields.map(toGeneratedField),
      problems: dedupeProblems([
        ...(options.sampleWarnings ?? []),
        ...built.problems,
        ...sizeWarnings(built.body),
        ...check.problems,
      ]),
      editorSafe: check.editorSafe,
      ...(w.kind !== 'profile-import' && w.value !== undefined
        ? { value: { from: w.value, ...(w.valueCurrency !== undefined ? { currency: w.valueCurrency } : {}) } }
        : {}),
      ...(options.preview ? { preview: previewOfRendering(built.body, check.rendered, renderSample) } : {}),
    };
  });
  return { revision, webhooks };
}

function toGeneratedField(m: FieldMapping & { patch?: 'append' }): GeneratedField {
  // Editor-safe values all arrive as text.
  const field: GeneratedField = {
    from: m.from,
    to: m.to,
    type: m.asText ? 'string' : jsonTypeName(m.type),
    template: m.template,
  };
  if (m.patch) field.patch = m.patch; // (no spread: one object per field, not two)
  return field;
}

function jsonTypeName(t: FieldType): GeneratedField['type'] {
  return t.kind === 'list' ? 'list' : t.kind === 'number' || t.kind === 'boolean' ? t.kind : 'string';
}

/**
 * An unknown or retired revision is an input error (a retired one would lose every event to a 410); a deprecated
 * one's warning comes from the body checks.
 */
function checkRevision(revision: string, today: string): void {
  if (!isRevisionFormat(revision) || !isKnownRevision(revision)) {
    throw new UserError(`unknown API revision "${revision}"; known revisions: ${KNOWN_REVISIONS.join(', ')}`);
  }
  const notice = revisionNotice(revision, today);
  if (notice?.severity === 'error') throw new UserError(notice.message);
}

export type { GenerateSpec, WebhookSpec };
