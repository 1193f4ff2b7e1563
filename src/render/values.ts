/**
 * The Python value model the renderer works on. Contexts are JSON-derived: JS objects (dicts), arrays (lists),
 * strings, numbers, booleans, null. Integers behave as Python int; PyFloat and non-integral numbers as float.
 * Everything here mirrors what CPython does for the same operation (str(), repr(), ==, <, in, len, iteration).
 * Over 300 lines: the Python semantics the renderer needs (str, repr, ==, <, in, int(), float()) in one place.
 */

/** A number Python holds as a float even though it is integral (JSON `45.0`). */
export class PyFloat {
  constructor(readonly value: number) {}
  /** In JSON output (preview's fields) a float is its number, not an object. */
  toJSON(): number {
    return this.value;
  }
}

/** Django's SafeString: a str that autoescaping leaves alone. */
export class SafeString {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** A Python tuple (from dict.items or for-loop unpacking). */
export class PyTuple {
  constructor(readonly items: readonly unknown[]) {}
}

/** dict.items() / dict.keys() / dict.values(): live views with their own str() and semantics. */
export class PyDictView {
  constructor(
    readonly kind: 'items' | 'keys' | 'values',
    readonly dict: PyDict,
  ) {}
  members(): unknown[] {
    const keys = dictKeys(this.dict);
    if (this.kind === 'keys') return keys;
    if (this.kind === 'values') return keys.map((k) => dictGet(this.dict, k));
    return keys.map((k) => new PyTuple([k, dictGet(this.dict, k)]));
  }
}

/** Python exceptions that escape from rendering (Django lets them propagate). */
export class PyException extends Error {
  constructor(
    readonly pythonType: string,
    message: string,
  ) {
    super(message);
    this.name = pythonType;
  }
}
export const typeError = (msg: string) => new PyException('TypeError', msg);
export const valueError = (msg: string) => new PyException('ValueError', msg);

/**
 * JS objects reorder integer-like keys; Python dicts keep insertion order. parseJsonForRender records the source order
 * under this symbol (non-enumerable, invisible to JSON.stringify and Object.keys users).
 */
export const KEY_ORDER: unique symbol = Symbol.for('klaviyo-webhook-gen.render.keyOrder');

export type PyDict = Record<string, unknown> | Map<string, unknown>;

export function isDict(v: unknown): v is PyDict {
  if (v instanceof Map) return true;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

export function dictKeys(d: PyDict): string[] {
  if (d instanceof Map) return [...d.keys()];
  const order = (d as { [KEY_ORDER]?: string[] })[KEY_ORDER];
  return order ? [...order] : Object.keys(d);
}

export function dictHas(d: PyDict, key: string): boolean {
  return d instanceof Map ? d.has(key) : Object.hasOwn(d, key);
}

export function dictGet(d: PyDict, key: string): unknown {
  return d instanceof Map ? d.get(key) : (d as Record<string, unknown>)[key];
}

export const isStr = (v: unknown): v is string | SafeString => typeof v === 'string' || v instanceof SafeString;
export const strValue = (v: string | SafeString): string => (typeof v === 'string' ? v : v.value);
export const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
export const isFloat = (v: unknown): boolean => v instanceof PyFloat || (typeof v === 'number' && !Number.isInteger(v));
/** int, float or bool: Python's numeric tower. */
export const isNumeric = (v: unknown): boolean =>
  typeof v === 'number' || typeof v === 'boolean' || v instanceof PyFloat || typeof v === 'bigint';
/**
 * An integer beyond 2^53 from a sample (parseJsonForRender): a bigint, so it keeps every digit as Python's int does.
 * Arithmetic other than add, comparison and printing sees it as the nearest float (numValue).
 */
export const isBigInt = (v: unknown): v is bigint => typeof v === 'bigint';
export function numValue(v: unknown): number {
  if (v instanceof PyFloat) return v.value;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') return Number(v);
  return v as number;
}

/** The exact integer of an int, bool or big int; undefined for anything else (floats included). */
export function exactInt(v: unknown): bigint | undefined {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  return undefined;
}

/** A bigint as the renderer holds ints: a number when it is exact as one. */
export const fromBigInt = (n: bigint): number | bigint =>
  n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
export const isSeq = (v: unknown): v is unknown[] | PyTuple => Array.isArray(v) || v instanceof PyTuple;
export const seqItems = (v: unknown[] | PyTuple): readonly unknown[] => (Array.isArray(v) ? v : v.items);

/** Python's type name, for messages. */
export function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (isInt(v) || typeof v === 'bigint') return 'int';
  if (isFloat(v)) return 'float';
  if (isStr(v)) return 'str';
  if (Array.isArray(v)) return 'list';
  if (v instanceof PyTuple) return 'tuple';
  if (v instanceof PyDictView) return `dict_${v.kind}`;
  if (isDict(v)) return 'dict';
  return 'object';
}

// ---------------------------------------------------------------------------------------------------------------
// str() and repr()

/** Python str() of a JSON-derived value. */
export function pyStr(value: unknown): string {
  if (isStr(value)) return strValue(value);
  return pyRepr(value);
}

export function pyRepr(value: unknown): string {
  // Iterative, so a deeply nested context cannot overflow the JS stack: the work list holds literal text
  // (strings) and values still to expand (boxed).
  const out: string[] = [];
  const work: (string | { v: unknown })[] = [{ v: value }];
  const pushSeq = (
    open: string,
    items: readonly unknown[],
    close: string,
    expand: (x: unknown) => (string | { v: unknown })[],
  ) => {
    const parts: (string | { v: unknown })[] = [open];
    items.forEach((x, i) => {
      if (i > 0) parts.push(', ');
      parts.push(...expand(x));
    });
    parts.push(close);
    for (let i = parts.length - 1; i >= 0; i--) work.push(parts[i]!);
  };
  const one = (x: unknown) => [{ v: x }];
  while (work.length > 0) {
    const item = work.pop()!;
    if (typeof item === 'string') {
      out.push(item);
      continue;
    }
    const v = item.v;
    if (Array.isArray(v)) pushSeq('[', v, ']', one);
    else if (v instanceof PyTuple) pushSeq('(', v.items, v.items.length === 1 ? ',)' : ')', one);
    else if (v instanceof PyDictView) pushSeq(`dict_${v.kind}([`, v.members(), '])', one);
    else if (isDict(v))
      pushSeq('{', dictKeys(v), '}', (k) => [strRepr(k as string), ': ', { v: dictGet(v, k as string) }]);
    else out.push(scalarRepr(v));
  }
  return out.join('');
}

function scalarRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return Number.isInteger(value) ? intStr(value) : floatRepr(value);
  if (value instanceof PyFloat) return floatRepr(value.value);
  if (isStr(value)) return strRepr(strValue(value));
  return String(value);
}

