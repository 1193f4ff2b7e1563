/**
 * The wizard's questions, in order, as a function of the Prompts interface. Nothing here touches the terminal,
 * the file system or the clipboard: samples come in through WizardDeps and output actions go out through
 * `perform`, so tests drive every step with scripted answers.
 */
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { UserError } from '../errors.js';
import type { GenerateResult } from '../generate.js';
import { checkMetricName } from '../webhooks/create-event.js';
import { elementLeafFields } from '../webhooks/each-list.js';
import { IDENTIFY_DESCRIPTIONS, IDENTIFY_OPTIONS, type Identify } from '../klaviyo/identity.js';
import { DEFAULT_REVISION, KNOWN_REVISIONS, revisionLifecycle, schemaRevisionFor } from '../klaviyo/revisions.js';
import { checkTargetName, normalizeRequest, type FieldRequest } from '../mapping/index.js';
import {
  defaultName,
  describeType,
  formatPath,
  hasEach,
  listFields,
  parsePath,
  resolvePath,
  type FieldInfo,
  type FieldPath,
  type FieldType,
} from '../paths/index.js';
import type { ExampleInfo } from '../sample/examples.js';
import { parseSample, type ParsedSample } from '../sample/parse.js';
import type { GenerateSpec, WebhookSpec } from '../spec/types.js';
import type { EscapeMode } from '../template/value.js';
import type { Choice, FieldChoice, Heading, Prompts } from './prompts.js';

export interface WizardDeps {
  examples: readonly ExampleInfo[];
  loadExample(id: string): ParsedSample;
  /** Reads and parses a sample file; throws a UserError that says what is wrong (with line:column for bad JSON). */
  loadFile(path: string): Promise<ParsedSample>;
  exists(path: string): boolean;
  /** YYYY-MM-DD, to mark revisions past Klaviyo's support window. */
  today: string;
  /** The Klaviyo account, when a key is set: its metrics, and the newest event of one as a sample. */
  account?: { metricNames(): Promise<string[]>; load(metric: string): Promise<ParsedSample> };
}

/** Answers given as flags: their questions are skipped. */
export interface WizardPrefill {
  example?: string;
  sample?: string;
  toProfile?: string[];
  promote?: string[];
  metric?: string;
  identify?: Identify;
  revision?: string;
  escape?: EscapeMode;
  editorSafe?: boolean;
}

export interface WizardResult {
  spec: GenerateSpec;
  sample: ParsedSample;
  /** JSON pasted into the editor; `path` is where to save it (spec.sample), if the user wants it saved. */
  pasted?: { text: string; path: string | undefined };
}

type Kind = WebhookSpec['kind'];
const LABEL: Record<Kind, string> = {
  'profile-import': 'profile property',
  'create-event': 'event property',
  'bulk-create-events': 'event property',
};

export async function runWizard(p: Prompts, deps: WizardDeps, prefill: WizardPrefill = {}): Promise<WizardResult> {
  const source = await askSource(p, deps, prefill);
  const fields = listFields(source.sample.properties).filter((f) => f.type.kind !== 'object'); // empty objects: nothing to map
  const what = await askWhat(p, prefill);
  const webhooks: WebhookSpec[] = [];
  if (what === 'bulk') webhooks.push(await askBulk(p, source.sample.properties, prefill));
  else if (what === 'append') webhooks.push(await askAppend(p, fields));
  const kinds: Kind[] =
    what === 'event'
      ? ['create-event']
      : what === 'profile'
        ? ['profile-import']
        : what === 'both'
          ? ['profile-import', 'create-event']
          : [];
  let firstPick: string[] = [];
  const named = new Map<string, string>(); // path → name given for the first webhook, the default for the second
  for (const kind of kinds) {
    const given = kind === 'profile-import' ? prefill.toProfile : prefill.promote;
    let properties: string[];
    if (given?.length) properties = given;
    else {
      const message =
        kind === 'profile-import'
          ? 'Which fields go onto the profile?'
          : 'Which fields become properties of the new event?';
      const picked = await p.pickFields({
        message,
        choices: fields.map((f) => fieldChoice(f, firstPick.includes(f.text))),
      });
      firstPick = picked;
      properties = await askNames(p, picked, kind, named);
    }
    if (kind === 'profile-import') webhooks.push({ kind, properties });
    else webhooks.push({ kind: 'create-event', metric: await askMetric(p, prefill.metric), properties });
  }
  const identify = prefill.identify ?? (await askIdentify(p));
  const revision = prefill.revision ?? (await askRevision(p, deps.today));
  const escape = prefill.escape ?? (await askEscape(p));
  const editorSafe = prefill.editorSafe ?? (await askEditorSafe(p));
  const spec: GenerateSpec = {
    ...source.where,
    // Defaults stay out of the spec and the one-line command, which then read as short as they can.
    ...(revision !== DEFAULT_REVISION ? { revision } : {}),
    ...(escape !== 'escapejs' ? { escape } : {}),
    ...(identify !== 'klaviyo-id' ? { identify } : {}),
    ...(editorSafe ? { editorSafe } : {}),
    webhooks,
  };
  return { spec, sample: source.sample, ...(source.pasted ? { pasted: source.pasted } : {}) };
}

