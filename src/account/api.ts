/**
 * Calls to Klaviyo's API for `sample`, `audit`, `plan` and `apply`: JSON:API requests with the private key, paced under each
 * operation's published rate limits (burst per second, steady per minute; vendored from the spec), 429 honoured
 * with Retry-After, 5xx retried with bounded backoff, and every other failure turned into one line that says what
 * to do. fetch, sleep and the clock are injected: tests run against a local stand-in with no real waiting.
 * The key is sent only to `baseUrl` and never appears in an error (a response that echoes it is redacted).
 */
import { UserError } from '../errors.js';
import { readCapped } from '../send/client.js';
import { redactApiKey } from '../send/plan.js';
import operations from '../klaviyo/operations.generated.json' with { type: 'json' };

export interface ApiOptions {
  /** Origin, e.g. https://a.klaviyo.com (tests: the stand-in on 127.0.0.1). */
  baseUrl: string;
  apiKey: string;
  /** Which environment variable held the key, to name it in errors. */
  keyVariable: string;
  revision: string;
  fetch: typeof globalThis.fetch;
  sleep: (ms: number) => Promise<void>;
  now?: () => number;
  timeoutMs?: number;
  /** Retries of one request (429 and 5xx). */
  maxRetries?: number;
  /** Called before a wait of a second or more (rate limit or retry), for progress on a terminal. */
  onWait?: (ms: number, why: string) => void;
}

/** A JSON:API document as Klaviyo answers it. */
export interface JsonApiDocument {
  data: unknown;
  included?: unknown[];
  links?: { next?: string | null; self?: string };
}

type Operation = keyof typeof operations;

interface Limits {
  perSecond: number;
  perMinute: number;
}

/** "3/s", "60/m" → numbers; an operation the table lacks gets the tightest published limits. */
function limitsOf(operation: string): Limits {
  const rate = (operations as Record<string, { rateLimit: { burst: string; steady: string } | null }>)[operation]
    ?.rateLimit;
  const n = (text: string | undefined, unit: string, fallback: number) => {
    const m = /^(\d+)\/(\w)$/.exec(text ?? '');
    return m && m[2] === unit ? Number(m[1]) : fallback;
  };
  return { perSecond: n(rate?.burst, 's', 1), perMinute: n(rate?.steady, 'm', 15) };
}

export function scopesOf(operation: string): string[] {
  return (operations as Record<string, { scopes: string[] }>)[operation]?.scopes ?? [];
}

const RETRY_STATUSES = new Set([429, 500, 502, 503, 504]);
/** One answer's cap: a page of 50 flows with every action's body is far smaller. */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
/** Added to every pacing wait: clocks and network jitter must not put one request too many in Klaviyo's window. */
const PACING_MARGIN_MS = 50;
const BACKOFF_MS = 1000;
const BACKOFF_CAP_MS = 30_000;

export class KlaviyoApi {
  /** Requests sent, retries included (the bench and the audit summary report it). */
  requests = 0;
  private readonly sent = new Map<string, number[]>();
  private readonly now: () => number;

  constructor(private readonly options: ApiOptions) {
    this.now = options.now ?? Date.now;
  }

  /** GET `path` (with `query`), or a full `links.next` URL Klaviyo gave; `operation` names its rate-limit bucket. */
  async get(operation: Operation, pathOrUrl: string, query: Record<string, string> = {}): Promise<JsonApiDocument> {
    return (await this.request('GET', operation, pathOrUrl, query)).document;
  }

  /** get(), with the answer's text as Klaviyo wrote it (its numbers exact: `10.0`, every digit of a big id). */
  getWithText(
    operation: Operation,
    pathOrUrl: string,
    query: Record<string, string> = {},
  ): Promise<{ document: JsonApiDocument; text: string }> {
    return this.request('GET', operation, pathOrUrl, query);
  }

