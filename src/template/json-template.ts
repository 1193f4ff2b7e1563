/**
 * A JSON body with template parts, and its printer. Members may be guarded by a condition (the member is written
 * only when it holds); the printer places commas so the rendered text is valid JSON whichever guards hold.
 */
export type BodyNode =
  | { kind: 'object'; members: BodyMember[] }
  | { kind: 'literal'; value: string | number | boolean | null }
  /** Template text that renders to exactly one JSON value. */
  | { kind: 'template'; text: string }
  /** A JSON array of fixed items. */
  | { kind: 'array'; items: BodyNode[] }
  /**
   * A JSON array with one `element` per item of `iterable`: `{% for variable in iterable %}element,…{% endfor %}`.
   * With `guard`, the loop runs only when it holds (else the array is empty).
   */
  | { kind: 'loop'; variable: string; iterable: string; element: BodyNode; guard?: string };

export interface BodyMember {
  key: string;
  value: BodyNode;
  /** A `{% if %}` condition; the member is left out when it is false. */
  guard?: string;
}

export const obj = (members: BodyMember[]): BodyNode => ({ kind: 'object', members });
export const lit = (value: string | number | boolean | null): BodyNode => ({ kind: 'literal', value });
export const tpl = (text: string): BodyNode => ({ kind: 'template', text });
export const arr = (items: BodyNode[]): BodyNode => ({ kind: 'array', items });
export const loop = (variable: string, iterable: string, element: BodyNode, guard?: string): BodyNode =>
  guard === undefined
    ? { kind: 'loop', variable, iterable, element }
    : { kind: 'loop', variable, iterable, element, guard };
export const member = (key: string, value: BodyNode, guard?: string): BodyMember =>
  guard === undefined ? { key, value } : { key, value, guard };

const INDENT = '  ';

/** JSON text for a literal; also safe as template text (callers refuse `{{`, `{%`, `{#` in names beforehand). */
function literalText(value: string | number | boolean | null): string {
  return JSON.stringify(value);
}

export function printBody(node: BodyNode): string {
  return `${printNode(node, 0)}\n`;
}

function printNode(node: BodyNode, level: number): string {
  if (node.kind === 'literal') return literalText(node.value);
  if (node.kind === 'template') return node.text;
  if (node.kind === 'array')
    return node.items.length === 0 ? '[]' : `[${node.items.map((n) => printNode(n, level)).join(', ')}]`;
  if (node.kind === 'loop') return printLoop(node, level);
  if (node.members.length === 0) return '{}';
  const pad = INDENT.repeat(level + 1);
  // The comma before each member, worked out once (the trailing-comma pass below needs the next member's too).
  const commas = node.members.map((_, i) => (i === 0 ? '' : commaBefore(node.members.slice(0, i))));
  const lines: string[] = [];
  node.members.forEach((m, i) => {
    const text = `${literalText(m.key)}: ${printNode(m.value, level + 1)}`;
    const comma = commas[i]!;
    if (m.guard === undefined) {
      // An unguarded member after only guarded ones needs a conditional comma; otherwise the usual trailing comma.
      if (comma === ',' || comma === '') lines.push(`${pad}${text}`);
      else lines.push(`${pad}${comma}${text}`);
    } else {
      lines.push(`${pad}{% if ${m.guard} %}${comma}${text}{% endif %}`);
    }
  });
  // Join with trailing commas where the next member is unguarded and always needs one.
  let out = '{\n';
  lines.forEach((line, i) => {
    const next = node.members[i + 1];
    const needsTrailing = next !== undefined && next.guard === undefined && commas[i + 1] === ',';
    out += `${line + (needsTrailing ? ',' : '')}\n`;
  });
  return `${out}${INDENT.repeat(level)}}`;
}

/** The comma text a member needs before it: ',' when an earlier member is always there, else one per guard. */
function commaBefore(earlier: readonly BodyMember[]): string {
  if (earlier.length === 0) return '';
  if (earlier.some((m) => m.guard === undefined)) return ',';
  return `{% if ${earlier.map((m) => m.guard).join(' or ')} %},{% endif %}`;
}

/**
 * A loop as a JSON array, pretty-printed: the element starts on the `{% for %}` line and each but the last is
 * followed by a comma. A tag never directly follows a JSON `{` (a `{{`/`{%` pair would merge with it): the element's
 * own `{` comes after `%}` and is followed by a line break.
 */
function printLoop(node: Extract<BodyNode, { kind: 'loop' }>, level: number): string {
  const pad = INDENT.repeat(level + 1);
  const open = `{% for ${node.variable} in ${node.iterable} %}`;
  const close = '{% if not forloop.last %},{% endif %}{% endfor %}';
  const body = `${open}${printNode(node.element, level + 1)}${close}`;
  const guarded = node.guard === undefined ? body : `{% if ${node.guard} %}${body}{% endif %}`;
  return `[\n${pad}${guarded}\n${INDENT.repeat(level)}]`;
}
