/**
 * A tolerant reader for Django filter expressions (`event|lookup:'$extra'|lookup:'line_items'|first`), with offsets.
 * It is kept beside the renderer's parser (render/expression.ts) for what that one cannot give: Django stops at the
 * first mistake with a terse message, this reader keeps going and records each mistake Klaviyo users make (spaces,
 * curly quotes, `$`-keys by dot, dot after lookup) with a corrected expression, also in text Django refuses. The
 * block structure around expressions is the renderer's (compileRecovering); this reads only inside one tag.
 * Over 300 lines: one recogniser per mistake, each with the corrected expression it suggests.
 */
import { quoteArgument } from '../template/expression.js';
import { memoize } from '../util.js';

export interface Atom {
  kind: 'var' | 'string' | 'number';
  /** Raw text as written. */
  text: string;
  /** For strings the unquoted value; for vars and numbers the text. */
  value: string;
  start: number;
  end: number;
}

export interface FilterCall {
  name: string;
  start: number;
  arg?: Atom;
}

export interface ExprIssue {
  start: number;
  end: number;
  message: string;
  /** A style Klaviyo's own pages disagree on (spaces around |): Django accepts it. Absent: an error. */
  severity?: 'warning';
}

/** The expression has a mistake that fails the render (not only a warning). */
export const hasErrorIssue = (e: Readonly<FilterExpr>): boolean => e.issues.some((i) => i.severity !== 'warning');

export interface FilterExpr {
  base?: Atom;
  filters: FilterCall[];
  issues: ExprIssue[];
  /** The expression as it should be written (Klaviyo-safe spacing, lookups where dots cannot reach). */
  fixed: string;
}

// Built once: a regular expression literal inside the functions would make a RegExp object per character read.
const VAR_CHAR = /[\p{L}\p{N}_.]/u;
const WORD_CHAR = /[\p{L}\p{N}_]/u;
const VAR_TEXT = /^[\p{L}\p{N}_.]+$/u;
const DOT_KEY = /^[\p{L}\p{N}][\p{L}\p{N}_]*$|^\d+$/u;
const isVarChar = (c: string) => VAR_CHAR.test(c);
const isWordChar = (c: string) => WORD_CHAR.test(c);
const isVarText = (text: string) => VAR_TEXT.test(text);
const NUMBER_RE = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?/;
const CURLY: Record<string, string> = { '‘': '’', '“': '”', '’': '’', '”': '”' };
/** A key reachable by a dot segment: what Django's var_chars accept, not starting with `_`. */
const isDotKey = (key: string) => DOT_KEY.test(key);

function lookupChain(segments: string[]): string {
  return segments.map((s) => `|lookup:${quoteArgument(s)}`).join('');
}

/** Splits a dotted var into a head reachable by dots and the rest, which needs lookups. */
function splitDotted(text: string): string {
  return fixSegments(text.split('.'));
}

function fixSegments(segs: string[]): string {
  let i = 1;
  while (i < segs.length && isDotKey(segs[i]!)) i++;
  if (i >= segs.length) return segs.join('.');
  return segs.slice(0, i).join('.') + lookupChain(segs.slice(i));
}

/** Parses `src` (the text of one expression) found at absolute offset `offset` in the body. */
export function parseFilterExpr(src: string, offset = 0): FilterExpr {
  // Offsets in the result are `offset` plus positions in `src`: parse each text once (at 0) and hand out copies.
  return shifted(parseAtZero(src), offset);
}

const parseAtZero = memoize((src: string) => parseFilterExprAt(src, 0));

/**
 * parseFilterExpr(src) itself, shared by every caller that parses the same text: offsets are relative to `src`,
 * and it must not be modified. For callers that need no offsets, or add their own only to what they report
 * (a batch of bodies repeats the same expressions in tag after tag).
 */
export function parseFilterExprShared(src: string): Readonly<FilterExpr> {
  return parseAtZero(src);
}

function shifted(e: FilterExpr, d: number): FilterExpr {
  const atom = (a: Atom): Atom => ({ ...a, start: a.start + d, end: a.end + d });
  return {
    base: e.base && atom(e.base),
    filters: e.filters.map((f) =>
      f.arg ? { ...f, start: f.start + d, arg: atom(f.arg) } : { ...f, start: f.start + d },
    ),
    issues: e.issues.map((i) => ({ ...i, start: i.start + d, end: i.end + d })),
    fixed: e.fixed,
  };
}

