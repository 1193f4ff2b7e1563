/**
 * Klaviyo's own filters, and a stand-in for every catalogued filter the renderer does not implement, so that
 * `preview` renders every filter Klaviyo knows. Where Klaviyo's docs pin the behaviour down (their examples are
 * test/render/fixtures/klaviyo-examples.json) the output is exact; elsewhere the filter renders the most plausible
 * reading and leaves a note, which the checks turn into a warning on the field (never an error).
 * Over 300 lines: one entry per Klaviyo filter, each with its documented examples' behaviour.
 */
import type { FilterEntry } from '../language/index.js';
import { RenderLimit } from './budget.js';
import { unsafePatternReason } from './regex-safety.js';
import type { RenderState } from './context.js';
import { PyDateTime, dayOf, formatDate, namedFormat, parseIsoDate } from './dates.js';
import type { FilterDef } from './filters.js';
import { type Dec, parseDecimal } from './numfmt.js';
import { htmlEscape, urlQuote } from './text.js';
import {
  PyException,
  codePoints,
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
  pyCompare,
  pyEq,
  pyFloatOfText,
  pyInt,
  pyLen,
  pyStr,
  pyStrip,
  seqItems,
  toPyFloat,
} from './values.js';

/** Something a filter or tag rendered without knowing Klaviyo's exact output: `message` says why. */
export interface RenderNote {
  name: string;
  message: string;
  /** The filter expression being resolved (filters), or the tag's offset in the source (tags). */
  expression?: string;
  offset?: number;
}

/** Records a note on the render, when the caller asked for notes. */
export function note(env: unknown, name: string, message: string): void {
  const state = env as RenderState;
  const notes = state.notes;
  if (!notes) return;
  // A filter in a loop notes once, not once per item (so the list stays as short as the distinct notes).
  if (notes.some((n) => n.name === name && n.message === message && n.expression === state.expression)) return;
  notes.push({ name, message, expression: state.expression });
}

type Fn = FilterDef['fn'];
const defs = new Map<string, { fn: Fn; dynamic: boolean }>();
/** `dynamic`: the function notes only the inputs the docs leave open (else the catalogue's reason on every call). */
const reg = (name: string, fn: Fn, dynamic = false) => defs.set(name, { fn, dynamic });

const text = (v: unknown): string => pyStr(v);
/** float(v), or undefined where Python's float() fails. */
function floatOf(v: unknown): number | undefined {
  if (isNumeric(v)) return numValue(v);
  if (isStr(v)) return pyFloatOfText(text(v));
  return undefined;
}
const intOf = (v: unknown, fallback: number): number => {
  if (v === undefined || v === null) return fallback;
  try {
    return pyInt(v);
  } catch {
    return fallback;
  }
};

// -- numbers ------------------------------------------------------------------------------------------------------

/** x rounded to `places` decimals on its repr() digits (so 1.1 rounds as 1.1, not as 1.10000000000000009). */
function roundTo(x: number, places: number, mode: 'up' | 'down' | 'half'): number {
  if (!Number.isFinite(x)) return x;
  const d: Dec = parseDecimal(floatRepr(x))!;
  const shift = d.exp + places;
  if (shift >= 0) return x;
  const div = 10n ** BigInt(-shift);
  let q = d.coeff / div;
  const rest = d.coeff % div;
  // Towards +infinity for up, -infinity for down, half away from zero for half.
  if (rest !== 0n) {
    if (mode === 'half') q += rest * 2n >= div ? 1n : 0n;
    else if ((mode === 'up') !== d.negative) q += 1n;
  }
  return Number(`${d.negative ? '-' : ''}${q}e${-places}`);
}

