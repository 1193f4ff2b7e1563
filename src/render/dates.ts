/**
 * Dates for Klaviyo's date filters and tags: a Python datetime value, Django's `date`/`time` format characters
 * (django/utils/dateformat.py, English names, USE_L10N and USE_TZ off as in Django's defaults), reading ISO 8601
 * text, and the strftime codes of `{% today %}`. Days are counted on the proleptic Gregorian calendar in UTC
 * arithmetic, so the machine's time zone never matters.
 * Over 300 lines: Django's format characters and Python's strftime codes over one datetime value.
 */

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const MONTHS_AP = ['Jan.', 'Feb.', 'March', 'April', 'May', 'June', 'July', 'Aug.', 'Sept.', 'Oct.', 'Nov.', 'Dec.'];
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Python's datetime.datetime: wall-clock fields plus an optional fixed UTC offset in minutes (null: naive). */
export class PyDateTime {
  constructor(
    readonly year: number,
    readonly month: number,
    readonly day: number,
    readonly hour = 0,
    readonly minute = 0,
    readonly second = 0,
    readonly microsecond = 0,
    readonly offset: number | null = null,
  ) {}

  /** Days since 1970-01-01 of the wall-clock date. */
  epochDay(): number {
    return Math.floor(Date.UTC(this.year, this.month - 1, this.day) / 86_400_000);
  }
  /** Python's weekday(): Monday 0 … Sunday 6. */
  weekday(): number {
    return (new Date(Date.UTC(this.year, this.month - 1, this.day)).getUTCDay() + 6) % 7;
  }
  /** Python's isocalendar()[:2]: ISO year and week. */
  isoWeek(): [number, number] {
    const thursday = this.epochDay() - this.weekday() + 3;
    const year = new Date(thursday * 86_400_000).getUTCFullYear();
    const jan1 = Math.floor(Date.UTC(year, 0, 1) / 86_400_000);
    return [year, Math.floor((thursday - jan1) / 7) + 1];
  }
  /** The same wall-clock time `days` days later. */
  plusDays(days: number): PyDateTime {
    const d = new Date((this.epochDay() + days) * 86_400_000);
    return new PyDateTime(
      d.getUTCFullYear(),
      d.getUTCMonth() + 1,
      d.getUTCDate(),
      this.hour,
      this.minute,
      this.second,
      this.microsecond,
      this.offset,
    );
  }
  offsetText(colon: boolean): string {
    if (this.offset === null) return '';
    const a = Math.abs(this.offset);
    return `${this.offset < 0 ? '-' : '+'}${pad(Math.floor(a / 60))}${colon ? ':' : ''}${pad(a % 60)}`;
  }
  /** isoformat(sep). */
  iso(sep = 'T'): string {
    const frac = this.microsecond ? `.${pad(this.microsecond, 6)}` : '';
    return `${pad(this.year, 4)}-${pad(this.month)}-${pad(this.day)}${sep}${pad(this.hour)}:${pad(this.minute)}:${pad(this.second)}${frac}${this.offsetText(true)}`;
  }
  /** Python's str(). */
  toString(): string {
    return this.iso(' ');
  }
}

// -- Django's format characters ----------------------------------------------------------------------------------

const FORMAT_CHARS = /(?<!\\)([aAbcdDeEfFgGhHiIjlLmMnNoOPrsStTUuwWyYzZ])/;
const TIME_CHARS = new Set('aAefgGhHiOPsTuZ');
const TZ_CHARS = new Set('eIOrTUZ');

/** Django's settings for the format names `date` and `time` accept (USE_L10N off). */
const NAMED_FORMATS: ReadonlyMap<string, string> = new Map([
  ['DATE_FORMAT', 'N j, Y'],
  ['DATETIME_FORMAT', 'N j, Y, P'],
  ['TIME_FORMAT', 'P'],
  ['YEAR_MONTH_FORMAT', 'F Y'],
  ['MONTH_DAY_FORMAT', 'F j'],
  ['SHORT_DATE_FORMAT', 'm/d/Y'],
  ['SHORT_DATETIME_FORMAT', 'm/d/Y P'],
]);

