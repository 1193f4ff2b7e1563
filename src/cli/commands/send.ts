/**
 * `send`: render a webhook for a sample event exactly as Klaviyo would and POST it to the Klaviyo API (or a
 * --base-url), with the key from an environment variable. I/O and exit codes only; the work is in ../../send.
 *
 * Exit codes: 0 every request got a 2xx; 1 an API error, no response, or a body with error-level problems (then
 * nothing at all is sent); 2 a usage or input error (a missing key variable included). The key is never printed:
 * the Authorization header is shown masked, and every line of output passes through redactApiKey() as well.
 * About 300 lines: the confirmation before a real host and the retries' reporting belong to the one command.
 *
 * Before the first request to any host but this machine (Klaviyo's own, by default) it shows which profile each
 * body writes to and the first characters of the key (so which account), and goes on only with --person (a profile
 * the user chose), --yes, or a yes on a terminal: without --person the profile is a made-up placeholder.
 */
import {
  UserError,
  generate,
  dedupeProblems,
  hasErrors,
  preview,
  parseJsonForRender,
  parseSample,
  unwrapEventResource,
  type ParsedSample,
  sendWithRetries,
  seconds,
  type SendResult,
  apiKeyFromEnv,
  checkBaseUrl,
  DEFAULT_API_KEY_ENV,
  DEFAULT_BASE_URL,
  isLoopback,
  parseApiErrors,
  planRequest,
  redactApiKey,
  type ApiError,
  type PlannedRequest,
  type RenderedWebhook,
  keyPrefix,
  profileTargets,
  parseSpec,
} from '../../index.js';
import { dirname, resolve } from 'node:path';
import { makeChalk } from '../color.js';
import { stderr, stdout } from '../stdio.js';
import { readInput } from '../io.js';
import { header, jsonReport, problemLines, resultLines } from './send-report.js';
import { readBody, readPerson, readSampleOption, revisionOption, today } from './shared.js';

export interface SendFlags {
  spec?: string;
  url?: string;
  sample?: string;
  example?: string;
  person?: string;
  /** Send to a placeholder profile in a real account without asking. */
  yes?: boolean;
  apiKeyEnv?: string;
  baseUrl?: string;
  revision?: string;
  maxRetries?: string;
  maxWait?: string;
  timeout?: string;
  format: 'text' | 'json';
}

/** What tests inject: fetch, sleep and the environment (the CLI passes the real ones). */
export interface SendDeps {
  fetch?: typeof globalThis.fetch;
  sleep?: (ms: number) => Promise<void>;
  env?: Record<string, string | undefined>;
  stdout?: { write(s: string): unknown; isTTY?: boolean };
  stderr?: { write(s: string): unknown; isTTY?: boolean };
  /** A yes/no question on a terminal; absent off a terminal (then a placeholder profile needs --yes). */
  confirm?: (message: string) => Promise<boolean>;
}

const DEFAULTS = { maxRetries: 3, maxWaitSeconds: 60, timeoutSeconds: 30 };

/** The line that ends a refused send. */
function nothingSent(refused: number, total: number): string {
  const which = refused === 1 && total === 1 ? 'the body has' : `${refused} of ${total} webhooks have`;
  return `nothing was sent: ${which} errors (above); \`klaviyo-webhook-gen preview\` shows the rendered body`;
}