interface Source {
  where: { example: string } | { sample: string } | { sampleMetric: string } | Record<string, never>;
  sample: ParsedSample;
  pasted?: { text: string; path: string | undefined };
}

async function askSource(p: Prompts, deps: WizardDeps, prefill: WizardPrefill): Promise<Source> {
  if (prefill.example !== undefined)
    return { where: { example: prefill.example }, sample: deps.loadExample(prefill.example) };
  if (prefill.sample !== undefined)
    return { where: { sample: prefill.sample }, sample: await deps.loadFile(prefill.sample) };
  const width = Math.max(...deps.examples.map((e) => e.title.length));
  const choice = await p.select<string>({
    message: 'Where does the sample trigger event come from?',
    choices: [
      ...(deps.account
        ? [
            {
              value: 'account',
              name: 'The newest event of a metric in your Klaviyo account',
              description: 'read with the key in $KLAVIYO_API_KEY',
            },
          ]
        : []),
      { value: 'file', name: 'A JSON file', description: 'the event as Klaviyo shows it (or as its API returns it)' },
      { value: 'paste', name: 'Paste JSON into an editor', description: 'opens $VISUAL / $EDITOR' },
      { separator: '── Bundled examples ──' },
      ...deps.examples.map((e) => ({
        value: `example:${e.id}`,
        name: `${e.title.padEnd(width)}  ${e.description}`,
        short: `${e.title} (${e.id})`,
        description: `--example ${e.id}: ${e.description}`,
      })),
    ],
  });
  if (choice.startsWith('example:')) {
    const id = choice.slice('example:'.length);
    return { where: { example: id }, sample: deps.loadExample(id) };
  }
  if (choice === 'account' && deps.account) {
    const names = [...new Set(await deps.account.metricNames())];
    if (names.length === 0)
      throw new UserError('your Klaviyo account has no metrics yet; choose a file or a bundled example');
    const metric = await p.select<string>({
      message: 'Which metric triggers the flow?',
      choices: names.map((n) => ({ value: n, name: n })),
    });
    return { where: { sampleMetric: metric }, sample: await deps.account.load(metric) };
  }
  if (choice === 'file') {
    let loaded: { path: string; sample: ParsedSample } | undefined;
    const path = await p.input({
      message: 'Path of the sample event (JSON):',
      validate: async (answer) => {
        const file = answer.trim();
        if (file === '') return 'type the path of a .json file';
        try {
          loaded = { path: file, sample: await deps.loadFile(file) };
          return true;
        } catch (err) {
          if (err instanceof UserError) return err.message;
          throw err;
        }
      },
    });
    const file = path.trim();
    const sample = loaded?.path === file ? loaded.sample : await deps.loadFile(file);
    return { where: { sample: file }, sample };
  }
  const text = await p.editor({
    message: 'Paste the event JSON into the editor, save and close it.',
    validate: validateJson,
  });
  const sample = parseSample(text, 'the pasted JSON');
  const saveAs = (
    await p.input({
      message: 'Save the pasted event as (the one-line command reads it; leave empty not to save):',
      default: 'sample-event.json',
      validate: (answer) =>
        answer.trim() !== '' && deps.exists(answer.trim())
          ? `${answer.trim()} already exists; choose another name`
          : true,
    })
  ).trim();
  return {
    where: saveAs ? { sample: saveAs } : {},
    sample,
    pasted: { text: text.endsWith('\n') ? text : `${text}\n`, path: saveAs || undefined },
  };
}

