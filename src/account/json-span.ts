/**
 * Where a value sits in JSON text, so it can be kept exactly as written: JSON.parse turns `10.0` into 10 (an int
 * to Klaviyo's renderer, which prints `10`) and rounds integers beyond 2^53.
 */

/** The [start, end) of the value at `path` (object keys and array indexes) in valid JSON `text`, or undefined. */
export function jsonValueSpan(text: string, path: readonly (string | number)[]): [number, number] | undefined {
  let start = skipSpace(text, 0);
  for (const step of path) {
    const inner = childSpan(text, start, step);
    if (inner === undefined) return undefined;
    start = inner;
  }
  return [start, valueEnd(text, start)];
}

/** The start of the member `step` of the object or array at `at`. */
function childSpan(text: string, at: number, step: string | number): number | undefined {
  const open = text[at];
  if (open !== '{' && open !== '[') return undefined;
  let pos = skipSpace(text, at + 1);
  if (text[pos] === '}' || text[pos] === ']') return undefined;
  let found: number | undefined;
  for (let index = 0; ; index++) {
    let key: string | number = index;
    if (open === '{') {
      const keyEnd = stringEnd(text, pos);
      key = JSON.parse(text.slice(pos, keyEnd)) as string;
      pos = skipSpace(text, skipSpace(text, keyEnd) + 1); // past the ':'
    }
    if (key === step) found = pos; // a repeated key: the last one wins, as in JSON.parse
    pos = skipSpace(text, valueEnd(text, pos));
    if (text[pos] !== ',') return found;
    pos = skipSpace(text, pos + 1);
  }
}

function skipSpace(text: string, pos: number): number {
  while (pos < text.length && ' \t\n\r'.includes(text[pos]!)) pos++;
  return pos;
}

function stringEnd(text: string, pos: number): number {
  for (let i = pos + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return text.length;
}

/** The end of the value starting at `pos`. */
function valueEnd(text: string, pos: number): number {
  const c = text[pos];
  if (c === '"') return stringEnd(text, pos);
  if (c === '{' || c === '[') {
    let depth = 0;
    for (let i = pos; i < text.length; i++) {
      const d = text[i];
      if (d === '"') i = stringEnd(text, i) - 1;
      else if (d === '{' || d === '[') depth++;
      else if ((d === '}' || d === ']') && --depth === 0) return i + 1;
    }
    return text.length;
  }
  let i = pos;
  while (i < text.length && !',}] \t\n\r'.includes(text[i]!)) i++;
  return i;
}
