/** `generate`: flags or a spec file in, paste-ready webhooks out. I/O and exit codes only; the work is in ../../generate. */
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { UserError } from '../../errors.js';
import { generate, type GenerateResult } from '../../generate.js';
import { hasErrors } from '../../problem.js';
import { describeType, listFields, parsePath, resolvePath, splitMapping } from '../../paths/index.js';
import { readExample, listExamples } from '../../sample/examples.js';
import { parseSample, type ParsedSample } from '../../sample/parse.js';
import type { GenerateSpec, WebhookSpec } from '../../spec/types.js';
import type { Identify } from '../../klaviyo/identity.js';
import type { EscapeMode } from '../../template/value.js';
import { makeChalk } from '../color.js';
import { stderr, stdout } from '../stdio.js';
import { readInput, slug, writeFiles, type PlannedFile } from '../io.js';
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
import { flowWebhookActions } from '../../klaviyo/flow-action.js';
import { reindentJson } from '../json-text.js';

export interface GenerateFlags {
  sample?: string;
  example?: string;
  sampleMetric?: string;
  baseUrl?: string;
  backfill?: boolean;
  listExamples?: boolean;
  listFields?: boolean;
  toProfile?: string[];
  promote?: string[];
  append?: string[];
  unset?: string[];
  each?: string;
  with?: string[];
  metric?: string;
  value?: string;
  valueCurrency?: string;
  /** commander: a path string, false for --no-unique-id, true when neither flag was given. */
  uniqueId?: string | boolean;
  identify?: Identify;
  revision?: string;
  escape?: EscapeMode;
  allowMissing?: boolean;
  editorSafe?: boolean;
  listSeparator?: string;
  spec?: string;
  saveSpec?: string;
  format: OutputFormat;
  out?: string;
  force?: boolean;
  apiKeyEnv?: string;
  reveal?: boolean;
  /** Also render each body for the sample, as `preview` does. */
  preview?: boolean;
}

/** The spec file module and its schema validator (50 kB) load only when a spec is read or written. */
const loadSpecModule = () => import('../../spec/load.js');

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
      content: await (await loadSpecModule()).formatSpec(specForSaving(spec, baseDir, flags.saveSpec), flags.saveSpec),
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

const SPEC_CONFLICTS = [
  'toProfile',
  'promote',
  'append',
  'unset',
  'each',
  'with',
  'metric',
  'value',
  'valueCurrency',
  'backfill',
] as const;

/** The flags as a spec (or the spec file, with --sample/--revision/… overriding it). */
async function specFromFlags(flags: GenerateFlags): Promise<{ spec: GenerateSpec; baseDir: string }> {
  if ([flags.sample, flags.example, flags.sampleMetric].filter((f) => f !== undefined).length > 1)
    throw new UserError('give one of --sample, --example and --sample-metric, not several');
  const common: Partial<GenerateSpec> = {
    ...(flags.sample !== undefined ? { sample: flags.sample } : {}),
    ...(flags.example !== undefined ? { example: flags.example } : {}),
    ...(flags.sampleMetric !== undefined ? { sampleMetric: flags.sampleMetric } : {}),
    ...(flags.revision !== undefined ? { revision: flags.revision } : {}),
    ...(flags.escape !== undefined ? { escape: flags.escape } : {}),
    ...(flags.identify !== undefined ? { identify: flags.identify } : {}),
    ...(flags.allowMissing ? { allowMissing: true } : {}),
    ...(flags.editorSafe ? { editorSafe: true } : {}),
    ...(flags.listSeparator !== undefined ? { listSeparator: flags.listSeparator } : {}),
  };
  if (flags.spec !== undefined) {
    const used = SPEC_CONFLICTS.filter((k) => flags[k] !== undefined);
    if (typeof flags.uniqueId === 'string' || flags.uniqueId === false) used.push('uniqueId' as never);
    if (used.length)
      throw new UserError(
        `--spec cannot be combined with ${used.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ')}; put those in the spec file`,
      );
    const { text, source } = await readInput(flags.spec, 'spec file');
    const fromFile = await (await loadSpecModule()).parseSpec(text, source);
    // A sample named in the spec is relative to the spec; one given as a flag is relative to where we run.
    const baseDir = flags.sample !== undefined || flags.spec === '-' ? process.cwd() : dirname(resolve(flags.spec));
    const merged = { ...fromFile, ...common };
    // A sample source given as a flag replaces the spec's.
    if (flags.sample !== undefined || flags.example !== undefined || flags.sampleMetric !== undefined) {
      for (const k of ['sample', 'example', 'sampleMetric'] as const) if (common[k] === undefined) delete merged[k];
    }
    return { spec: merged, baseDir };
  }
  const webhooks: WebhookSpec[] = [];
  if (flags.toProfile?.length || flags.append?.length || flags.unset?.length) {
    webhooks.push({
      kind: 'profile-import',
      ...(flags.toProfile?.length ? { properties: flags.toProfile } : {}),
      ...(flags.append?.length ? { append: flags.append } : {}),
      ...(flags.unset?.length ? { unset: flags.unset } : {}),
    });
  }
  if (flags.with?.length && flags.each === undefined)
    throw new UserError(
      '--with copies an event-level field into each event of --each; add --each PATH[*] (or use --promote PATH for a single event)',
    );
  if (flags.each !== undefined) {
    if (flags.metric === undefined)
      throw new UserError(
        '--each creates one event per element: name them with --metric NAME (e.g. --metric "Ordered Item")',
      );
    if (flags.uniqueId === false)
      throw new UserError(
        '--no-unique-id cannot be used with --each: without a unique_id Klaviyo keeps one event per profile per second, so all but one element of a request would be lost; the default is "<$event_id>:<index>", or --unique-id PATH names an id field of each element',
      );
    webhooks.push({
      kind: 'bulk-create-events',
      metric: flags.metric,
      each: flags.each,
      ...(flags.promote?.length ? { properties: flags.promote } : {}),
      ...(flags.with?.length ? { with: flags.with } : {}),
      ...(flags.value !== undefined ? { value: flags.value } : {}),
      ...(flags.valueCurrency !== undefined ? { valueCurrency: flags.valueCurrency } : {}),
      ...(typeof flags.uniqueId === 'string' ? { uniqueId: flags.uniqueId } : {}),
      ...(flags.backfill ? { backfill: true } : {}),
    });
  } else if (flags.promote?.length || flags.metric !== undefined) {
    if (!flags.promote?.length)
      throw new UserError('--metric names the event that --promote creates; add --promote PATH[=NAME]');
    if (flags.metric === undefined)
      throw new UserError(
        '--promote creates a new event: name it with --metric NAME (e.g. --metric "Placed Order SKUs")',
      );
    webhooks.push({
      kind: 'create-event',
      metric: flags.metric,
      properties: flags.promote,
      ...(flags.value !== undefined ? { value: flags.value } : {}),
      ...(flags.valueCurrency !== undefined ? { valueCurrency: flags.valueCurrency } : {}),
      ...(typeof flags.uniqueId === 'string'
        ? { uniqueId: flags.uniqueId }
        : flags.uniqueId === false
          ? { uniqueId: false }
          : {}),
      ...(flags.backfill ? { backfill: true } : {}),
    });
  } else {
    const stray = (['value', 'valueCurrency', 'backfill'] as const).filter((k) => flags[k] !== undefined);
    if (typeof flags.uniqueId === 'string' || flags.uniqueId === false) stray.push('uniqueId' as never);
    if (stray.length)
      throw new UserError(
        `${stray.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ')} only apply to a new event: add --promote PATH and --metric NAME (or --each PATH[*] --metric NAME)`,
      );
  }
  if (webhooks.length === 0 && !flags.listFields) {
    throw new UserError(
      'nothing to generate: add --to-profile PATH[=NAME] or --append PATH=NAME (onto the profile) and/or --promote PATH[=NAME] --metric NAME (new event) or --each PATH[*] --metric NAME (one event per element), or --spec FILE; --list-fields shows the paths',
    );
  }
  return { spec: { ...common, webhooks }, baseDir: process.cwd() };
}

