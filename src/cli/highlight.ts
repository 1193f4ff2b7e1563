/** JSON syntax colouring for terminals (keys, strings, numbers, literals); plain text when colour is off. */
import type { ChalkInstance } from 'chalk';

const TOKEN = /("(?:[^"\\]|\\.)*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|\b(true|false|null)\b/g;

export function highlightJson(text: string, c: ChalkInstance): string {
  if (c.level === 0) return text;
  return text.replace(
    TOKEN,
    (m, str: string | undefined, colon: string | undefined, num: string | undefined, lit: string | undefined) => {
      if (str !== undefined) return colon ? `${c.cyan(str)}${colon}` : c.green(str);
      if (num !== undefined) return c.yellow(num);
      return lit ? c.magenta(lit) : m;
    },
  );
}