export async function sendCommand(body: string | undefined, flags: SendFlags, deps: SendDeps = {}): Promise<number> {
  const env = deps.env ?? process.env;
  const out = deps.stdout ?? stdout;
  const keyVar = flags.apiKeyEnv ?? DEFAULT_API_KEY_ENV;
  let apiKey: string | undefined;
  try {
    if (body !== undefined && flags.spec !== undefined)
      throw new UserError('give either a BODY file or --spec FILE, not both');
    if (body === undefined && flags.spec === undefined)
      throw new UserError('nothing to send: give the JSON Body file (BODY, - for stdin) or --spec FILE');
    if (flags.spec !== undefined && flags.url !== undefined)
      throw new UserError('--url goes with a BODY file; with --spec each webhook has its own Destination URL');
    const limits = {
      maxRetries: count(flags.maxRetries, '--max-retries', DEFAULTS.maxRetries, 20),
      maxWaitMs: count(flags.maxWait, '--max-wait', DEFAULTS.maxWaitSeconds, 3600) * 1000,
      timeoutMs: Math.max(1, count(flags.timeout, '--timeout', DEFAULTS.timeoutSeconds, 600)) * 1000,
    };
    const base = checkBaseUrl(flags.baseUrl ?? DEFAULT_BASE_URL);
    apiKey = apiKeyFromEnv(env, keyVar);

    const webhooks = flags.spec !== undefined ? await fromSpec(flags.spec, flags) : [await fromBody(body!, flags)];
    const c = makeChalk(out);
    const refused = webhooks.filter((w) => hasErrors(w.problems) || w.rendered === undefined);
    if (refused.length) {
      const report =
        flags.format === 'json'
          ? jsonReport(
              base.origin,
              webhooks.map((w) => ({ w })),
              `nothing was sent: ${refused.length} of ${webhooks.length} webhook${webhooks.length === 1 ? ' has' : 's have'} errors`,
            )
          : `${webhooks.map((w, i) => header(w, i, webhooks.length, undefined, keyVar, c) + problemLines(w.problems, c)).join('\n')}\n${c.red(nothingSent(refused.length, webhooks.length))}\n`;
      out.write(redactApiKey(report, apiKey));
      return 1;
    }

    if (!isLoopback(base.hostname)) {
      const go = await confirmTarget(webhooks, base, flags, keyVar, apiKey, deps);
      if (!go) return 1;
    }

    const results: { w: RenderedWebhook; req: PlannedRequest; res: SendResult; errors?: ApiError[] }[] = [];
    for (const [i, w] of webhooks.entries()) {
      const req = planRequest(w, base, apiKey);
      if (flags.format === 'text')
        out.write(redactApiKey(header(w, i, webhooks.length, req, keyVar, c) + problemLines(w.problems, c), apiKey));
      const res = scrubResult(
        await sendWithRetries(req, {
          fetch: deps.fetch ?? globalThis.fetch,
          sleep: deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
          ...limits,
          onRetry: (a, wait, n) => {
            if (flags.format === 'text')
              out.write(
                redactApiKey(
                  `  ${c.yellow(`${a.status} ${a.statusText}`.trim())} — retry ${n} of ${limits.maxRetries} in ${seconds(wait)}${a.retryAfterMs !== undefined ? ' (Retry-After)' : ''}\n`,
                  apiKey,
                ),
              );
          },
        }),
        apiKey,
      );
      const errors = !res.ok && res.responseText ? parseApiErrors(res.responseText, w.template, req.body) : undefined;
      results.push({ w, req, res, ...(errors ? { errors } : {}) });
      if (flags.format === 'text') out.write(redactApiKey(resultLines(res, errors, c), apiKey));
    }
    const ok = results.every((r) => r.res.ok);
    if (flags.format === 'json') out.write(redactApiKey(jsonReport(base.origin, results, undefined, keyVar), apiKey));
    else if (webhooks.length > 1) {
      const failed = results.filter((r) => !r.res.ok).length;
      out.write(
        ok
          ? c.green(`\nall ${results.length} requests succeeded\n`)
          : c.red(`\n${failed} of ${results.length} requests failed\n`),
      );
    }
    return ok ? 0 : 1;
  } catch (e) {
    // Nothing that leaves this command may carry the key, not even a bug report.
    if (e instanceof Error && apiKey) {
      e.message = redactApiKey(e.message, apiKey);
      if (e.stack) e.stack = redactApiKey(e.stack, apiKey);
    }
    throw e;
  }
}

/**
 * The response with every echoed key removed before anything is cut to length or parsed: cutting first could leave a
 * key's beginning in a snippet that redaction no longer recognises.
 */
function scrubResult(res: SendResult, apiKey: string): SendResult {
  const r = (s: string) => redactApiKey(s, apiKey);
  return {
    ...res,
    attempts: res.attempts.map((a) => ({ ...a, statusText: r(a.statusText) })),
    ...(res.statusText !== undefined ? { statusText: r(res.statusText) } : {}),
    ...(res.responseText !== undefined ? { responseText: r(res.responseText) } : {}),
    ...(res.error !== undefined ? { error: r(res.error) } : {}),
    ...(res.contentType !== undefined ? { contentType: r(res.contentType) } : {}),
  };
}

function count(value: string | undefined, flag: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value.trim()) || Number(value) > max)
    throw new UserError(`${flag} must be a whole number from 0 to ${max}, not "${value}"`);
  return Number(value);
}

/**
 * Shows (on stderr) where the requests go — the host, the key's first characters, each body's profile — and says
 * whether to go on: yes with --person or --yes; otherwise the placeholder profile needs a yes on a terminal, and
 * off a terminal it is an input error (exit 2) before anything is sent.
 */