function arithmetic(name: string, op: (a: number, b: number) => number | undefined): Fn {
  return (v, arg, env) => {
    let a = floatOf(v);
    const b = floatOf(arg);
    if (a === undefined) {
      note(
        env,
        name,
        `the value ${JSON.stringify(text(v))} is not a number: rendered as 0.0, as third-party notes say Klaviyo does`,
      );
      a = 0;
    }
    if (b === undefined) {
      note(
        env,
        name,
        `the argument ${JSON.stringify(text(arg))} is not a number: Klaviyo's output is not documented, rendered empty`,
      );
      return '';
    }
    const r = op(a, b);
    if (r === undefined || !Number.isFinite(r)) {
      note(env, name, "dividing by zero: Klaviyo's output is not documented, rendered empty");
      return '';
    }
    return toPyFloat(r);
  };
}
reg(
  'multiply',
  arithmetic('multiply', (a, b) => a * b),
);
reg(
  'divide',
  arithmetic('divide', (a, b) => (b === 0 ? undefined : a / b)),
);
reg(
  'floatadd',
  arithmetic('floatadd', (a, b) => a + b),
);
reg(
  'floatsub',
  arithmetic('floatsub', (a, b) => a - b),
);
reg(
  'modulo',
  arithmetic('modulo', (a, b) => (b === 0 ? undefined : a - b * Math.floor(a / b))),
);

/** Python's abs(): an int stays an int, a float a float. */
reg(
  'abs',
  (v, _a, env) => {
    if (typeof v === 'boolean') return v ? 1 : 0;
    if (isNumeric(v)) return isFloat(v) ? toPyFloat(Math.abs(numValue(v))) : Math.abs(numValue(v));
    const f = floatOf(v);
    note(env, 'abs', 'Klaviyo documents abs for numbers only: text is read as a number where it can be');
    return f === undefined ? '' : toPyFloat(Math.abs(f));
  },
  true,
);

/** Python's max()/min() of value and argument: the winning object is returned as it is (1|at_least:5.0 → 5.0). */
function bound(name: string, larger: boolean): Fn {
  return (v, arg, env) => {
    if (!isNumeric(v) || !isNumeric(arg)) {
      const a = floatOf(v);
      const b = floatOf(arg);
      note(env, name, 'Klaviyo documents numbers only: text is read as a number where it can be');
      if (a === undefined || b === undefined) return '';
      return toPyFloat(larger ? Math.max(a, b) : Math.min(a, b));
    }
    const argWins = larger ? numValue(arg) > numValue(v) : numValue(arg) < numValue(v);
    return argWins ? arg : v;
  };
}
reg('at_least', bound('at_least', true), true);
reg('at_most', bound('at_most', false), true);

/** ceil/floor: the documented example prints the rounded float's text ("6.0"). */
function wholeText(name: string, round: (x: number) => number, documented: boolean): Fn {
  return (v, _a, env) => {
    const f = floatOf(v);
    if (f === undefined || !Number.isFinite(f)) {
      note(
        env,
        name,
        `the value ${JSON.stringify(text(v))} is not a number: Klaviyo's output is not documented, rendered empty`,
      );
      return '';
    }
    if (!documented)
      note(env, name, "Klaviyo's own entry could not be read: rendered as ceil is documented (the float's text)");
    return floatRepr(round(f) || 0);
  };
}
reg('ceil', wholeText('ceil', Math.ceil, true), true);
reg('floor', wholeText('floor', Math.floor, false), true);

function rounding(mode: 'up' | 'down' | 'half'): Fn {
  return (v, arg) => {
    const f = floatOf(v);
    if (f === undefined) return '';
    return toPyFloat(roundTo(f, Math.max(0, intOf(arg, 0)), mode));
  };
}
reg('round_up', rounding('up'));
reg('round_down', rounding('down'));
reg('round', rounding('half'));

reg('percentize', (v, arg) => {
  const f = floatOf(v);
  if (f === undefined) return '';
  const places = Math.max(0, intOf(arg, 0));
  // toFixed takes at most 100 digits (past that it threw a RangeError: exit 70); no percentage needs more.
  if (places > 100)
    throw new RenderLimit(
      `percentize asks for ${places.toLocaleString('en-US')} decimals, more than the 100 this renderer computes`,
    );
  return `${roundTo(f * 100, places, 'half').toFixed(places)}%`;
});

