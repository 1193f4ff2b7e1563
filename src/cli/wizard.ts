/**
 * The wizard's questions, in order, as a function of the Prompts interface. Nothing here touches the terminal,
 * the file system or the clipboard: samples come in through WizardDeps and output actions go out through
 * `perform`, so tests drive every step with scripted answers. Escape goes back a question (wizard-history.ts);
 * the answers so far are kept in a Draft, which a Ctrl-C prints as a command (wizard-command.ts).
 */
import {
  type Identify,
  IDENTIFY_DESCRIPTIONS,
  IDENTIFY_OPTIONS,
  DEFAULT_REVISION,
  KNOWN_REVISIONS,
  revisionLifecycle,
  schemaRevisionFor,
  listFields,
  UserError,
  type ExampleInfo,
  type ParsedSample,
  type GenerateSpec,
  type WebhookSpec,
  type EscapeMode,
} from '../index.js';
import type { Choice, Prompts } from './prompts.js';
import type { Draft } from './wizard-command.js';
import { withBack } from './wizard-history.js';
import { askSource } from './wizard-source.js';
import { askAppend, askBulk, askMetric, askNames, askValue, fieldChoice, type Kind } from './wizard-webhooks.js';

export { commandLine, partialCommand, shellQuote, specForFile, type Draft } from './wizard-command.js';
export { askNextSteps, type NextStepsContext, type Step } from './wizard-next.js';
export { fieldChoice, objectLists } from './wizard-webhooks.js';

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
  /** One event per element of this list (`PATH[*]`): the bulk webhook, its list chosen. */
  each?: string;
  /** `PATH=NAME` appended to profile list properties: the append webhook, its fields and names given. */
  append?: string[];
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

/**
 * Asks until the webhooks are described; Escape goes back a question. `draft` (when given) holds the answers so far
 * at every moment, for the command a Ctrl-C prints.
 */
export function runWizard(
  p: Prompts,
  deps: WizardDeps,
  prefill: WizardPrefill = {},
  draft: Draft = {},
): Promise<WizardResult> {
  return withBack(p, (q) => {
    // Each run (going back re-runs the questions) starts from no answers.
    draft.spec = undefined;
    draft.complete = false;
    return askAll(q, deps, prefill, draft);
  });
}

async function askAll(p: Prompts, deps: WizardDeps, prefill: WizardPrefill, draft: Draft): Promise<WizardResult> {
  checkPrefill(prefill);
  const source = await askSource(p, deps, prefill);
  const webhooks: WebhookSpec[] = [];
  const options: Partial<GenerateSpec> = {};
  // Defaults stay out of the spec and the one-line command, which then read as short as they can.
  const spec = (): GenerateSpec => ({ ...source.where, ...options, webhooks: [...webhooks] });
  draft.spec = spec();
  const fields = listFields(source.sample.properties).filter((f) => f.type.kind !== 'object'); // empty objects: nothing to map
  const what = await askWhat(p, prefill);
  // A Ctrl-C part way through keeps the answers given (the list, the metric) in the draft.
  const progress = (w: WebhookSpec) => {
    draft.spec = { ...spec(), webhooks: [...webhooks, w] };
  };
  if (what === 'bulk') webhooks.push(await askBulk(p, source.sample.properties, prefill, progress));
  else if (what === 'append')
    webhooks.push(
      prefill.append?.length ? { kind: 'profile-import', append: prefill.append } : await askAppend(p, fields),
    );
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
      // A Ctrl-C while naming them keeps the fields picked (under their default names).
      draft.spec = {
        ...spec(),
        webhooks: [
          ...webhooks,
          kind === 'profile-import'
            ? { kind, properties: picked }
            : { kind: 'create-event', metric: '', properties: picked },
        ],
      };
      properties = await askNames(p, picked, kind, named);
    }
    if (kind === 'profile-import') webhooks.push({ kind, properties });
    else {
      draft.spec = { ...spec(), webhooks: [...webhooks, { kind: 'create-event', metric: '', properties }] };
      const metric = await askMetric(p, prefill.metric);
      draft.spec = { ...spec(), webhooks: [...webhooks, { kind: 'create-event', metric, properties }] };
      // Fields given as flags answer the event's questions; the value is asked with the fields picked here.
      webhooks.push({ kind: 'create-event', metric, properties, ...(given?.length ? {} : await askValue(p, fields)) });
    }
    draft.spec = spec();
  }
  draft.spec = spec();
  draft.complete = true;
  const identify = prefill.identify ?? (await askIdentify(p));
  if (identify !== 'klaviyo-id') options.identify = identify;
  draft.spec = spec();
  const preset = prefill.revision !== undefined || prefill.escape !== undefined || prefill.editorSafe !== undefined;
  // Revision, escaping and body format: most people keep the defaults, so they sit behind one question.
  const advanced =
    preset ||
    (await p.confirm({
      message: 'Advanced options (API revision, escaping, body format)?',
      default: false,
    }));
  if (advanced) {
    const revision = prefill.revision ?? (await askRevision(p, deps.today));
    if (revision !== DEFAULT_REVISION) options.revision = revision;
    draft.spec = spec();
    const escape = prefill.escape ?? (await askEscape(p));
    if (escape !== 'escapejs') options.escape = escape;
    draft.spec = spec();
    // A value must be a number, which an editor-safe body cannot send: then the body stays typed.
    const editorSafe =
      prefill.editorSafe ??
      (webhooks.some((w) => w.kind !== 'profile-import' && w.value !== undefined) ? false : await askEditorSafe(p));
    if (editorSafe) options.editorSafe = true;
  }
  const result = spec();
  draft.spec = result;
  return { spec: result, sample: source.sample, ...(source.pasted ? { pasted: source.pasted } : {}) };
}

type What = 'event' | 'profile' | 'both' | 'bulk' | 'append';

/** Flags that answer questions the wizard cannot ask together: refused before the first question. */
function checkPrefill(prefill: WizardPrefill): void {
  if (prefill.each === undefined && !prefill.append?.length) return;
  if (prefill.toProfile?.length || prefill.promote?.length || (prefill.each !== undefined && prefill.append?.length))
    throw new UserError(
      'init makes one kind of webhook from --each, --append, or --to-profile/--promote; give one of them (generate takes them together)',
    );
  if (prefill.append?.length && prefill.metric !== undefined)
    throw new UserError('--metric names an event, and --append writes to the profile: drop one of them');
}

async function askWhat(p: Prompts, prefill: WizardPrefill): Promise<What> {
  if (prefill.each !== undefined) return 'bulk';
  if (prefill.append?.length) return 'append';
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