function parseFilterExprAt(src: string, offset: number): FilterExpr {
  const issues: (ExprIssue & { kind: string })[] = [];
  const kinds = new Set<string>();
  const issue = (kind: string, start: number, end: number, _label: string) => {
    kinds.add(kind);
    issues.push({ kind, start: offset + start, end: offset + end, message: '' });
  };
  let pos = 0;
  const ws = () => {
    const s = pos;
    while (pos < src.length && /\s/.test(src[pos]!)) pos++;
    return pos > s;
  };

  const readAtom = (): Atom | undefined => {
    const start = pos;
    const ch = src[pos];
    if (ch === undefined) return undefined;
    if (ch === "'" || ch === '"' || ch in CURLY) {
      const close = ch in CURLY ? CURLY[ch]! : ch;
      if (ch in CURLY) issue('curly', pos, pos + 1, 'curly quotes');
      pos++;
      let value = '';
      while (pos < src.length && src[pos] !== close && !(ch in CURLY && (src[pos] === "'" || src[pos] === '"'))) {
        if (src[pos] === '\\' && pos + 1 < src.length) pos++;
        if (src[pos] in CURLY && !(ch in CURLY)) issue('curly', pos, pos + 1, 'curly quotes');
        value += src[pos];
        pos++;
      }
      if (pos >= src.length) issue('unterminated', start, pos, 'unterminated');
      else pos++;
      return { kind: 'string', text: src.slice(start, pos), value, start: offset + start, end: offset + pos };
    }
    const num = NUMBER_RE.exec(src.slice(pos));
    if (num && !isVarChar(src[pos + num[0].length] ?? ' ')) {
      pos += num[0].length;
      return { kind: 'number', text: num[0], value: num[0], start: offset + start, end: offset + pos };
    }
    while (pos < src.length && isVarChar(src[pos]!)) pos++;
    if (pos === start) return undefined;
    const text = src.slice(start, pos);
    return { kind: 'var', text, value: text, start: offset + start, end: offset + pos };
  };

  // Reads `.seg.seg` or `$seg` continuations that Django would reject, for the fix message.
  const readBadSegments = (): string[] => {
    const segs: string[] = [];
    let cur = '';
    while (pos < src.length && src[pos] !== '|' && !/\s/.test(src[pos]!)) {
      if (src[pos] === '.') {
        if (cur) segs.push(cur);
        cur = '';
      } else cur += src[pos];
      pos++;
    }
    if (cur) segs.push(cur);
    return segs;
  };

  let base = readAtom();
  let fixedBase = base?.text ?? '';
  if (!base) {
    const s = pos;
    readBadSegments();
    issue('bad-start', s, pos, 'bad start');
    fixedBase = src.slice(s, pos);
  } else if (base.kind === 'var') {
    // `event.$value`, `event.Item Count`, `event.items[0]`: keys a dot cannot reach.
    const next = src[pos];
    if (next !== undefined && next !== '|' && !/\s/.test(next)) {
      const s = pos;
      if (next === '[') {
        const m = /^\[\s*['"]?([^\]'"]*)['"]?\s*\]/.exec(src.slice(pos));
        pos += m ? m[0].length : 1;
        const rest = readBadSegments();
        const segs = [...base.text.split('.').slice(1), m?.[1] ?? '', ...rest].filter((x) => x !== '');
        fixedBase = splitDotted([base.text.split('.')[0], ...segs].join('.'));
        issue('bracket', s, pos, 'brackets');
      } else {
        const rest = readBadSegments();
        const segs = base.text.endsWith('.') ? [...base.text.slice(0, -1).split('.'), ...rest] : base.text.split('.');
        if (!base.text.endsWith('.')) {
          // The var-char run stopped mid-key (`event.foo-bar`): glue the rest of that key back on.
          segs[segs.length - 1] += rest[0] ?? '';
          segs.push(...rest.slice(1));
        }
        fixedBase = fixSegments(segs);
        issue('dollar', base.start - offset, pos, 'special key by dot');
      }
      base = { ...base, text: src.slice(base.start - offset, pos), end: offset + pos };
    } else if (next !== undefined && /\s/.test(next)) {
      // `event.Item Count|default:0`: a key with a space.
      const save = pos;
      ws();
      if (pos < src.length && src[pos] !== '|' && isWordChar(src[pos]!) && base.text.includes('.')) {
        const wordsStart = pos;
        while (pos < src.length && src[pos] !== '|') pos++;
        const words = src.slice(wordsStart, pos).trimEnd();
        pos = wordsStart + words.length;
        const segs = base.text.split('.');
        const key = `${segs[segs.length - 1]} ${words}`;
        fixedBase = segs.slice(0, -1).join('.') + lookupChain([key]);
        issue('space-key', base.start - offset, pos, 'key with space');
        base = { ...base, text: src.slice(base.start - offset, pos), end: offset + pos };
      } else pos = save;
    }
    if (!kinds.has('dollar') && !kinds.has('bracket') && !kinds.has('space-key')) fixedBase = splitDotted(base.text);
    if (fixedBase !== base.text && !kinds.has('dollar') && !kinds.has('bracket') && !kinds.has('space-key')) {
      issue('dollar', base.start - offset, base.end - offset, 'special key by dot');
    }
  }

  const filters: FilterCall[] = [];
  const fixedFilters: string[] = [];
  while (pos < src.length) {
    const before = pos;
    const spaced = ws();
    if (pos >= src.length) break;
    if (src[pos] !== '|') {
      issue('garbage', before, src.length, 'unexpected');
      break;
    }
    pos++;
    const spacedAfter = ws();
    if (spaced || spacedAfter) issue('pipe-space', before, pos, 'space around |');
    const nameStart = pos;
    while (pos < src.length && isWordChar(src[pos]!)) pos++;
    const name = src.slice(nameStart, pos);
    if (!name) {
      issue('no-filter', nameStart, nameStart + 1, 'missing filter name');
      break;
    }
    const call: FilterCall = { name, start: offset + nameStart };
    let fixedCall = name;
    const beforeColon = pos;
    const spaceBeforeColon = ws();
    if (src[pos] === ':') {
      if (spaceBeforeColon) issue('colon-space', beforeColon, pos + 1, 'space before :');
      const colon = pos;
      pos++;
      if (ws()) issue('colon-space', colon, pos, 'space after :');
      const arg = readAtom();
      if (!arg) {
        issue('no-arg', pos, pos + 1, 'missing argument');
        break;
      }
      call.arg = arg;
      fixedCall += `:${arg.kind === 'string' ? quoteArgument(arg.value) : arg.text}`;
      // `event|lookup:'$extra'.line_items`: after a lookup, every segment must be a lookup.
      if (src[pos] === '.') {
        const s = pos;
        const segs = readBadSegments();
        fixedCall += lookupChain(segs);
        issue('dot-after-lookup', s, pos, 'dot after lookup');
      }
    } else pos = beforeColon;
    filters.push(call);
    fixedFilters.push(fixedCall);
  }

  const fixed = [fixedBase, ...fixedFilters].join('|');
  const explain: Record<string, string> = {
    curly: `curly quotes in a filter argument: use straight quotes`,
    unterminated: `unterminated string`,
    'bad-start': `the expression must start with a variable or a quoted string`,
    bracket: `Django has no [ ] indexing: use a dot for list indexes or lookup for keys`,
    dollar: `keys with $ or other special characters cannot be reached with a dot: use lookup`,
    'space-key': `keys with spaces cannot be reached with a dot: use lookup`,
    garbage: `unexpected text in the expression`,
    'pipe-space': `Django accepts spaces around |, and Klaviyo's pages print them (HP, HO), but its filter guides say no extra spaces`,
    'no-filter': `a | must be followed by a filter name`,
    'colon-space': `no space around : in a filter argument (Klaviyo rejects it)`,
    'no-arg': `a : must be followed by the filter's argument`,
    'dot-after-lookup': `after a lookup every later segment must be a lookup too, indexes included`,
  };
  for (const i of issues) i.message = `${explain[i.kind]}: write ${fixed}`;
  return {
    base,
    filters,
    issues: issues.map(({ kind, ...rest }) =>
      kind === 'pipe-space' ? { ...rest, severity: 'warning' as const } : rest,
    ),
    fixed,
  };
}