function intStr(n: number): string {
  return Number.isSafeInteger(n) ? String(n) : BigInt(n).toString();
}

/** Python repr(float): shortest round-trip digits, fixed notation when -4 <= exponent < 16. */
export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mant, expStr] = Math.abs(x).toExponential().split('e');
  const digits = mant!.replace('.', '');
  const exp = Number(expStr);
  const sign = x < 0 ? '-' : '';
  const decpt = exp + 1; // position of the decimal point relative to the first digit
  if (decpt > 16 || decpt < -3) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp) < 10 ? `0${Math.abs(exp)}` : String(Math.abs(exp));
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${e}`;
  }
  if (decpt <= 0) return `${sign}0.${'0'.repeat(-decpt)}${digits}`;
  if (decpt >= digits.length) return `${sign}${digits}${'0'.repeat(decpt - digits.length)}.0`;
  return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
}

// Characters Python's str.isprintable() rejects (besides the ASCII space, which is printable).
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

/** Python repr(str): quote choice and escapes as CPython's unicode_repr. */
export function strRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${hex(cp, 2)}`;
    else if (cp < 0x7f) out += ch;
    else if (ch !== ' ' && NON_PRINTABLE.test(ch)) {
      if (cp <= 0xff) out += `\\x${hex(cp, 2)}`;
      else if (cp <= 0xffff) out += `\\u${hex(cp, 4)}`;
      else out += `\\U${hex(cp, 8)}`;
    } else out += ch;
  }
  return out + quote;
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

// ---------------------------------------------------------------------------------------------------------------
// Truthiness, length, iteration

export function pyBool(v: unknown): boolean {
  if (v === null || v === undefined || v === false) return false;
  if (v === true) return true;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'bigint') return v !== 0n;
  if (v instanceof PyFloat) return v.value !== 0;
  if (isStr(v)) return strValue(v).length > 0;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof PyTuple) return v.items.length > 0;
  if (v instanceof PyDictView) return dictKeys(v.dict).length > 0;
  if (isDict(v)) return dictKeys(v).length > 0;
  return true;
}

