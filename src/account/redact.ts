/**
 * `sample --redact`: the same event with every string and number replaced by a stand-in of the same type and shape,
 * so a sample can be committed for CI without personal data. Keys, list lengths, booleans, nulls and `$`-keys stay;
 * each letter becomes another letter of the same case, each digit another digit (a leading digit stays non-zero),
 * other characters stay — so an email still looks like an email, a price like a price; an ISO date or date-time
 * becomes another valid one in the same format. The
 * stand-ins are drawn at random (`random`, injected): they cannot be turned back into the original, and no
 * stand-in equals the text it replaces.
 */
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = LOWER.toUpperCase();
const DIGITS = '0123456789';

export type Random = () => number;

/** A character of `alphabet` other than `c`. */
function other(alphabet: string, c: string, random: Random, from = 0): string {
  const choices = alphabet.slice(from).replace(c, '');
  return choices[Math.floor(random() * choices.length)] ?? c;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:([T ])(\d{2}):(\d{2})(?::(\d{2}))?(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** A date (and time) stays a valid one, in the same format: another day and time, the same offset text. */
function redactDate(m: RegExpExecArray, random: Random): string {
  const pick = (min: number, max: number) => String(min + Math.floor(random() * (max - min + 1))).padStart(2, '0');
  const [, , , , sep, , , sec, frac, zone] = m;
  let out = `${2000 + Math.floor(random() * 30)}-${pick(1, 12)}-${pick(1, 28)}`;
  if (sep) out += `${sep}${pick(0, 23)}:${pick(0, 59)}${sec !== undefined ? `:${pick(0, 59)}` : ''}${frac ?? ''}`;
  return out + (zone ?? '');
}

function redactString(s: string, random: Random): string {
  const date = ISO_DATE.exec(s);
  if (date) {
    for (let i = 0; i < 8; i++) {
      const out = redactDate(date, random);
      if (out !== s) return out;
    }
  }
  let out = '';
  for (const c of s) {
    if (LOWER.includes(c)) out += other(LOWER, c, random);
    else if (UPPER.includes(c)) out += other(UPPER, c, random);
    else if (DIGITS.includes(c)) out += other(DIGITS, c, random);
    else if (c.toLowerCase() !== c.toUpperCase())
      out += other(c === c.toLowerCase() ? LOWER : UPPER, '', random); // other scripts' letters
    else out += c;
  }
  // Text with no letter or digit (punctuation, spaces) holds nothing personal; keep it.
  return out;
}

function redactNumber(n: number, random: Random): number {
  if (!Number.isFinite(n)) return n;
  // The digits of its shortest text, exponent kept: 1e+21 stays that large, 0.001 that small.
  const [mantissa, exponent] = String(Math.abs(n)).split('e') as [string, string | undefined];
  const chars = [...mantissa];
  let out = '';
  for (const [i, c] of chars.entries()) {
    if (!DIGITS.includes(c)) out += c;
    // A leading digit stays non-zero (same number of digits); a fraction's last digit too (a float stays a float).
    else
      out += other(
        DIGITS,
        c,
        random,
        (i === 0 && chars.length > 1 && chars[1] !== '.') || (i === chars.length - 1 && mantissa.includes('.')) ? 1 : 0,
      );
  }
  let value = Number(`${out}${exponent !== undefined ? `e${exponent}` : ''}`) * (n < 0 ? -1 : 1);
  if (!Number.isFinite(value)) value = n / 2; // a mantissa that grew past the largest double
  if (Number.isInteger(n) !== Number.isInteger(value)) value = Number.isInteger(n) ? Math.round(value) : value + 0.5;
  return value === n ? n + (Number.isInteger(n) ? 1 : 0.5) : value;
}

/** Every string and number in a JSON value. */
function leaves(value: unknown, out: Set<unknown>): Set<unknown> {
  if (typeof value === 'string' || typeof value === 'number') out.add(value);
  else if (Array.isArray(value)) for (const v of value) leaves(v, out);
  else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) leaves(v, out);
  return out;
}

/**
 * The redacted copy of a JSON value (the input is not modified). No stand-in equals any string or number of the
 * input — not even another field's (a quantity 2 redacted to 1 beside a quantity 1 would leak nothing, but a reader
 * could not tell): a stand-in that does is drawn again.
 */
export function redactSample(value: unknown, random: Random = Math.random): unknown {
  const original = leaves(value, new Set());
  const fresh = <T>(v: T, draw: (v: T) => T): T => {
    let out = draw(v);
    for (let i = 0; i < 64 && original.has(out); i++) out = draw(v);
    if (!original.has(out)) return out;
    if (typeof out === 'number') {
      let n = out as number;
      while (original.has(n)) n += Number.isInteger(n) ? 1 : 0.5;
      return n as T;
    }
    return out; // text without letters or digits: nothing to hide
  };
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return fresh(v, (s) => redactString(s, random));
    if (typeof v === 'number') return fresh(v, (n) => redactNumber(n, random));
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value);
}
