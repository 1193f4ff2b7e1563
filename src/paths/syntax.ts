/**
 * The field-path syntax users type in flags and spec files:
 *   $extra.line_items[0].sku      keys joined by '.', list index [0]
 *   $extra.line_items[*].sku      every element of a list
 *   ["Variant Option: Size"]      any key as a JSON string in brackets (needed for keys with . [ ] or =)
 * Plain keys may hold any other character, spaces, '$' and non-ASCII letters included.
 */
import { UserError } from '../errors.js';

export type PathSegment = { kind: 'key'; key: string } | { kind: 'index'; index: number } | { kind: 'each' };

export type FieldPath = readonly PathSegment[];

const PLAIN_KEY_FORBIDDEN = /[.[\]=]/;

export function parsePath(text: string): FieldPath {
  const fail = (why: string, at: number): never => {
    throw new UserError(
      `invalid field path "${text}" at character ${at + 1}: ${why} (write keys containing . [ ] or = as ["key"])`,
    );
  };
  if (text.length === 0) fail('the path is empty', 0);
  const segments: PathSegment[] = [];
  let i = 0;
  let expectKey = true; // at the start and after '.'
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '[') {
      const close = findBracketEnd(text, i);
      if (close < 0) fail('"[" is never closed', i);
      const inner = text.slice(i + 1, close);
      if (inner === '*') segments.push({ kind: 'each' });
      else if (/^\d+$/.test(inner)) {
        const index = Number(inner);
        if (!Number.isSafeInteger(index)) fail('list index too large', i);
        segments.push({ kind: 'index', index });
      } else if (inner.startsWith('"')) {
        let key: unknown;
        try {
          key = JSON.parse(inner);
        } catch {
          fail(`${inner} is not a valid JSON string`, i + 1);
        }
        if (typeof key !== 'string') fail(`${inner} is not a JSON string`, i + 1);
        segments.push({ kind: 'key', key: key as string });
      } else fail(`expected [number], [*] or ["key"] but found [${inner}]`, i);
      i = close + 1;
      expectKey = false;
      if (i < text.length && text[i] === '.') {
        i++;
        expectKey = true;
        if (i === text.length) fail('the path ends with "."', i - 1);
      }
      continue;
    }
    if (!expectKey) fail(`expected "." or "[" but found "${ch}"`, i);
    let end = i;
    while (end < text.length && text[end] !== '.' && text[end] !== '[') {
      if (text[end] === ']' || text[end] === '=') fail(`"${text[end]}" must be inside a ["quoted key"]`, end);
      end++;
    }
    if (end === i) fail('empty key', i);
    segments.push({ kind: 'key', key: text.slice(i, end) });
    i = end;
    expectKey = false;
    if (text[i] === '.') {
      i++;
      expectKey = true;
      if (i === text.length) fail('the path ends with "."', i - 1);
    }
  }
  return segments;
}

/** Index of the ']' closing the '[' at `open`, skipping over a JSON string inside. */
function findBracketEnd(text: string, open: number): number {
  let i = open + 1;
  if (text[i] === '"') {
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
  }
  const close = text.indexOf(']', i);
  return close;
}

/** Prints a path so that parsePath(formatPath(p)) equals p; plain keys stay plain where the syntax allows. */
export function formatPath(path: FieldPath): string {
  let out = '';
  for (const seg of path) {
    if (seg.kind === 'index') out += `[${seg.index}]`;
    else if (seg.kind === 'each') out += '[*]';
    else if (seg.key.length > 0 && !PLAIN_KEY_FORBIDDEN.test(seg.key)) out += (out ? '.' : '') + seg.key;
    else out += `[${JSON.stringify(seg.key)}]`;
  }
  return out;
}

/**
 * Splits `PATH=NAME` at the first '=' outside a ["quoted key"]. NAME may itself contain '='.
 */
export function splitMapping(text: string): { path: string; name: string | undefined } {
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '[') {
      const close = findBracketEnd(text, i);
      if (close < 0) break;
      i = close + 1;
      continue;
    }
    if (ch === '=') return { path: text.slice(0, i), name: text.slice(i + 1) };
    i++;
  }
  return { path: text, name: undefined };
}

/** The name a field gets when the user names none: its last key. */
export function defaultName(path: FieldPath): string {
  for (let i = path.length - 1; i >= 0; i--) {
    const seg = path[i]!;
    if (seg.kind === 'key') return seg.key;
  }
  return formatPath(path);
}

export function hasEach(path: FieldPath): boolean {
  return path.some((s) => s.kind === 'each');
}