/** Python strings index by code point, not UTF-16 unit. */
export const codePoints = (s: string): string[] => Array.from(s);

export function pyLen(v: unknown): number {
  if (isStr(v)) return codePoints(strValue(v)).length;
  if (Array.isArray(v)) return v.length;
  if (v instanceof PyTuple) return v.items.length;
  if (v instanceof PyDictView) return dictKeys(v.dict).length;
  if (isDict(v)) return dictKeys(v).length;
  throw typeError(`object of type '${typeName(v)}' has no len()`);
}

export function pyIter(v: unknown): unknown[] {
  if (isStr(v)) return codePoints(strValue(v));
  if (Array.isArray(v)) return [...v];
  if (v instanceof PyTuple) return [...v.items];
  if (v instanceof PyDictView) return v.members();
  if (isDict(v)) return dictKeys(v);
  throw typeError(`'${typeName(v)}' object is not iterable`);
}

// ---------------------------------------------------------------------------------------------------------------
// Comparison

export function pyEq(a: unknown, b: unknown): boolean {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (a === null || b === null) return a === b;
  if (isNumeric(a) && isNumeric(b)) {
    const x = exactInt(a);
    const y = exactInt(b);
    return x !== undefined && y !== undefined && (isBigInt(a) || isBigInt(b)) ? x === y : numValue(a) === numValue(b);
  }
  if (isStr(a) && isStr(b)) return strValue(a) === strValue(b);
  if (Array.isArray(a) && Array.isArray(b)) return seqEq(a, b);
  if (a instanceof PyTuple && b instanceof PyTuple) return seqEq(a.items, b.items);
  if (a instanceof PyDictView || b instanceof PyDictView) {
    if (!(a instanceof PyDictView && b instanceof PyDictView) || a.kind !== b.kind || a.kind === 'values')
      return a === b;
    const am = a.members();
    const bm = b.members();
    return am.length === bm.length && am.every((x) => bm.some((y) => pyEq(x, y)));
  }
  if (isDict(a) && isDict(b)) {
    const ak = dictKeys(a);
    if (ak.length !== dictKeys(b).length) return false;
    return ak.every((k) => dictHas(b, k) && pyEq(dictGet(a, k), dictGet(b, k)));
  }
  return false;
}

function seqEq(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((x, i) => pyEq(x, b[i]));
}

/** Python `a < b`; throws TypeError where Python does (e.g. 'a' < 1, None < 1). */
export function pyLt(a: unknown, b: unknown): boolean {
  return pyCompare(a, b, '<') < 0;
}

