/**
 * Checks that need a sample event (issue 3 §6): tags reading fields the sample lacks, then the body rendered with
 * the renderer and read as strict JSON. Each `{{ }}` is bracketed with private-use markers while rendering so that
 * a syntax error in the output can be traced to the tag that printed the offending text.
 * Over 300 lines: rendering with markers and tracing a JSON error back to its tag are one mechanism.
 */
import {
  compileTemplate,
  type CompiledTemplate,
  type RenderNote,
  TemplateRenderError,
  TemplateSyntaxError,
  type Token,
} from '../render/index.js';
import { editDistance } from '../util.js';
import { KEY_ORDER } from '../render/values.js';
import type { Finding } from './finding.js';
import { runPaths } from './json-paths.js';
import type { TagUse } from './scope.js';
import { lexTemplatedJson } from './templated-json.js';

export const DEFAULT_PERSON = Object.freeze({
  KlaviyoID: '01HZX3EXAMPLE0PROFILE0ID00',
  id: '01HZX3EXAMPLE0PROFILE0ID00',
  email: 'sarah.mason@example.com',
  first_name: 'Sarah',
  last_name: 'Mason',
  phone_number: '+15005550006',
});

function isRecord(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

const eventContexts = new WeakMap<object, unknown>();

/**
 * The event as templates see it: `$extra` also reachable as `extra` (Klaviyo documents both). One per sample object
 * (a batch checks and renders a thousand bodies with the same sample); nothing writes to it: the renderer's method
 * calls never change a value.
 */
export function eventContext(sample: unknown): unknown {
  if (!isRecord(sample) || Object.hasOwn(sample, 'extra') || !Object.hasOwn(sample, '$extra')) return sample;
  let context = eventContexts.get(sample);
  if (context === undefined) {
    context = { ...sample, extra: sample.$extra };
    // The spread loses the source key order parseJsonForRender recorded (JS puts "1" before "a"; Python does not).
    const order = (sample as { [KEY_ORDER]?: string[] })[KEY_ORDER];
    if (order) Object.defineProperty(context, KEY_ORDER, { value: [...order, 'extra'], enumerable: false });
    eventContexts.set(sample, context);
  }
  return context;
}

export function renderContext(sample: unknown, person: unknown): Record<string, unknown> {
  return {
    event: eventContext(sample),
    person: person ?? { ...DEFAULT_PERSON },
    organization: { name: 'Example Store' },
  };
}

export function nearestKeys(key: string, keys: string[], n = 3): string[] {
  const k = key.toLowerCase();
  return [...keys].sort((a, b) => editDistance(k, a.toLowerCase()) - editDistance(k, b.toLowerCase())).slice(0, n);
}

type Miss = { depth: number; parent: unknown };

/** Follows `path` (with `*` for every list item) in `value`; undefined when found, else where it stopped. */
function follow(value: unknown, path: readonly string[], depth = 0): Miss | undefined {
  if (depth >= path.length) return undefined;
  const seg = path[depth]!;
  if (seg === '*') {
    if (!Array.isArray(value)) return { depth, parent: value };
    if (value.length === 0) return undefined; // an empty list tells us nothing about its items
    const misses = value.map((item) => follow(item, path, depth + 1));
    return misses.some((m) => m === undefined) ? undefined : misses.sort((a, b) => b!.depth - a!.depth)[0];
  }
  if (Array.isArray(value) && /^\d+$/.test(seg)) {
    return Number(seg) < value.length ? follow(value[Number(seg)], path, depth + 1) : { depth, parent: value };
  }
  if (isRecord(value) && Object.hasOwn(value, seg)) return follow(value[seg], path, depth + 1);
  return { depth, parent: value };
}

function showPath(path: readonly string[]): string {
  return path
    .map((s, i) => (i === 0 ? s : /^[\p{L}\p{N}]\w*$/u.test(s) || s === '*' ? `.${s}` : `|lookup:'${s}'`))
    .join('')
    .replace(/\.\*/g, '[each]');
}

/** Tags and loops that read fields the sample (or a given person) does not have. */
export function missingFieldFindings(uses: TagUse[], sample: unknown, person: unknown): Finding[] {
  const roots: Record<string, unknown> = { event: eventContext(sample) };
  if (person !== undefined) roots.person = person;
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const use of uses) {
    const path = use.path;
    if (!path || !(path[0]! in roots)) continue;
    const miss = follow(roots[path[0]!], path, 1);
    if (!miss) continue;
    const key = path.slice(0, miss.depth + 1).join('\u0000');
    if (seen.has(key)) continue;
    seen.add(key);
    const missing = path[miss.depth]!;
    const where = showPath(path.slice(0, miss.depth));
    const what = path[0] === 'event' ? 'the sample event' : 'the person';
    let hint: string;
    if (isRecord(miss.parent)) {
      const keys = Object.keys(miss.parent).filter(
        (k) => !(path[0] === 'event' && miss.depth === 1 && k === 'extra' && !('extra' in (sample as object))),
      );
      hint = keys.length ? `nearest keys: ${nearestKeys(missing, keys).join(', ')}` : `${where} is empty`;
    } else if (Array.isArray(miss.parent)) {
      hint =
        missing === '*' ? '' : `${where} is a list of ${miss.parent.length}: use an index (.0) or a {% for %} loop`;
    } else {
      hint = `${where} is ${miss.parent === null ? 'null' : typeof miss.parent}, not an object`;
    }
    out.push({
      severity: 'warning',
      offset: use.token.start,
      message: `${showPath(path.slice(0, miss.depth + 1))} is not in ${what}, so it renders empty${hint ? `: ${hint}` : ''}`,
    });
  }
  return out;
}

