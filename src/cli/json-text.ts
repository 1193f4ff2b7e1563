/**
 * JSON as the CLI prints it without losing what the renderer kept: integers beyond 2^53 (Python keeps every
 * digit; JSON.parse and JSON.stringify would round them) and the key order of the rendered text (JSON.parse puts
 * integer-like keys first).
 */

const BIG = '\u0000bigint:';

/** JSON.stringify(value, null, space), with bigints written as their exact digits. */
export function stringifyExact(value: unknown, space?: number): string {
  let big = false;
  const text = JSON.stringify(
    value,
    (_k, v: unknown) => {
      if (typeof v !== 'bigint') return v;
      big = true;
      return `${BIG}${v}`;
    },
    space,
  );
  return big ? text.replace(/"\\u0000bigint:(-?\d+)"/g, '$1') : text;
}

const TOKEN = /\s*(?:("(?:[^"\\]|\\.)*")|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|(true|false|null)|([{}[\]:,]))/y;

/**
 * Valid JSON text laid out as JSON.stringify(JSON.parse(text), null, 2) lays it out, strings written the same way,
 * but with the text's own key order and numbers exactly as the text writes them (`10.0`, every digit of a big
 * integer). `text` must be valid JSON (the caller parsed it already).
 */
export function reindentJson(text: string): string {
  let out = '';
  let depth = 0;
  let pos = 0;
  let prev = '';
  const newline = () => `\n${'  '.repeat(depth)}`;
  for (;;) {
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(text);
    if (!m) break;
    pos = TOKEN.lastIndex;
    const [, str, num, lit, punct] = m;
    if (punct === '{' || punct === '[') {
      out += punct;
      depth++;
      prev = punct;
      continue;
    }
    if (punct === '}' || punct === ']') {
      depth--;
      out += prev === '{' || prev === '[' ? punct : `${newline()}${punct}`;
      prev = punct;
      continue;
    }
    if (punct === ',') out += ',';
    else if (punct === ':') out += ': ';
    else {
      if (prev === '{' || prev === '[' || prev === ',') out += newline();
      if (str !== undefined) out += JSON.stringify(JSON.parse(str));
      // Numbers as written: `10.0` is a float to Klaviyo (it prints 10.0), and big integers keep every digit.
      else if (num !== undefined) out += num;
      else out += lit;
    }
    prev = punct ?? 'value';
  }
  return out;
}
