/** `generate`: flags or a spec file in, paste-ready webhooks out. I/O and exit codes only; the work is in ../../generate. */
import {
  UserError,
  generate,
  type GenerateResult,
  hasErrors,
  describeType,
  listFields,
  readExample,
  listExamples,
  parseSample,
  type ParsedSample,
  type GenerateSpec,
  flowWebhookActions,
  formatSpec,
  reindentJson,
} from '../../index.js';
import { resolve } from 'node:path';
import { makeChalk } from '../color.js';
import { stderr, stdout } from '../stdio.js';
import { readInput, slug, writeFiles, type PlannedFile } from '../io.js';
import { checkShellExpansion, type GenerateFlags, specForSaving, specFromFlags } from './generate-flags.js';
import { renderSampleFromText, today } from './shared.js';
import { formatPreviewBody } from './preview.js';

import {
  formatJson,
  formatMarkdown,
  formatProblemsText,
  formatText,
  nextSteps,
  terminalWidth,
  visibleHeaders,
  type OutputFormat,
  type OutputOptions,
} from '../output.js';

export type { GenerateFlags } from './generate-flags.js';

export async function generateCommand(flags: GenerateFlags): Promise<number> {
  if (flags.listExamples) {
    stdout.write(formatExampleList(flags.format));
    return 0;
  }
  const { spec, baseDir } = await specFromFlags(flags);
  const sample = await loadSample(spec, baseDir, flags.baseUrl !== undefined ? { baseUrl: flags.baseUrl } : {});
  if (flags.listFields) {
    stdout.write(formatFieldList(sample.properties, flags.format));
    return 0;
  }
  checkShellExpansion(flags, sample.properties);
  const apiKey = readApiKey(flags.apiKeyEnv);
  // Checked (and with --preview shown) as rendered from the sample's text, so floats print as Klaviyo prints them.
  const result = generate(spec, sample.properties, {
    today: today(),
    sampleWarnings: sample.warnings,
    renderSample: renderSampleFromText(sample.text),
    preview: flags.preview === true,
    ...(apiKey !== undefined ? { apiKey } : {}),
  });

  const files: PlannedFile[] = [];
  if (flags.saveSpec)
    files.push({
      path: flags.saveSpec,
      content: await formatSpec(specForSaving(spec, baseDir, flags.saveSpec), flags.saveSpec),
    });
  if (flags.out) files.push(...outFiles(result, flags.out, { reveal: flags.reveal ?? false }));
  writeFiles(files, flags.force ?? false, { secret: flags.reveal === true && apiKey !== undefined });

  stdout.write(formatResult(result, flags.format, { reveal: flags.reveal ?? false, today: today() }));
  if (flags.preview && (flags.format === 'text' || flags.format === 'markdown'))
    stdout.write(formatPreviews(result, flags.format));
  // flow-action: stdout is one JSON document, so the problems go to stderr.
  if (flags.format === 'flow-action')
    for (const w of result.webhooks)
      if (w.problems.length) stderr.write(`${w.name}:\n${formatProblemsText(w.problems, makeChalk(stderr))}\n`);
  for (const f of files) stderr.write(`wrote ${f.path}${'note' in f && f.note ? ` (${f.note})` : ''}\n`);
  const failed = result.webhooks.some((w) => hasErrors(w.problems));
  // Next steps for the person reading the blocks: stderr, and only when stdout is a terminal (pipes and files get data only).
  if (!failed && flags.format === 'text' && stdout.isTTY)
    stderr.write(nextSteps(result, makeChalk(stderr), terminalWidth()));
  return failed ? 1 : 0;
}

/** `--preview` after the text or markdown output: each body rendered for the sample (generate's `preview`). */
function formatPreviews(result: GenerateResult, format: OutputFormat): string {
  const previews = result.webhooks.map((w) => w.preview ?? { fields: [] });
  if (format === 'markdown') {
    return previews
      .map(
        (p, i) =>
          `\n### Preview: ${result.webhooks[i]!.name}\n\n\`\`\`json\n${p.value !== undefined ? reindentJson(p.rendered ?? JSON.stringify(p.value)) : (p.rendered ?? '')}\n\`\`\`\n`,
      )
      .join('');
  }
  const c = makeChalk(stdout);
  return previews
    .map((p, i) => `\n${c.bold(`Preview for the sample: ${result.webhooks[i]!.name}`)}\n\n${formatPreviewBody(p, c)}`)
    .join('');
}

