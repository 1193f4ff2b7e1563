/**
 * A JSON body with template parts, and its printer. Members may be guarded by a condition (the member is written
 * only when it holds); the printer places commas so the rendered text is valid JSON whichever guards hold.
 */
import { presentCondition } from './expression.js';
import { BODY_WIDTH, wrapLines } from './layout.js';

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
  /**
   * The expression whose presence `guard` tests (`guard` is `presentCondition(present)`): lets the printer write a
   * long run of such members as a flag tree (printFlagTree), linear in size.
   */
  present?: string;
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
/** A member written only when `present` is present (not missing, null or ''). */
export const presentMember = (key: string, value: BodyNode, present: string): BodyMember => ({
  key,
  value,
  guard: presentCondition(present),
  present,
});

export interface PrintOptions {
  /**
   * An object that starts with at least this many members guarded by presence is printed with a flag tree
   * (printFlagTree); shorter runs give each comma a guard naming every member before it, which is quadratic in
   * size but plainer to read. Default FLAG_TREE_FROM; `Infinity` prints every run the plain way.
   */
  flagTreeFrom?: number;
  /** The line width to break lines at, between tags (layout.ts). Default BODY_WIDTH; `Infinity` never breaks. */
  width?: number;
}

/**
 * The plain form is kept for two members, whose one comma guard names one condition. From three on, a comma guard
 * names two or more (`{% if a|default_if_none:'' != '' or b|default_if_none:'' != '' %}`): one tag, which no line
 * break can split, wider than an 80-column line (layout.ts) however short the names; the tree's flags are short.
 */
export const FLAG_TREE_FROM = 3;

const INDENT = '  ';

/** What printing follows besides the node: PrintOptions with their defaults applied. */
interface Layout {
  treeFrom: number;
  width: number;
}

/** JSON text for a literal; also safe as template text (callers refuse `{{`, `{%`, `{#` in names beforehand). */
function literalText(value: string | number | boolean | null): string {
  return JSON.stringify(value);
}

/** The body's text: indented two spaces a level, lines broken between tags to fit BODY_WIDTH (layout.ts). */
export function printBody(node: BodyNode, options: PrintOptions = {}): string {
  const layout = { treeFrom: Math.max(2, options.flagTreeFrom ?? FLAG_TREE_FROM), width: options.width ?? BODY_WIDTH };
  return `${wrapLines(printNode(node, 0, layout), layout.width)}\n`;
}