function validateJson(text: string): true | string {
  try {
    parseSample(text, 'the pasted JSON');
    return true;
  } catch (err) {
    if (err instanceof UserError) return err.message;
    throw err;
  }
}

type What = 'event' | 'profile' | 'both' | 'bulk' | 'append';

async function askWhat(p: Prompts, prefill: WizardPrefill): Promise<What> {
  // Flags that name fields answer this question; profile first, as generate orders the two webhooks.
  if (prefill.toProfile?.length || prefill.promote?.length || prefill.metric !== undefined) {
    if (prefill.toProfile?.length) return prefill.promote?.length || prefill.metric !== undefined ? 'both' : 'profile';
    return 'event';
  }
  // New choices go last: the answers to the first three keep their keystrokes.
  return p.select<What>({
    message: 'What should the webhook do?',
    choices: [
      {
        value: 'event',
        name: 'Promote fields into a new event',
        description: 'Create Event: only top-level properties can be used in segments and flow filters',
      },
      {
        value: 'profile',
        name: 'Copy fields onto the profile',
        description: 'Create or Update Profile: the values become profile properties',
      },
      {
        value: 'both',
        name: 'Both (two webhooks)',
        description: 'a Create or Update Profile webhook and a Create Event webhook',
      },
      {
        value: 'bulk',
        name: 'One event per line item (bulk)',
        description:
          "Bulk Create Events: one event per element of a list (e.g. $extra.line_items), each element's fields as its properties",
      },
      {
        value: 'append',
        name: 'Append to a profile list',
        description:
          'Create or Update Profile, patch_properties.append: e.g. keep every SKU a customer bought in one list property',
      },
    ],
  });
}

/** Paths (ending in [*]) of the sample's lists of objects, outside other lists: what --each can loop over. */
export function objectLists(sample: unknown): string[] {
  const out: string[] = [];
  const walk = (value: unknown, path: FieldPath) => {
    if (Array.isArray(value)) {
      if (path.length && value.length && value.every((v) => typeof v === 'object' && v !== null && !Array.isArray(v)))
        out.push(formatPath([...path, { kind: 'each' }]));
      return;
    }
    if (typeof value === 'object' && value !== null)
      for (const [k, v] of Object.entries(value)) walk(v, [...path, { kind: 'key', key: k }]);
  };
  walk(sample, []);
  return out;
}

async function askBulk(p: Prompts, sample: Record<string, unknown>, prefill: WizardPrefill): Promise<WebhookSpec> {
  const lists = objectLists(sample);
  if (lists.length === 0)
    throw new UserError(
      'the sample has no list of objects (such as $extra.line_items) to make one event per element of; choose another sample or another kind of webhook',
    );
  const each = await p.select<string>({
    message: 'Which list? (one event per element)',
    choices: lists.map((l) => {
      const n = resolvePath(sample, parsePath(l)).values.length;
      return { value: l, name: `${l}  (${n} element${n === 1 ? '' : 's'} in the sample)`, short: l };
    }),
    default: lists.find((l) => /items/i.test(l)) ?? lists[0],
  });
  const list = parsePath(each);
  const elements = resolvePath(sample, list).values;
  const leaves = elementLeafFields(elements).map((r) => normalizeRequest(r));
  const elementFields = listFields(elements[0] ?? {}).filter((f) => leaves.some((l) => l.from === f.text));
  const byText = new Map(elementFields.map((f) => [f.text, f]));
  const picked = await p.pickFields({
    message: 'Which fields of each element become its properties? (all are ticked)',
    choices: leaves.map((l) => {
      const f = byText.get(l.from);
      return f ? fieldChoice(f, true) : { value: l.from, path: l.from, type: '', example: '', checked: true };
    }),
  });
  // Every field kept: leave `properties` out (generate's default), which keeps the command short.
  const properties =
    picked.length === leaves.length
      ? undefined
      : leaves
          .filter((l) => picked.includes(l.from))
          .map((l) => (l.to === defaultName(parsePath(l.from)) ? l.from : `${l.from}=${l.to}`));
  let withFields: string[] = [];
  if (
    await p.confirm({ message: 'Copy order-level fields (e.g. the order id) into each event too?', default: false })
  ) {
    const outside = listFields(sample).filter((f) => f.type.kind !== 'object' && !f.text.startsWith(each.slice(0, -3)));
    withFields = await p.pickFields({
      message: 'Which order-level fields does every event carry?',
      choices: outside.map((f) => fieldChoice(f)),
    });
  }
  const metric = await askMetric(p, prefill.metric);
  let uniqueId: string | undefined;
  if (!Object.hasOwn(sample, '$event_id')) {
    const ids = leaves.filter(
      (l) => !l.from.includes('[') && ['string', 'number'].includes(byText.get(l.from)?.type.kind ?? ''),
    );
    if (ids.length === 0)
      throw new UserError(
        'the sample has no $event_id and its elements no id field, so the events cannot get distinct unique_ids; use a sample with $event_id',
      );
    uniqueId = await p.select<string>({
      message: 'The sample has no $event_id: which field of each element is unique across all orders (the unique_id)?',
      choices: ids.map((l) => ({ value: l.from, name: l.from })),
      default: ids.find((l) => l.from === 'id')?.from ?? ids[0]!.from,
    });
  }
  return {
    kind: 'bulk-create-events',
    metric,
    each,
    ...(properties ? { properties } : {}),
    ...(withFields.length ? { with: withFields } : {}),
    ...(uniqueId !== undefined ? { uniqueId } : {}),
  };
}

