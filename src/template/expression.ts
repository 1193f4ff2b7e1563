/**
 * Klaviyo template expressions for a field: `event.extra.line_items.0.sku` where every key is a plain identifier,
 * otherwise a `lookup` chain from the first key that needs it (`event|lookup:'$extra'|lookup:'line_items'|lookup:'0'`):
 * Klaviyo requires every segment after a lookup to be a lookup too, list indexes included.
 */
import { UserError } from '../errors.js';

export type AccessSegment = { kind: 'key'; key: string } | { kind: 'index'; index: number };

// Plain ASCII identifiers only: Django rejects a leading '_', and non-ASCII or '$' keys need lookup in Klaviyo.
const DOT_SAFE_KEY = /^[A-Za-z][A-Za-z0-9_]*$/;

/**
 * Django's lexer ends a `{{ … }}` tag at the first `}}` and a `{% … %}` tag at the first `%}`, quotes or not, and
 * no tag spans a line break. So `%}` (or `#}`) in a quoted lookup key is harmless inside `{{ … }}`, and `}}` inside
 * `{% … %}`.
 */
const ENDS_VARIABLE_TAG = /\}\}|\n/;
const ENDS_BLOCK_TAG = /%\}|\n/;

/** The key cannot be named inside a `{% … %}` tag (a guard, a loop, a number's null fallback). */
export const endsBlockTag = (key: string): boolean => ENDS_BLOCK_TAG.test(key);

/**
 * Throws when the template cannot reach this key: inside `{{ … }}`, and unless `variableOnly`, inside `{% … %}`
 * too (where the body needs a guard or a loop).
 */
export function assertReferenceable(key: string, where: string, variableOnly = false): void {
  const bad = ENDS_VARIABLE_TAG.exec(key) ?? (variableOnly ? null : ENDS_BLOCK_TAG.exec(key));
  if (!bad) return;
  if (bad[0] === '%}') {
    throw new UserError(
      `${where}: the key ${JSON.stringify(key)} contains "%}", which ends a Klaviyo {% %} tag, so no {% if %} or {% for %} can read it: only a text or number field of a Create Event body, copied with a {{ }} tag, can; rename the key at its source`,
    );
  }
  const what = bad[0] === '\n' ? 'a line break' : `"${bad[0]}"`;
  throw new UserError(
    `${where}: the key ${JSON.stringify(key)} contains ${what}, which ends a Klaviyo template tag, so no template can read it; rename the key at its source`,
  );
}

/** A Django string literal for a filter argument: single quotes, with `\` and `'` backslash-escaped. */
export function quoteArgument(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * Characters an editor-safe body cannot carry in a lookup argument. Its tags sit inside JSON strings, so the tag text
 * itself must be valid JSON string content: a raw `"` ends the string and a control character is not allowed, while
 * the Django literal around the key needs `'` written as `\'`, which is not a JSON escape. (A backslash is fine:
 * the literal writes it as `\\`, which both JSON and Django read as one backslash.)
 */
const NOT_EDITOR_SAFE = /["'\u0000-\u001f]/;

/** Throws when a key cannot be named inside a JSON string (the editor-safe output mode). */
export function assertEditorSafeKey(key: string, where: string): void {
  const bad = NOT_EDITOR_SAFE.exec(key);
  if (!bad) return;
  const what =
    bad[0] === '"'
      ? 'a double quote (")'
      : bad[0] === "'"
        ? "a single quote (')"
        : `a control character (U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')})`;
  throw new UserError(
    `${where}: the key ${JSON.stringify(key)} contains ${what}, which cannot be written in an editor-safe body: there every tag sits inside a JSON string, ` +
      `and the lookup:'…' that names this key would break that string — use the default (typed) output for this field, or rename the key at its source`,
  );
}

export interface AccessOptions {
  /** The expression will sit inside a JSON string: refuse keys that cannot (see assertEditorSafeKey). */
  editorSafe?: boolean;
  /** The expression is used only inside `{{ … }}` tags (see assertReferenceable). */
  variableOnly?: boolean;
}

export function accessExpression(
  root: string,
  segments: readonly AccessSegment[],
  where = 'field',
  options: AccessOptions = {},
): string {
  let out = root;
  let lookup = false;
  for (const seg of segments) {
    if (seg.kind === 'index') {
      out += lookup ? `|lookup:'${seg.index}'` : `.${seg.index}`;
      continue;
    }
    assertReferenceable(seg.key, where, options.variableOnly);
    if (options.editorSafe && !DOT_SAFE_KEY.test(seg.key)) assertEditorSafeKey(seg.key, where);
    if (!lookup && DOT_SAFE_KEY.test(seg.key)) out += `.${seg.key}`;
    else {
      lookup = true;
      out += `|lookup:${quoteArgument(seg.key)}`;
    }
  }
  return out;
}

/**
 * A condition true when the value is present: not missing, not null, not ''. A missing key is None inside
 * `{% if %}` (Django applies the filters to it) and a failed `lookup` may give '' instead: `default_if_none` makes
 * both '', and 0, False and [] stay present. One comparison, not `x != None and x != ''`: half the length, so
 * guards fit a line (layout.ts).
 */
export function presentCondition(expr: string): string {
  return `${expr}${PRESENT_SUFFIX}`;
}

/** What presentCondition appends to the expression (validate words such an atom as "present"). */
export const PRESENT_SUFFIX = "|default_if_none:'' != ''";