export const namedFormat = (format: string): string => NAMED_FORMATS.get(format) ?? format;

function g(d: PyDateTime): number {
  return d.hour % 12 || 12;
}
function f(d: PyDateTime): string {
  return d.minute === 0 ? String(g(d)) : `${g(d)}:${pad(d.minute)}`;
}
const ampm = (d: PyDateTime) => (d.hour > 11 ? 'p.m.' : 'a.m.');
const offsetSeconds = (d: PyDateTime) => (d.offset ?? 0) * 60;

function formatChar(d: PyDateTime, c: string): string {
  switch (c) {
    case 'a':
      return ampm(d);
    case 'A':
      return d.hour > 11 ? 'PM' : 'AM';
    case 'b':
      return MONTHS[d.month - 1]!.slice(0, 3).toLowerCase();
    case 'c':
      return d.iso();
    case 'd':
      return pad(d.day);
    case 'D':
      return WEEKDAYS[d.weekday()]!.slice(0, 3);
    case 'e':
      return d.offset === null ? '' : d.offset === 0 ? 'UTC' : `UTC${d.offsetText(true)}`;
    case 'E':
      return MONTHS[d.month - 1]!;
    case 'f':
      return f(d);
    case 'F':
      return MONTHS[d.month - 1]!;
    case 'g':
      return String(g(d));
    case 'G':
      return String(d.hour);
    case 'h':
      return pad(g(d));
    case 'H':
      return pad(d.hour);
    case 'i':
      return pad(d.minute);
    case 'I':
      return '0';
    case 'j':
      return String(d.day);
    case 'l':
      return WEEKDAYS[d.weekday()]!;
    case 'L':
      return isLeap(d.year) ? 'True' : 'False';
    case 'm':
      return pad(d.month);
    case 'M':
      return MONTHS[d.month - 1]!.slice(0, 3);
    case 'n':
      return String(d.month);
    case 'N':
      return MONTHS_AP[d.month - 1]!;
    case 'o':
      return String(d.isoWeek()[0]);
    case 'O':
      return d.offset === null ? '+0000' : d.offsetText(false);
    case 'P':
      return d.minute === 0 && d.hour === 0
        ? 'midnight'
        : d.minute === 0 && d.hour === 12
          ? 'noon'
          : `${f(d)} ${ampm(d)}`;
    case 'r':
      return `${WEEKDAYS[d.weekday()]!.slice(0, 3)}, ${pad(d.day)} ${MONTHS[d.month - 1]!.slice(0, 3)} ${pad(d.year, 4)} ${pad(d.hour)}:${pad(d.minute)}:${pad(d.second)} ${d.offset === null ? '+0000' : d.offsetText(false)}`;
    case 's':
      return pad(d.second);
    case 'S':
      return d.day >= 11 && d.day <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][d.day % 10] ?? 'th');
    case 't':
      return pad(new Date(Date.UTC(d.year, d.month, 0)).getUTCDate());
    case 'T':
      return d.offset === null ? 'UTC' : d.offset === 0 ? 'UTC' : `UTC${d.offsetText(true)}`;
    case 'u':
      return pad(d.microsecond, 6);
    case 'U':
      return String(d.epochDay() * 86_400 + d.hour * 3600 + d.minute * 60 + d.second - offsetSeconds(d));
    case 'w':
      return String((d.weekday() + 1) % 7);
    case 'W':
      return String(d.isoWeek()[1]);
    case 'y':
      return pad(d.year % 100);
    case 'Y':
      return String(d.year);
    case 'z':
      return String(d.epochDay() - Math.floor(Date.UTC(d.year, 0, 1) / 86_400_000) + 1);
    default:
      return String(offsetSeconds(d)); // Z
  }
}

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

