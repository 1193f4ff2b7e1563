/**
 * Django's Context (a stack of dicts with the True/False/None builtins at the bottom) and Variable._resolve_lookup:
 * dict key first, then attribute (the few Python methods a JSON value has), then list index.
 */
import {
  PyDictView,
  PyException,
  PyFloat,
  codePoints,
  dictGet,
  dictHas,
  dictKeys,
  isDict,
  isInt,
  isSeq,
  isStr,
  numValue,
  pyInt,
  pySplit,
  pyStrip,
  seqItems,
  strValue,
} from './values.js';
import type { RenderNote } from './klaviyo-filters.js';
import { pyTitle } from './text.js';

export interface RenderState {
  autoescape: boolean;
  /** Per-render state of stateful nodes (cycle). */
  nodeState: Map<object, unknown>;
  /** Where Klaviyo's filters and tags note what they rendered approximately (klaviyo-filters.ts), when asked. */
  notes?: RenderNote[];
  /** The filter expression being resolved, for its notes. */
  expression?: string;
  /** YYYY-MM-DD: the send date Klaviyo's date tags use. */
  today?: string;
}

export class Context {
  private readonly frames: Map<string, unknown>[];
  constructor(
    data: Record<string, unknown>,
    readonly state: RenderState,
  ) {
    const user = new Map<string, unknown>();
    for (const k of isDict(data) ? dictKeys(data) : []) user.set(k, dictGet(data, k));
    this.frames = [
      new Map<string, unknown>([
        ['True', true],
        ['False', false],
        ['None', null],
      ]),
      user,
    ];
  }
  has(key: string): boolean {
    return this.frames.some((f) => f.has(key));
  }
  get(key: string): { found: boolean; value?: unknown } {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const f = this.frames[i]!;
      if (f.has(key)) return { found: true, value: f.get(key) };
    }
    return { found: false };
  }
  /** context[key] = value: sets in the innermost frame. */
  set(key: string, value: unknown) {
    this.frames[this.frames.length - 1]!.set(key, value);
  }
  /** Context.set_upward: the innermost frame that has the key, else the innermost frame. */
  setUpward(key: string, value: unknown) {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      if (this.frames[i]!.has(key)) {
        this.frames[i]!.set(key, value);
        return;
      }
    }
    this.set(key, value);
  }
  push(values?: Map<string, unknown>) {
    this.frames.push(values ?? new Map());
  }
  pop() {
    this.frames.pop();
  }
}

/** Raised when a lookup fails; Django's VariableDoesNotExist. */
export class VariableDoesNotExist extends PyException {
  constructor(message: string) {
    super('VariableDoesNotExist', message);
  }
}

/** What a method call that needs arguments resolves to (engine.string_if_invalid). */
const INVALID = '';
export const NOT_FOUND = Symbol('not found');

// Zero-argument str methods that Django would call; methods that need arguments resolve to ''.
const STR_METHODS: Record<string, (s: string) => unknown> = {
  upper: (s) => s.toUpperCase(),
  lower: (s) => s.toLowerCase(),
  casefold: (s) => s.toLowerCase(),
  title: pyTitle,
  capitalize: (s) => {
    const cps = codePoints(s);
    return cps.length ? cps[0]!.toUpperCase() + cps.slice(1).join('').toLowerCase() : '';
  },
  swapcase: (s) =>
    codePoints(s)
      .map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()))
      .join(''),
  strip: pyStrip,
  lstrip: (s) => pyStrip(`${s}x`).slice(0, -1),
  rstrip: (s) => pyStrip(`x${s}`).slice(1),
  split: pySplit,
  rsplit: pySplit,
  isdigit: (s) => s.length > 0 && /^\p{Nd}+$/u.test(s),
  isdecimal: (s) => s.length > 0 && /^\p{Nd}+$/u.test(s),
  isnumeric: (s) => s.length > 0 && /^\p{N}+$/u.test(s),
  isalpha: (s) => s.length > 0 && /^\p{L}+$/u.test(s),
  isalnum: (s) => s.length > 0 && /^[\p{L}\p{N}]+$/u.test(s),
  isspace: (s) => s.length > 0 && pyStrip(s) === '',
  isupper: (s) => /\p{Lu}/u.test(s) && !/\p{Ll}/u.test(s),
  islower: (s) => /\p{Ll}/u.test(s) && !/\p{Lu}/u.test(s),
  isascii: (s) => /^[\x00-\x7f]*$/.test(s),
};
const STR_METHODS_WITH_ARGS = new Set([
  'center',
  'join',
  'ljust',
  'partition',
  'replace',
  'rjust',
  'rpartition',
  'translate',
  'zfill',
  'removeprefix',
  'removesuffix',
]);
// Builtins without an introspectable signature: Django's signature.bind() check raises ValueError, which escapes.
const STR_METHODS_UNINSPECTABLE = new Set([
  'count',
  'endswith',
  'find',
  'index',
  'rfind',
  'rindex',
  'startswith',
  'format_map',
  'maketrans',
]);
const LIST_METHODS_WITH_ARGS = new Set(['append', 'count', 'extend', 'index', 'insert', 'remove']);
const DICT_METHODS_WITH_ARGS = new Set(['get', 'setdefault', 'fromkeys']);