async function askAppend(p: Prompts, fields: readonly FieldInfo[]): Promise<WebhookSpec> {
  // Lists first: appending is mostly for them.
  const ordered = [...fields.filter((f) => hasEach(f.path)), ...fields.filter((f) => !hasEach(f.path))];
  const picked = await p.pickFields({
    message: 'Which fields are appended to a profile list property?',
    choices: ordered.map((f) => fieldChoice(f)),
  });
  // --append always names its property.
  return {
    kind: 'profile-import',
    append: await askNames(p, picked, 'profile-import', new Map(), 'profile list property', true),
  };
}

/** `$extra.line_items[0].sku  string  "LS-001-M"`; `$extra.line_items[*].sku  → list of 2 strings  "LS-001-M", …` */
export function fieldChoice(f: FieldInfo, checked = false): FieldChoice {
  const each = hasEach(f.path);
  const element: FieldType = each && f.type.kind === 'list' ? f.type.of : f.type;
  const type = each
    ? `→ list of ${f.count ?? 0} ${describeType(element)}${f.count === 1 ? '' : 's'}`
    : describeType(f.type);
  const example = JSON.stringify(f.example) ?? 'null';
  return {
    value: f.text,
    path: f.text,
    type,
    example: each && (f.count ?? 0) > 1 ? `${example}, …` : example,
    ...(checked ? { checked } : {}),
  };
}

/** One name per picked field: its last key by default (as generate names it), unique and acceptable to Klaviyo. */
async function askNames(
  p: Prompts,
  paths: readonly string[],
  kind: Kind,
  named: Map<string, string>,
  label = LABEL[kind],
  alwaysName = false,
): Promise<string[]> {
  const names: string[] = [];
  const out: string[] = [];
  for (const path of paths) {
    const parsed = parsePath(path);
    const plain = defaultName(parsed);
    const earlier = named.get(path);
    const suggestion = earlier !== undefined && !names.includes(earlier) ? earlier : uniqueName(plain, parsed, names);
    const name = await p.input({
      message: `Name of the ${label} for ${path}:`,
      default: suggestion,
      validate: (answer) => {
        if (names.includes(answer)) return `"${answer}" is already used for another field; give this one another name`;
        try {
          checkTargetName(answer, label);
          return true;
        } catch (err) {
          if (err instanceof UserError) return err.message;
          throw err;
        }
      },
    });
    names.push(name);
    named.set(path, name);
    // PATH alone when the name is generate's default, so the command stays short.
    out.push(name === plain && !alwaysName ? path : `${path}=${name}`);
  }
  return out;
}

function uniqueName(plain: string, path: ReturnType<typeof parsePath>, taken: readonly string[]): string {
  if (!taken.includes(plain)) return plain;
  const keys = path.filter((s) => s.kind === 'key').map((s) => (s as { key: string }).key);
  const parent = keys.at(-2);
  if (parent !== undefined && !taken.includes(`${parent} ${plain}`)) return `${parent} ${plain}`;
  for (let n = 2; ; n++) if (!taken.includes(`${plain} ${n}`)) return `${plain} ${n}`;
}

