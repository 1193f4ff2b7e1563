/**
 * `generate`'s flags as a spec: which webhooks they ask for, what cannot be combined, and the answer to a path the
 * shell cut short (`--promote "$extra…"` in double quotes).
 */
import {
  UserError,
  type Identify,
  parsePath,
  resolvePath,
  splitMapping,
  type GenerateSpec,
  type WebhookSpec,
  type EscapeMode,
  parseSpec,
} from '../../index.js';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { readInput } from '../io.js';
import type { OutputFormat } from '../output.js';

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
export async function specFromFlags(flags: GenerateFlags): Promise<{ spec: GenerateSpec; baseDir: string }> {
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
    const fromFile = await parseSpec(text, source);
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
export function specForSaving(spec: GenerateSpec, baseDir: string, file: string): GenerateSpec {
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
export function checkShellExpansion(flags: GenerateFlags, sample: Record<string, unknown>): void {
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
