/**
 * Template text that renders one field as a JSON value of its type, for any event — also when the field is missing,
 * null, or holds text that would break JSON:
 *   string   "{{ x|default_if_none:''|escapejs }}"        (null/missing → "", quotes and control characters escaped)
 *   number   {% if x != None and x != '' %}{{ x }}{% else %}null{% endif %}
 *   boolean  … {{ x|yesno:'true,false' }} …              (Python would print True/False)
 *   list     [{% for item in x %}<element>{% if not forloop.last %},{% endif %}{% endfor %}]
 */
import type { FieldPath } from '../paths/syntax.js';
import type { FieldType } from '../paths/types.js';
import { accessExpression, presentCondition, type AccessSegment } from './expression.js';

export type EscapeMode = 'escapejs' | 'none';

export interface ValueOptions {
  escape: EscapeMode;
  /** Where the field is named in errors. */
  where?: string;
  /** The caller writes the value only when presentCondition holds (a guarded member). */
  present?: boolean;
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
  if (type.kind === 'number') return `{% if ${presentCondition(expr)} %}{{ ${expr} }}{% else %}null{% endif %}`;
  if (type.kind === 'boolean')
    return `{% if ${presentCondition(expr)} %}{{ ${expr}|yesno:'true,false' }}{% else %}null{% endif %}`;
  return stringValue(expr, options.escape);
}

/**
 * The value template for `path` read from `root` (`event` or a loop variable). `type` is the resolved type:
 * a list type for [*] paths. `depth` numbers nested loop variables.
 */
export function valueTemplate(root: string, path: FieldPath, type: FieldType, options: ValueOptions, depth = 1): string {
  const { head, rest } = splitAtEach(path);
  const expr = accessExpression(root, head, options.where);
  if (rest === undefined) return scalarValue(expr, type, options);
  const item = depth === 1 ? 'item' : `item${depth}`;
  const elementType = type.kind === 'list' ? type.of : type;
  const element = valueTemplate(item, rest, elementType, { ...options, present: false }, depth + 1);
  return `[{% for ${item} in ${expr} %}${element}{% if not forloop.last %},{% endif %}{% endfor %}]`;
}

/** The expression whose presence decides whether a guarded member is written: the value, or the list it loops over. */
export function presenceExpression(root: string, path: FieldPath, where?: string): string {
  return accessExpression(root, splitAtEach(path).head, where);
}
