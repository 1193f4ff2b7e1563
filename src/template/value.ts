/**
 * Template text that renders one field as a JSON value of its type, for any event — also when the field is missing,
 * null, or holds text that would break JSON:
 *   string   "{{ x|default_if_none:''|escapejs }}"        (null/missing → "", quotes and control characters escaped)
 *   number   {% if x|default_if_none:'' != '' %}{{ x }}{% else %}null{% endif %}
 *   boolean  … {{ x|yesno:'true,false' }} …              (Python would print True/False)
 *   list     [{% for item in x %}<element>{% if not forloop.last %},{% endif %}{% endfor %}]
 *
 * Editor-safe (textValueTemplate): the whole value is one JSON string, so the raw text is JSON before rendering:
 *   string   "{{ x|default_if_none:''|escapejs }}"
 *   number   "{{ x|default_if_none:''|escapejs }}"        (escapejs applies Python's str(): 45.0 → "45.0")
 *   boolean  "{% if x|default_if_none:'' != '' %}{% if x %}true{% else %}false{% endif %}{% endif %}"
 *   list     "{% for item in x %}<element text>{% if not forloop.last %}<separator>{% endif %}{% endfor %}"
 */
import type { FieldPath } from '../paths/syntax.js';
import type { FieldType } from '../paths/types.js';
import { UserError } from '../errors.js';
import { accessExpression, presentCondition, type AccessSegment } from './expression.js';

export type EscapeMode = 'escapejs' | 'none';

export interface ValueOptions {
  escape: EscapeMode;
  /** Where the field is named in errors. */
  where?: string;
  /** The caller writes the value only when presentCondition holds (a guarded member). */
  present?: boolean;
  /**
   * Numbers and booleans without `{% if %}` (see branchFreeScalar): for values repeated in a loop body (--each), where
   * an `{% if %}` per field would multiply the ways one element can render.
   */
  branchFree?: boolean;
  /**
   * A key on the path holds "%}": the value may use only `{{ }}` tags (numbers and booleans then render branch-free,
   * and a list, which needs `{% for %}`, is refused).
   */
  variableOnly?: boolean;
}

/**
 * A number or boolean as one output tag, no `{% if %}`: Python's str() of the value (`stringformat:'s'`, as Klaviyo
 * prints it: 45.0, True), lower-cased for booleans (true/false), and `null` when it is missing, null or '' (a missing
 * variable renders as '', which `default` replaces; str(0) is "0", which it keeps).
 */
export function branchFreeScalar(expr: string, type: FieldType): string {
  return `{{ ${expr}|default_if_none:''|stringformat:'s'${type.kind === 'boolean' ? '|lower' : ''}|default:'null' }}`;
}

/** Splits a path at its first [*]: the part to access directly, and the part to apply to each element. */
function splitAtEach(path: FieldPath): { head: AccessSegment[]; rest: FieldPath | undefined } {
  const i = path.findIndex((s) => s.kind === 'each');
  if (i < 0) return { head: path as AccessSegment[], rest: undefined };
  return { head: path.slice(0, i) as AccessSegment[], rest: path.slice(i + 1) };
}

export function stringValue(expr: string, escape: EscapeMode, nullable = true): string {
  const filters = `${nullable ? "|default_if_none:''" : ''}${escape === 'escapejs' ? '|escapejs' : ''}`;
  return `"{{ ${expr}${filters} }}"`;
}

export function scalarValue(expr: string, type: FieldType, options: ValueOptions): string {
  if (options.present) {
    // Inside a guard that already tested presence: no fallback branch needed.
    if (type.kind === 'number') return `{{ ${expr} }}`;
    if (type.kind === 'boolean') return `{{ ${expr}|yesno:'true,false' }}`;
    return stringValue(expr, options.escape, false);
  }
  if (options.branchFree && (type.kind === 'number' || type.kind === 'boolean')) return branchFreeScalar(expr, type);
  if (type.kind === 'number') return `{% if ${presentCondition(expr)} %}{{ ${expr} }}{% else %}null{% endif %}`;
  if (type.kind === 'boolean')
    return `{% if ${presentCondition(expr)} %}{{ ${expr}|yesno:'true,false' }}{% else %}null{% endif %}`;
  return stringValue(expr, options.escape);
}

/**
 * The value template for `path` read from `root` (`event` or a loop variable). `type` is the resolved type:
 * a list type for [*] paths. `depth` numbers nested loop variables.
 */
