/** The three output formats of generate: text for people, json for tools (a stable contract), markdown for docs. */
import {
  type GenerateResult,
  type GeneratedWebhook,
  ENDPOINTS,
  API_KEY_PLACEHOLDER,
  maskApiKey,
  type Header,
  isRevisionFormat,
  revisionLifecycle,
  supportEndsOn,
  type Problem,
} from '../index.js';
import type { ChalkInstance } from 'chalk';
import { stringifyExact } from './json-text.js';

export type OutputFormat = 'text' | 'json' | 'markdown' | 'flow-action';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['text', 'json', 'markdown', 'flow-action'];

export interface OutputOptions {
  /** Show the real API key (from --api-key-env) instead of masking it. */
  reveal: boolean;
  /** YYYY-MM-DD: the revision row then says whether Klaviyo has deprecated or retired it. */
  today?: string;
}

export function visibleHeaders(headers: Header[], options: OutputOptions): Header[] {
  return options.reveal
    ? headers
    : headers.map((h) => (h.key === 'Authorization' ? { ...h, value: maskApiKey(h.value) } : h));
}

export function formatJson(result: GenerateResult, options: OutputOptions): string {
  const out = {
    revision: result.revision,
    // --preview: the rendered text (null when there is none) and the fields; the parsed value would only repeat it.
    webhooks: result.webhooks.map(({ preview, ...w }) => ({
      ...w,
      headers: visibleHeaders(w.headers, options),
      ...(preview ? { preview: { rendered: preview.rendered ?? null, fields: preview.fields } } : {}),
    })),
  };
  return `${stringifyExact(out, 2)}\n`;
}

/**
 * One line under the body: paste it, and what to do if Klaviyo's editor refuses it ("Only JSON formatting is
 * supported"; no public source says whether the editor checks the body before or after filling in the tags).
 */
export function editorSafeNote(
  editorSafe: boolean,
  w?: Pick<GeneratedWebhook, 'endpoint' | 'fields' | 'value'>,
): string {
  // At most 80 columns: one line on a narrow terminal. The details are in docs/editor-safe.md and the warnings.
  if (editorSafe) return 'Paste it as is: valid JSON already; values arrive as text (--editor-safe).';
  // --each, --append and --value have no editor-safe form (generate refuses them with --editor-safe).
  const noSafeForm =
    w?.endpoint === 'bulk-create-events'
      ? '--each'
      : w?.fields.some((f) => f.patch === 'append')
        ? '--append'
        : w?.value !== undefined
          ? '--value'
          : undefined;
  return noSafeForm
    ? `Paste it as is; ${noSafeForm} has no editor-safe form (JSON once tags are filled in).`
    : 'Paste it; if Klaviyo says "Only JSON formatting is supported", add --editor-safe';
}

/**
 * What to do in Klaviyo after pasting, for a person reading the output on a terminal. Printed on stderr and only
 * when stdout is a terminal, so a pipe, a redirect and --out files get exactly the data (the README's quick start
 * and the wizard's one-line command reproduce stdout byte for byte).
 */
export function nextSteps(result: GenerateResult, c: ChalkInstance, width = 80): string {
  const steps: string[] = [];
  const placeholder = result.webhooks.filter((w) =>
    w.headers.some((h) => h.key === 'Authorization' && h.value === API_KEY_PLACEHOLDER),
  );
  if (placeholder.length) {
    const scopes = [
      ...new Set(placeholder.map((w) => (w.endpoint === 'profile-import' ? 'profiles:write' : 'events:write'))),
    ];
    steps.push(`Replace {YOUR_PRIVATE_API_KEY} with a private key that has ${scopes.join(' and ')}.`);
  }
  // A new event triggers flows of its metric unless the body sets backfill (Klaviyo then triggers none).
  const creates = result.webhooks.some((w) => w.endpoint !== 'profile-import' && !/"backfill"\s*:\s*true/.test(w.body));
  steps.push(
    `Trigger the flow with your sample event's metric (event fields are empty in other flows)${creates ? ', never with the metric this webhook creates (the flow would trigger itself)' : ''}.`,
  );
  // escapejs is a Django built-in that no Klaviyo page lists: the first test request is where that shows.
  const escapes = result.webhooks.some((w) => w.body.includes('|escapejs'));
  steps.push(
    `Save, then Preview \u2192 Send Test Request.${escapes ? ' If Klaviyo reports an unknown or invalid filter, run again with --escape none.' : ''}`,
  );
  return `\n${c.bold('Then, in Klaviyo:')}\n${steps.map((s, i) => wrap(`${i + 1}. ${s}`, width, '  ', '     ')).join('\n')}\n`;
}

/** The width to wrap messages to on a terminal (80 when unknown, at most 100 so lines stay readable). */
export function terminalWidth(): number {
  return Math.min(100, process.stderr.columns || 80);
}

