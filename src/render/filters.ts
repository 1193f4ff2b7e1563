/**
 * Django's built-in filters (django/template/defaultfilters.py) that JSON data can meet, plus Klaviyo's documented
 * `lookup`. Each entry records what Django's registration says: argument count (from the Python signature),
 * is_safe and needs_autoescape, and whether it is a @stringfilter.
 * Over 300 lines: one entry per Django built-in filter, as defaultfilters.py.
 */
import { chargeFilter } from './budget.js';
import { NOT_FOUND, getAttr } from './context.js';
import { formatExp, formatFixed, formatGeneral, parseDecimal, quantizeHalfUp } from './numfmt.js';
import { escapeJs, htmlEscape, normalizeNewlines, pyPad, pyTitle, stripTags, truncateChars, urlQuote } from './text.js';
import {
  PyDictView,
  PyException,
  PyFloat,
  PyTuple,
  SafeString,
  codePoints,
  exactInt,
  fromBigInt,
  isBigInt,
  pyIntOfText,
  pyStrip,
  dictGet,
  dictHas,
  floatRepr,
  isDict,
  isFloat,
  isInt,
  isNumeric,
  isSeq,
  isStr,
  numValue,
  pyBool,
  pyCompare,
  pyFloatValue,
  pyInt,
  pyIter,
  pyLen,
  pyRepr,
  pySplit,
  pyStr,
  seqItems,
  strRepr,
  strValue,
  typeError,
  valueError,
} from './values.js';

export interface FilterEnv {
  autoescape: boolean;
}

export interface FilterDef {
  /** Explicit arguments Django accepts (the value is not counted). */
  minArgs: 0 | 1;
  maxArgs: 0 | 1;
  isSafe: boolean;
  /** @stringfilter: the value is str()-ed first, and a safe input keeps is_safe output safe. */
  stringFilter: boolean;
  fn: (value: unknown, arg: unknown, env: FilterEnv) => unknown;
}

/** mark_safe(): anything becomes a SafeString of its str(). */
export const markSafe = (v: unknown): SafeString => (v instanceof SafeString ? v : new SafeString(pyStr(v)));

/** conditional_escape(). */
export const conditionalEscape = (v: unknown): SafeString =>
  v instanceof SafeString ? v : new SafeString(htmlEscape(pyStr(v)));

const S = (v: unknown) => strValue(v as string | SafeString);

/** A width a filter pads to, charged to the render budget (./budget). */
const width = (filter: string, w: number) => {
  chargeFilter(filter, w);
  return w;
};

type Fn = FilterDef['fn'];
const defs = new Map<string, FilterDef>();
function reg(name: string, args: [0 | 1, 0 | 1], fn: Fn, opts: { isSafe?: boolean; string?: boolean } = {}) {
  defs.set(name, {
    minArgs: args[0],
    maxArgs: args[1],
    isSafe: opts.isSafe ?? false,
    stringFilter: opts.string ?? false,
    fn,
  });
}

// --- string filters --------------------------------------------------------------------------------------------