export function valueTemplate(
  root: string,
  path: FieldPath,
  type: FieldType,
  options: ValueOptions,
  depth = 1,
): string {
  const { head, rest } = splitAtEach(path);
  const variableOnly = options.variableOnly === true && rest === undefined;
  const expr = accessExpression(root, head, options.where, { variableOnly });
  if (rest === undefined)
    return scalarValue(expr, type, variableOnly && !options.present ? { ...options, branchFree: true } : options);
  const item = depth === 1 ? 'item' : `item${depth}`;
  const elementType = type.kind === 'list' ? type.of : type;
  const element = valueTemplate(item, rest, elementType, { ...options, present: false, branchFree: false }, depth + 1);
  return `[{% for ${item} in ${expr} %}${element}{% if not forloop.last %},{% endif %}{% endfor %}]`;
}

/** The expression whose presence decides whether a guarded member is written: the value, or the list it loops over. */
export function presenceExpression(root: string, path: FieldPath, where?: string, variableOnly = false): string {
  return accessExpression(root, splitAtEach(path).head, where, { variableOnly });
}

/** The separator lists are joined with in editor-safe output when the user names none. */
export const DEFAULT_LIST_SEPARATOR = ', ';

export interface TextValueOptions {
  escape: EscapeMode;
  /** Joins list elements (nested lists: each level joined with it). */
  separator: string;
  where?: string;
  /** As ValueOptions.variableOnly: text and numbers only (a boolean's text and a list need block tags). */
  variableOnly?: boolean;
}

/**
 * The separator as template text inside a JSON string: JSON-escaped (Django copies text outside tags verbatim, so
 * the rendered JSON decodes it back), and with `{` and `}` written as {% templatetag %} so no tag can start or end
 * inside it, or merge with the tags around it.
 */
export function separatorText(separator: string): string {
  if (separator.length > 100)
    throw new UserError(`the list separator has ${separator.length} characters; use at most 100`);
  return JSON.stringify(separator)
    .slice(1, -1)
    .replace(/[{}]/g, (c) => (c === '{' ? '{% templatetag openbrace %}' : '{% templatetag closebrace %}'));
}

/** A value as text inside a JSON string (no `"` of its own): what it renders to is the value's text. */
function scalarText(expr: string, type: FieldType, escape: EscapeMode): string {
  // Text written in the template, not a {{ }} output: nothing to escape (and no escaping lint to satisfy).
  if (type.kind === 'boolean')
    return `{% if ${presentCondition(expr)} %}{% if ${expr} %}true{% else %}false{% endif %}{% endif %}`;
  // Python's str() of a number: escapejs applies it; without escapejs, stringformat:'s' does (a bare {{ }} would
  // localize a float, 1e-07 → 0.0000001).
  if (type.kind === 'number')
    return `{{ ${expr}|default_if_none:''|${escape === 'escapejs' ? 'escapejs' : "stringformat:'s'"} }}`;
  return `{{ ${expr}|default_if_none:''${escape === 'escapejs' ? '|escapejs' : ''} }}`;
}

function textContent(
  root: string,
  path: FieldPath,
  type: FieldType,
  options: TextValueOptions,
  separator: string,
  depth: number,
): string {
  const { head, rest } = splitAtEach(path);
  const variableOnly = options.variableOnly === true && rest === undefined && type.kind !== 'boolean';
  const expr = accessExpression(root, head, options.where, { editorSafe: true, variableOnly });
  if (rest === undefined) return scalarText(expr, type, options.escape);
  const item = depth === 1 ? 'item' : `item${depth}`;
  const elementType = type.kind === 'list' ? type.of : type;
  const element = textContent(item, rest, elementType, options, separator, depth + 1);
  return `{% for ${item} in ${expr} %}${element}{% if not forloop.last %}${separator}{% endif %}{% endfor %}`;
}

/**
 * Editor-safe: the value of `path` as ONE JSON string whose raw text is already valid JSON (every tag inside the
 * quotes). Missing, null or '' renders as ""; numbers as Python's str(); booleans as "true"/"false"; lists as their
 * elements' text joined with the separator.
 */
export function textValueTemplate(root: string, path: FieldPath, type: FieldType, options: TextValueOptions): string {
  return `"${textContent(root, path, type, options, separatorText(options.separator), 1)}"`;
}
