/** String helpers with Django's exact output: escape, escapejs, strip_tags, urlencode, Truncator, title. */
import { PY_WS, PyException, codePoints } from './values.js';

/** django.utils.html.escape (html.escape with quote=True). */
export function htmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' })[c]!);
}

const JS_ESCAPES: Record<string, string> = {
  '\\': '\\u005C',
  "'": '\\u0027',
  '"': '\\u0022',
  '>': '\\u003E',
  '<': '\\u003C',
  '&': '\\u0026',
  '=': '\\u003D',
  '-': '\\u002D',
  ';': '\\u003B',
  '`': '\\u0060',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};
for (let z = 0; z < 32; z++) JS_ESCAPES[String.fromCharCode(z)] = `\\u${z.toString(16).toUpperCase().padStart(4, '0')}`;

/** django.utils.html.escapejs: every result is valid inside a JSON string and decodes to the input. */
export function escapeJs(s: string): string {
  return s.replace(/[\\'"<>&=\-;`\u2028\u2029\x00-\x1f]/g, (c) => JS_ESCAPES[c]!);
}

/** django.utils.text.normalize_newlines. */
export const normalizeNewlines = (s: string) => s.replace(/\r\n|\r/g, '\n');

// ---------------------------------------------------------------------------------------------------------------
// strip_tags: a port of the parts of Python's html.parser.HTMLParser that MLStripper observes.

const WS = `[${PY_WS}]`;
const LOCATE_STARTTAG_END = new RegExp(
  `<[a-zA-Z][^\\t\\n\\r\\f />\\x00]*(?:[${PY_WS}/]*(?:(?<=['"${PY_WS}/])[^${PY_WS}/>][^${PY_WS}/=>]*` +
    `(?:${WS}*=+${WS}*(?:'[^']*'|"[^"]*"|(?!['"])[^>${PY_WS}]*)${WS}*)?(?:${WS}|/(?!>))*)*)?${WS}*`,
  'y',
);
const ENDTAGFIND = new RegExp(`</${WS}*([a-zA-Z][-.a-zA-Z0-9:_]*)${WS}*>`, 'y');
const TAGFIND_TOLERANT = new RegExp(`([a-zA-Z][^\\t\\n\\r\\f />\\x00]*)(?:${WS}|/(?!>))*`, 'y');
const ENTITYREF = /&([a-zA-Z][-.a-zA-Z0-9]*)[^a-zA-Z0-9]/y;
const CHARREF = /&#(?:[0-9]+|[xX][0-9a-fA-F]+)[^0-9a-fA-F]/y;
const INCOMPLETE = /&[a-zA-Z#]/y;
const COMMENTCLOSE = new RegExp(`--${WS}*>`, 'g');

function stickyMatch(re: RegExp, s: string, at: number): RegExpExecArray | null {
  re.lastIndex = at;
  return re.exec(s);
}

class TagStripper {
  private raw = '';
  readonly out: string[] = [];

  feed(s: string) {
    this.raw += s;
    this.goahead(false);
  }
  close() {
    this.goahead(true);
  }

  private startTag(i: number): number {
    const raw = this.raw;
    const m = stickyMatch(LOCATE_STARTTAG_END, raw, i)!;
    const j = i + m[0].length;
    const next = raw.slice(j, j + 1);
    if (next === '>') return j + 1;
    if (next === '/') {
      if (raw.startsWith('/>', j)) return j + 2;
      return -1;
    }
    if (next === '') return -1;
    if (/[a-zA-Z=/]/.test(next)) return -1;
    return j > i ? j : i + 1;
  }

  private endTag(i: number): number {
    const raw = this.raw;
    const gt = raw.indexOf('>', i + 1);
    if (gt < 0) return -1;
    if (stickyMatch(ENDTAGFIND, raw, i)) return gt + 1;
    const name = stickyMatch(TAGFIND_TOLERANT, raw, i + 2);
    if (!name) {
      if (raw.slice(i, i + 3) === '</>') return i + 3;
      return this.bogusComment(i);
    }
    return raw.indexOf('>', i + 2 + name[0].length) + 1;
  }

  private bogusComment(i: number): number {
    const pos = this.raw.indexOf('>', i + 2);
    return pos < 0 ? -1 : pos + 1;
  }

  private goahead(end: boolean) {
    const raw = this.raw;
    const n = raw.length;
    let i = 0;
    while (i < n) {
      const found = raw.slice(i).search(/[&<]/);
      const j = found < 0 ? n : i + found;
      if (i < j) this.out.push(raw.slice(i, j));
      i = j;
      if (i === n) break;
      if (raw[i] === '<') {
        let k: number;
        if (/[a-zA-Z]/.test(raw[i + 1] ?? '')) k = this.startTag(i);
        else if (raw.startsWith('</', i)) k = this.endTag(i);
        else if (raw.startsWith('<!--', i)) {
          COMMENTCLOSE.lastIndex = i + 4;
          const m = COMMENTCLOSE.exec(raw);
          k = m ? m.index + m[0].length : -1;
        } else if (raw.startsWith('<?', i)) {
          const p = raw.indexOf('>', i + 2);
          k = p < 0 ? -1 : p + 1;
        } else if (raw.startsWith('<!', i)) k = this.bogusComment(i);
        else if (i + 1 < n) {
          this.out.push('<');
          k = i + 1;
        } else break;
        if (k < 0) {
          if (!end) break;
          k = raw.indexOf('>', i + 1);
          if (k < 0) {
            k = raw.indexOf('<', i + 1);
            if (k < 0) k = i + 1;
          } else k += 1;
          this.out.push(raw.slice(i, k));
        }
        i = k;
      } else if (raw.startsWith('&#', i)) {
        const m = stickyMatch(CHARREF, raw, i);
        if (m) {
          this.out.push(`&#${m[0].slice(2, -1)};`);
          i = m[0].endsWith(';') ? i + m[0].length : i + m[0].length - 1;
          continue;
        }
        if (raw.slice(i).includes(';')) {
          this.out.push(raw.slice(i, i + 2));
          i += 2;
        }
        break;
      } else {
        const m = stickyMatch(ENTITYREF, raw, i);
        if (m) {
          this.out.push(`&${m[1]};`);
          i = m[0].endsWith(';') ? i + m[0].length : i + m[0].length - 1;
          continue;
        }
        const inc = stickyMatch(INCOMPLETE, raw, i);
        if (inc) {
          if (end && inc[0] === raw.slice(i)) i += 1;
          break;
        } else if (i + 1 < n) {
          this.out.push('&');
          i += 1;
        } else break;
      }
    }
    if (end && i < n) {
      this.out.push(raw.slice(i, n));
      i = n;
    }
    this.raw = raw.slice(i);
  }
}

function stripOnce(value: string): string {
  const s = new TagStripper();
  s.feed(value);
  s.close();
  return s.out.join('');
}

const count = (s: string, c: string) => s.split(c).length - 1;

/** django.utils.html.strip_tags. */
export function stripTags(value: string): string {
  while (value.includes('<') && value.includes('>')) {
    const next = stripOnce(value);
    if (count(value, '<') === count(next, '<')) break;
    value = next;
  }
  return value;
}

// ---------------------------------------------------------------------------------------------------------------

const ALWAYS_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~';

/** urllib.parse.quote(s, safe). */
export function urlQuote(s: string, safe = '/'): string {
  const safeSet = new Set(ALWAYS_SAFE + [...safe].filter((c) => c.charCodeAt(0) < 128).join(''));
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xd800 && cp <= 0xdfff) {
      throw new PyException('UnicodeEncodeError', "'utf-8' codec can't encode character: surrogates not allowed");
    }
    if (safeSet.has(ch)) out += ch;
    else for (const b of new TextEncoder().encode(ch)) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

// unicodedata.combining() != 0 is approximated by the nonspacing-mark category.
const COMBINING = /\p{Mn}/u;

/** Truncator(value).chars(length) with the default '…'. The text comes back NFC-normalized either way. */
export function truncateChars(value: string, length: number): string {
  const text = codePoints(value.normalize('NFC'));
  const truncateLen = length - 1;
  let sLen = 0;
  let endIndex: number | null = null;
  for (let i = 0; i < text.length; i++) {
    if (COMBINING.test(text[i]!)) continue;
    sLen++;
    if (endIndex === null && sLen > truncateLen) endIndex = i;
    if (sLen > length) return `${text.slice(0, endIndex ?? 0).join('')}…`;
  }
  return text.join('');
}

// "Cased" in CPython's sense (approximated by the letter case categories).
const CASED = /[\p{Lu}\p{Ll}\p{Lt}]/u;

// Titlecase differs from uppercase only for these digraphs and for characters that uppercase to several.
const TITLECASE: Record<string, string> = {
  '\u01c4': '\u01c5',
  '\u01c5': '\u01c5',
  '\u01c6': '\u01c5',
  '\u01c7': '\u01c8',
  '\u01c8': '\u01c8',
  '\u01c9': '\u01c8',
  '\u01ca': '\u01cb',
  '\u01cb': '\u01cb',
  '\u01cc': '\u01cb',
  '\u01f1': '\u01f2',
  '\u01f2': '\u01f2',
  '\u01f3': '\u01f2',
};
function titleChar(ch: string): string {
  const t = TITLECASE[ch];
  if (t) return t;
  const upper = codePoints(ch.toUpperCase());
  return upper.length > 1 ? upper[0]! + upper.slice(1).join('').toLowerCase() : upper.join('');
}

/** Python str.title(): titlecase after an uncased character, lowercase (with final-sigma rules) after a cased one. */
export function pyTitle(s: string): string {
  let out = '';
  let first = ''; // the word's first cased character: context for final sigma when lowercasing the rest
  let run = '';
  const flush = () => {
    if (run) out += (first + run).toLowerCase().slice(first.toLowerCase().length);
    run = '';
  };
  let prevCased = false;
  for (const ch of s) {
    const cased = CASED.test(ch);
    if (prevCased && cased) {
      run += ch;
      continue;
    }
    flush();
    out += prevCased ? ch.toLowerCase() : titleChar(ch);
    if (!prevCased && cased) first = ch;
    prevCased = cased;
  }
  flush();
  return out;
}

/** Python str.center/ljust/rjust (space fill, code-point widths). */
export function pyPad(s: string, width: number, how: 'left' | 'right' | 'center'): string {
  const len = codePoints(s).length;
  const marg = width - len;
  if (marg <= 0) return s;
  if (how === 'left') return s + ' '.repeat(marg);
  if (how === 'right') return ' '.repeat(marg) + s;
  const left = Math.floor(marg / 2) + (marg & width & 1);
  return ' '.repeat(left) + s + ' '.repeat(marg - left);
}
