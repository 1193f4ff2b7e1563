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

// Same alternation and order as Django's tag_re; `.` excludes only "\n", as Python's does without DOTALL.
const TAG_RE = /(\{%[^\n]*?%\}|\{\{[^\n]*?\}\}|\{#[^\n]*?#\})/g;

// Python's str.strip() set (str.isspace), unlike JS trim(): U+001C-001F and U+0085 are whitespace, U+FEFF is not.
const PY_STRIP = /^[\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let verbatimEnd: string | null = null;
  let last = 0;
  const pushText = (start: number, end: number) => {
    if (end > start) tokens.push({ type: 'text', contents: source.slice(start, end), start, end });
  };
  for (const match of source.matchAll(TAG_RE)) {
    const start = match.index;
    const raw = match[0];
    const end = start + raw.length;
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

/** 1-based line and column of an offset, for messages. */
export function lineColumn(source: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < source.length; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
