/**
 * The wizard's one-line command: `generate …` that prints the same bytes as the wizard showed, `init …` that picks
 * up where a cancelled wizard stopped, under the name the user ran (npx or not), quoted for a POSIX shell.
 */
import { normalizeRequest, type FieldRequest, type GenerateSpec } from '../index.js';
import { dirname, isAbsolute, relative, resolve } from 'node:path';

export const PROGRAM = 'klaviyo-webhook-gen';

/**
 * How the user ran the program, so that a printed command runs as typed: `npx klaviyo-webhook-gen` when npm's
 * exec ran it (npx or `npm exec`: npm_lifecycle_event is "npx" and npm_lifecycle_script names this program, or the
 * program lives in npx's cache, a `_npx` folder), else `klaviyo-webhook-gen`. Only npm's exec sets these, and a
 * script that npx ran (`npx vitest`) names itself in npm_lifecycle_script, so its children are not taken for npx.
 */
export function invokedName(env: NodeJS.ProcessEnv = process.env, script = process.argv[1] ?? ''): string {
  const first =
    (env.npm_lifecycle_script ?? '')
      .trim()
      .split(/\s+/)[0]
      ?.replace(/^'(.*)'$/, '$1') ?? '';
  const byNpx =
    (env.npm_lifecycle_event === 'npx' || env.npm_command === 'exec') &&
    (first === PROGRAM || first.endsWith(`/${PROGRAM}`) || /[\\/]_npx[\\/]/.test(script));
  return byNpx ? `npx ${PROGRAM}` : PROGRAM;
}

/** The spec as it should be saved at `specPath`: a sample path in a spec file is relative to the spec file. */
export function specForFile(spec: GenerateSpec, specPath: string, cwd: string): GenerateSpec {
  if (spec.sample === undefined || spec.sample === '-' || isAbsolute(spec.sample)) return spec;
  const rel = relative(dirname(resolve(cwd, specPath)), resolve(cwd, spec.sample)) || spec.sample;
  return { ...spec, sample: rel };
}

const text = (r: FieldRequest) => {
  const { from, to } = normalizeRequest(r);
  return to === undefined ? from : `${from}=${to}`;
};

function sourceArgs(spec: GenerateSpec): string[] {
  if (spec.example !== undefined) return ['--example', spec.example];
  if (spec.sampleMetric !== undefined) return ['--sample-metric', spec.sampleMetric];
  return ['--sample', spec.sample ?? '-'];
}

function optionArgs(spec: GenerateSpec): string[] {
  const args: string[] = [];
  if (spec.identify !== undefined) args.push('--identify', spec.identify);
  if (spec.revision !== undefined) args.push('--revision', spec.revision);
  if (spec.escape !== undefined) args.push('--escape', spec.escape);
  return args;
}

/** `klaviyo-webhook-gen generate …` that prints the same bytes as the wizard showed (POSIX shell quoting). */
export function commandLine(spec: GenerateSpec, program = PROGRAM): string {
  const args = ['generate', ...sourceArgs(spec)];
  for (const w of spec.webhooks) {
    const items = (w.properties ?? []).map(text);
    if (w.kind === 'profile-import') {
      for (const i of items) args.push('--to-profile', i);
      for (const i of w.append ?? []) args.push('--append', text(i));
      for (const n of w.unset ?? []) args.push('--unset', n);
    } else if (w.kind === 'bulk-create-events') {
      args.push('--each', w.each);
      for (const i of items) args.push('--promote', i);
      for (const i of w.with ?? []) args.push('--with', text(i));
      args.push('--metric', w.metric);
      if (w.value !== undefined) args.push('--value', w.value);
      if (w.valueCurrency !== undefined) args.push('--value-currency', w.valueCurrency);
      if (w.uniqueId !== undefined) args.push('--unique-id', w.uniqueId);
      if (w.backfill) args.push('--backfill');
    } else {
      for (const i of items) args.push('--promote', i);
      args.push('--metric', w.metric);
      if (w.value !== undefined) args.push('--value', w.value);
      if (w.valueCurrency !== undefined) args.push('--value-currency', w.valueCurrency);
      if (typeof w.uniqueId === 'string') args.push('--unique-id', w.uniqueId);
      else if (w.uniqueId === false) args.push('--no-unique-id');
      if (w.backfill) args.push('--backfill');
    }
  }
  args.push(...optionArgs(spec));
  if (spec.allowMissing) args.push('--allow-missing');
  if (spec.editorSafe) args.push('--editor-safe');
  if (spec.listSeparator !== undefined) args.push('--list-separator', spec.listSeparator);
  // commander takes the word after --metric etc. as its value even when it starts with '-', so no '=' forms needed.
  const line = `${program} ${args.map(shellQuote).join(' ')}`;
  return spec.sample === undefined && spec.example === undefined && spec.sampleMetric === undefined
    ? `${line} < your-event.json`
    : line;
}

/**
 * The answers of a wizard stopped part way, as a command that carries them: `generate …` once they make whole
 * webhooks, else `init …` with the answers init takes as flags (it asks the rest). Undefined before any answer.
 */
export function partialCommand(draft: Draft, program = PROGRAM): string | undefined {
  if (draft.spec === undefined) return undefined;
  if (draft.complete) return commandLine(draft.spec, program);
  const spec = draft.spec;
  // A pasted event not saved to a file cannot be named on a command line.
  if (spec.example === undefined && spec.sample === undefined && spec.sampleMetric === undefined) return undefined;
  const args = ['init', ...(spec.sampleMetric === undefined ? sourceArgs(spec) : [])];
  for (const w of spec.webhooks) {
    if (w.kind === 'profile-import') {
      for (const i of w.properties ?? []) args.push('--to-profile', text(i));
      for (const i of w.append ?? []) args.push('--append', text(i));
    } else if (w.kind === 'create-event') {
      for (const i of w.properties ?? []) args.push('--promote', text(i));
      if (w.metric !== '') args.push('--metric', w.metric);
    } else {
      // init takes the list and the metric; the element's fields are asked again.
      args.push('--each', w.each);
      if (w.metric !== '') args.push('--metric', w.metric);
    }
  }
  args.push(...optionArgs(spec));
  return `${program} ${args.map(shellQuote).join(' ')}`;
}

/** What the wizard has answered so far; `complete` once every webhook is whole (what remains is options). */
export interface Draft {
  spec?: GenerateSpec;
  complete?: boolean;
}

/** Bare when only safe characters, else single quotes (a ' inside written as '\''). */
export function shellQuote(arg: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}