reg('addslashes', [0, 0], (v) => S(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/'/g, "\\'"), {
  isSafe: true,
  string: true,
});
reg(
  'capfirst',
  [0, 0],
  (v) => {
    const cps = codePoints(S(v));
    return cps.length ? cps[0]!.toUpperCase() + cps.slice(1).join('') : '';
  },
  { isSafe: true, string: true },
);
reg('escapejs', [0, 0], (v) => new SafeString(escapeJs(S(v))), { string: true });
reg('lower', [0, 0], (v) => S(v).toLowerCase(), { isSafe: true, string: true });
reg('upper', [0, 0], (v) => S(v).toUpperCase(), { string: true });
reg('make_list', [0, 0], (v) => codePoints(S(v)), { string: true });
reg(
  'slugify',
  [0, 0],
  (v) => {
    const ascii = S(v)
      .normalize('NFKD')
      .replace(/[^\x00-\x7f]/g, '');
    return ascii
      .toLowerCase()
      .replace(/[^\w\s-]/g, '')
      .replace(/[-\s]+/g, '-')
      .replace(/^[-_]+|[-_]+$/g, '');
  },
  { isSafe: true, string: true },
);
reg(
  'title',
  [0, 0],
  (v) => {
    const t = pyTitle(S(v)).replace(/([a-z])'([A-Z])/g, (m) => m.toLowerCase());
    return t.replace(/\d([A-Z])/g, (m) => m.toLowerCase());
  },
  { isSafe: true, string: true },
);
/** int(arg), or undefined where Python raises ValueError (the truncate filters then return the value as is). */
function intOrUndefined(arg: unknown): number | undefined {
  try {
    return pyInt(arg);
  } catch (e) {
    if (e instanceof PyException && e.pythonType === 'ValueError') return undefined;
    throw e;
  }
}
reg(
  'truncatechars',
  [1, 1],
  (v, arg) => {
    const n = intOrUndefined(arg);
    return n === undefined ? v : truncateChars(S(v), n);
  },
  { isSafe: true, string: true },
);
reg(
  'truncatewords',
  [1, 1],
  (v, arg) => {
    const n = intOrUndefined(arg);
    if (n === undefined) return v;
    const words = pySplit(S(v));
    if (words.length > n) {
      const kept = words.slice(0, n < 0 ? Math.max(0, words.length + n) : n).join(' ');
      return kept.endsWith(' …') ? kept : `${kept} …`;
    }
    return words.join(' ');
  },
  { isSafe: true, string: true },
);
reg('urlencode', [0, 1], (v, arg) => urlQuote(S(v), arg === undefined || arg === null ? '/' : pyStr(arg)), {
  string: true,
});
reg('wordcount', [0, 0], (v) => pySplit(S(v)).length, { string: true });
reg('ljust', [1, 1], (v, arg) => pyPad(S(v), width('ljust', pyInt(arg)), 'left'), { isSafe: true, string: true });
reg('rjust', [1, 1], (v, arg) => pyPad(S(v), width('rjust', pyInt(arg)), 'right'), { isSafe: true, string: true });
reg('center', [1, 1], (v, arg) => pyPad(S(v), width('center', pyInt(arg)), 'center'), { isSafe: true, string: true });
reg(
  'cut',
  [1, 1],
  (v, arg) => {
    if (!isStr(arg)) throw typeError(`replace() argument 1 must be str, not ${typeof arg}`);
    const out = S(v).split(S(arg)).join('');
    return v instanceof SafeString && S(arg) !== ';' ? new SafeString(out) : out;
  },
  { string: true },
);
reg('escape', [0, 0], (v) => conditionalEscape(v), { isSafe: true, string: true });
reg('force_escape', [0, 0], (v) => new SafeString(htmlEscape(S(v))), { isSafe: true, string: true });
reg(
  'linebreaks',
  [0, 0],
  (v, _a, env) => {
    const esc = env.autoescape && !(v instanceof SafeString);
    const paras = normalizeNewlines(S(v)).split(/\n{2,}/);
    return new SafeString(paras.map((p) => `<p>${(esc ? htmlEscape(p) : p).replace(/\n/g, '<br>')}</p>`).join('\n\n'));
  },
  { isSafe: true, string: true },
);
reg(
  'linebreaksbr',
  [0, 0],
  (v, _a, env) => {
    const esc = env.autoescape && !(v instanceof SafeString);
    let s = normalizeNewlines(S(v));
    if (esc) s = htmlEscape(s);
    return new SafeString(s.replace(/\n/g, '<br>'));
  },
  { isSafe: true, string: true },
);
reg('safe', [0, 0], (v) => markSafe(v), { isSafe: true, string: true });
reg('striptags', [0, 0], (v) => stripTags(S(v)), { isSafe: true, string: true });

// --- filters on any value ---------------------------------------------------------------------------------------

reg('safeseq', [0, 0], (v) => pyIter(v).map(markSafe), { isSafe: true });
reg('floatformat', [0, 1], floatformat, { isSafe: true });
reg(
  'stringformat',
  [1, 1],
  (v, arg) => {
    try {
      return percentFormat(`%${pyStr(arg)}`, v instanceof PyTuple ? pyRepr(v) : v);
    } catch (e) {
      if (e instanceof PyException && (e.pythonType === 'ValueError' || e.pythonType === 'TypeError')) return '';
      throw e;
    }
  },
  { isSafe: true },
);
reg('dictsort', [1, 1], (v, arg) => dictsort(v, arg, false));
reg('dictsortreversed', [1, 1], (v, arg) => dictsort(v, arg, true));
reg('first', [0, 0], (v) => indexOrEmpty(v, 0));
reg('last', [0, 0], (v) => indexOrEmpty(v, -1), { isSafe: true });
reg(
  'join',
  [1, 1],
  (v, arg, env) => {
    try {
      let items = pyIter(v);
      if (env.autoescape) items = items.map(conditionalEscape);
      const sep = conditionalEscape(arg).value;
      if (!items.every(isStr)) throw typeError('sequence item: expected str instance');
      return new SafeString(items.map(S).join(sep));
    } catch (e) {
      if (e instanceof PyException && e.pythonType === 'TypeError') return v;
      throw e;
    }
  },
  { isSafe: true },
);
reg('length', [0, 0], (v) => {
  try {
    return pyLen(v);
  } catch {
    return 0;
  }
});
reg('length_is', [1, 1], (v, arg) => {
  try {
    return pyLen(v) === pyInt(arg);
  } catch (e) {
    if (e instanceof PyException && (e.pythonType === 'ValueError' || e.pythonType === 'TypeError')) return '';
    throw e;
  }
});
reg('slice', [1, 1], sliceFilter, { isSafe: true });
reg('add', [1, 1], (v, arg) => {
  // int(value) + int(arg) exactly, as Python's ints are: beyond 2^53 a float sum would lose digits.
  const a = exactIntOf(v);
  const b = a === undefined ? undefined : exactIntOf(arg);
  if (a !== undefined && b !== undefined) return fromBigInt(a + b);
  try {
    return pyInt(v) + pyInt(arg);
  } catch (e) {
    if (!(e instanceof PyException && (e.pythonType === 'ValueError' || e.pythonType === 'TypeError'))) throw e;
  }
  if (isStr(v) && isStr(arg)) return S(v) + S(arg);
  if (Array.isArray(v) && Array.isArray(arg)) return [...v, ...arg];
  if (v instanceof PyTuple && arg instanceof PyTuple) return new PyTuple([...v.items, ...arg.items]);
  if (isNumeric(v) && isNumeric(arg)) {
    const r = numValue(v) + numValue(arg);
    return isFloat(v) || isFloat(arg) ? (Number.isInteger(r) ? new PyFloat(r) : r) : r;
  }
  return '';
});
/** int(x) exactly, for add with big ints: ints, bools, floats (truncated) and digit strings; else undefined. */
function exactIntOf(x: unknown): bigint | undefined {
  const n = exactInt(x);
  if (n !== undefined) return n;
  if (isFloat(x) && Number.isFinite(numValue(x))) return BigInt(Math.trunc(numValue(x)));
  if (isStr(x) && pyIntOfText(S(x)) !== undefined) return BigInt(pyStrip(S(x)).replace(/_/g, ''));
  return undefined;
}

reg('get_digit', [1, 1], (v, arg) => {
  let a: number;
  let n: number;
  try {
    a = pyInt(arg);
    n = pyInt(v);
  } catch (e) {
    if (e instanceof PyException && e.pythonType === 'ValueError') return v;
    throw e;
  }
  if (a < 1) return isBigInt(v) ? v : n;
  // The digits of an int beyond 2^53 (or of a float's int() beyond 1e21, which String() writes as 1e+21) exactly.
  const s = (isBigInt(v) ? v : BigInt(n)).toString();
  return a > s.length ? 0 : pyInt(s[s.length - a]);
});
reg('default', [1, 1], (v, arg) => (pyBool(v) ? v : arg));
reg('default_if_none', [1, 1], (v, arg) => (v === null || v === undefined ? arg : v));
reg('divisibleby', [1, 1], (v, arg) => {
  if (isBigInt(v) || isBigInt(arg)) {
    const x = exactIntOf(v);
    const y = exactIntOf(arg);
    if (x !== undefined && y !== undefined && y !== 0n) return x % y === 0n;
  }
  const a = pyInt(v);
  const b = pyInt(arg);
  if (b === 0) throw new PyException('ZeroDivisionError', 'integer division or modulo by zero');
  return a % b === 0;
});
reg('yesno', [0, 1], (v, arg) => {
  const spec = arg === undefined ? 'yes,no,maybe' : arg;
  if (!isStr(spec)) throw new PyException('AttributeError', `'${typeof spec}' object has no attribute 'split'`);
  const bits = S(spec).split(',');
  if (bits.length < 2) return v;
  const [yes, no] = bits as [string, string];
  const maybe = bits.length === 3 ? bits[2]! : no;
  if (v === null || v === undefined) return maybe;
  return pyBool(v) ? yes : no;
});
reg('pluralize', [0, 1], (v, arg) => {
  const raw = arg === undefined ? 's' : arg;
  if (!isStr(raw)) throw typeError("argument of type 'int' is not iterable");
  let spec = S(raw);
  if (!spec.includes(',')) spec = `,${spec}`;
  const bits = spec.split(',');
  if (bits.length > 2) return '';
  const [singular, plural] = bits as [string, string];
  try {
    return pyFloatValue(v) === 1 ? singular : plural;
  } catch (e) {
    if (!(e instanceof PyException)) throw e;
    if (e.pythonType === 'ValueError') return '';
  }
  try {
    return pyLen(v) === 1 ? singular : plural;
  } catch {
    return '';
  }
});

// Klaviyo-documented, not Django: `{{ event|lookup:'$value' }}` reads a key that dot syntax cannot reach
// (value[arg] for dicts; an integer index for lists; missing → '' like Django's string_if_invalid).
reg('lookup', [1, 1], (v, arg) => {
  if (isDict(v)) {
    const key = pyStr(arg);
    return dictHas(v, key) ? dictGet(v, key) : '';
  }
  if (isSeq(v)) {
    let i: number;
    try {
      i = pyInt(arg);
    } catch {
      return '';
    }
    const items = seqItems(v);
    const j = i < 0 ? items.length + i : i;
    return j >= 0 && j < items.length ? items[j] : '';
  }
  return '';
});

export const FILTERS: ReadonlyMap<string, FilterDef> = defs;
export const FILTER_NAMES: readonly string[] = Object.freeze([...defs.keys()].sort());

// --- implementations ---------------------------------------------------------------------------------------------

function indexOrEmpty(v: unknown, index: number): unknown {
  if (isStr(v) || isSeq(v)) {
    const items = isStr(v) ? codePoints(S(v)) : seqItems(v);
    if (items.length === 0) return '';
    return items[index < 0 ? items.length + index : index];
  }
  if (isDict(v)) {
    // dict[0] looks up the int key 0; JSON dicts only have str keys.
    throw new PyException('KeyError', String(index));
  }
  throw typeError(`'${v instanceof PyDictView ? `dict_${v.kind}` : pyTypeOf(v)}' object is not subscriptable`);
}

const pyTypeOf = (v: unknown) =>
  v === null || v === undefined
    ? 'NoneType'
    : typeof v === 'boolean'
      ? 'bool'
      : isInt(v)
        ? 'int'
        : isFloat(v)
          ? 'float'
          : 'object';

function sliceFilter(v: unknown, arg: unknown): unknown {
  const bits: (number | null)[] = [];
  try {
    for (const x of pyStr(arg).split(':')) bits.push(x === '' ? null : pyInt(x));
  } catch (e) {
    if (e instanceof PyException && (e.pythonType === 'ValueError' || e.pythonType === 'TypeError')) return v;
    throw e;
  }
  if (bits.length > 3) return v;
  const [start, stop, step] = bits.length === 1 ? [null, bits[0]!, null] : [bits[0]!, bits[1]!, bits[2] ?? null];
  if (step === 0) return v;
  if (isStr(v)) return pySlice(codePoints(S(v)), start, stop, step).join('');
  if (Array.isArray(v)) return pySlice(v, start, stop, step);
  if (v instanceof PyTuple) return new PyTuple(pySlice(v.items, start, stop, step));
  return v;
}

/** items[start:stop:step] with Python's slice.indices clamping. */
function pySlice<T>(items: readonly T[], start: number | null, stop: number | null, step: number | null): T[] {
  const len = items.length;
  const st = step ?? 1;
  const clamp = (i: number | null, dflt: number, lo: number, hi: number) => {
    if (i === null) return dflt;
    if (i < 0) i += len;
    return Math.min(Math.max(i, lo), hi);
  };
  const out: T[] = [];
  if (st > 0) {
    const a = clamp(start, 0, 0, len);
    const b = clamp(stop, len, 0, len);
    for (let i = a; i < b; i += st) out.push(items[i]!);
  } else {
    const a = clamp(start, len - 1, -1, len - 1);
    const b = clamp(stop, -1, -1, len - 1);
    for (let i = a; i > b; i += st) out.push(items[i]!);
  }
  return out;
}

function floatformat(text: unknown, argIn: unknown): unknown {
  let arg: unknown = argIn === undefined ? -1 : argIn;
  if (isStr(arg) && S(arg).endsWith('g')) arg = S(arg).slice(0, -1) || -1;
  // Decimal(repr(text)), else Decimal(str(float(text))).
  const inputVal = pyRepr(text);
  let d = isNumeric(text) && typeof text !== 'boolean' ? parseDecimal(inputVal) : null;
  if (!d) {
    let f: number;
    try {
      f = pyFloatValue(text);
    } catch (e) {
      if (e instanceof PyException && (e.pythonType === 'ValueError' || e.pythonType === 'TypeError')) return '';
      throw e;
    }
    if (!Number.isFinite(f)) return inputVal; // Decimal('inf'/'nan') fails int(d) below
    d = parseDecimal(floatRepr(f))!;
  }
  if (isNumeric(text) && typeof text !== 'boolean' && !Number.isFinite(numValue(text))) return inputVal;
  let p: number;
  try {
    p = pyInt(arg);
  } catch (e) {
    if (e instanceof PyException && e.pythonType === 'ValueError') return inputVal;
    throw e;
  }
  if (d.digits + Math.abs(d.exp) > 200) return inputVal;
  const places = Math.abs(p);
  chargeFilter('floatformat', places, 'precision');
  // m = int(d) - d: is there a fractional part?
  const hasFraction = d.exp < 0 && d.coeff % 10n ** BigInt(-d.exp) !== 0n;
  if (!hasFraction && p < 0) {
    const intPart = d.exp >= 0 ? d.coeff * 10n ** BigInt(d.exp) : d.coeff / 10n ** BigInt(-d.exp);
    return new SafeString(`${d.negative && intPart !== 0n ? '-' : ''}${intPart}`);
  }
  const q = quantizeHalfUp(d, places)
    .toString()
    .padStart(places + 1, '0');
  const body = places > 0 ? `${q.slice(0, q.length - places)}.${q.slice(q.length - places)}` : q;
  const negative = d.negative && /[1-9]/.test(q);
  return new SafeString((negative ? '-' : '') + body);
}

/** Python's printf-style `fmt % value` for a single (non-tuple) value. */
export function percentFormat(fmt: string, value: unknown): string {
  const spec = /%(?:\(([^)]*)\))?([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?[hlL]?(.?)/gy;
  let out = '';
  let i = 0;
  let used = false;
  let usedMapping = false;
  while (i < fmt.length) {
    const pct = fmt.indexOf('%', i);
    if (pct < 0) {
      out += fmt.slice(i);
      break;
    }
    out += fmt.slice(i, pct);
    spec.lastIndex = pct;
    const m = spec.exec(fmt)!;
    const [whole, key, flags, width, precision, conv] = m;
    i = pct + whole.length;
    if (conv === '%') {
      // Only a bare '%%' is a literal percent; '%5%' is rejected by Python 3.
      if (whole !== '%%') throw valueError("unsupported format character '%'");
      out += '%';
      continue;
    }
    if (conv === '') throw valueError('incomplete format');
    if (width === '*' || precision === '*') throw typeError('* wants int');
    let arg: unknown;
    if (key !== undefined) {
      if (!isDict(value)) throw typeError('format requires a mapping');
      if (!dictHas(value, key)) throw new PyException('KeyError', strRepr(key));
      arg = dictGet(value, key);
      usedMapping = true;
    } else {
      if (used) throw typeError('not enough arguments for format string');
      arg = value;
      used = true;
    }
    out += formatOne(arg, conv!, flags!, width === undefined ? 0 : Number(width), precision);
  }
  if (!used && !usedMapping && !(isDict(value) || Array.isArray(value))) {
    throw typeError('not all arguments converted during string formatting');
  }
  return out;
}

function formatOne(arg: unknown, conv: string, flags: string, width: number, precision: string | undefined): string {
  const left = flags.includes('-');
  const zero = flags.includes('0') && !left;
  const plus = flags.includes('+');
  const space = flags.includes(' ');
  const alt = flags.includes('#');
  const prec = precision === undefined ? undefined : precision === '' ? 0 : Number(precision);
  chargeFilter('stringformat', width);
  if (prec !== undefined) chargeFilter('stringformat', prec, 'precision');
  let body: string;
  let numeric = false;
  const sign = (neg: boolean) => (neg ? '-' : plus ? '+' : space ? ' ' : '');
  const needNumber = (kind: string) => {
    if (!isNumeric(arg)) {
      throw typeError(
        kind === 'int' ? `%${conv} format: an integer is required, not ${pyTypeOf(arg)}` : 'must be real number',
      );
    }
  };
  switch (conv) {
    case 's':
    case 'r':
    case 'a': {
      body = conv === 's' ? pyStr(arg) : pyRepr(arg);
      if (conv === 'a') body = body.replace(/[^\x00-\x7f]/gu, (c) => asciiEscape(c));
      if (prec !== undefined) body = codePoints(body).slice(0, prec).join('');
      break;
    }
    case 'd':
    case 'i':
    case 'u': {
      needNumber('real');
      const n = pyInt(arg);
      numeric = true;
      // Exact digits for an int beyond 2^53, and Python's for a float of 1e21 or more (String() would write 1e+21).
      const exact = isBigInt(arg) ? arg : BigInt(n);
      let digits = (exact < 0n ? -exact : exact).toString();
      if (prec !== undefined) digits = digits.padStart(prec, '0');
      body = sign(n < 0) + digits;
      break;
    }
    case 'x':
    case 'X':
    case 'o': {
      if (!(isInt(arg) || typeof arg === 'boolean')) needNumber('int');
      if (!(isInt(arg) || typeof arg === 'boolean'))
        throw typeError(`%${conv} format: an integer is required, not float`);
      const n = numValue(arg);
      numeric = true;
      let digits = Math.abs(n).toString(conv === 'o' ? 8 : 16);
      if (conv === 'X') digits = digits.toUpperCase();
      if (prec !== undefined) digits = digits.padStart(prec, '0');
      const prefix = alt ? (conv === 'o' ? '0o' : conv === 'x' ? '0x' : '0X') : '';
      body = sign(n < 0) + prefix + digits;
      break;
    }
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G': {
      if (isStr(arg)) throw typeError('must be real number, not str');
      const x = pyFloatValue(arg);
      numeric = true;
      const p = prec ?? 6;
      const lower = conv.toLowerCase();
      let s =
        lower === 'f'
          ? formatFixed(x, p)
          : lower === 'e'
            ? formatExp(x, p, conv === 'E')
            : formatGeneral(x, p, conv === 'G', alt);
      if (conv === 'F') s = s.toUpperCase();
      if (alt && lower !== 'g' && !s.includes('.') && Number.isFinite(x)) s = s.replace(/(?=[eE])|$/, '.');
      const neg = s.startsWith('-');
      body = sign(neg) + (neg ? s.slice(1) : s);
      break;
    }
    case 'c': {
      if (isInt(arg) || typeof arg === 'boolean') {
        const cp = numValue(arg);
        if (cp < 0 || cp > 0x10ffff) throw new PyException('OverflowError', '%c arg not in range(0x110000)');
        body = String.fromCodePoint(cp);
      } else if (isStr(arg) && codePoints(S(arg)).length === 1) body = S(arg);
      else throw typeError('%c requires int or char');
      break;
    }
    default:
      throw valueError(`unsupported format character '${conv}'`);
  }
  const len = codePoints(body).length;
  if (len >= width) return body;
  if (left) return body + ' '.repeat(width - len);
  if (zero && numeric && Number.isFinite(numValue(isNumeric(arg) ? arg : 0))) {
    const m = /^([-+ ]?(?:0[xXo])?)(.*)$/.exec(body)!;
    return m[1] + '0'.repeat(width - len) + m[2];
  }
  return ' '.repeat(width - len) + body;
}

function asciiEscape(c: string): string {
  const cp = c.codePointAt(0)!;
  if (cp <= 0xff) return `\\x${cp.toString(16).padStart(2, '0')}`;
  if (cp <= 0xffff) return `\\u${cp.toString(16).padStart(4, '0')}`;
  return `\\U${cp.toString(16).padStart(8, '0')}`;
}

const UNORDERABLE = Symbol('method');

function dictsort(value: unknown, arg: unknown, reverse: boolean): unknown {
  let keyOf: (item: unknown) => unknown;
  let numericArg = true;
  try {
    pyFloatValue(arg);
  } catch {
    numericArg = false;
  }
  if (numericArg) {
    // itemgetter(arg): a KeyError/IndexError escapes, as in Django.
    keyOf = (item) => {
      if (isDict(item)) {
        if (isStr(arg) && dictHas(item, S(arg))) return dictGet(item, S(arg));
        throw new PyException('KeyError', pyRepr(arg));
      }
      if ((isSeq(item) || isStr(item)) && isInt(arg)) {
        const items = isStr(item) ? codePoints(S(item)) : seqItems(item);
        const j = arg < 0 ? items.length + arg : arg;
        if (j < 0 || j >= items.length) throw new PyException('IndexError', 'index out of range');
        return items[j];
      }
      throw typeError('indices must be integers');
    };
  } else {
    const a = pyStr(arg);
    if (a.includes('._') || a.startsWith('_')) return '';
    const parts = a.split('.');
    keyOf = (item) => {
      let cur = item;
      for (const part of parts) {
        if (isDict(cur) && dictHas(cur, part)) cur = dictGet(cur, part);
        else {
          // value[part] failed, so getattr(value, part): no list-index fallback here, unlike variables.
          if (cur === UNORDERABLE || getAttr(cur, part) === NOT_FOUND) throw new PyException('AttributeError', part);
          // getattr returns the bound method itself (not called): it cannot be ordered.
          cur = UNORDERABLE;
        }
      }
      return cur;
    };
  }
  try {
    const items = pyIter(value);
    const keyed = items.map((item) => ({ item, key: keyOf(item) }));
    if (keyed.length > 1) {
      keyed.sort((x, y) => {
        if (x.key === UNORDERABLE || y.key === UNORDERABLE) throw typeError('unorderable');
        return reverse ? pyCompare(y.key, x.key, '<') : pyCompare(x.key, y.key, '<');
      });
    }
    return keyed.map((k) => k.item);
  } catch (e) {
    if (e instanceof PyException && (e.pythonType === 'TypeError' || e.pythonType === 'AttributeError')) return '';
    throw e;
  }
}