async function askMetric(p: Prompts, given: string | undefined): Promise<string> {
  if (given !== undefined) {
    checkMetricName(given);
    return given;
  }
  return p.input({
    message: 'Name of the new event (the metric it is recorded under):',
    validate: (answer) => {
      try {
        checkMetricName(answer);
        return true;
      } catch (err) {
        if (err instanceof UserError) return err.message;
        throw err;
      }
    },
  });
}

async function askIdentify(p: Prompts): Promise<Identify> {
  return p.select<Identify>({
    message: 'How should the webhook identify the profile?',
    choices: IDENTIFY_OPTIONS.map((id) => ({ value: id, name: IDENTIFY_DESCRIPTIONS[id], short: id })),
    default: 'klaviyo-id',
  });
}

/** Released revisions Klaviyo still serves, newest first; retired ones are not offered (they lose every event). */
async function askRevision(p: Prompts, today: string): Promise<string> {
  const offered = [...KNOWN_REVISIONS]
    .reverse()
    .filter((r) => r <= today && revisionLifecycle(r, today).status !== 'retired');
  const choices: Choice<string>[] = offered.map((r) => {
    const life = revisionLifecycle(r, today);
    const notes: string[] = [];
    if (r === DEFAULT_REVISION) notes.push('default: the newest whose schema this tool checks against');
    else if (life.newerThanVendored)
      notes.push(`newest; bodies are checked against the ${schemaRevisionFor(r)} schema`);
    if (life.status === 'deprecated') notes.push(`deprecated: retires on ${life.retiresOn}`);
    return { value: r, name: notes.length ? `${r}  ${notes.join('; ')}` : r, short: r };
  });
  return p.select({ message: 'Which Klaviyo API revision (the revision header)?', choices, default: DEFAULT_REVISION });
}

async function askEscape(p: Prompts): Promise<EscapeMode> {
  return p.select<EscapeMode>({
    message: 'How should text values be escaped?',
    choices: [
      {
        value: 'escapejs',
        name: 'escapejs (recommended): quotes, newlines and emoji in a value keep the JSON valid',
        short: 'escapejs',
      },
      {
        value: 'none',
        name: "none: the tutorial's plain {{ … }}; a quote or line break in a value breaks the JSON and the event is lost",
        short: 'none',
      },
    ],
    default: 'escapejs',
  });
}

async function askEditorSafe(p: Prompts): Promise<boolean> {
  return p.select<boolean>({
    message: "Which body format? (editor-safe if Klaviyo's editor refuses to save the body)",
    choices: [
      {
        value: false,
        name: 'typed (recommended): numbers, booleans and lists keep their types; the body is valid JSON once Klaviyo fills in the tags',
        short: 'typed',
      },
      {
        value: true,
        name: 'editor-safe: every tag inside a JSON string, so the raw text is already JSON; values arrive as text, lists joined with ", ", and a profile property the event lacks is cleared',
        short: 'editor-safe',
      },
    ],
    default: false,
  });
}

// ---- after the result is shown ----

export type Step =
  | { kind: 'copy'; what: 'url' | 'headers' | 'body'; webhook: number }
  | { kind: 'save-spec'; path: string }
  | { kind: 'write-files'; dir: string };

export interface NextStepsContext {
  result: GenerateResult;
  /** The clipboard tool's name, or undefined when none exists. */
  clipboard: string | undefined;
  exists(path: string): boolean;
  /** The files `write-files` would write into dir. */
  plannedFiles(dir: string): string[];
}

/**
 * "What next?" until Done. Each step runs (through `perform`) as soon as it is chosen and confirmed, so a Ctrl-C
 * later leaves only whole files behind. Files are never overwritten without a yes.
 */
