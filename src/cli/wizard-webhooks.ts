/** The questions of each kind of webhook: fields and their names, the metric, the value, bulk's list, append. */
import {
  UserError,
  checkMetricName,
  elementLeafFields,
  checkTargetName,
  normalizeRequest,
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
  type WebhookSpec,
} from '../index.js';
import type { FieldChoice, Prompts } from './prompts.js';
import type { WizardPrefill } from './wizard.js';

export type Kind = WebhookSpec['kind'];
export const LABEL: Record<Kind, string> = {
  'profile-import': 'profile property',
  'create-event': 'event property',
  'bulk-create-events': 'event property',
};

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

/**
 * One event per element of a list: which list (unless `prefill.each` names it), the element's fields, order-level
 * fields, the metric, the value, and an element id when the sample has no $event_id. `progress` hears the webhook
 * as far as answered (for the command a Ctrl-C prints).
 */
export async function askBulk(
  p: Prompts,
  sample: Record<string, unknown>,
  prefill: WizardPrefill,
  progress: (w: WebhookSpec) => void = () => {},
): Promise<WebhookSpec> {
  const lists = objectLists(sample);
  if (lists.length === 0)
    throw new UserError(
      'the sample has no list of objects (such as $extra.line_items) to make one event per element of; choose another sample or another kind of webhook',
    );
  if (prefill.each !== undefined && !lists.includes(prefill.each))
    throw new UserError(
      `--each "${prefill.each}" is not a list of objects in the sample; it has ${lists.map((l) => `"${l}"`).join(', ')}`,
    );
  const each =
    prefill.each ??
    (await p.select<string>({
      message: 'Which list? (one event per element)',
      choices: lists.map((l) => {
        const n = resolvePath(sample, parsePath(l)).values.length;
        return { value: l, name: `${l}  (${n} element${n === 1 ? '' : 's'} in the sample)`, short: l };
      }),
      default: lists.find((l) => /items/i.test(l)) ?? lists[0],
    }));
  progress({ kind: 'bulk-create-events', metric: prefill.metric ?? '', each });
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
  progress({
    kind: 'bulk-create-events',
    metric: prefill.metric ?? '',
    each,
    ...(properties ? { properties } : {}),
    ...(withFields.length ? { with: withFields } : {}),
  });
  const metric = await askMetric(p, prefill.metric);
  // Each event's value from its element (a line's price), its currency suggested from the order's.
  const value = await askValue(p, elementFields, listFields(sample), "the line's total");
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
    ...value,
    ...(uniqueId !== undefined ? { uniqueId } : {}),
  };
}

export async function askAppend(p: Prompts, fields: readonly FieldInfo[]): Promise<WebhookSpec> {
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
export async function askNames(
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
        if (answer.trim() === '') return 'type a name (enter alone keeps the one suggested)';
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

export async function askMetric(p: Prompts, given: string | undefined): Promise<string> {
  if (given !== undefined) {
    checkMetricName(given);
    return given;
  }
  return p.input({
    message: 'Name of the new event (the metric it is recorded under):',
    validate: (answer) => {
      if (answer.trim() === '') return 'type the name the new event is recorded under, e.g. "Placed Order SKUs"';
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

/**
 * Create Event: whether to set the event's `value` (the number Klaviyo sums as revenue), from which number field
 * of `fields`, in which currency (a currency field of `currencyFields` suggested). Not asked without a number field.
 */
export async function askValue(
  p: Prompts,
  fields: readonly FieldInfo[],
  currencyFields: readonly FieldInfo[] = fields,
  example = 'the order total',
): Promise<{ value?: string; valueCurrency?: string }> {
  const numbers = fields.filter((f) => f.type.kind === 'number' && !f.path.some((s) => s.kind !== 'key'));
  if (numbers.length === 0) return {};
  const yes = await p.confirm({
    message: `Set the event's value (the number Klaviyo reports as revenue, e.g. ${example})?`,
    default: false,
  });
  if (!yes) return {};
  const value = await p.select<string>({
    message: 'Which field holds the value?',
    choices: numbers.map((f) => ({ value: f.text, name: `${f.text}  ${JSON.stringify(f.example)}`, short: f.text })),
    default: (
      numbers.find((f) => f.text === '$value') ??
      numbers.find((f) => /total/i.test(f.text)) ??
      numbers.find((f) => /price|amount/i.test(f.text)) ??
      numbers[0]!
    ).text,
  });
  const currencyField = currencyFields.find(
    (f) => /currency/i.test(f.text) && typeof f.example === 'string' && /^[A-Z]{3}$/.test(f.example),
  );
  const currency = (
    await p.input({
      message: 'Its currency (a three-letter code such as USD; empty for none):',
      ...(currencyField ? { default: currencyField.example as string } : {}),
      validate: (answer) =>
        /^([A-Za-z]{3})?$/.test(answer.trim())
          ? true
          : 'type a three-letter ISO 4217 code such as USD or EUR, or nothing',
    })
  )
    .trim()
    .toUpperCase();
  return { value, ...(currency ? { valueCurrency: currency } : {}) };
}