async function confirmTarget(
  webhooks: readonly RenderedWebhook[],
  base: URL,
  flags: SendFlags,
  keyVar: string,
  apiKey: string,
  deps: SendDeps,
): Promise<boolean> {
  const err = deps.stderr ?? stderr;
  const c = makeChalk(err);
  const placeholder = flags.person === undefined;
  const account = `the Klaviyo account of the key in $${keyVar} (${keyPrefix(apiKey)})`;
  const lines = [`${c.bold('Sending to')} ${base.origin}, ${account}:`];
  for (const w of webhooks) {
    const targets = profileTargets(w.rendered ?? '');
    lines.push(
      `  ${w.name} \u2192 profile ${targets.length ? targets.join('; ') : '(none named)'}${placeholder ? c.yellow(' (a placeholder: no --person given)') : ''}`,
    );
  }
  err.write(redactApiKey(`${lines.join('\n')}\n`, apiKey));
  if (!placeholder || flags.yes) return true;
  if (!deps.confirm)
    throw new UserError(
      `send would write a made-up profile into ${account}; give --person PROFILE.json (a profile of yours, e.g. {"email": "you@example.com"}), or --yes to send the placeholder anyway`,
    );
  if (await deps.confirm('Write this placeholder profile into your Klaviyo account?')) return true;
  err.write('nothing was sent (--person PROFILE.json names the profile to write)\n');
  return false;
}

/** A BODY file: rendered for the sample, the endpoint from --url or the body's data.type. */
async function fromBody(file: string, flags: SendFlags): Promise<RenderedWebhook> {
  if (flags.sample === undefined && flags.example === undefined)
    throw new UserError(
      'send renders the body for a trigger event: give --sample EVENT.json (or --example NAME, a bundled one)',
    );
  const body = await readBody(file);
  const { text, source } = (await readSampleOption(flags))!;
  const sample = renderSample(text, source);
  const person = await readPerson(flags.person);
  const revision = revisionOption(flags.revision);
  const p = preview(body.text, {
    sample: sample.render,
    revision,
    today: today(),
    ...(person !== undefined ? { person } : {}),
    ...(flags.url !== undefined ? { url: flags.url } : {}),
  });
  return {
    name: body.source,
    endpoint: p.endpoint,
    url: p.url,
    revision: p.revision,
    template: body.text,
    ...(p.rendered !== undefined && p.value !== undefined ? { rendered: p.rendered } : {}),
    problems: dedupeProblems([...sample.parsed.warnings, ...p.problems]),
  };
}

/** A spec file: generated first (as `generate --spec` would), then each webhook rendered for the sample. */
async function fromSpec(file: string, flags: SendFlags): Promise<RenderedWebhook[]> {
  const { text: specText, source: specSource } = await readInput(file, 'spec file');
  const spec = await parseSpec(specText, specSource);
  if (flags.revision !== undefined) spec.revision = flags.revision;
  let sampleText: { text: string; source: string };
  const given = await readSampleOption(flags);
  if (given !== undefined) sampleText = given;
  else if (spec.sample !== undefined)
    sampleText = await readInput(
      spec.sample === '-' || file === '-' ? spec.sample : resolve(dirname(resolve(file)), spec.sample),
      'sample',
    );
  else if (spec.example !== undefined) sampleText = (await readSampleOption({ example: spec.example }))!;
  else throw new UserError('no sample event: give --sample EVENT.json (the spec names none)');
  const sample = renderSample(sampleText.text, sampleText.source);
  const person = await readPerson(flags.person);
  const result = generate(spec, sample.parsed.properties, { today: today(), sampleWarnings: sample.parsed.warnings });
  return result.webhooks.map((w) => {
    const p = preview(w.body, {
      sample: sample.render,
      revision: result.revision,
      today: today(),
      url: w.url,
      ...(person !== undefined ? { person } : {}),
    });
    return {
      name: w.name,
      endpoint: w.endpoint,
      url: w.url,
      revision: result.revision,
      template: w.body,
      ...(p.rendered !== undefined && p.value !== undefined ? { rendered: p.rendered } : {}),
      problems: dedupeProblems([...w.problems, ...p.problems]),
    };
  });
}

/** The sample checked as generate reads it, and re-read for rendering keeping Python's int/float distinction. */
function renderSample(text: string, source: string): { parsed: ParsedSample; render: unknown } {
  const parsed = parseSample(text, source);
  const value = parseJsonForRender(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as Record<string, unknown>;
  return { parsed, render: unwrapEventResource(value) ?? value };
}