reg('sum_list', (v) => {
  if (!isSeq(v)) return '';
  let sum = 0;
  for (const item of seqItems(v)) sum += floatOf(item) ?? 0;
  return toPyFloat(sum);
});

function comparison(test: (a: number, b: number) => boolean): Fn {
  return (v, arg) => {
    const a = floatOf(v);
    const b = floatOf(arg);
    return a !== undefined && b !== undefined && test(a, b) ? 'true' : 'false';
  };
}
reg(
  'gt',
  comparison((a, b) => a > b),
);
reg(
  'gte',
  comparison((a, b) => a >= b),
);
reg(
  'lt',
  comparison((a, b) => a < b),
);
reg(
  'lte',
  comparison((a, b) => a <= b),
);

// -- text ---------------------------------------------------------------------------------------------------------

const textOnly = (name: string, env: unknown, v: unknown) => {
  if (!isStr(v))
    note(
      env,
      name,
      `Klaviyo documents text input only: a ${Array.isArray(v) ? 'list' : 'non-text value'} is rendered as its Python text`,
    );
};
reg(
  'append',
  (v, arg, env) => {
    textOnly('append', env, v);
    return text(v) + text(arg);
  },
  true,
);
reg('prepend', (v, arg) => text(arg) + text(v));
reg(
  'concat',
  (v, arg, env) => {
    if (Array.isArray(v) && Array.isArray(arg)) return [...v, ...arg];
    textOnly('concat', env, v);
    return text(v) + text(arg);
  },
  true,
);
reg(
  'count',
  (v, _a, env) => {
    if (isStr(v)) return codePoints(text(v)).length;
    note(env, 'count', 'Klaviyo documents count for text: other values are counted as length counts them');
    try {
      return pyLen(v);
    } catch {
      return 0;
    }
  },
  true,
);