/** -1/0/1 ordering for types Python can order with each other; TypeError otherwise. */
export function pyCompare(a: unknown, b: unknown, op: string): number {
  if (isNumeric(a) && isNumeric(b)) {
    const ia = exactInt(a);
    const ib = exactInt(b);
    if (ia !== undefined && ib !== undefined && (isBigInt(a) || isBigInt(b))) return ia < ib ? -1 : ia > ib ? 1 : 0;
    const x = numValue(a);
    const y = numValue(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (isStr(a) && isStr(b)) return compareCodePoints(strValue(a), strValue(b));
  const bothLists = Array.isArray(a) && Array.isArray(b);
  const bothTuples = a instanceof PyTuple && b instanceof PyTuple;
  if (bothLists || bothTuples) {
    const x = seqItems(a as unknown[]);
    const y = seqItems(b as unknown[]);
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      if (!pyEq(x[i], y[i])) return pyCompare(x[i], y[i], op);
    }
    return x.length - y.length < 0 ? -1 : x.length > y.length ? 1 : 0;
  }
  throw typeError(`'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

function compareCodePoints(a: string, b: string): number {
  const x = codePoints(a);
  const y = codePoints(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return x.length < y.length ? -1 : x.length > y.length ? 1 : 0;
}

/** Python `needle in haystack`. */
export function pyIn(needle: unknown, haystack: unknown): boolean {
  if (isStr(haystack)) {
    if (!isStr(needle)) throw typeError(`'in <string>' requires string as left operand, not ${typeName(needle)}`);
    return strValue(haystack).includes(strValue(needle));
  }
  if (isSeq(haystack)) return seqItems(haystack).some((x) => x === needle || pyEq(x, needle));
  if (isDict(haystack) || (haystack instanceof PyDictView && haystack.kind === 'keys')) {
    const d = isDict(haystack) ? haystack : (haystack as PyDictView).dict;
    if (Array.isArray(needle) || isDict(needle) || needle instanceof PyDictView) {
      throw typeError(`unhashable type: '${typeName(needle)}'`);
    }
    return isStr(needle) && dictHas(d, strValue(needle));
  }
  if (haystack instanceof PyDictView) return haystack.members().some((x) => pyEq(x, needle));
  throw typeError(`argument of type '${typeName(haystack)}' is not iterable`);
}

/** Python `a is b` for our value model. Small ints and single-character strings are cached by CPython. */
export function pyIs(a: unknown, b: unknown): boolean {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (a === null || b === null || typeof a === 'boolean' || typeof b === 'boolean') return a === b;
  if (isInt(a) && isInt(b)) return a === b && a >= -5 && a <= 256;
  if (typeof a === 'string' && typeof b === 'string') return a === b && codePoints(a).length <= 1;
  return a === b;
}

// ---------------------------------------------------------------------------------------------------------------
// int() and float() conversions

// Python's str.isspace() set; JS \s differs (it has U+FEFF, lacks U+001C-001F and U+0085).
export const PY_WS =
  '\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const WS_TRIM = new RegExp(`^[${PY_WS}]+|[${PY_WS}]+$`, 'g');
export const pyStrip = (s: string): string => s.replace(WS_TRIM, '');
const WS_SPLIT = new RegExp(`[${PY_WS}]+`);
/** Python str.split() with no arguments. */
export const pySplit = (s: string): string[] => {
  const t = pyStrip(s);
  return t === '' ? [] : t.split(WS_SPLIT);
};

const INT_RE = /^[+-]?\d+(?:_\d+)*$/;
const FLOAT_RE = /^[+-]?(?:(?:\d+(?:_\d+)*)(?:\.(?:\d+(?:_\d+)*)?)?|\.\d+(?:_\d+)*)(?:[eE][+-]?\d+(?:_\d+)*)?$/;
const SPECIAL_FLOAT_RE = /^([+-]?)(inf|infinity|nan)$/i;

/** int(text) for a str, or undefined where Python raises ValueError (no exception: parsing tries this often). */
export function pyIntOfText(text: string): number | undefined {
  const s = pyStrip(text);
  return INT_RE.test(s) ? Number(s.replace(/_/g, '')) : undefined;
}

/** float(text) for a str, or undefined where Python raises ValueError. */
export function pyFloatOfText(text: string): number | undefined {
  const s = pyStrip(text);
  if (FLOAT_RE.test(s)) return Number(s.replace(/_/g, ''));
  const m = SPECIAL_FLOAT_RE.exec(s);
  if (m) return m[2]!.toLowerCase() === 'nan' ? NaN : m[1] === '-' ? -Infinity : Infinity;
  return undefined;
}

/**
 * repr() of a str for an exception message, as Python writes it, but cut after 200 characters: `add` tries int()
 * on every string, and repr() of a megabyte string in each message made a doubling {% with %} chain take seconds.
 */
function reprInMessage(s: string): string {
  return s.length <= 200 ? strRepr(s) : `${strRepr(s.slice(0, 200))}\u2026`;
}

/** Python int(x) for our values; throws ValueError/TypeError as Python does. */
export function pyInt(v: unknown): number {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number' || v instanceof PyFloat) {
    const n = numValue(v);
    if (Number.isNaN(n)) throw valueError('cannot convert float NaN to integer');
    if (!Number.isFinite(n)) throw new PyException('OverflowError', 'cannot convert float infinity to integer');
    return Math.trunc(n) || 0;
  }
  if (isStr(v)) {
    const n = pyIntOfText(strValue(v));
    if (n !== undefined) return n;
    throw valueError(`invalid literal for int() with base 10: ${reprInMessage(strValue(v))}`);
  }
  throw typeError(`int() argument must be a string, a bytes-like object or a number, not '${typeName(v)}'`);
}

/** Python float(x); returns a JS number. */
export function pyFloatValue(v: unknown): number {
  if (isNumeric(v)) return numValue(v);
  if (isStr(v)) {
    const n = pyFloatOfText(strValue(v));
    if (n !== undefined) return n;
    throw valueError(`could not convert string to float: ${reprInMessage(strValue(v))}`);
  }
  throw typeError(`float() argument must be a string or a number, not '${typeName(v)}'`);
}

/** Wrap a JS number result of float arithmetic so it stays a Python float even when integral. */
export const toPyFloat = (n: number): unknown => (Number.isInteger(n) ? new PyFloat(n) : n);
