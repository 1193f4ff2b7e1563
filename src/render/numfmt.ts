/**
 * Exact decimal formatting of doubles, as Python does it: '%f'/'%e'/'%g' round the exact binary value half-even,
 * and Django's floatformat rounds the repr() string half-up with decimal.Decimal. BigInt keeps both exact.
 */

/** An exact rational N/D equal to |x|. */
function exactRational(x: number): { n: bigint; d: bigint } {
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, Math.abs(x));
  const hi = buf.getUint32(0);
  const lo = buf.getUint32(4);
  const expBits = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp: number;
  if (expBits === 0) exp = -1074;
  else {
    mant |= 1n << 52n;
    exp = expBits - 1075;
  }
  return exp >= 0 ? { n: mant << BigInt(exp), d: 1n } : { n: mant, d: 1n << BigInt(-exp) };
}

const pow10 = (k: number) => 10n ** BigInt(k);

/** round(|x| * 10^k), ties to even, exactly. */
function scaledRound(x: number, k: number): bigint {
  let { n, d } = exactRational(x);
  if (k >= 0) n *= pow10(k);
  else d *= pow10(-k);
  const q = n / d;
  const r2 = (n % d) * 2n;
  if (r2 > d || (r2 === d && q % 2n === 1n)) return q + 1n;
  return q;
}

/** Python '%.{prec}f' % x, without sign handling for non-finite values. */
export function formatFixed(x: number, prec: number): string {
  if (!Number.isFinite(x)) return nonFinite(x);
  const q = scaledRound(x, prec)
    .toString()
    .padStart(prec + 1, '0');
  const body = prec > 0 ? `${q.slice(0, q.length - prec)}.${q.slice(q.length - prec)}` : q;
  return (x < 0 || Object.is(x, -0) ? '-' : '') + body;
}

/** Digits and decimal exponent of |x| rounded to `digits` significant digits (half-even, exact). */
function significant(x: number, digits: number): { q: string; exp: number } {
  if (x === 0) return { q: '0'.repeat(digits), exp: 0 };
  let exp = Math.floor(Math.log10(Math.abs(x)));
  for (let guard = 0; guard < 4; guard++) {
    const q = scaledRound(x, digits - 1 - exp);
    if (q >= pow10(digits)) exp++;
    else if (q < pow10(digits - 1)) exp--;
    else return { q: q.toString(), exp };
  }
  const q = scaledRound(x, digits - 1 - exp);
  return { q: q.toString().slice(0, digits), exp };
}

/** Python '%.{prec}e' % x. */
export function formatExp(x: number, prec: number, upper = false): string {
  if (!Number.isFinite(x)) return nonFinite(x, upper);
  const { q, exp } = significant(x, prec + 1);
  const mant = prec > 0 ? `${q[0]}.${q.slice(1)}` : q;
  const e = `${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return `${x < 0 || Object.is(x, -0) ? '-' : ''}${mant}${upper ? 'E' : 'e'}${e}`;
}

/** Python '%.{prec}g' % x (alt keeps trailing zeros, as the '#' flag does). */
export function formatGeneral(x: number, prec: number, upper = false, alt = false): string {
  if (!Number.isFinite(x)) return nonFinite(x, upper);
  const p = prec === 0 ? 1 : prec;
  const { exp } = x === 0 ? { exp: 0 } : significant(x, p);
  let s = exp >= -4 && exp < p ? formatFixed(x, p - 1 - exp) : formatExp(x, p - 1, upper);
  if (!alt) {
    const [mant, e] = s.split(/(?=[eE])/);
    let m = mant!;
    if (m.includes('.')) m = m.replace(/0+$/, '').replace(/\.$/, '');
    s = m + (e ?? '');
  } else if (!s.includes('.')) {
    s = s.replace(/(?=[eE])|$/, '.');
  }
  return s;
}

function nonFinite(x: number, upper = false): string {
  const s = Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  return upper ? s.toUpperCase() : s;
}

// ---------------------------------------------------------------------------------------------------------------
// decimal.Decimal(repr) with ROUND_HALF_UP, for floatformat.

export interface Dec {
  negative: boolean;
  coeff: bigint; // absolute value of the coefficient
  exp: number; // value = coeff * 10^exp
  digits: number; // number of digits of the coefficient as written (Decimal keeps trailing zeros)
}

/** Decimal(text) for the forms repr() of an int or float produces; null for anything else (nan, inf). */
export function parseDecimal(text: string): Dec | null {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return null;
  const intPart = m[2]!;
  const frac = m[3] ?? '';
  const all = (intPart + frac).replace(/^0+(?=\d)/, '');
  return {
    negative: m[1] === '-',
    coeff: BigInt(all),
    exp: Number(m[4] ?? 0) - frac.length,
    digits: all.length,
  };
}

/** Round a Decimal to `places` decimals, half away from zero (ROUND_HALF_UP); returns the coefficient. */
export function quantizeHalfUp(d: Dec, places: number): bigint {
  const shift = d.exp + places;
  if (shift >= 0) return d.coeff * pow10(shift);
  const div = pow10(-shift);
  const q = d.coeff / div;
  return (d.coeff % div) * 2n >= div ? q + 1n : q;
}