export interface RenderOutcome {
  rendered?: string;
  /** The rendered body parsed, when it is valid JSON. */
  value?: unknown;
  findings: Finding[];
}

const OPEN = '\uE000';
const MID = '\uE001';
const CLOSE = '\uE002';

/**
 * Renders the body with the sample and reads the result as strict JSON. `compiled`: `source`, already compiled;
 * `today`: the send date for Klaviyo's date tags. What Klaviyo's filters and tags rendered approximately becomes a
 * warning on the tag that used them.
 */
export function renderAndParse(
  source: string,
  tokens: Token[],
  context: Record<string, unknown>,
  compiled?: CompiledTemplate,
  today?: string,
): RenderOutcome {
  let plain: string;
  const notes: RenderNote[] = [];
  try {
    plain = (compiled ?? compileTemplate(source)).render(context, {
      autoescape: false,
      notes,
      ...(today !== undefined ? { today } : {}),
    });
  } catch (e) {
    if (e instanceof TemplateSyntaxError) return { findings: [] }; // reported by the template checks
    if (e instanceof TemplateRenderError) {
      if (e.pythonType === 'RenderLimit')
        return {
          findings: [
            {
              severity: 'error',
              offset: e.offset,
              message: `rendering with the sample stopped: ${e.message.replace(/^RenderLimit: /, '')} (the render budget, docs/limits.md)`,
            },
          ],
        };
      return {
        findings: [
          {
            severity: 'error',
            offset: e.offset,
            message: `rendering with the sample fails (${e.message}): Klaviyo would not send this webhook`,
          },
        ],
      };
    }
    throw e;
  }
  const findings: Finding[] = noteFindings(notes, tokens);
  // The lexer and the canonical path below accept exactly JSON when given plain text (no tags): text that
  // JSON.parse accepts has no errors there, so they only need to run, to place the error, when it does not.
  const value = parseJsonOrUndefined(plain);
  if (value !== undefined) return { rendered: plain, value: value.json, findings };
  const doc = lexTemplatedJson(plain, [{ type: 'text', contents: plain, start: 0, end: plain.length }]);
  const errors = doc.lexError ? [doc.lexError] : runPaths(doc, true).errors;
  if (errors.length === 0) {
    try {
      return { rendered: plain, value: JSON.parse(plain), findings };
    } catch (e) {
      errors.push({ offset: 0, message: (e as Error).message });
    }
  }
  const err = errors[0]!;
  const vars = tokens.filter((t) => t.type === 'var');
  const culprit = traceTag(source, vars, context, plain, err.offset);
  const rl = lineCol(plain, err.offset);
  const printed = culprit
    ? culprit.text === ''
      ? 'printed nothing'
      : `printed ${JSON.stringify(culprit.text.length > 40 ? `${culprit.text.slice(0, 40)}…` : culprit.text)}`
    : '';
  findings.push({
    severity: 'error',
    offset: culprit?.token.start,
    at: culprit ? undefined : '',
    message: `with the sample, the body renders to invalid JSON (rendered line ${rl.line}, column ${rl.column}: ${err.message})${culprit ? ` — {{ ${culprit.token.contents} }} ${printed} there` : ''}`,
  });
  return { rendered: plain, findings };
}

