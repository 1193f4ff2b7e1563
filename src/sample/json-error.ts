/**
 * Where JSON text first goes wrong, as line:column with a short reason. JSON.parse's own messages differ between
 * Node versions and often give no position; this scanner (iterative, so deep nesting cannot overflow) does.
 */
export interface JsonErrorLocation {
  offset: number;
  line: number;
  column: number;
  reason: string;
}

export function locateJsonError(text: string): JsonErrorLocation | undefined {
  let i = 0;
  const n = text.length;
  const stack: Array<'{' | '['> = [];
  let justOpened = false; // the last value read opened a container
  const fail = (reason: string, at = i): JsonErrorLocation => {
    let line = 1;
    let lineStart = 0;
    for (let k = 0; k < at; k++) {
      if (text.charCodeAt(k) !== 10) continue;
      line++;
      lineStart = k + 1;
    }
    return { offset: at, line, column: at - lineStart + 1, reason };
  };
  const ws = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const what = () => (i >= n ? 'the end of the text' : `"${text[i]}"`);
  const str = (): JsonErrorLocation | undefined => {
    i++; // opening quote
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34) return void i++;
      if (c < 32) return fail('a control character (such as a line break) inside a string must be escaped');
      if (c === 92) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return fail('invalid \\u escape');
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else return fail(`invalid escape "\\${e ?? ''}"`);
      } else i++;
    }
    return fail('a string is never closed');
  };
  const value = (): JsonErrorLocation | undefined => {
    ws();
    justOpened = false;
    const c = text[i];
    if (c === '"') return str();
    if (c === '{' || c === '[') {
      stack.push(c);
      i++;
      justOpened = true;
      return undefined;
    }
    const lit = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
    if (!lit) {
      if (c === "'") return fail('strings must use double quotes');
      return fail(`expected a value but found ${what()}`);
    }
    i += lit[0].length;
    return undefined;
  };
  // Each loop turn reads one value (or opens a container), then what may follow it.
  let err = value();
  if (err) return err;
  for (;;) {
    ws();
    const top = stack.at(-1);
    if (top === undefined) {
      if (i < n) return fail(`unexpected ${what()} after the end of the JSON value`);
      return undefined;
    }
    if (justOpened && text[i] === (top === '{' ? '}' : ']')) {
      stack.pop();
      i++;
      justOpened = false;
      continue;
    }
    if (!justOpened) {
      if (text[i] === ',') {
        i++;
        ws();
        if (text[i] === '}' || text[i] === ']') return fail('trailing comma before a closing bracket');
      } else if (text[i] === (top === '{' ? '}' : ']')) {
        stack.pop();
        i++;
        continue;
      } else return fail(`expected "," or "${top === '{' ? '}' : ']'}" but found ${what()}`);
    }
    if (top === '{') {
      ws();
      if (text[i] !== '"') return fail(`expected a "quoted" key but found ${what()}`);
      err = str();
      if (err) return err;
      ws();
      if (text[i] !== ':') return fail(`expected ":" after the key but found ${what()}`);
      i++;
    }
    err = value();
    if (err) return err;
  }
}