function printNode(node: BodyNode, level: number, layout: Layout): string {
  if (node.kind === 'literal') return literalText(node.value);
  if (node.kind === 'template') return node.text;
  if (node.kind === 'array')
    return node.items.length === 0 ? '[]' : `[${node.items.map((n) => printNode(n, level, layout)).join(', ')}]`;
  if (node.kind === 'loop') return printLoop(node, level, layout);
  if (node.members.length === 0) return '{}';
  let run = 0;
  while (run < node.members.length && node.members[run]!.present !== undefined) run++;
  const pad = INDENT.repeat(level + 1);
  // The comma before each member, worked out once (the trailing-comma pass below needs the next member's too).
  const commas = node.members.map((_, i) => (i === 0 ? '' : commaBefore(node.members.slice(0, i))));
  if (run >= layout.treeFrom && node.members[run]?.guard === undefined)
    return printFlagTree(node.members, run, level, layout);
  const lines: string[] = [];
  node.members.forEach((m, i) => {
    const text = `${literalText(m.key)}: ${printNode(m.value, level + 1, layout)}`;
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
function printLoop(node: Extract<BodyNode, { kind: 'loop' }>, level: number, layout: Layout): string {
  const pad = INDENT.repeat(level + 1);
  const open = `{% for ${node.variable} in ${node.iterable} %}`;
  const close = '{% if not forloop.last %},{% endif %}{% endfor %}';
  const body = `${open}${printNode(node.element, level + 1, layout)}${close}`;
  const guarded = node.guard === undefined ? body : `{% if ${node.guard} %}${body}{% endif %}`;
  return `[\n${pad}${guarded}\n${INDENT.repeat(level)}]`;
}

const withLine = (pad: string, bindings: readonly string[]) => `${pad}{% with ${bindings.join(' ')} %}`;

/**
 * At most this many `{% with %}` tags bind a flag tree's flags. Each tag nests the rest of the body one level deeper,
 * and Django parses and renders nested tags recursively: 300 nested `{% with %}` render in Django 3.2, and validate
 * refuses bodies nested past 100 (check/index.ts). At 48, a 400-property body nests at most about 60 deep, and
 * bodies of up to about 30 properties keep their lines within BODY_WIDTH; past that the `{% with %}` lines grow
 * wider instead.
 */
export const MAX_WITH_TAGS = 48;

/**
 * The `{% with %}` lines binding each tree height's flags (a tag cannot see a flag bound beside it, so a height
 * needs the heights below it already bound): as few tags as keep each line within `lineWidth`, as long as that
 * makes at most MAX_WITH_TAGS; else the narrowest wider lines that do. One tag cannot be broken across lines.
 */
function withTags(pad: string, heights: readonly string[][], lineWidth: number): string[] {
  for (let width = lineWidth; ; width = Math.ceil(width * 1.25)) {
    const lines: string[] = [];
    for (const height of heights) {
      let tag: string[] = [];
      let length = withLine(pad, []).length - 1; // without the space after the tag's last binding
      for (const binding of height) {
        if (tag.length > 0 && length + binding.length + 1 > width) {
          lines.push(withLine(pad, tag));
          tag = [];
          length = withLine(pad, []).length - 1;
        }
        tag.push(binding);
        length += binding.length + 1;
      }
      lines.push(withLine(pad, tag));
    }
    if (lines.length <= Math.max(MAX_WITH_TAGS, heights.length)) return lines;
  }
}

/** A node of the flag tree: members lo..hi-1, and the with-bound name of its flag. */
interface FlagNode {
  lo: number;
  hi: number;
  name: string;
  height: number;
  left?: FlagNode;
  right?: FlagNode;
}

function flagTree(lo: number, hi: number): FlagNode {
  if (hi - lo === 1) return { lo, hi, name: `f${lo + 1}`, height: 0 };
  const mid = lo + Math.ceil((hi - lo) / 2);
  const left = flagTree(lo, mid);
  const right = flagTree(mid, hi);
  return { lo, hi, name: `f${lo + 1}_${hi}`, height: 1 + Math.max(left.height, right.height), left, right };
}

/**
 * An object whose first `count` members are each written only when their `present` value is, in size linear in
 * `count` (a comma guard naming every member before it would make it quadratic: 400 properties, 4 MB).
 *
 * The members are the leaves of a balanced binary tree. `{% with %}` binds a flag per node, tags per tree
 * height: a leaf's is its value's text, lower-cased (`|default_if_none:''|lower`: `lower` makes any value text,
 * as str() does, so 0, False and [] give "0", "false", "[]"; the text is empty exactly when the value is missing,
 * null or '' — the shortest such filter the output already uses), a node's the first non-empty flag of its two children (`left|default:right`). A node's
 * members are written under `{% if left %}…{% endif %}{% if right or not left %}{% if left %},{% endif %}…`:
 * the right child leads with a comma exactly when the left one wrote something, and `or not left` (true only when
 * the parent's flag says one of the two has a value, so the right one does) makes every entered node write at
 * least one member. That makes the JSON valid for every combination of the flags' truth, whatever they hold —
 * validate checks it as such — and, since the flags hold what they say, a member is written exactly when its value
 * is present, as under its own guard. Each node costs a constant, and tags nest 2 × log2(count) deep.
 */
function printFlagTree(members: readonly BodyMember[], count: number, level: number, layout: Layout): string {
  const pad = INDENT.repeat(level + 1);
  const root = flagTree(0, count);
  const bindings: string[][] = Array.from({ length: root.height }, () => []);
  const opens: string[] = new Array<string>(count).fill('');
  const closes: string[] = new Array<string>(count).fill('');
  const visit = (t: FlagNode, parent: FlagNode | undefined): void => {
    if (parent) {
      bindings[t.height]!.push(
        t.left
          ? `${t.name}=${t.left.name}|default:${t.right!.name}`
          : `${t.name}=${members[t.lo]!.present}|default_if_none:''|lower`,
      );
      const left = parent.left!.name;
      opens[t.lo] +=
        t === parent.left
          ? `{% if ${t.name} %}`
          : `{% if ${t.name}${parent === root ? '' : ` or not ${left}`} %}{% if ${left} %},{% endif %}`;
    }
    if (t.left) {
      visit(t.left, t);
      visit(t.right!, t);
    }
    if (parent) closes[t.hi - 1] += '{% endif %}';
  };
  visit(root, undefined);
  const lines = withTags(pad, bindings, layout.width);
  const withCount = lines.length;
  for (let i = 0; i < count; i++) {
    const m = members[i]!;
    lines.push(`${pad}${opens[i]}${literalText(m.key)}: ${printNode(m.value, level + 1, layout)}${closes[i]}`);
  }
  // The members after the run, inside the withs: the first (unguarded) one needs a comma when the run wrote any.
  for (let i = count; i < members.length; i++) {
    const m = members[i]!;
    const text = `${literalText(m.key)}: ${printNode(m.value, level + 1, layout)}`;
    if (i === count) lines.push(`${pad}{% if ${root.left!.name} or ${root.right!.name} %},{% endif %}${text}`);
    else if (m.guard !== undefined) lines.push(`${pad}{% if ${m.guard} %},${text}{% endif %}`);
    else {
      lines[lines.length - 1] += ',';
      lines.push(`${pad}${text}`);
    }
  }
  lines.push(`${pad}${'{% endwith %}'.repeat(withCount)}`);
  return `{\n${lines.join('\n')}\n${INDENT.repeat(level)}}`;
}
