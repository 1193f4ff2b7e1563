/**
 * JSON parsing that keeps what Python's json.loads would know: `45.0` is a float (PyFloat) and object keys keep
 * their source order (recorded under KEY_ORDER, since JS puts integer-like keys first). The parser is iterative,
 * so deeply nested input cannot overflow the stack.
 */
import { KEY_ORDER, PyFloat } from './values.js';

export class JsonSyntaxError extends SyntaxError {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} at position ${position}`);
    this.name = 'SyntaxError';
  }
}

type Frame =
  | { kind: 'array'; value: unknown[] }
  | { kind: 'object'; value: Record<string, unknown>; order: string[]; key: string | null };

const NUMBER_RE = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
const WS_RE = /[ \t\n\r]*/y;

export function parseJsonForRender(text: string): unknown {
  let pos = 0;
  const stack: Frame[] = [];
  const fail = (msg: string, at = pos): never => {
    throw new JsonSyntaxError(msg, at);
  };
  const skipWs = () => {
    WS_RE.lastIndex = pos;
    WS_RE.exec(text);
    pos = WS_RE.lastIndex;
  };

  const parseString = (): string => {
    // pos is at the opening quote
    let out = '';
    let i = pos + 1;
    let runStart = i;
    for (;;) {
      if (i >= text.length) fail('Unterminated string', pos);
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        out += text.slice(runStart, i);
        pos = i + 1;
        return out;
      }
      if (c < 0x20) fail('Invalid control character in string', i);
      if (c === 0x5c) {
        out += text.slice(runStart, i);
        const e = text[i + 1];
        const simple: Record<string, string> = {
          '"': '"',
          '\\': '\\',
          '/': '/',
          b: '\b',
          f: '\f',
          n: '\n',
          r: '\r',
          t: '\t',
        };
        if (e !== undefined && e in simple) {
          out += simple[e];
          i += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else fail('Invalid escape', i);
        runStart = i;
        continue;
      }
      i++;
    }
  };

  // Reads one value; containers are opened on the stack and closed by the loop below.
  const readValue = (): { done: true; value: unknown } | { done: false } => {
    skipWs();
    const c = text[pos];
    if (c === '{') {
      pos++;
      stack.push({ kind: 'object', value: {}, order: [], key: null });
      return { done: false };
    }
    if (c === '[') {
      pos++;
      stack.push({ kind: 'array', value: [] });
      return { done: false };
    }
    if (c === '"') return { done: true, value: parseString() };
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return { done: true, value };
      }
    }
    NUMBER_RE.lastIndex = pos;
    const m = NUMBER_RE.exec(text);
    if (m) {
      pos = NUMBER_RE.lastIndex;
      const n = Number(m[0]);
      const isFloat = m[1] !== undefined || m[2] !== undefined;
      // An int beyond 2^53 keeps every digit, as Python's json.loads does (an id of 20 digits, say).
      if (!isFloat && !Number.isSafeInteger(n)) return { done: true, value: BigInt(m[0]) };
      return { done: true, value: isFloat && Number.isInteger(n) ? new PyFloat(n) : n === 0 ? 0 : n };
    }
    return fail(pos >= text.length ? 'Unexpected end of JSON input' : `Unexpected character ${JSON.stringify(c)}`);
  };

  const readKey = (frame: Extract<Frame, { kind: 'object' }>) => {
    skipWs();
    if (text[pos] !== '"') fail('Expected property name');
    frame.key = parseString();
    skipWs();
    if (text[pos] !== ':') fail("Expected ':'");
    pos++;
  };

  const store = (frame: Frame, value: unknown) => {
    if (frame.kind === 'array') {
      frame.value.push(value);
      return;
    }
    const key = frame.key!;
    if (!Object.hasOwn(frame.value, key)) frame.order.push(key);
    // defineProperty so that a "__proto__" key is data, as in Python, not a prototype change.
    Object.defineProperty(frame.value, key, { value, writable: true, enumerable: true, configurable: true });
  };

  const finish = (frame: Frame): unknown => {
    if (frame.kind === 'array') return frame.value;
    Object.defineProperty(frame.value, KEY_ORDER, { value: frame.order, enumerable: false });
    return frame.value;
  };

  let result: unknown;
  let r = readValue();
  // Each iteration either delivers a finished value to the innermost container or opens a new one.
  for (;;) {
    if (r.done) {
      const top = stack[stack.length - 1];
      if (!top) {
        result = r.value;
        break;
      }
      store(top, r.value);
      skipWs();
      const sep = text[pos];
      const close = top.kind === 'array' ? ']' : '}';
      if (sep === ',') {
        pos++;
        if (top.kind === 'object') readKey(top);
        r = readValue();
      } else if (sep === close) {
        pos++;
        stack.pop();
        r = { done: true, value: finish(top) };
      } else fail(`Expected ',' or '${close}'`);
      continue;
    }
    // A container was just opened: it may be empty.
    const top = stack[stack.length - 1]!;
    skipWs();
    const close = top.kind === 'array' ? ']' : '}';
    if (text[pos] === close) {
      pos++;
      stack.pop();
      r = { done: true, value: finish(top) };
      continue;
    }
    if (top.kind === 'object') readKey(top);
    r = readValue();
  }
  skipWs();
  if (pos < text.length) fail('Unexpected data after JSON');
  return result;
}