/** Word-wraps a line for the terminal (the footer is prose, so breaking at spaces is safe). */
function wrap(text: string, width: number, first: string, rest: string): string {
  const lines: string[] = [];
  let line = first;
  for (const word of text.split(' ')) {
    if (line.trim() !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = rest + word;
    } else line = line.trim() === '' ? line + word : `${line} ${word}`;
  }
  lines.push(line);
  return lines.join('\n');
}

export function formatProblemsText(problems: readonly Problem[], c: ChalkInstance): string {
  return problems
    .map((p) => {
      const sev = p.severity === 'error' ? c.red.bold('error  ') : c.yellow('warning');
      const where = [p.at || null, p.line !== undefined ? `line ${p.line}:${p.column ?? 1}` : null]
        .filter(Boolean)
        .join(' ');
      return `  ${sev} ${where ? `${c.dim(where)} ` : ''}${p.message}`;
    })
    .join('\n');
}

/** Where a revision stands, for the Headers table: until when Klaviyo supports it, or that it retired. */
export function revisionSupportNote(revision: string, today?: string): string {
  if (!isRevisionFormat(revision)) return '';
  if (today === undefined) return `Klaviyo supports it until ${supportEndsOn(revision)}`;
  const life = revisionLifecycle(revision, today);
  if (life.status === 'retired') return `retired on ${life.retiresOn}`;
  if (life.status === 'deprecated') return `deprecated; Klaviyo supports it until ${life.retiresOn}`;
  return life.status === 'stable' ? `Klaviyo supports it until ${life.retiresOn}` : '';
}

/** The Headers table; the `revision` row says where the revision stands (dim, after the value). */
export function headersTable(headers: Header[], c: ChalkInstance, today?: string): string {
  const width = Math.max(3, ...headers.map((h) => h.key.length));
  const note = (h: Header) => {
    const text = h.key.toLowerCase() === 'revision' ? revisionSupportNote(h.value, today) : '';
    return text ? `   ${c.dim(`(${text})`)}` : '';
  };
  const rows = [
    `  ${c.dim('Key'.padEnd(width))}  ${c.dim('Value')}`,
    ...headers.map((h) => `  ${h.key.padEnd(width)}  ${h.value}${note(h)}`),
  ];
  return rows.join('\n');
}

export function formatWebhookText(
  w: GeneratedWebhook,
  c: ChalkInstance,
  options: OutputOptions,
  heading: string,
): string {
  const label = (s: string) => c.bold.cyan(s);
  const parts = [
    c.bold(heading),
    '',
    label('Destination URL'),
    w.url,
    '',
    label('Headers'),
    headersTable(visibleHeaders(w.headers, options), c, options.today),
    '',
    label('JSON Body'),
    w.body.trimEnd(),
    // A blank line keeps the note out of a careless copy of the body.
    '',
    c.dim(editorSafeNote(w.editorSafe, w)),
  ];
  if (w.problems.length) parts.push('', label('Problems'), formatProblemsText(w.problems, c));
  return `${parts.join('\n')}\n`;
}

export function formatText(result: GenerateResult, c: ChalkInstance, options: OutputOptions): string {
  return result.webhooks
    .map((w, i) => {
      const count = result.webhooks.length > 1 ? `Webhook ${i + 1} of ${result.webhooks.length}: ` : 'Webhook: ';
      return formatWebhookText(w, c, options, `${count}${w.name} (${ENDPOINTS[w.endpoint].title}, POST)`);
    })
    .join('\n');
}

const mdCell = (s: string) => s.replace(/\|/g, '\\|').replace(/`/g, '\\`');

export function formatMarkdown(result: GenerateResult, options: OutputOptions): string {
  const support = revisionSupportNote(result.revision, options.today);
  const sections = result.webhooks.map((w) => {
    const fence = w.body.includes('```') ? '~~~~' : '```';
    const lines = [
      `## ${w.name}`,
      '',
      `**Destination URL:** \`${w.url}\` (${ENDPOINTS[w.endpoint].title}, POST, revision ${result.revision}${support ? `: ${support}` : ''})`,
      '',
      '**Headers**',
      '',
      '| Key | Value |',
      '| --- | --- |',
      ...visibleHeaders(w.headers, options).map((h) => `| ${mdCell(h.key)} | ${mdCell(h.value)} |`),
      '',
      '**JSON Body**',
      '',
      `${fence}json`,
      w.body.trimEnd(),
      fence,
      '',
      `> ${editorSafeNote(w.editorSafe, w)}`,
    ];
    if (w.fields.length) {
      lines.push('', '**Fields**', '', '| From | To | Type |', '| --- | --- | --- |');
      for (const f of w.fields) lines.push(`| \`${mdCell(f.from)}\` | ${mdCell(f.to)} | ${f.type} |`);
    }
    if (w.problems.length) {
      lines.push('', '**Problems**', '');
      for (const p of w.problems) lines.push(`- **${p.severity}**${p.at ? ` \`${p.at}\`` : ''}: ${p.message}`);
    }
    return lines.join('\n');
  });
  return `${sections.join('\n\n')}\n`;
}
