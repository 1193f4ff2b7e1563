/**
 * Body lines no wider than BODY_WIDTH where the template allows it. A terminal narrower than a line soft-wraps it
 * wherever the edge falls, often inside a tag; breaking the line ourselves, between tags, keeps every tag whole on
 * screen, and the text a user copies from the terminal is the text `--out` writes (the layout does not depend on
 * the terminal).
 *
 * A line is broken only where a newline cannot change what the body means: outside JSON strings (the whitespace it
 * renders to lies between JSON tokens) and beside a `{% %}` tag (never inside one: Django's lexer does not let a tag
 * span a newline). A conditional comma (`{% if … %},{% endif %}`) stays whole. What cannot be broken — one long tag,
 * a string holding tags — stays one line.
 */
import { type Token, tokenize } from '../render/lexer.js';

/** The widest line the printer aims for: the narrowest terminal people still use. */
export const BODY_WIDTH = 80;

/** Continuation lines are indented this much more than the line they continue. */
const CONTINUATION = '  ';

/**
 * Where the JSON written so far stands, as far as a line break cares: inside a string, or after something that ends
 * a member or opens a container (a break there renders whitespace where pretty JSON has a newline), or in between
 * (after a key's colon: a break would split `"key": value` in what Klaviyo receives).
 */
interface JsonState {
  inString: boolean;
  atBoundary: boolean;
}

const KEY_COLON = /\s*:/y;

/** The state after the JSON text `text` (outside tags). */
function afterText(text: string, state: JsonState): JsonState {
  let { inString, atBoundary } = state;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') {
        inString = false;
        KEY_COLON.lastIndex = i + 1;
        atBoundary = !KEY_COLON.test(text); // a key's closing quote is followed by its colon
      }
    } else if (c === '"') inString = true;
    else if (c === ':') atBoundary = false;
    else if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') atBoundary = true; // , { [ ] } or a value's end
  }
  return { inString, atBoundary };
}

/** The tag's name: `if`, `else`, `endfor`… (contents are trimmed; a name ends at a space, as in what we print). */
const tagName = (t: Token) => {
  const space = t.contents.indexOf(' ');
  return space < 0 ? t.contents : t.contents.slice(0, space);
};

const isComma = (t: Token | undefined) => t?.type === 'text' && t.contents === ',';

/** `line` as one or more lines, each continuation indented two spaces more than `line`. */
export function wrapLine(line: string, width = BODY_WIDTH): string[] {
  if (line.length <= width) return [line];
  const pad = line.slice(0, line.length - line.trimStart().length);
  const text = line.slice(pad.length);
  const tokens = tokenize(text);
  // The offsets a break may go before. A break before a tag belongs to what precedes it; after `{% else %}` a branch
  // starts from the state its `{% if %}` saw (in the text, `{% else %}` follows the other branch's output), and after
  // `{% endif %}` the state is every way the block may have ended.
  const breaks: number[] = [];
  let state: JsonState = { inString: false, atBoundary: true };
  const opened: { start: JsonState; ends: JsonState[]; exhaustive: boolean }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const before = tokens[i - 1];
    if (
      i > 0 &&
      !state.inString &&
      state.atBoundary &&
      (t.type === 'block' || before!.type === 'block') &&
      !isComma(t) &&
      !isComma(before)
    )
      breaks.push(t.start);
    if (t.type === 'block') {
      const name = tagName(t);
      const block = opened.at(-1);
      if (name === 'if' || name === 'for') opened.push({ start: state, ends: [], exhaustive: false });
      else if (block && (name === 'elif' || name === 'else' || name === 'empty')) {
        block.ends.push(state);
        block.exhaustive ||= name === 'else';
        state = block.start;
      } else if (block && (name === 'endif' || name === 'endfor')) {
        // After the block: wherever any branch ended, or where it started if none may have run (no `else`; a loop
        // over an empty list). A break there must suit them all.
        opened.pop();
        const outcomes = [...block.ends, state, ...(block.exhaustive ? [] : [block.start])];
        state = {
          inString: outcomes.some((o) => o.inString),
          atBoundary: outcomes.every((o) => o.atBoundary),
        };
      }
    }
    if (t.type === 'text') state = afterText(t.contents, state);
    else if (t.type === 'var' && !state.inString) state = { inString: false, atBoundary: true };
  }
  if (breaks.length === 0) return [line];
  const lines: string[] = [];
  let current = pad;
  let from = 0;
  const continuation = pad + CONTINUATION;
  for (const at of [...breaks, text.length]) {
    const piece = text.slice(from, at);
    if (current.trim() !== '' && current.length + piece.length > width) {
      lines.push(current);
      current = continuation;
    }
    current += piece;
    from = at;
  }
  lines.push(current);
  return lines;
}

/** Every line of `text` wrapped (wrapLine). */
export function wrapLines(text: string, width = BODY_WIDTH): string {
  return text
    .split('\n')
    .flatMap((line) => wrapLine(line, width))
    .join('\n');
}
