/**
 * Klaviyo template expressions for a field: `event.extra.line_items.0.sku` where every key is a plain identifier,
 * otherwise a `lookup` chain from the first key that needs it (`event|lookup:'$extra'|lookup:'line_items'|lookup:'0'`):
 * Klaviyo requires every segment after a lookup to be a lookup too, list indexes included.
 */
import { UserError } from '../errors.js';

export type AccessSegment = { kind: 'key'; key: string } | { kind: 'index'; index: number };

// Plain ASCII identifiers only: Django rejects a leading '_', and non-ASCII or '$' keys need lookup in Klaviyo.
const DOT_SAFE_KEY = /^[A-Za-z][A-Za-z0-9_]*$/;

/** Text inside a tag that would end it early, and line breaks, which Django's lexer never lets a tag span. */
const UNREFERENCEABLE = /\}\}|%\}|#\}|\n/;

/** Throws when no Klaviyo template can reach this key. */
export function assertReferenceable(key: string, where: string): void {
  const bad = UNREFERENCEABLE.exec(key);
  if (bad) {
    const what = bad[0] === '\n' ? 'a line break' : `"${bad[0]}"`;
    throw new UserError(
      `${where}: the key ${JSON.stringify(key)} contains ${what}, which ends a Klaviyo template tag, so no template can read it; rename the key at its source`,
    );
  }
}

/** A Django string literal for a filter argument: single quotes, with `\` and `'` backslash-escaped. */
export function quoteArgument(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export function accessExpression(root: string, segments: readonly AccessSegment[], where = 'field'): string {
  let out = root;
  let lookup = false;
  for (const seg of segments) {
    if (seg.kind === 'index') {
      out += lookup ? `|lookup:'${seg.index}'` : `.${seg.index}`;
      continue;
    }
    assertReferenceable(seg.key, where);
    if (!lookup && DOT_SAFE_KEY.test(seg.key)) out += `.${seg.key}`;
    else {
      lookup = true;
      out += `|lookup:${quoteArgument(seg.key)}`;
    }
  }
  return out;
}

/** A condition true when the value is present: not missing, not null, not ''. */
export function presentCondition(expr: string): string {
  // A missing key is None inside {% if %}; a failed `lookup` may give '' instead, so both are tested.
  return `${expr} != None and ${expr} != ''`;
}