/** getattr(value, name) followed by Django's call of zero-argument callables. */
export function getAttr(value: unknown, name: string): unknown {
  if (isDict(value)) {
    if (name === 'items' || name === 'keys' || name === 'values') return new PyDictView(name, value);
    if (name === 'copy') return new Map(dictKeys(value).map((k) => [k, dictGet(value, k)]));
    if (name === 'update') return null;
    if (DICT_METHODS_WITH_ARGS.has(name)) return INVALID;
    if (name === 'pop') throw new PyException('ValueError', 'no signature found for builtin dict.pop');
  } else if (isStr(value)) {
    // Own names only: a template's `toString` or `constructor` must not reach JavaScript's (Django renders '').
    const m = Object.hasOwn(STR_METHODS, name) ? STR_METHODS[name] : undefined;
    if (m) return m(strValue(value));
    if (STR_METHODS_WITH_ARGS.has(name)) return INVALID;
    if (STR_METHODS_UNINSPECTABLE.has(name))
      throw new PyException('ValueError', `no signature found for builtin str.${name}`);
  } else if (Array.isArray(value)) {
    if (name === 'copy') return [...value];
    if (LIST_METHODS_WITH_ARGS.has(name)) return INVALID;
  } else if (typeof value === 'boolean' || isInt(value)) {
    const n = numValue(value);
    if (name === 'real' || name === 'numerator' || name === 'conjugate') return n;
    if (name === 'imag') return 0;
    if (name === 'denominator') return 1;
    if (name === 'bit_length') return n === 0 ? 0 : Math.abs(n).toString(2).length;
  } else if (value instanceof PyFloat || typeof value === 'number') {
    const n = numValue(value);
    if (name === 'real' || name === 'conjugate') return value;
    if (name === 'imag') return new PyFloat(0);
    if (name === 'is_integer') return Number.isInteger(n);
  }
  return NOT_FOUND;
}

/** One step of Variable._resolve_lookup. */
export function lookupBit(current: unknown, bit: string): unknown {
  if (isDict(current) && dictHas(current, bit)) return dictGet(current, bit);
  const attr = getAttr(current, bit);
  if (attr !== NOT_FOUND) return attr;
  let index: number | null = null;
  try {
    index = pyInt(bit);
  } catch {
    index = null;
  }
  if (index !== null) {
    if (isStr(current) || isSeq(current)) {
      const items = isStr(current) ? codePoints(strValue(current)) : seqItems(current);
      const i = index < 0 ? items.length + index : index;
      if (i >= 0 && i < items.length) return items[i];
    }
  }
  throw new VariableDoesNotExist(`Failed lookup for key [${bit}]`);
}

export function resolveLookups(context: Context, lookups: readonly string[]): unknown {
  const first = context.get(lookups[0]!);
  if (!first.found) throw new VariableDoesNotExist(`Failed lookup for key [${lookups[0]}]`);
  let current = first.value;
  for (let i = 1; i < lookups.length; i++) current = lookupBit(current, lookups[i]!);
  return current;
}
