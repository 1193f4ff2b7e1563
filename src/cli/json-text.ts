/**
 * JSON as the CLI prints it without losing what the renderer kept: integers beyond 2^53 (Python keeps every
 * digit; JSON.parse and JSON.stringify would round them). Text laid out as written: reindentJson (src/json-text.ts).
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
