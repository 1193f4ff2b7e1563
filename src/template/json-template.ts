/**
 * A JSON body with template parts, and its printer. Members may be guarded by a condition (the member is written
 * only when it holds); the printer places commas so the rendered text is valid JSON whichever guards hold.
 */
export type BodyNode =
  | { kind: 'object'; members: BodyMember[] }
  | { kind: 'literal'; value: string | number | boolean | null }
  /** Template text that renders to exactly one JSON value. */
  | { kind: 'template'; text: string };

export interface BodyMember {
  key: string;
  value: BodyNode;
  /** A `{% if %}` condition; the member is left out when it is false. */
  guard?: string;
}

export const obj = (members: BodyMember[]): BodyNode => ({ kind: 'object', members });
export const lit = (value: string | number | boolean | null): BodyNode => ({ kind: 'literal', value });
export const tpl = (text: string): BodyNode => ({ kind: 'template', text });
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
  if (node.members.length === 0) return '{}';
  const pad = INDENT.repeat(level + 1);
  const lines: string[] = [];
  node.members.forEach((m, i) => {
    const text = `${literalText(m.key)}: ${printNode(m.value, level + 1)}`;
    const before = node.members.slice(0, i);
    const comma = i === 0 ? '' : commaBefore(before);
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
    const needsTrailing = next !== undefined && next.guard === undefined && commaBefore(node.members.slice(0, i + 1)) === ',';
    out += line + (needsTrailing ? ',' : '') + '\n';
  });
  return `${out}${INDENT.repeat(level)}}`;
}

/** The comma text a member needs before it: ',' when an earlier member is always there, else one per guard. */
function commaBefore(earlier: readonly BodyMember[]): string {
  if (earlier.length === 0) return '';
  if (earlier.some((m) => m.guard === undefined)) return ',';
  return `{% if ${earlier.map((m) => m.guard).join(' or ')} %},{% endif %}`;
}
