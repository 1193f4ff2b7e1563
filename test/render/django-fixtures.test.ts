/**
 * Every case in fixtures/django-cases.json was rendered by real Django (see make-fixtures.py); the renderer must
 * produce the same output, or fail where Django fails (TemplateSyntaxError at compile time, or the same Python
 * exception class at render time).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  TemplateRenderError,
  TemplateSyntaxError,
  compileTemplate,
  parseJsonForRender,
} from '../../src/render/index.js';

interface FixtureCase {
  template: string;
  context?: string;
  autoescape: boolean;
  output?: string;
  error?: string;
}

const fixture = JSON.parse(readFileSync(new URL('./fixtures/django-cases.json', import.meta.url), 'utf8')) as {
  django: string;
  baseContext: string;
  cases: FixtureCase[];
};

function run(c: FixtureCase): { output: string } | { error: string } {
  let template: ReturnType<typeof compileTemplate>;
  try {
    template = compileTemplate(c.template);
  } catch (e) {
    if (e instanceof TemplateSyntaxError) return { error: 'TemplateSyntaxError' };
    throw e;
  }
  const context = parseJsonForRender(c.context ?? fixture.baseContext) as Record<string, unknown>;
  try {
    return { output: template.render(context, { autoescape: c.autoescape }) };
  } catch (e) {
    if (e instanceof TemplateRenderError) return { error: e.pythonType };
    throw e;
  }
}

describe(`Django ${fixture.django} fixture cases`, () => {
  it('has several hundred cases', () => {
    expect(fixture.cases.length).toBeGreaterThan(500);
  });
  it.each(fixture.cases.map((c, i) => [i, c] as const))('case %i', (_i, c) => {
    const expected = c.error !== undefined ? { error: c.error } : { output: c.output };
    expect({ template: c.template, autoescape: c.autoescape, ...run(c) }).toEqual({
      template: c.template,
      autoescape: c.autoescape,
      ...expected,
    });
  });
});
