/** The three output formats of generate: text for people, json for tools (a stable contract), markdown for docs. */
import type { ChalkInstance } from 'chalk';
import type { GenerateResult, GeneratedWebhook } from '../generate.js';
import { ENDPOINTS } from '../klaviyo/endpoints.js';
import { maskApiKey, type Header } from '../klaviyo/headers.js';
import { isRevisionFormat, revisionLifecycle, supportEndsOn } from '../klaviyo/revisions.js';
import type { Problem } from '../problem.js';
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
  return options.reveal ? headers : headers.map((h) => (h.key === 'Authorization' ? { ...h, value: maskApiKey(h.value) } : h));
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

/** Whether the raw body is JSON before rendering, and the other mode to try if Klaviyo's editor refuses this one. */
export function editorSafeNote(editorSafe: boolean, w?: Pick<GeneratedWebhook, 'endpoint' | 'fields'>): string {
  // --each and --append have no editor-safe form (generate refuses them with --editor-safe).
  if (!editorSafe && w && (w.endpoint === 'bulk-create-events' || w.fields.some((f) => f.patch === 'append')))
    return `not editor-safe: valid JSON only after Klaviyo fills in the tags. ${w.endpoint === 'bulk-create-events' ? 'A Bulk Create Events body (--each) builds its events with a {% for %} loop between JSON values' : 'Appending (--append) leaves out a value the event lacks with an {% if %} between JSON members'}, so it has no editor-safe form.`;
  return editorSafe
    ? 'editor-safe: the raw text is already valid JSON (every tag sits inside a string). If you do not need that, the default output (without --editor-safe) keeps numbers, booleans and lists typed and leaves missing profile properties untouched.'
    : 'not editor-safe: valid JSON only after Klaviyo fills in the tags. If the editor refuses to save it ("Only JSON formatting is supported"), run again with --editor-safe: every tag then sits inside a string (values arrive as text).';
}

export function formatProblemsText(problems: readonly Problem[], c: ChalkInstance): string {
  return problems
    .map((p) => {
      const sev = p.severity === 'error' ? c.red.bold('error  ') : c.yellow('warning');
      const where = [p.at || null, p.line !== undefined ? `line ${p.line}:${p.column ?? 1}` : null].filter(Boolean).join(' ');
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
  const rows = [`  ${c.dim('Key'.padEnd(width))}  ${c.dim('Value')}`, ...headers.map((h) => `  ${h.key.padEnd(width)}  ${h.value}${note(h)}`)];
  return rows.join('\n');
}

export function formatWebhookText(w: GeneratedWebhook, c: ChalkInstance, options: OutputOptions, heading: string): string {
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