/** The result as generate prints it (the wizard prints the same bytes, so its one-line command reproduces them). */
export function formatResult(
  result: GenerateResult,
  format: OutputFormat,
  options: OutputOptions,
  stream: { isTTY?: boolean } = stdout,
): string {
  return format === 'json'
    ? formatJson(result, options)
    : format === 'flow-action'
      ? formatFlowActions(result, options)
      : format === 'markdown'
        ? formatMarkdown(result, options)
        : formatText(result, makeChalk(stream), options);
}

/** `--format flow-action`: a JSON array of Flows API send-webhook actions, chained in order (src/klaviyo/flow-action). */
function formatFlowActions(result: GenerateResult, options: { reveal: boolean }): string {
  const actions = flowWebhookActions(
    result.webhooks.map((w) => ({ ...w, headers: visibleHeaders(w.headers, options) })),
  );
  return `${JSON.stringify(actions, null, 2)}\n`;
}

export async function loadSample(
  spec: GenerateSpec,
  baseDir: string,
  account: { baseUrl?: string } = {},
): Promise<ParsedSample> {
  if (spec.sampleMetric !== undefined) {
    const { sampleFromAccount } = await import('./account.js');
    return sampleFromAccount(spec.sampleMetric, account);
  }
  if (spec.example !== undefined) {
    const { text, source } = readExample(spec.example);
    return parseSample(text, source);
  }
  if (spec.sample === undefined)
    throw new UserError(
      'no sample event: give --sample FILE (or - for stdin), --example NAME (--list-examples shows them) or --sample-metric NAME (the newest event in your Klaviyo account)',
    );
  const file = spec.sample === '-' ? '-' : resolve(baseDir, spec.sample);
  const { text } = await readInput(file, 'sample');
  return parseSample(text, spec.sample === '-' ? 'standard input' : spec.sample);
}

function readApiKey(variable: string | undefined): string | undefined {
  if (variable === undefined) return undefined;
  const value = process.env[variable];
  if (value === undefined || value.trim() === '')
    throw new UserError(`--api-key-env ${variable}: that environment variable is not set or empty`);
  // Refused rather than masked in part: a value with spaces ("Klaviyo-API-Key pk_...") would put its later words
  // in the header, and a header cannot hold control characters. The message never quotes the value.
  if (/[^\x21-\x7e]/.test(value.trim()))
    throw new UserError(
      `--api-key-env ${variable}: that variable must hold only the private API key (pk_...), one word of printable ASCII; the tool writes "Klaviyo-API-Key " itself`,
    );
  return value.trim();
}

/** The files --out writes; a body that is JSON only once Klaviyo fills in its tags carries a note (jq cannot read it). */
export function outFiles(
  result: GenerateResult,
  dir: string,
  options: { reveal: boolean },
): Array<PlannedFile & { note?: string }> {
  const used = new Set<string>();
  return result.webhooks.flatMap((w) => {
    let base = slug(w.name);
    for (let n = 2; used.has(base); n++) base = `${slug(w.name)}-${n}`;
    used.add(base);
    const { preview: _preview, ...webhook } = w; // the files describe the webhook; --preview is for the screen
    const description = { revision: result.revision, ...webhook, headers: visibleHeaders(w.headers, options) };
    return [
      {
        path: resolve(dir, `${base}.body.json`),
        content: w.body,
        ...(w.editorSafe ? {} : { note: 'a template: JSON only once Klaviyo fills in the tags' }),
      },
      { path: resolve(dir, `${base}.webhook.json`), content: `${JSON.stringify(description, null, 2)}\n` },
    ];
  });
}

function formatExampleList(format: OutputFormat): string {
  const examples = listExamples();
  if (format === 'json')
    return `${JSON.stringify(
      examples.map(({ id, title, description }) => ({ id, title, description })),
      null,
      2,
    )}\n`;
  const width = Math.max(...examples.map((e) => e.id.length));
  return `${examples.map((e) => `${e.id.padEnd(width)}  ${e.description}`).join('\n')}\n`;
}

function formatFieldList(sample: Record<string, unknown>, format: OutputFormat): string {
  const fields = listFields(sample);
  if (format === 'json')
    return `${JSON.stringify(
      fields.map((f) => ({ path: f.text, type: describeType(f.type), example: f.example ?? null })),
      null,
      2,
    )}\n`;
  // reduce, not Math.max(...): a sample can have more fields than a call can take arguments.
  const width = Math.min(
    60,
    fields.reduce((m, f) => Math.max(m, f.text.length), 0),
  );
  const tw = fields.reduce((m, f) => Math.max(m, describeType(f.type).length), 0);
  return `${fields.map((f) => `${f.text.padEnd(width)}  ${describeType(f.type).padEnd(tw)}  ${preview(f.example)}`).join('\n')}\n`;
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  return text.length > 50 ? `${text.slice(0, 47)}…` : text;
}
