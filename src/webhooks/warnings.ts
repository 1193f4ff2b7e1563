/** Warnings about what a body gives up or risks, said per field: --escape none, editor-safe output, size. */
import type { FieldMapping } from '../mapping/index.js';
import { parsePath, resolvePath, type FieldPath } from '../paths/index.js';
import type { Problem } from '../problem.js';
import type { WebhookSpec } from '../spec-file/types.js';
import type { EscapeMode } from '../template/value.js';

/** With --escape none, a quote, backslash or control character in a text value breaks the JSON. */
export function escapeWarnings(
  mappings: FieldMapping[],
  sample: unknown,
  escape: EscapeMode,
  under: FieldPath = [],
): Problem[] {
  if (escape !== 'none') return [];
  const problems: Problem[] = [];
  for (const m of mappings) {
    if (m.assumed) continue;
    const values = resolvePath(sample, [...under, ...parsePath(m.from)]).values.flat(Infinity);
    const bad = values.find((v) => typeof v === 'string' && /["\\\u0000-\u001f]/.test(v));
    if (bad !== undefined)
      problems.push({
        severity: 'warning',
        message: `"${m.from}" holds ${JSON.stringify(bad)} in the sample; with --escape none its quotes or control characters break the JSON and Klaviyo drops the event — use the default --escape escapejs`,
        at: '',
      });
  }
  return problems;
}

/** JSON Pointer to a member of data.attributes.properties. */
function propertyPointer(name: string): string {
  return `/data/attributes/properties/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

/**
 * What editor-safe output gives up, said per field: every value arrives as text, and (profiles) a missing value is
 * written as "" instead of being left out.
 */
export function editorSafeWarnings(mappings: FieldMapping[], kind: WebhookSpec['kind'], separator: string): Problem[] {
  const problems: Problem[] = [];
  const label = kind === 'profile-import' ? 'profile property' : 'event property';
  for (const m of mappings) {
    const at = propertyPointer(m.to);
    const name = JSON.stringify(m.to);
    if (m.type.kind === 'list') {
      problems.push({
        severity: 'warning',
        message:
          `${label} ${name} arrives as one text, its items joined with ${JSON.stringify(separator)}, not as a list: in Klaviyo "contains" matches any part of ` +
          `that text (an item that is part of a longer one matches too), list filters do not apply, and an item that contains the separator cannot be told apart`,
        at,
      });
    } else if (m.type.kind === 'number') {
      problems.push({
        severity: 'warning',
        message: `${label} ${name} arrives as text (e.g. "3" or "45.0"), not a number: segments and flow filters cannot compare it with "greater than" or "less than", and Klaviyo cannot sum or average it`,
        at,
      });
    } else if (m.type.kind === 'boolean') {
      problems.push({
        severity: 'warning',
        message: `${label} ${name} arrives as the text "true" or "false" ("" when missing), not a boolean: filters must compare it as text ("equals true"), not with "is true"`,
        at,
      });
    }
  }
  if (kind === 'profile-import' && mappings.length) {
    const names = mappings.map((m) => JSON.stringify(m.to)).join(', ');
    problems.push({
      severity: 'warning',
      message: `in editor-safe mode a profile property whose field is missing or null in the event is written as an empty string, clearing the value an earlier event set (the default output leaves it out): ${names}`,
      at: '/data/attributes/properties',
    });
  }
  return problems;
}

/** Above this the body is unwieldy to paste and likely past what the editor takes (its limit is not published). */
export const LARGE_BODY_BYTES = 100 * 1024;

/** A body this large (hundreds of fields, or long paths) is hard to paste and review: say so. */
export function sizeWarnings(body: string): Problem[] {
  // A UTF-16 code unit takes at most 3 UTF-8 bytes: most bodies are far below the limit without counting.
  if (body.length * 3 <= LARGE_BODY_BYTES) return [];
  const bytes = Buffer.byteLength(body, 'utf8');
  if (bytes <= LARGE_BODY_BYTES) return [];
  return [
    {
      severity: 'warning',
      message: `the body is ${Math.round(bytes / 1024)} KB; Klaviyo does not publish a size limit for the JSON Body field — if it refuses the body, split the fields across several webhooks`,
      at: '',
    },
  ];
}