  /** PATCH or POST a JSON:API document. A POST is retried only after a 429 (Klaviyo did not act on it). */
  send(
    method: 'PATCH' | 'POST',
    operation: Operation,
    path: string,
    body: unknown,
    query: Record<string, string> = {},
  ): Promise<JsonApiDocument> {
    return this.request(method, operation, path, query, JSON.stringify(body)).then((r) => r.document);
  }

  /** Requests that wrote (PATCH, POST), for the plan/apply summary and the "second apply writes nothing" test. */
  writes = 0;

  private async request(
    method: string,
    operation: Operation,
    pathOrUrl: string,
    query: Record<string, string>,
    body?: string,
  ): Promise<{ document: JsonApiDocument; text: string }> {
    const url = this.url(pathOrUrl, query);
    const maxRetries = this.options.maxRetries ?? 5;
    for (let retry = 0; ; retry++) {
      await this.pace(operation);
      this.requests++;
      if (method !== 'GET') this.writes++;
      let response: Response;
      try {
        response = await this.options.fetch(url, {
          method,
          ...(body !== undefined ? { body } : {}),
          headers: {
            accept: 'application/vnd.api+json',
            ...(body !== undefined ? { 'content-type': 'application/vnd.api+json' } : {}),
            revision: this.options.revision,
            Authorization: `Klaviyo-API-Key ${this.options.apiKey}`,
          },
          redirect: 'manual',
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
        });
      } catch (e) {
        const err = e as Error;
        const why = err.name === 'TimeoutError' ? 'no answer in time' : (err.message ?? String(e));
        throw new UserError(
          `could not reach Klaviyo at ${this.options.baseUrl} (${why}); check the network or --base-url`,
        );
      }
      const { text, cut } = await readCapped(response, MAX_RESPONSE_BYTES);
      if (cut)
        throw new UserError(
          `Klaviyo's answer to ${operation} was larger than ${MAX_RESPONSE_BYTES / 1024 / 1024} MB; not read further`,
        );
      // Count the request as made when its answer came: Klaviyo saw it somewhere between, and the first request's
      // connection set-up can take longer than the network itself.
      this.answered(operation);
      if (response.ok) {
        if (text === '') return { document: { data: null }, text: '{"data": null}' };
        try {
          return { document: JSON.parse(text) as JsonApiDocument, text };
        } catch {
          throw new UserError(`Klaviyo answered ${operation} with something that is not JSON; try again later`);
        }
      }
      const retryable = method === 'POST' ? response.status === 429 : RETRY_STATUSES.has(response.status);
      if (retryable && retry < maxRetries) {
        const after = Number(response.headers.get('retry-after'));
        const wait =
          Number.isFinite(after) && after >= 0 ? after * 1000 : Math.min(BACKOFF_MS * 2 ** retry, BACKOFF_CAP_MS);
        if (wait >= 1000)
          this.options.onWait?.(
            wait,
            response.status === 429 ? 'rate limited by Klaviyo' : `Klaviyo answered ${response.status}`,
          );
        await this.options.sleep(wait);
        continue;
      }
      throw this.failure(operation, response.status, text, body);
    }
  }

  /** Every page of a collection, following `links.next`; each page's document in turn. */
  async *pages(
    operation: Operation,
    path: string,
    query: Record<string, string> = {},
  ): AsyncGenerator<JsonApiDocument> {
    let next: string | null | undefined = path;
    let first = true;
    for (let page = 0; next && page < 10_000; page++) {
      const doc: JsonApiDocument = await this.get(operation, next, first ? query : {});
      first = false;
      yield doc;
      next = doc.links?.next;
    }
  }

  private url(pathOrUrl: string, query: Record<string, string>): string {
    const base = new URL(this.options.baseUrl);
    const url = new URL(pathOrUrl, base);
    // A next link must stay on the same origin: the key is never sent anywhere else.
    if (url.origin !== base.origin)
      throw new UserError(`Klaviyo gave a next page on another host (${url.origin}); not following it with your key`);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    return url.href;
  }

