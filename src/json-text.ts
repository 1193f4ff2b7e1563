/**
 * JSON text read token by token, keeping each number exactly as written: JSON.parse turns `10.0` into the integer
 * 10 (which Klaviyo's renderer prints as `10`) and rounds integers beyond 2^53. Used to lay out a sample as written
 * (reindentJson) and to redact one without changing its numbers' shape (account/redact.ts).
 */

/** One token of valid JSON text; a string token knows whether it is an object's key. */
export type JsonToken =
  | { kind: 'string'; text: string; key: boolean }
  | { kind: 'number' | 'literal' | 'punct'; text: string };

const TOKEN = /\s*(?:("(?:[^"\\]|\\.)*")|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|(true|false|null)|([{}[\]:,]))/y;
const COLON = /\s*:/y;

/** The tokens of valid JSON text (the caller parsed it already), whitespace left out. */
export function* jsonTokens(text: string): Generator<JsonToken> {
  for (let pos = 0; ; ) {
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(text);
    if (!m) return;
    pos = TOKEN.lastIndex;
    const [, str, num, lit, punct] = m;
    if (str !== undefined) {
      COLON.lastIndex = pos;
      yield { kind: 'string', text: str, key: COLON.test(text) };
    } else if (num !== undefined) yield { kind: 'number', text: num };
    else if (lit !== undefined) yield { kind: 'literal', text: lit };
    else yield { kind: 'punct', text: punct! };
  }
}

/**
 * Valid JSON text laid out as JSON.stringify(JSON.parse(text), null, 2) lays it out, strings written the same way,
 * but with the text's own key order and numbers exactly as the text writes them (`10.0`, every digit of a big
 * integer).
 */
export function reindentJson(text: string): string {
  let out = '';
  let depth = 0;
  let prev = '';
  const newline = () => `\n${'  '.repeat(depth)}`;
  for (const t of jsonTokens(text)) {
    if (t.text === '{' || t.text === '[') {
      out += t.text;
      depth++;
    } else if (t.text === '}' || t.text === ']') {
      depth--;
      out += prev === '{' || prev === '[' ? t.text : `${newline()}${t.text}`;
    } else if (t.text === ',') out += ',';
    else if (t.text === ':') out += ': ';
    else {
      if (prev === '{' || prev === '[' || prev === ',') out += newline();
      // Numbers as written: `10.0` is a float to Klaviyo (it prints 10.0), and big integers keep every digit.
      out += t.kind === 'string' ? JSON.stringify(JSON.parse(t.text)) : t.text;
    }
    prev = t.kind === 'punct' ? t.text : 'value';
  }
  return out;
}