export interface DateFormatResult {
  text: string;
  /** A time-zone character met a naive datetime: Django would use its TIME_ZONE setting, taken here as UTC. */
  naiveZone: boolean;
}

/**
 * DateFormat(d).format(fmt), or TimeFormat for `timeOnly` (`time` filter), where a date character is an
 * AttributeError (undefined here). `d` undefined: the value is not a datetime, so any format character fails.
 */
export function formatDate(d: PyDateTime | undefined, format: string, timeOnly = false): DateFormatResult | undefined {
  const pieces = format.split(FORMAT_CHARS);
  let text = '';
  let naiveZone = false;
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i]!;
    if (i % 2 === 0) text += piece.replace(/\\(.)/g, '$1');
    else {
      if (d === undefined || (timeOnly && !TIME_CHARS.has(piece))) return undefined;
      if (d.offset === null && TZ_CHARS.has(piece)) naiveZone = true;
      text += formatChar(d, piece);
    }
  }
  return { text, naiveZone };
}

// -- reading dates -----------------------------------------------------------------------------------------------

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:([T ])(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6})\d*)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

export interface ParsedDate {
  value: PyDateTime;
  /** The shape Klaviyo documents: YYYY-MM-DD, or a full timestamp with seconds and a numeric offset. */
  documented: boolean;
}

/** ISO 8601 text as Klaviyo's date filters plausibly read it (the offset is kept, not converted). */
export function parseIsoDate(text: string): ParsedDate | undefined {
  const m = ISO.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, sep, h, mi, s, frac, zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return undefined;
  if (h !== undefined && (Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59)) return undefined;
  let offset: number | null = null;
  if (zone === 'Z') offset = 0;
  else if (zone !== undefined) {
    const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
    offset = (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3]));
  }
  const value = new PyDateTime(
    year,
    month,
    day,
    Number(h ?? 0),
    Number(mi ?? 0),
    Number(s ?? 0),
    frac ? Number(frac.padEnd(6, '0')) : 0,
    offset,
  );
  const documented =
    h === undefined || (sep === 'T' && s !== undefined && frac === undefined && zone !== undefined && zone !== 'Z');
  return { value, documented };
}

/** The date of a YYYY-MM-DD day at midnight, naive. */
export function dayOf(ymd: string): PyDateTime | undefined {
  const p = parseIsoDate(ymd);
  return p && /^\d{4}-\d{2}-\d{2}$/.test(ymd) ? p.value : undefined;
}

// -- strftime (for {% today %}) ----------------------------------------------------------------------------------

/** Python's strftime for the C locale's common codes; other codes are kept as written (glibc does the same). */
export function strftime(d: PyDateTime, format: string): string {
  return format.replace(/%([a-zA-Z%])/g, (whole, c: string) => {
    switch (c) {
      case 'Y':
        return String(d.year);
      case 'y':
        return pad(d.year % 100);
      case 'm':
        return pad(d.month);
      case 'd':
        return pad(d.day);
      case 'e':
        return String(d.day).padStart(2, ' ');
      case 'H':
        return pad(d.hour);
      case 'I':
        return pad(g(d));
      case 'M':
        return pad(d.minute);
      case 'S':
        return pad(d.second);
      case 'p':
        return d.hour > 11 ? 'PM' : 'AM';
      case 'B':
        return MONTHS[d.month - 1]!;
      case 'b':
        return MONTHS[d.month - 1]!.slice(0, 3);
      case 'A':
        return WEEKDAYS[d.weekday()]!;
      case 'a':
        return WEEKDAYS[d.weekday()]!.slice(0, 3);
      case 'j':
        return pad(Number(formatChar(d, 'z')), 3);
      case 'w':
        return formatChar(d, 'w');
      case 'f':
        return pad(d.microsecond, 6);
      case 'z':
        return d.offsetText(false);
      case 'Z':
        return d.offset === null ? '' : 'UTC';
      case '%':
        return '%';
      default:
        return whole;
    }
  });
}

export { MONTHS, WEEKDAYS };
