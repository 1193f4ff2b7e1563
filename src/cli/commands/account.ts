/**
 * The account's read side: `sample` (the newest event of a metric, as a sample file) and `audit` (every webhook in
 * every flow, judged). The key comes from an environment variable and is never printed or written; I/O and exit
 * codes only here, the work is in ../../account.
 */
import {
  KlaviyoApi,
  auditReport,
  readFlowWebhooks,
  type AuditReport,
  redactSampleText,
  listMetrics,
  newestEvent,
  pickMetric,
  UserError,
  parseSample,
  type ParsedSample,
  DEFAULT_REVISION,
  apiKeyFromEnv,
  checkBaseUrl,
  DEFAULT_API_KEY_ENV,
  reindentJson,
} from '../../index.js';
import { makeChalk } from '../color.js';
import { writeFiles } from '../io.js';
import { formatProblemsText } from '../output.js';
import { stderr, stdout, type Terminal } from '../stdio.js';
import { today } from './shared.js';

export interface AccountFlags {
  apiKeyEnv?: string;
  baseUrl?: string;
  revision?: string;
}

export interface AccountDeps {
  env?: Record<string, string | undefined>;
  stdout?: Terminal;
  stderr?: Terminal;
  fetch?: typeof globalThis.fetch;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/** The API client for the account whose key is in the named variable (one line and exit 2 when it is not set). */
export function accountApi(flags: AccountFlags, deps: AccountDeps): KlaviyoApi {
  const keyVariable = flags.apiKeyEnv ?? DEFAULT_API_KEY_ENV;
  if (/^pk_/.test(keyVariable))
    throw new UserError(
      '--api-key-env takes the name of an environment variable, not the key: export KLAVIYO_API_KEY=… and leave --api-key-env out',
    );
  const apiKey = apiKeyFromEnv(deps.env ?? process.env, keyVariable);
  const base = checkBaseUrl(flags.baseUrl ?? 'https://a.klaviyo.com');
  const err = deps.stderr ?? stderr;
  return new KlaviyoApi({
    baseUrl: base.origin,
    apiKey,
    keyVariable,
    revision: flags.revision ?? DEFAULT_REVISION,
    fetch: deps.fetch ?? globalThis.fetch,
    sleep: deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
    ...(deps.now ? { now: deps.now } : {}),
    // Long waits are said on a terminal only (stderr): scripts see data or one error line.
    onWait: (ms, why) => {
      if (err.isTTY) err.write(`${makeChalk(err).dim(`waiting ${Math.ceil(ms / 1000)} s: ${why}`)}\n`);
    },
  });
}

export interface SampleFlags extends AccountFlags {
  metric?: string;
  metricId?: string;
  listMetrics?: boolean;
  profileId?: string;
  redact?: boolean;
  out?: string;
  force?: boolean;
}

export async function sampleCommand(flags: SampleFlags, deps: AccountDeps = {}): Promise<number> {
  const out = deps.stdout ?? stdout;
  const err = deps.stderr ?? stderr;
  if (!flags.listMetrics && flags.metric === undefined && flags.metricId === undefined)
    throw new UserError(
      'which event? give --metric NAME (e.g. --metric "Placed Order"), or --list-metrics to see the names',
    );
  const api = accountApi(flags, deps);
  const metrics = await listMetrics(api);
  if (flags.listMetrics) {
    const width = Math.max(4, ...metrics.map((m) => m.name.length));
    out.write(
      metrics.map((m) => `${m.name.padEnd(width)}  ${(m.integration || '-').padEnd(12)}  ${m.id}`).join('\n') +
        (metrics.length ? '\n' : ''),
    );
    return 0;
  }
  const metric = pickMetric(metrics, {
    ...(flags.metric !== undefined ? { name: flags.metric } : {}),
    ...(flags.metricId !== undefined ? { id: flags.metricId } : {}),
  });
  const event = await newestEvent(api, metric, flags.profileId ? { profileId: flags.profileId } : {});
  // Numbers as Klaviyo wrote them (10.0 stays a float, ids keep every digit), redacted or not.
  const text = `${reindentJson(flags.redact ? redactSampleText(event.propertiesText) : event.propertiesText)}\n`;
  if (flags.out !== undefined) {
    writeFiles([{ path: flags.out, content: text }], flags.force === true);
    const c = makeChalk(err);
    err.write(`wrote ${flags.out}: the newest "${metric.name}" event${event.datetime ? ` (${event.datetime})` : ''}\n`);
    if (!flags.redact)
      err.write(
        `${c.yellow('it holds personal data from your account')}: keep it out of repositories, or run again with --redact\n`,
      );
    err.write(`next: klaviyo-webhook-gen generate --sample ${flags.out} --list-fields\n`);
  } else {
    out.write(text);
  }
  return 0;
}

/** `generate --sample-metric NAME` / a spec's `sampleMetric`: the metric's newest event, parsed as a sample file. */
export async function sampleFromAccount(
  metricName: string,
  flags: AccountFlags,
  deps: AccountDeps = {},
): Promise<ParsedSample> {
  const api = accountApi(flags, deps);
  const event = await newestEvent(api, pickMetric(await listMetrics(api), { name: metricName }));
  return parseSample(event.propertiesText, `the newest "${metricName}" event in your account`);
}

/** The names of the account's metrics, for the wizard's question. */
export async function metricNamesFromAccount(flags: AccountFlags, deps: AccountDeps = {}): Promise<string[]> {
  return (await listMetrics(accountApi(flags, deps))).map((m) => m.name);
}

export interface AuditFlags extends AccountFlags {
  flow?: string;
  format: 'text' | 'json' | 'markdown';
  failOn?: 'error' | 'warning';
}

export async function auditCommand(flags: AuditFlags, deps: AccountDeps = {}): Promise<number> {
  const out = deps.stdout ?? stdout;
  const failOn = flags.failOn ?? 'error';
  if (failOn !== 'error' && failOn !== 'warning')
    throw new UserError(`--fail-on takes error or warning, not "${failOn}"`);
  const api = accountApi(flags, deps);
  const read = await readFlowWebhooks(api, flags.flow ? { flowId: flags.flow } : {});
  const report = auditReport(read, today());
  if (flags.format === 'json') out.write(`${JSON.stringify({ ...report, requests: api.requests }, null, 2)}\n`);
  else if (flags.format === 'markdown') out.write(auditMarkdown(report));
  else out.write(auditText(report, makeChalk(out)));
  const failing = failOn === 'warning' ? report.summary.errors + report.summary.warnings : report.summary.errors;
  return failing > 0 ? 1 : 0;
}

function auditText(report: AuditReport, c: ReturnType<typeof makeChalk>): string {
  const lines: string[] = [];
  for (const flow of report.flows) {
    lines.push(
      `${c.bold(flow.name || '(unnamed flow)')}  ${c.dim(`${flow.status || 'unknown status'} · ${flow.link}`)}`,
    );
    for (const w of flow.webhooks) {
      const verdict = w.problems.some((p) => p.severity === 'error')
        ? c.red('errors')
        : w.problems.length
          ? c.yellow('warnings')
          : c.green('clean');
      lines.push(
        `  ${w.name || '(unnamed webhook)'}  ${c.dim(`action ${w.actionId}${w.status ? `, ${w.status}` : ''} · ${w.url}${w.revision ? ` · revision ${w.revision}` : ''}`)}  ${verdict}`,
      );
      if (w.problems.length) lines.push(formatProblemsText(w.problems, c).replace(/^/gm, '  '));
    }
    lines.push('');
  }
  const s = report.summary;
  lines.push(
    `${report.flowsRead} flow${report.flowsRead === 1 ? '' : 's'} read, ${s.webhooks} webhook${s.webhooks === 1 ? '' : 's'}: ` +
      `${s.errors ? c.red(`${s.errors} with errors`) : '0 with errors'}, ${s.warnings} with warnings only, ${s.clean} clean`,
  );
  return `${lines.join('\n')}\n`;
}

function auditMarkdown(report: AuditReport): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const s = report.summary;
  const lines = [
    '# Klaviyo webhook audit',
    '',
    `${report.flowsRead} flows read, ${s.webhooks} webhooks: ${s.errors} with errors, ${s.warnings} with warnings only, ${s.clean} clean.`,
  ];
  for (const flow of report.flows) {
    lines.push('', `## [${cell(flow.name || '(unnamed flow)')}](${flow.link}) (${flow.status || 'unknown status'})`);
    for (const w of flow.webhooks) {
      lines.push(
        '',
        `### ${cell(w.name || '(unnamed webhook)')} — action ${w.actionId}`,
        '',
        `\`POST ${w.url}\`${w.revision ? `, revision ${w.revision}` : ''}`,
        '',
      );
      if (!w.problems.length) lines.push('No problems found.');
      for (const p of w.problems)
        lines.push(
          `- **${p.severity}**${p.at ? ` \`${p.at}\`` : ''}${p.line !== undefined ? ` (line ${p.line}:${p.column ?? 1})` : ''}: ${cell(p.message)}`,
        );
    }
  }
  return `${lines.join('\n')}\n`;
}
