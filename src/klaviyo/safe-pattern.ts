/** ajv's `code.regExp` for --openapi documents: Klaviyo's own use no `pattern`, so refusing risky ones costs nothing. */
import { unsafePatternReason } from '../render/regex-safety.js';

/** ajv's `code.regExp`: RegExp for safe patterns, an error (so the schema is refused) for the others. */
export const safeRegExp = Object.assign(
  (pattern: string, flags: string): RegExp => {
    const why = unsafePatternReason(pattern);
    if (why) throw new Error(`its pattern ${JSON.stringify(pattern.slice(0, 80))} is refused: ${why}`);
    return new RegExp(pattern, flags);
  },
  { code: 'new RegExp' },
);
