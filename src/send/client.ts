/**
 * `send`'s thin HTTP half: one POST with bounded retries of 429/500/502/503 (the statuses Klaviyo's flow webhooks
 * retry), honouring Retry-After. fetch, sleep and the clock are injected, so tests run with no waiting.
 *
 * Bounds: at most `maxRetries` retries, and at most `maxWaitMs` of waiting in all; a Retry-After that would pass
 * that budget ends the retries at once (the last response is the result). Without Retry-After the wait doubles
 * from `backoffMs` (1 s, 2 s, 4 s, … capped at 30 s). Redirects are not followed (Klaviyo does not follow them
 * either). A connection failure or timeout is not retried: it is reported as it is.
 */
import { RETRY_STATUSES, parseRetryAfter, type PlannedRequest } from './plan.js';

export interface ClientOptions {
  fetch: typeof globalThis.fetch;
  sleep: (ms: number) => Promise<void>;
  now?: () => number;
  maxRetries: number;
  maxWaitMs: number;
  timeoutMs: number;
  backoffMs?: number;
  /** Called before each wait, for progress output. */
  onRetry?: (attempt: Attempt, waitMs: number, retry: number) => void;
}

export interface Attempt {
  status: number;
  statusText: string;
  /** From Retry-After, when the response had a readable one. */
  retryAfterMs?: number;
}

export interface SendResult {
  attempts: Attempt[];
  ok: boolean;
  /** The last response's status (absent when no response arrived). */
  status?: number;
  statusText?: string;
  contentType?: string;
  responseText?: string;
  /** No response: why (connection refused, timeout, …). */
  error?: string;
  /** Why a retryable status was not retried further. */
  gaveUp?: string;
  /** Milliseconds spent waiting between attempts. */
  waitedMs: number;
}

export const BACKOFF_CAP_MS = 30_000;

/** The most of a response body kept (docs/limits.md): Klaviyo's error documents are a few kB. */
export const RESPONSE_LIMIT_BYTES = 1024 * 1024;

/**
 * The response body as text, at most `limit` bytes of it: the rest is not read (the stream is cancelled), so a
 * server answering with gigabytes costs nothing. A cut body ends with a note saying so.
 */
async function readLimited(response: Response, limit: number): Promise<string> {
  const { text, cut } = await readCapped(response, limit);
  return cut ? `${text}\u2026 [response cut at ${limit / 1024 / 1024} MB]` : text;
}

/** At most `limit` bytes of a response body; the rest of the stream is cancelled, not read. */
export async function readCapped(response: Response, limit: number): Promise<{ text: string; cut: boolean }> {
  if (!response.body) return { text: '', cut: false };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let cut = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (total + value.length > limit) {
      chunks.push(value.subarray(0, limit - total));
      total = limit;
      cut = true;
      await reader.cancel().catch(() => {});
      break;
    }
    chunks.push(value);
    total += value.length;
  }
  return { text: Buffer.concat(chunks, total).toString('utf8'), cut };
}

export async function sendWithRetries(req: PlannedRequest, options: ClientOptions): Promise<SendResult> {
  const now = options.now ?? Date.now;
  const backoff = options.backoffMs ?? 1000;
  const attempts: Attempt[] = [];
  let waitedMs = 0;
  for (let retry = 0; ; retry++) {
    let response: Response;
    try {
      response = await options.fetch(req.url, {
        method: req.method,
        headers: Object.fromEntries(req.headers.map((h) => [h.key, h.value])),
        body: req.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (e) {
      return { attempts, ok: false, error: describeFetchError(e, options.timeoutMs), waitedMs };
    }
    let text = '';
    try {
      text = await readLimited(response, RESPONSE_LIMIT_BYTES);
    } catch (e) {
      return {
        attempts,
        ok: false,
        status: response.status,
        statusText: response.statusText,
        error: `the response broke off: ${describeFetchError(e, options.timeoutMs)}`,
        waitedMs,
      };
    }
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now());
    const attempt: Attempt = {
      status: response.status,
      statusText: response.statusText,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    };
    attempts.push(attempt);
    const result: SendResult = {
      attempts,
      ok: response.status >= 200 && response.status < 300,
      status: response.status,
      statusText: response.statusText,
      ...(response.headers.get('content-type') ? { contentType: response.headers.get('content-type')! } : {}),
      responseText: text,
      waitedMs,
    };
    if (result.ok || !RETRY_STATUSES.has(response.status)) return result;
    if (retry >= options.maxRetries)
      return {
        ...result,
        gaveUp: `still ${response.status} after ${retry} ${retry === 1 ? 'retry' : 'retries'} (--max-retries ${options.maxRetries})`,
      };
    const wait = retryAfterMs ?? Math.min(backoff * 2 ** retry, BACKOFF_CAP_MS);
    if (waitedMs + wait > options.maxWaitMs) {
      const left = Math.max(0, options.maxWaitMs - waitedMs);
      return {
        ...result,
        gaveUp: `the next retry would wait ${seconds(wait)}${retryAfterMs !== undefined ? ' (Retry-After)' : ''}, more than the ${seconds(left)} left of --max-wait`,
      };
    }
    options.onRetry?.(attempt, wait, retry + 1);
    await options.sleep(wait);
    waitedMs += wait;
  }
}

export function seconds(ms: number): string {
  return `${Math.round(ms) / 1000} s`;
}

function describeFetchError(e: unknown, timeoutMs: number): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return `no response within ${seconds(timeoutMs)}`;
  const cause = err?.cause;
  const detail = cause?.code ?? cause?.message;
  return `${err?.message ?? String(e)}${detail && detail !== err?.message ? ` (${detail})` : ''}`;
}
