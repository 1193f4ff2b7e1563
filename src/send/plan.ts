/**
 * `send`'s pure half: what to POST where, how to read Retry-After, how to read a JSON:API error response, and how
 * to keep the API key out of everything printed. No I/O, no clock.
 */
import { UserError } from '../errors.js';
import { apiHeaders, type Header } from '../klaviyo/headers.js';
import type { EndpointId } from '../klaviyo/endpoints.js';
import type { Problem } from '../problem.js';
import { locatePointer, type PointerLocation } from './pointer.js';

export const DEFAULT_BASE_URL = 'https://a.klaviyo.com';
export const DEFAULT_API_KEY_ENV = 'KLAVIYO_API_KEY';
/** The statuses Klaviyo's flow webhooks retry (every other non-2xx is dropped). */
export const RETRY_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503]);

/** One webhook ready to send: the template, and what Klaviyo would render from it for the sample. */
export interface RenderedWebhook {
  name: string;
  endpoint: EndpointId;
  /** The Destination URL as in the editor (https://a.klaviyo.com/api/…). */
  url: string;
  revision: string;
  /** The JSON Body as pasted (the template). */
  template: string;
  /** The body rendered for the sample; undefined when the template does not render. */
  rendered?: string;
  problems: Problem[];
}

export interface PlannedRequest {
  name: string;
  method: 'POST';
  /** Where it goes: the base URL with the Destination URL's path and query. */
  url: string;
  headers: Header[];
  body: string;
}

/**
 * The base URL (default https://a.klaviyo.com) checked: http(s) only, no path beyond `/`, and plain http only to
 * this machine (the API key must not cross a network unencrypted).
 */
export function checkBaseUrl(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new UserError(`--base-url "${baseUrl}" is not a URL; write e.g. https://a.klaviyo.com`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new UserError(`--base-url must be an http(s) URL, not ${url.protocol}`);
  if (url.username || url.password) throw new UserError('--base-url must not contain a user name or password');
  if (url.pathname !== '/' || url.search || url.hash)
    throw new UserError(
      `--base-url takes an origin only (e.g. https://a.klaviyo.com), not a path: the path comes from the webhook's Destination URL`,
    );
  if (url.protocol === 'http:' && !isLoopback(url.hostname))
    throw new UserError(
      `--base-url ${url.origin} is plain http to another machine; the API key would travel unencrypted — use https (plain http is allowed for localhost only)`,
    );
  return url;
}

/** localhost, 127.x.x.x or [::1]: this machine (send asks nothing before writing there: it is no account). */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** The request for one rendered webhook: base URL + the Destination URL's path, the editor's headers with the key. */
export function planRequest(w: RenderedWebhook, base: URL, apiKey: string): PlannedRequest {
  if (w.rendered === undefined) throw new Error(`planRequest: "${w.name}" has no rendered body`);
  const destination = new URL(w.url);
  return {
    name: w.name,
    method: 'POST',
    url: `${base.origin}${destination.pathname}${destination.search}`,
    headers: apiHeaders(w.revision, apiKey),
    body: w.rendered,
  };
}

/** The key in an environment variable: exit 2 with one line if it is missing, empty or not one token. */
export function apiKeyFromEnv(env: Record<string, string | undefined>, variable: string): string {
  const value = env[variable]?.trim();
  if (value === undefined || value === '')
    throw new UserError(
      `${variable} is not set: put your private API key in it (export ${variable}=pk_…) or name another variable with --api-key-env`,
    );
  if (/[^\x21-\x7e]/.test(value))
    throw new UserError(
      `${variable} holds more than one word (or a control character); it must hold only the private API key (pk_…)`,
    );
  return value;
}

/** Every occurrence of the key replaced, in anything about to be printed. */
export function redactApiKey(text: string, apiKey: string | undefined): string {
  const plain = apiKey ? text.split(apiKey).join('[redacted]') : text;
  // Any private key, not only ours: a server may echo another one (or ours changed in transit, e.g. cut short).
  return plain.replace(PRIVATE_KEY, 'pk_[redacted]');
}

/** A Klaviyo private key as printed: `pk_` and a run of letters and digits (real ones have 30+). */
const PRIVATE_KEY = /pk_(?!\[redacted\])[A-Za-z0-9_-]{4,}/g;

/** The Authorization header as shown: never the key. */
export function shownHeaders(headers: readonly Header[], apiKeyEnv: string): Header[] {
  return headers.map((h) =>
    h.key === 'Authorization' ? { ...h, value: `Klaviyo-API-Key (from $${apiKeyEnv}, hidden)` } : h,
  );
}

/**
 * Retry-After in milliseconds: delay-seconds or an HTTP date (relative to `nowMs`); undefined when absent or
 * unreadable. A date in the past is 0.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  if (/^\d+\.\d+$/.test(v)) return Math.ceil(Number(v) * 1000); // not standard, but unambiguous
  const date = Date.parse(v);
  if (Number.isNaN(date) || !/[a-z]/i.test(v)) return undefined;
  return Math.max(0, date - nowMs);
}

export interface ApiError {
  status?: number;
  code?: string;
  title?: string;
  detail?: string;
  pointer?: string;
  parameter?: string;
  /** Where the pointer is in the template (the body as pasted). */
  template?: PointerLocation;
  /** Where it is in the rendered body (the request as sent). */
  rendered?: PointerLocation;
}

/**
 * The errors of a JSON:API error document (`{"errors": [{status, code, title, detail, source: {pointer}}]}`),
 * each pointer located in the template and in the rendered body. Undefined when the text is not one.
 */
export function parseApiErrors(responseText: string, template: string, rendered: string): ApiError[] | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(responseText);
  } catch {
    return undefined;
  }
  const errors = (doc as { errors?: unknown })?.errors;
  if (!Array.isArray(errors)) return undefined;
  return errors.map((raw): ApiError => {
    const e = (raw !== null && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
    const source = (e.source !== null && typeof e.source === 'object' ? e.source : {}) as Record<string, unknown>;
    const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
    const status =
      typeof e.status === 'number'
        ? e.status
        : typeof e.status === 'string' && /^\d+$/.test(e.status)
          ? Number(e.status)
          : undefined;
    const pointer = str(source.pointer);
    const out: ApiError = {};
    if (status !== undefined) out.status = status;
    for (const [k, v] of [
      ['code', e.code],
      ['title', e.title],
      ['detail', e.detail],
    ] as const)
      if (str(v) !== undefined) out[k] = str(v)!;
    if (pointer !== undefined) {
      out.pointer = pointer;
      const t = locatePointer(template, pointer);
      const r = locatePointer(rendered, pointer);
      if (t) out.template = t;
      if (r) out.rendered = r;
    }
    if (str(source.parameter) !== undefined) out.parameter = str(source.parameter)!;
    return out;
  });
}
