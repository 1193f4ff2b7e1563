/** `preview`: the request Klaviyo would send for one event, rendered offline, with the source of each property. */
import { hasErrors, preview, type PreviewResult, type RenderedPreview, reindentJson, UserError } from '../../index.js';
import { makeChalk } from '../color.js';
import { stdout } from '../stdio.js';
import { formatProblemsText, headersTable } from '../output.js';
import { highlightJson } from '../highlight.js';
import { stringifyExact } from '../json-text.js';
import { readBodyOrWebhook, readPerson, readRenderSample, readSampleOption, revisionOption, today } from './shared.js';

export interface PreviewFlags {
  sample?: string;
  example?: string;
  person?: string;
  url?: string;
  revision?: string;
  format: 'text' | 'json';
}

export async function previewCommand(file: string, flags: PreviewFlags): Promise<number> {
  if (flags.sample === undefined && flags.example === undefined)
    throw new UserError(
      'preview renders the body for a trigger event: give --sample EVENT.json (or --example NAME, a bundled one)',
    );
  const body = await readBodyOrWebhook(file);
  const url = flags.url ?? body.url;
  const sample = await readRenderSample((await readSampleOption(flags))!);
  const person = await readPerson(flags.person);
  const result = preview(body.text, {
    sample,
    revision: revisionOption(flags.revision ?? body.revision),
    today: today(),
    ...(person !== undefined ? { person } : {}),
    ...(url !== undefined ? { url } : {}),
  });
  stdout.write(flags.format === 'json' ? formatPreviewJson(result) : formatPreviewText(result, makeChalk(stdout)));
  return hasErrors(result.problems) ? 1 : 0;
}

export function formatPreviewJson(r: PreviewResult): string {
  return `${stringifyExact({ url: r.url, headers: r.headers, rendered: r.rendered ?? null, fields: r.fields, problems: r.problems }, 2)}\n`;
}

const show = (v: unknown) => (v === undefined ? '—' : stringifyExact(v));

export function formatPreviewText(r: PreviewResult, c: ReturnType<typeof makeChalk>): string {
  const label = (s: string) => c.bold.cyan(s);
  const head = [label('Destination URL'), r.url, '', label('Headers'), headersTable(r.headers, c, today()), ''].join(
    '\n',
  );
  const problems = r.problems.length
    ? `\n${label('Problems')}\n${formatProblemsText(r.problems, c)}\n`
    : `\n${c.green('no problems found')}\n`;
  return `${head}\n${formatPreviewBody(r, c)}${problems}`;
}

/** The rendered body and each property's source beside its rendered value (also used by `generate --preview`). */
export function formatPreviewBody(r: RenderedPreview, c: ReturnType<typeof makeChalk>): string {
  const label = (s: string) => c.bold.cyan(s);
  const parts = [label('Rendered body')];
  // From the rendered text, not the parsed value: that keeps a 20-digit id whole and the keys in their order.
  if (r.value !== undefined) parts.push(highlightJson(reindentJson(r.rendered ?? JSON.stringify(r.value)), c));
  else parts.push(r.rendered ?? c.red('(the template does not compile; see the problems)'));
  if (r.fields.length) {
    parts.push('', label('Fields'));
    const w = r.fields.reduce((m, f) => Math.max(m, f.name.length), 0);
    for (const f of r.fields) {
      const source =
        f.source === undefined
          ? c.dim('(no tag found)')
          : `${c.dim(f.source)} = ${f.sourceValue === undefined ? c.yellow('missing') : show(f.sourceValue)}`;
      parts.push(`  ${f.name.padEnd(w)}  ${show(f.rendered)}  ${c.dim('←')} ${source}`);
    }
  }
  return `${parts.join('\n')}\n`;
}