/**
 * One warning per note and tag: a tag's own offset, or for a filter every tag whose expression it was (the renderer
 * knows the expression's text, not where it sits).
 */
function noteFindings(notes: readonly RenderNote[], tokens: readonly Token[]): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  const distinct = new Set<string>();
  for (const n of notes) {
    // A filter in a loop notes once per item: resolve each distinct note once.
    const id = `${n.name}\u0000${n.message}\u0000${n.expression ?? ''}\u0000${n.offset ?? ''}`;
    if (distinct.has(id)) continue;
    distinct.add(id);
    const offsets = n.offset !== undefined ? [n.offset] : tagsOf(n.expression ?? '', tokens);
    const message =
      n.offset !== undefined
        ? `{% ${n.name} %} rendered approximately: ${n.message}`
        : `|${n.name} rendered approximately: ${n.message}`;
    for (const offset of offsets.length ? offsets : [undefined]) {
      const key = `${offset}\u0000${message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ severity: 'warning', message, ...(offset !== undefined ? { offset } : { at: '' }) });
    }
  }
  return out;
}

/** Offsets of the {{ }} tags whose expression is `expression`, else of the block tags that contain it. */
function tagsOf(expression: string, tokens: readonly Token[]): number[] {
  const vars = tokens.filter((t) => t.type === 'var' && t.contents === expression).map((t) => t.start);
  return vars.length
    ? vars
    : tokens.filter((t) => t.type === 'block' && t.contents.includes(expression)).map((t) => t.start);
}

/** JSON.parse without capturing a stack for the SyntaxError (its message is not used here). */
function parseJsonOrUndefined(text: string): { json: unknown } | undefined {
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return { json: JSON.parse(text) };
  } catch {
    return undefined;
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

function lineCol(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** The `{{ }}` whose output contains, or ends just before, `offset` in the rendered text. */
function traceTag(
  source: string,
  vars: Token[],
  context: Record<string, unknown>,
  plain: string,
  offset: number,
): { token: Token; text: string } | undefined {
  if (/[\uE000-\uE002]/.test(source)) return undefined;
  let marked = '';
  let last = 0;
  vars.forEach((t, i) => {
    marked += source.slice(last, t.start) + OPEN + i + MID + source.slice(t.start, t.end) + CLOSE;
    last = t.end;
  });
  marked += source.slice(last);
  let out: string;
  try {
    out = compileTemplate(marked).render(context, { autoescape: false });
  } catch {
    return undefined;
  }
  const spans: { start: number; end: number; id: number }[] = [];
  let clean = '';
  const open: { start: number; id: number }[] = [];
  for (let i = 0; i < out.length; i++) {
    const ch = out[i]!;
    if (ch === OPEN) {
      const mid = out.indexOf(MID, i);
      // A filter tag around the marker cut it (`{% filter first %}` keeps only the OPEN): no way to trace. Going on
      // with i = -1 restarted the scan for ever (issue 14's hang).
      const id = Number(out.slice(i + 1, mid));
      if (mid < 0 || !Number.isInteger(id) || vars[id] === undefined) return undefined;
      open.push({ start: clean.length, id });
      i = mid;
    } else if (ch === CLOSE) {
      const o = open.pop();
      if (o) spans.push({ start: o.start, end: clean.length, id: o.id });
    } else clean += ch;
  }
  if (clean !== plain) return undefined; // the markers changed the output (e.g. inside a filter tag): give up
  const containing = spans.find((s) => s.start <= offset && offset < s.end);
  // The span ending last before the offset, if only whitespace lies between (any earlier span has that text and
  // more between it and the offset). One pass: testing the text after every span was quadratic in the tags.
  let lastSpan: (typeof spans)[number] | undefined;
  for (const s of spans) if (s.end <= offset && (!lastSpan || s.end > lastSpan.end)) lastSpan = s;
  const before = lastSpan && clean.slice(lastSpan.end, offset).trim() === '' ? lastSpan : undefined;
  const span = containing ?? before;
  return span ? { token: vars[span.id]!, text: clean.slice(span.start, span.end) } : undefined;
}