export async function askNextSteps(
  p: Prompts,
  ctx: NextStepsContext,
  perform: (step: Step) => Promise<void>,
): Promise<Step[]> {
  const done: Step[] = [];
  const many = ctx.result.webhooks.length > 1;
  for (;;) {
    const choices: Array<Choice<string> | Heading> = [];
    if (ctx.clipboard) {
      ctx.result.webhooks.forEach((w, i) => {
        const of = many ? ` (webhook ${i + 1}: ${w.name})` : '';
        const mark = (what: string) =>
          done.some((s) => s.kind === 'copy' && s.what === what && s.webhook === i) ? ' ✓' : '';
        choices.push(
          { value: `copy:body:${i}`, name: `Copy the JSON Body${of}${mark('body')}` },
          { value: `copy:url:${i}`, name: `Copy the Destination URL${of}${mark('url')}` },
          { value: `copy:headers:${i}`, name: `Copy the headers (Key<tab>Value lines)${of}${mark('headers')}` },
        );
      });
    } else
      choices.push({
        separator: 'No clipboard tool found (pbcopy, wl-copy, xclip, xsel, clip.exe): copy from the output above',
      });
    choices.push(
      { value: 'save-spec', name: 'Save the answers as a spec file (for generate --spec)' },
      { value: 'write-files', name: "Write each webhook's body and description into a folder" },
      { value: 'done', name: 'Done' },
    );
    const answer = await p.select<string>({
      message: 'What next?',
      choices,
      default: ctx.clipboard && done.length === 0 ? 'copy:body:0' : 'done',
    });
    if (answer === 'done') return done;
    let step: Step | undefined;
    if (answer.startsWith('copy:')) {
      const [, what, index] = answer.split(':');
      step = { kind: 'copy', what: what as 'url' | 'headers' | 'body', webhook: Number(index) };
    } else if (answer === 'save-spec') {
      const path = await askTarget(p, ctx, 'Save the spec as (.json, .yaml or .yml):', 'klaviyo-webhook.json', (f) => [
        f,
      ]);
      if (path !== undefined) step = { kind: 'save-spec', path };
    } else {
      const dir = await askTarget(p, ctx, 'Folder to write the files into:', 'klaviyo-webhooks', ctx.plannedFiles);
      if (dir !== undefined) step = { kind: 'write-files', dir };
    }
    if (step) {
      await perform(step);
      done.push(step);
    }
  }
}

/** A file or folder name; when that would overwrite files, asks first (no: type another name, empty to skip). */
async function askTarget(
  p: Prompts,
  ctx: NextStepsContext,
  message: string,
  suggestion: string,
  files: (target: string) => string[],
): Promise<string | undefined> {
  let def: string | undefined = suggestion;
  for (;;) {
    const target = (
      await p.input({
        message: def === undefined ? `${message.replace(/:$/, '')} (another name; empty to skip):` : message,
        ...(def !== undefined ? { default: def } : {}),
      })
    ).trim();
    if (target === '') return undefined;
    const existing = files(target).filter((f) => ctx.exists(f));
    if (existing.length === 0) return target;
    if (
      await p.confirm({
        message: `${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''}. Overwrite?`,
        default: false,
      })
    )
      return target;
    def = undefined;
  }
}

// ---- the equivalent command ----

/** The spec as it should be saved at `specPath`: a sample path in a spec file is relative to the spec file. */
export function specForFile(spec: GenerateSpec, specPath: string, cwd: string): GenerateSpec {
  if (spec.sample === undefined || spec.sample === '-' || isAbsolute(spec.sample)) return spec;
  const rel = relative(dirname(resolve(cwd, specPath)), resolve(cwd, spec.sample)) || spec.sample;
  return { ...spec, sample: rel };
}

/** `klaviyo-webhook-gen generate …` that prints the same bytes as the wizard showed (POSIX shell quoting). */
export function commandLine(spec: GenerateSpec): string {
  const args = ['klaviyo-webhook-gen', 'generate'];
  if (spec.example !== undefined) args.push('--example', spec.example);
  else if (spec.sampleMetric !== undefined) args.push('--sample-metric', spec.sampleMetric);
  else args.push('--sample', spec.sample ?? '-');
  const text = (r: FieldRequest) => {
    const { from, to } = normalizeRequest(r);
    return to === undefined ? from : `${from}=${to}`;
  };
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
  if (spec.identify !== undefined) args.push('--identify', spec.identify);
  if (spec.revision !== undefined) args.push('--revision', spec.revision);
  if (spec.escape !== undefined) args.push('--escape', spec.escape);
  if (spec.allowMissing) args.push('--allow-missing');
  if (spec.editorSafe) args.push('--editor-safe');
  if (spec.listSeparator !== undefined) args.push('--list-separator', spec.listSeparator);
  // commander takes the word after --metric etc. as its value even when it starts with '-', so no '=' forms needed.
  const line = args.map(shellQuote).join(' ');
  return spec.sample === undefined && spec.example === undefined && spec.sampleMetric === undefined
    ? `${line} < your-event.json`
    : line;
}

/** Bare when only safe characters, else single quotes (a ' inside written as '\''). */
export function shellQuote(arg: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}
