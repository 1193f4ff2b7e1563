/**
 * `sample --redact`: the same event with every string and number replaced by a stand-in of the same type and shape,
 * so a sample can be committed for CI without personal data. Keys, list lengths, booleans and nulls stay; each
 * letter becomes another letter of the same case, each digit another digit, other characters stay — so an email
 * still looks like an email, a price like a price, and a number is written as Klaviyo wrote it (`10.0` stays a
 * float, a 20-digit id keeps 20 digits); an ISO date or date-time becomes another valid one in the same format.
 * The stand-ins are drawn at random (`random`, injected): they cannot be turned back into the original, and no
 * stand-in equals the text it replaces.
 */
import { jsonTokens } from '../json-text.js';

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

/**
 * A number's text with its digits redrawn: the sign, the decimal point, the number of digits and the exponent stay,
 * so an integer stays an integer of the same length (every digit of one beyond 2^53 included) and `10.0` a float.
 * A leading digit stays non-zero (same number of digits), and so does a fraction's last one (`45.50` could
 * otherwise read back as an integer).
 */
function redactNumber(text: string, random: Random): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?(.*)$/.exec(text)!;
  const [, sign, int, frac, exponent] = m as unknown as [string, string, string, string | undefined, string];
  const redraw = (digits: string, nonZero: (i: number) => boolean) =>
    [...digits].map((c, i) => other(DIGITS, c, random, nonZero(i) ? 1 : 0)).join('');
  const intOut = redraw(int, (i) => i === 0 && int.length > 1);
  const fracOut = frac === undefined ? undefined : redraw(frac, (i) => i === frac.length - 1);
  return `${sign}${intOut}${fracOut === undefined ? '' : `.${fracOut}`}${exponent}`;
}

/**
 * The redacted copy of valid JSON text, compact, numbers written as they were (digits redrawn): the sample a user
 * commits must render as Klaviyo renders the real one, and JSON.parse would turn `10.0` into the integer 10 and
 * round a 20-digit id. No stand-in equals any string or number of the input — not even another field's (a quantity
 * 2 redacted to 1 beside a quantity 1 would leak nothing, but a reader could not tell): it is drawn again.
 */
export function redactSampleText(text: string, random: Random = Math.random): string {
  const strings = new Set<string>();
  const numbers = new Set<number>();
  for (const t of jsonTokens(text)) {
    if (t.kind === 'string' && !t.key) strings.add(JSON.parse(t.text) as string);
    if (t.kind === 'number') numbers.add(Number(t.text));
  }
  let out = '';
  for (const t of jsonTokens(text)) {
    if (t.kind === 'punct' || t.kind === 'literal' || (t.kind === 'string' && t.key)) out += t.text;
    else if (t.kind === 'string') {
      const s = JSON.parse(t.text) as string;
      let r = redactString(s, random);
      for (let i = 0; i < 64 && strings.has(r); i++) r = redactString(s, random);
      out += JSON.stringify(r); // text without letters or digits may stay: it holds nothing to hide
    } else {
      let r = redactNumber(t.text, random);
      for (let i = 0; i < 64 && numbers.has(Number(r)); i++) r = redactNumber(t.text, random);
      // Every number of its length taken (the ten digits, say): one more digit.
      while (numbers.has(Number(r))) r = r.replace(/\d/, (d) => `${d === '0' ? 1 : d}${other(DIGITS, '', random)}`);
      out += r;
    }
  }
  return out;
}

/** redactSampleText for a parsed value (numbers as JSON.stringify writes them). */
export function redactSample(value: unknown, random: Random = Math.random): unknown {
  return JSON.parse(redactSampleText(JSON.stringify(value), random));
}