reg('truncate', (v, arg) => {
  const n = intOf(arg, 50);
  const cps = codePoints(text(v));
  return cps.length <= n ? text(v) : `${cps.slice(0, Math.max(0, n - 3)).join('')}...`;
});
reg('strip', (v) => pyStrip(text(v)));
reg('lstrip', (v) => pyStrip(`${text(v)}x`).slice(0, -1));
reg('rstrip', (v) => pyStrip(`x${text(v)}`).slice(1));
reg('strip_newlines', (v) => text(v).replace(/\r?\n|\r/g, ''));
reg('remove', (v, arg) => text(v).split(text(arg)).join(''));
reg('remove_first', (v, arg) => text(v).replace(text(arg), ''));
reg('remove_last', (v, arg) => replaceLast(text(v), text(arg), ''));
/** `find|replace` in one argument (the Django grammar allows one): text before the first `|` becomes the rest. */
function findReplace(arg: unknown): [string, string] {
  const a = text(arg);
  const bar = a.indexOf('|');
  return bar < 0 ? [a, ''] : [a.slice(0, bar), a.slice(bar + 1)];
}
reg('find_replace', (v, arg) => {
  const [find, replace] = findReplace(arg);
  return find === '' ? text(v) : text(v).split(find).join(replace);
});
reg('replace_first', (v, arg) => {
  const [find, replace] = findReplace(arg);
  return text(v).replace(find, () => replace);
});
reg('replace_last', (v, arg) => {
  const [find, replace] = findReplace(arg);
  return replaceLast(text(v), find, replace);
});
function replaceLast(s: string, find: string, replace: string): string {
  const at = s.lastIndexOf(find);
  return at < 0 || find === '' ? s : s.slice(0, at) + replace + s.slice(at + find.length);
}
reg('split', (v, arg) => {
  const sep = text(arg);
  return sep === '' ? codePoints(text(v)) : text(v).split(sep);
});
reg('resplit', (v, arg) => {
  // The template chooses the pattern: one that backtracks exponentially would hang the render (issue 14).
  const unsafe = unsafePatternReason(text(arg));
  if (unsafe)
    throw new RenderLimit(`resplit's pattern ${JSON.stringify(text(arg).slice(0, 40))} is refused: ${unsafe}`);
  try {
    return text(v).split(new RegExp(text(arg), 'u'));
  } catch {
    return [text(v)];
  }
});
reg('escape_once', (v) => htmlEscape(text(v)).replace(/&amp;(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);/g, '&$1;'));
reg('urlencodeplus', (v) => urlQuote(text(v), ' ').replace(/ /g, '+'));
function urlDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
reg('urldecode', (v) => urlDecode(text(v)));
reg('urldecodeplus', (v) => urlDecode(text(v).replace(/\+/g, ' ')));
reg('httpize', (v) => (/^[a-z][a-z0-9+.-]*:\/\//i.test(text(v)) ? text(v) : `http://${text(v)}`));
reg('httpsize', (v) => (/^[a-z][a-z0-9+.-]*:\/\//i.test(text(v)) ? text(v) : `https://${text(v)}`));
reg('trim_slash', (v) => text(v).replace(/\/+$/, ''));

// -- encodings and hashes -----------------------------------------------------------------------------------------

/** Base-64 of the text's UTF-8 bytes, padded, as Python's base64 module writes it. */
function base64(name: string, urlSafe: boolean): Fn {
  return (v, _a, env) => {
    const s = text(v);
    if (/[^\x00-\x7f]/.test(s))
      note(env, name, 'the text has non-ASCII characters: encoded as UTF-8, which Klaviyo does not state');
    const b = Buffer.from(s, 'utf8').toString('base64');
    return urlSafe ? b.replace(/\+/g, '-').replace(/\//g, '_') : b;
  };
}
reg('base64_encode', base64('base64_encode', false), true);
reg('base64_url_safe_encode', base64('base64_url_safe_encode', true), true);
function unbase64(name: string, urlSafe: boolean): Fn {
  return (v, _a, env) => {
    const s = text(v).replace(/\s+/g, '');
    const alphabet = urlSafe ? /^[A-Za-z0-9_-]*={0,2}$/ : /^[A-Za-z0-9+/]*={0,2}$/;
    const bytes =
      alphabet.test(s) && s.replace(/=+$/, '').length % 4 !== 1
        ? Buffer.from(s, urlSafe ? 'base64url' : 'base64')
        : undefined;
    const decoded = bytes && new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    if (decoded === undefined || decoded.includes('\ufffd')) {
      note(env, name, "the value is not Base-64 of UTF-8 text: Klaviyo's output is not documented, rendered empty");
      return '';
    }
    return decoded;
  };
}
reg('base64_decode', unbase64('base64_decode', false), true);
reg('base64_url_safe_decode', unbase64('base64_url_safe_decode', true), true);

type Crypto = { createHash(alg: string): { update(s: string, enc: 'utf8'): { digest(enc: 'hex'): string } } };
/** node:crypto, loaded on the first hash only (startup time: most runs never hash). */
let crypto: Crypto | undefined;
function hash(alg: string): Fn {
  return (v) => {
    crypto ??= (process as unknown as { getBuiltinModule(id: string): Crypto }).getBuiltinModule('node:crypto');
    return crypto.createHash(alg).update(text(v), 'utf8').digest('hex');
  };
}
reg('md5_hash', hash('md5'));
reg('sha_1', hash('sha1'));
reg('sha_256', hash('sha256'));

// -- lists --------------------------------------------------------------------------------------------------------

const listOf = (v: unknown): unknown[] => (isSeq(v) ? [...seqItems(v)] : []);
/** item[key] for dicts, else undefined. */
const field = (item: unknown, key: string): unknown =>
  isDict(item) && dictHas(item, key) ? dictGet(item, key) : undefined;

reg(
  'compact',
  (v, _a, env) => {
    if (!isSeq(v)) {
      note(env, 'compact', 'Klaviyo documents compact for lists only: the value is shown unchanged');
      return v;
    }
    return seqItems(v).filter((x) => x !== null && x !== undefined);
  },
  true,
);
reg('list_to_string', (v) => {
  const items = listOf(v).map(text);
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
});
reg('list_where', (v, arg) => {
  const a = text(arg);
  const eq = a.indexOf('=');
  const key = eq < 0 ? a : a.slice(0, eq);
  return listOf(v).filter((item) =>
    eq < 0 ? field(item, key) !== undefined : text(field(item, key) ?? '') === a.slice(eq + 1),
  );
});
reg('dictfilter', (v, arg) => {
  const m = /^(.*?)(<=|>=|=>|==|!=|<|>)(.*)$/.exec(text(arg));
  if (!m) return listOf(v);
  const [, key, op, want] = m;
  return listOf(v).filter((item) => {
    const got = field(item, key!);
    if (got === undefined) return false;
    const a = floatOf(got);
    const b = floatOf(want);
    const cmp =
      a !== undefined && b !== undefined ? Math.sign(a - b) : text(got) < want! ? -1 : text(got) > want! ? 1 : 0;
    return {
      '<': cmp < 0,
      '<=': cmp <= 0,
      '==': cmp === 0,
      '!=': cmp !== 0,
      '>=': cmp >= 0,
      '=>': cmp >= 0,
      '>': cmp > 0,
    }[op!];
  });
});
reg('map', (v, arg) => listOf(v).map((item) => field(item, text(arg)) ?? null));
reg('reverse', (v) => (isStr(v) ? codePoints(text(v)).reverse().join('') : listOf(v).reverse()));
function sorter(natural: boolean): Fn {
  return (v, arg) => {
    const key = arg === undefined || arg === null ? undefined : text(arg);
    const keyed = listOf(v).map((item) => {
      const k = key === undefined ? item : field(item, key);
      return { item, k: natural && isStr(k) ? text(k).toLowerCase() : k };
    });
    try {
      keyed.sort((x, y) => pyCompare(x.k, y.k, '<'));
    } catch (e) {
      if (!(e instanceof PyException)) throw e;
    }
    return keyed.map((x) => x.item);
  };
}
reg('sort', sorter(false));
reg('sort_natural', sorter(true));
reg('uniq', (v, arg) => {
  const out: unknown[] = [];
  const keys: unknown[] = [];
  for (const item of listOf(v)) {
    const k = arg === undefined || arg === null ? item : field(item, text(arg));
    if (keys.some((seen) => pyEq(seen, k))) continue;
    keys.push(k);
    out.push(item);
  }
  return out;
});

// -- dates --------------------------------------------------------------------------------------------------------

/** A timestamp as Klaviyo's date filters read it, noting what the docs leave open. */
function readDate(name: string, v: unknown, env: unknown): PyDateTime | undefined {
  if (v instanceof PyDateTime) return v;
  if (isStr(v)) {
    const parsed = parseIsoDate(text(v));
    if (parsed && !parsed.documented)
      note(
        env,
        name,
        `${JSON.stringify(text(v))} is not a documented date shape (YYYY-MM-DD or an ISO 8601 timestamp with an offset): read as ISO 8601`,
      );
    if (parsed) return parsed.value;
  } else if (isInt(v) || isFloat(v)) {
    note(env, name, 'a number is read as Unix seconds in UTC, which Klaviyo does not document');
    const ms = numValue(v) * 1000;
    const d = new Date(ms);
    if (Number.isNaN(d.getTime())) return undefined;
    return new PyDateTime(
      d.getUTCFullYear(),
      d.getUTCMonth() + 1,
      d.getUTCDate(),
      d.getUTCHours(),
      d.getUTCMinutes(),
      d.getUTCSeconds(),
      0,
      0,
    );
  }
  note(env, name, `${JSON.stringify(text(v))} is not a date preview can read: shown unchanged`);
  return undefined;
}

function toDate(name: string): Fn {
  return (v, _a, env) => {
    if (v === null || v === undefined || (isStr(v) && text(v) === '')) return v;
    return readDate(name, v, env) ?? v;
  };
}
reg('format_date_string', toDate('format_date_string'), true);
reg('datetime_from_string', toDate('datetime_from_string'));

reg(
  'days_later',
  (v, arg, env) => {
    const days = intOf(arg, 0);
    if (isStr(v)) {
      const day = dayOf(text(v));
      // The documented case: YYYY-MM-DD in, YYYY-MM-DD out.
      if (day) return day.plusDays(days).iso().slice(0, 10);
    }
    const d = readDate('days_later', v, env);
    if (!d) return '';
    note(env, 'days_later', 'only a YYYY-MM-DD date is documented: a date with a time is shifted and kept as a date');
    return d.plusDays(days);
  },
  true,
);

reg('weeks_since', (v, arg, env) => {
  const state = env as RenderState;
  const since = readDate('weeks_since', arg === undefined ? v : arg, env);
  const today = state.today ? dayOf(state.today) : undefined;
  if (!since || !today) return '';
  return Math.floor((today.epochDay() - since.epochDay()) / 7);
});

/** Django's `date` and `time` filters (defaultfilters.py): '' for a value that is not a datetime. */
function djangoDate(name: string, timeOnly: boolean, defaultFormat: string): Fn {
  return (v, arg, env) => {
    if (v === null || v === undefined || (isStr(v) && text(v) === '')) return '';
    const format = namedFormat(arg === undefined || arg === null ? defaultFormat : text(arg));
    const r = formatDate(v instanceof PyDateTime ? v : undefined, format, timeOnly);
    if (!r) return '';
    if (r.naiveZone)
      note(
        env,
        name,
        "a time-zone character on a date without an offset: Django's TIME_ZONE setting is unknown, taken as UTC",
      );
    return r.text;
  };
}
reg('date', djangoDate('date', false, 'DATE_FORMAT'), true);
reg('time', djangoDate('time', true, 'TIME_FORMAT'), true);

/** Klaviyo's placeholder image: its real URL is not documented, so preview shows this one. */
export const PLACEHOLDER_IMAGE = 'https://www.klaviyo.com/media/images/examples/placeholder-image.png';
reg(
  'missing_product_image',
  (v, _a, env) => {
    if (v !== null && v !== undefined && text(v) !== '') return v;
    note(
      env,
      'missing_product_image',
      "the image is missing: Klaviyo's placeholder image URL is not documented, preview shows a stand-in",
    );
    return PLACEHOLDER_IMAGE;
  },
  true,
);

// -- the table ----------------------------------------------------------------------------------------------------

const cache = new Map<string, FilterDef>();

/**
 * The implementation of a catalogued filter that Django's built-ins (`django`) do not cover, or undefined when
 * `django` has it: Klaviyo's own, an alias of another, or for a filter preview cannot render, the value unchanged.
 */
export function klaviyoFilter(entry: FilterEntry, django: ReadonlyMap<string, FilterDef>): FilterDef | undefined {
  const hit = cache.get(entry.name);
  if (hit) return hit;
  const own = defs.get(entry.name) ?? (entry.aliasOf !== undefined ? defs.get(entry.aliasOf) : undefined);
  const builtin = django.get(entry.name) ?? (entry.aliasOf !== undefined ? django.get(entry.aliasOf) : undefined);
  if (!own && builtin && entry.approximate === undefined) return entry.aliasOf !== undefined ? builtin : undefined;
  const fn: Fn = own?.fn ?? builtin?.fn ?? ((v) => v);
  const why = entry.approximate;
  const def: FilterDef = {
    minArgs: entry.minArgs,
    maxArgs: entry.maxArgs,
    isSafe: builtin?.isSafe ?? false,
    stringFilter: builtin?.stringFilter ?? false,
    fn:
      why === undefined || own?.dynamic
        ? fn
        : (v, arg, env) => {
            note(env, entry.name, why);
            return fn(v, arg, env);
          },
  };
  cache.set(entry.name, def);
  return def;
}
