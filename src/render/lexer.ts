/**
 * Django's template lexer (django/template/base.py `Lexer`): the text is split on `{% … %}`, `{{ … }}` and
 * `{# … #}`. Like Django's `tag_re`, a tag never spans a newline and the first closing delimiter ends it.
 * Tokens carry offsets into the source so that checks can point at line:column.
 */
export type TokenType = 'text' | 'var' | 'block' | 'comment';

export interface Token {
  type: TokenType;
  /** For text tokens the raw text; for tags the inside of the delimiters, trimmed (Django's `token.contents`). */
  contents: string;
  /** Offsets of the whole token (delimiters included) in the source. */
  start: number;
  end: number;
}

const CLOSERS: Record<string, string> = { '%': '%}', '{': '}}', '#': '#}' };

/**
 * The matches of Django's tag_re, `{%[^\n]*?%}|{{[^\n]*?}}|{#[^\n]*?#}` (a tag ends at the first closing
 * delimiter and never spans a newline), found without the regular expression: for each opener it searches to the
 * end of the line, so a line of 100,000 unclosed `{%` took seconds. Here the next closer and newline are found
 * once and reused while they lie ahead, so the scan is linear.
 */
function* tagMatches(source: string): Generator<{ start: number; end: number }> {
  const ahead = new Map<string, { from: number; at: number }>();
  const next = (what: string, from: number) => {
    const last = ahead.get(what);
    if (last && last.from <= from && (last.at === -1 || last.at >= from)) return last.at;
    const at = source.indexOf(what, from);
    ahead.set(what, { from, at });
    return at;
  };
  for (let i = source.indexOf('{'); i >= 0; ) {
    const close = Object.hasOwn(CLOSERS, source[i + 1] ?? '') ? CLOSERS[source[i + 1]!]! : undefined;
    if (close !== undefined) {
      const end = next(close, i + 2);
      const newline = next('\n', i + 2);
      if (end >= 0 && (newline < 0 || end < newline)) {
        yield { start: i, end: end + 2 };
        i = source.indexOf('{', end + 2);
        continue;
      }
    }
    i = source.indexOf('{', i + 1);
  }
}

// Python's str.strip() set (str.isspace), unlike JS trim(): U+001C-001F and U+0085 are whitespace, U+FEFF is not.
const PY_STRIP =
  /^[\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let verbatimEnd: string | null = null;
  let last = 0;
  const pushText = (start: number, end: number) => {
    if (end > start) tokens.push({ type: 'text', contents: source.slice(start, end), start, end });
  };
  for (const { start, end } of tagMatches(source)) {
    const raw = source.slice(start, end);
    pushText(last, start);
    last = end;
    const opener = raw.slice(0, 2);
    const contents = raw.slice(2, -2).replace(PY_STRIP, '');
    if (opener === '{%') {
      if (verbatimEnd !== null) {
        if (contents !== verbatimEnd) {
          tokens.push({ type: 'text', contents: raw, start, end });
          continue;
        }
        verbatimEnd = null;
      } else if (contents === 'verbatim' || contents.startsWith('verbatim ')) {
        verbatimEnd = `end${contents}`;
      }
      tokens.push({ type: 'block', contents, start, end });
    } else if (verbatimEnd !== null) {
      tokens.push({ type: 'text', contents: raw, start, end });
    } else {
      tokens.push({ type: opener === '{{' ? 'var' : 'comment', contents, start, end });
    }
  }
  pushText(last, source.length);
  return tokens;
}

/**
 * lineColumn for many offsets of one source: the line starts are found once, each offset by binary search (a
 * scan from the start per offset made 100,000 problems in one body quadratic).
 */
export function lineIndex(source: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    const at = Math.min(Math.max(offset, 0), source.length);
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  };
}
