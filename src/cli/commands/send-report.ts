/** What `send` prints: each webhook's header, its problems, each response (text), or one JSON report. */
import {
  ENDPOINTS,
  type Problem,
  type SendResult,
  DEFAULT_API_KEY_ENV,
  shownHeaders,
  type ApiError,
  type PlannedRequest,
  type RenderedWebhook,
} from '../../index.js';
import type { makeChalk } from '../color.js';
import { formatProblemsText } from '../output.js';

export type Chalk = ReturnType<typeof makeChalk>;

export function header(
  w: RenderedWebhook,
  i: number,
  n: number,
  req: PlannedRequest | undefined,
  keyVar: string,
  c: Chalk,
): string {
  const title = `${n > 1 ? `Webhook ${i + 1} of ${n}: ` : 'Webhook: '}${w.name} (${ENDPOINTS[w.endpoint].title})`;
  const lines = [`${i > 0 ? '\n' : ''}${c.bold(title)}`];
  if (req) lines.push(`  POST ${req.url}  ${c.dim(`revision ${w.revision}, key from $${keyVar}`)}`);
  return `${lines.join('\n')}\n`;
}

export function problemLines(problems: readonly Problem[], c: Chalk): string {
  return problems.length ? `${formatProblemsText(problems, c)}\n` : '';
}

export function resultLines(res: SendResult, errors: ApiError[] | undefined, c: Chalk): string {
  if (res.status === undefined) return `  ${c.red('no response')}: ${res.error}\n`;
  const status = `${res.status} ${res.statusText}`.trim();
  if (res.ok) return `  ${c.green(status)}${created(res)}\n`;
  const lines = [`  ${c.red(status)}${res.gaveUp ? c.dim(` — ${res.gaveUp}`) : ''}`];
  if (res.error) lines.push(`  ${res.error}`);
  if (errors?.length) for (const e of errors) lines.push(...apiErrorLines(e, c));
  else if (res.responseText) lines.push(`  ${c.dim(snippet(res.responseText))}`);
  return `${lines.join('\n')}\n`;
}

function apiErrorLines(e: ApiError, c: Chalk): string[] {
  const head = [e.code, e.title].filter(Boolean).join(': ');
  const lines = [`    ${c.red('error')} ${head}${e.detail && e.detail !== e.title ? ` — ${e.detail}` : ''}`];
  if (e.pointer !== undefined) {
    const t = e.template;
    const where = t
      ? `body line ${t.line}:${t.column}${t.exact ? '' : ' (the nearest part of the body that exists)'}${e.rendered && e.rendered.line !== t.line ? `, rendered line ${e.rendered.line}` : ''}: ${c.dim(snippet(t.text))}`
      : 'not found in the body';
    lines.push(`      at ${e.pointer} → ${where}`);
  }
  if (e.parameter !== undefined) lines.push(`      parameter ${e.parameter}`);
  return lines;
}

/** For a 2xx with a JSON:API resource: what was created or updated. */
function created(res: SendResult): string {
  try {
    const data = (JSON.parse(res.responseText ?? '') as { data?: { type?: unknown; id?: unknown } }).data;
    if (typeof data?.type === 'string' && typeof data.id === 'string') return ` (${data.type} ${data.id})`;
  } catch {
    // 202 has no body; anything else is not ours to interpret
  }
  return '';
}

function snippet(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > 200 ? `${one.slice(0, 199)}…` : one;
}

export function jsonReport(
  baseUrl: string,
  results: { w: RenderedWebhook; req?: PlannedRequest; res?: SendResult; errors?: ApiError[] }[],
  refused?: string,
  keyVar = DEFAULT_API_KEY_ENV,
): string {
  const out = {
    baseUrl,
    sent: refused === undefined,
    ok: refused === undefined && results.every((r) => r.res?.ok),
    ...(refused !== undefined ? { refused } : {}),
    webhooks: results.map(({ w, req, res, errors }) => ({
      name: w.name,
      endpoint: w.endpoint,
      url: req?.url ?? w.url,
      revision: w.revision,
      ...(req ? { headers: shownHeaders(req.headers, keyVar) } : {}),
      problems: w.problems,
      ...(res
        ? {
            ok: res.ok,
            status: res.status ?? null,
            statusText: res.statusText ?? null,
            attempts: res.attempts,
            waitedMs: res.waitedMs,
            ...(res.gaveUp ? { gaveUp: res.gaveUp } : {}),
            ...(res.error ? { error: res.error } : {}),
            ...(errors ? { errors } : {}),
            response: responseValue(res),
          }
        : {}),
    })),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

function responseValue(res: SendResult): unknown {
  if (!res.responseText) return null;
  try {
    return JSON.parse(res.responseText);
  } catch {
    return res.responseText.length > 2000 ? `${res.responseText.slice(0, 2000)}…` : res.responseText;
  }
}