/** The spec as saved to `file`: a sample path relative to the saved file's folder, as --spec reads it. */
function specForSaving(spec: GenerateSpec, baseDir: string, file: string): GenerateSpec {
  if (spec.sample === undefined || spec.sample === '-' || isAbsolute(spec.sample)) return spec;
  const rel = relative(dirname(resolve(file)), resolve(baseDir, spec.sample))
    .split(sep)
    .join('/');
  return { ...spec, sample: rel };
}

/** The flags that take a field path (PATH or PATH=NAME), as typed on the command line. */
const PATH_FLAGS = ['toProfile', 'promote', 'append', 'with', 'each', 'value', 'uniqueId'] as const;

/**
 * `--promote "$extra.line_items[*].sku"` in double quotes reaches us as ".line_items[*].sku": the shell replaced
 * $extra with nothing. Said plainly, with the sample's $-key that makes the path whole, in single quotes.
 */
function checkShellExpansion(flags: GenerateFlags, sample: Record<string, unknown>): void {
  for (const key of PATH_FLAGS) {
    const given = flags[key];
    for (const text of Array.isArray(given) ? given : typeof given === 'string' ? [given] : []) {
      const { path, name } = splitMapping(text);
      if (path !== '' && !path.startsWith('.')) continue;
      const flag = `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
      const dollarKeys = Object.keys(sample).filter((k) => k.startsWith('$'));
      // The $-key that makes the rest of the path exist is almost surely the one the shell ate.
      const found = path === '' ? undefined : dollarKeys.find((k) => pathExists(sample, `${k}${path}`));
      const example =
        found ??
        (path === ''
          ? (dollarKeys.find((k) => k === (key === 'value' ? '$value' : '$event_id')) ?? dollarKeys[0] ?? '$KEY')
          : `$KEY${path}`);
      const fixed = `${found ? `${found}${path}` : example}${name !== undefined ? `=${name}` : ''}`;
      throw new UserError(
        found
          ? `${flag} "${text}": the shell replaced "${found}" with nothing, because the path was in double quotes; use single quotes: ${flag} '${fixed}'`
          : `${flag} "${text}": the path is ${path === '' ? 'empty' : 'missing its first key'}; a $-key in double quotes is replaced by the shell with nothing, so use single quotes, e.g. ${flag} '${fixed}'`,
      );
    }
  }
}

function pathExists(sample: Record<string, unknown>, text: string): boolean {
  try {
    resolvePath(sample, parsePath(text));
    return true;
  } catch {
    return false;
  }
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