/**
 * The data path an expression reads: the var's dot segments plus the lookups that directly follow it.
 * `event|lookup:'$extra'|lookup:'line_items'|first` → ['event', '$extra', 'line_items'] (stops at other filters).
 */
export function referencePath(expr: FilterExpr): string[] | undefined {
  if (expr.base?.kind !== 'var') return undefined;
  const text = expr.base.text;
  if (!isVarText(text)) return undefined;
  const segs = text.split('.');
  for (const f of expr.filters) {
    if (f.name !== 'lookup' || !f.arg) break;
    segs.push(f.arg.value);
  }
  return segs;
}

/** Splits tag contents on whitespace outside quotes (Django's smart_split), with offsets. */
export function splitBits(src: string, offset = 0): { text: string; start: number }[] {
  return splitAtZero(src).map((b) => ({ text: b.text, start: b.start + offset }));
}

const splitAtZero = memoize((src: string) => splitBitsAt(src, 0));

/** splitBits(src) itself, shared like parseFilterExprShared: offsets relative to `src`, not to be modified. */
export function splitBitsShared(src: string): readonly { readonly text: string; readonly start: number }[] {
  return splitAtZero(src);
}

function splitBitsAt(src: string, offset: number): { text: string; start: number }[] {
  const bits: { text: string; start: number }[] = [];
  // Curly quotes as escapes: one non-ASCII character makes V8 hold the whole bundle chunk as a two-byte string.
  const re =
    /(?:[^\s'"\u2018\u2019\u201C\u201D]*(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[\u2018\u201C][^\u2019\u201D]*[\u2019\u201D])[^\s'"\u2018\u2019\u201C\u201D]*)+|\S+/g;
  for (const m of src.matchAll(re)) bits.push({ text: m[0], start: offset + m.index });
  return bits;
}