  /** Waits until one more request of `operation` stays within its burst and steady limits. */
  private async pace(operation: string): Promise<void> {
    const { perSecond, perMinute } = limitsOf(operation);
    const times = this.sent.get(operation) ?? [];
    this.sent.set(operation, times);
    for (;;) {
      const now = this.now();
      while (times.length && times[0]! <= now - 60_000 - PACING_MARGIN_MS) times.shift();
      const lastSecond = times.filter((t) => t > now - 1000 - PACING_MARGIN_MS);
      let wait = 0;
      if (lastSecond.length >= perSecond) wait = lastSecond[0]! + 1000 + PACING_MARGIN_MS - now;
      if (times.length >= perMinute) wait = Math.max(wait, times[0]! + 60_000 + PACING_MARGIN_MS - now);
      if (wait <= 0) break;
      if (wait >= 1000)
        this.options.onWait?.(wait, `pacing under Klaviyo's limit for ${operation} (${perSecond}/s, ${perMinute}/min)`);
      await this.options.sleep(wait);
    }
    times.push(this.now());
  }

  private answered(operation: string): void {
    const times = this.sent.get(operation);
    if (times?.length) times[times.length - 1] = this.now();
  }

  private failure(operation: string, status: number, text: string, sent?: string): UserError {
    const variable = `$${this.options.keyVariable}`;
    const detail = redactApiKey(firstErrorDetail(text), this.options.apiKey);
    if (status === 400 && sent !== undefined)
      return new ApiBadRequest(
        `Klaviyo refused ${operation} (400)${detail ? `: ${detail}` : ''}`,
        firstErrorPointer(text),
      );
    if (status === 409)
      return new UserError(
        `Klaviyo refused ${operation} (409, a conflict)${detail ? `: ${detail}` : ''}; look at the flow in Klaviyo and run plan again`,
      );
    if (status === 401)
      return new UserError(
        `Klaviyo refused the key in ${variable} (401${detail ? `: ${detail}` : ''}): use a private API key (pk_…) of the account`,
      );
    if (status === 403) {
      const scopes = scopesOf(operation);
      return new UserError(
        `the key in ${variable} lacks a scope for ${operation} (403): give it ${scopes.length ? scopes.join(' and ') : 'read access'} in Klaviyo (Settings → API keys)`,
      );
    }
    if (status === 404)
      return new UserError(`Klaviyo has no ${operation.split(' ')[1]} for that id (404)${detail ? `: ${detail}` : ''}`);
    if (status === 410)
      return new UserError(
        `Klaviyo no longer serves revision ${this.options.revision} (410); use --revision with a supported one`,
      );
    if (RETRY_STATUSES.has(status))
      return new UserError(`Klaviyo kept answering ${status} to ${operation}; try again later`);
    return new UserError(`Klaviyo answered ${operation} with ${status}${detail ? `: ${detail}` : ''}`);
  }
}

/** A 400 to a write: the JSON pointer Klaviyo gave into what was sent, when it gave one. */
export class ApiBadRequest extends UserError {
  constructor(
    message: string,
    readonly pointer: string | undefined,
  ) {
    super(message);
  }
}

function firstErrorPointer(text: string): string | undefined {
  try {
    const p = (JSON.parse(text) as { errors?: { source?: { pointer?: unknown } }[] }).errors?.[0]?.source?.pointer;
    return typeof p === 'string' ? p : undefined;
  } catch {
    return undefined;
  }
}

/** The first JSON:API error's detail (or title), short. */
function firstErrorDetail(text: string): string {
  try {
    const e = (JSON.parse(text) as { errors?: { detail?: string; title?: string }[] }).errors?.[0];
    return (e?.detail ?? e?.title ?? '').slice(0, 300);
  } catch {
    return '';
  }
}
