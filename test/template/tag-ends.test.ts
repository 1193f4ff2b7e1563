/**
 * A key is refused only when no template can read it (issue 13): Django's lexer ends `{{ … }}` at the first `}}`
 * and `{% … %}` at the first `%}`, so a key holding "%}" (or "#}") is read by a {{ }} tag, and only where the body
 * needs no {% if %} or {% for %} around it.
 */
import { describe, expect, it } from 'vitest';
import { generate } from '../../src/generate.js';
import { renderTemplate } from '../../src/render/index.js';
import { assertReferenceable } from '../../src/template/expression.js';
import type { WebhookSpec } from '../../src/spec-file/types.js';

const sample = { 'a%}b': 'x "q" %}', 'n%}': 4.5, 'c#}d': 'hash', 'on%}': true, 'l%}': ['a'] };
const event = (properties: string[]): WebhookSpec =>
  ({ kind: 'create-event', metric: 'Keys', properties }) as WebhookSpec;

describe('keys holding %} or #}', () => {
  it('{{ }} reads them: assertReferenceable refuses "%}" only where a {% %} tag must', () => {
    expect(() => assertReferenceable('a%}b', 'field', true)).not.toThrow();
    expect(() => assertReferenceable('a#}b', 'field')).not.toThrow();
    expect(() => assertReferenceable('a}}b', 'field', true)).toThrow('ends a Klaviyo template tag');
  });

  it('Create Event: text, numbers and booleans under such keys are copied exactly', () => {
    const result = generate({ webhooks: [event(['a%}b', 'n%}', 'c#}d', 'on%}'])] }, sample, { today: '2026-11-28' });
    expect(result.webhooks[0]!.body).toContain(
      "{{ event|lookup:'n%}'|default_if_none:''|stringformat:'s'|default:'null' }}",
    );
    const [w] = result.webhooks;
    expect(w!.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const body = JSON.parse(renderTemplate(w!.body, { event: sample, person: { KlaviyoID: 'p' } }));
    expect(body.data.attributes.properties).toEqual({ 'a%}b': 'x "q" %}', 'n%}': 4.5, 'c#}d': 'hash', 'on%}': true });
    const lacking = JSON.parse(renderTemplate(w!.body, { event: {}, person: { KlaviyoID: 'p' } }));
    expect(lacking.data.attributes.properties).toEqual({ 'a%}b': '', 'n%}': null, 'c#}d': '', 'on%}': null });
  });

  it('a list under such a key, or a profile property (written under a guard), is refused with the reason', () => {
    expect(() => generate({ webhooks: [event(['l%}'])] }, sample, { today: '2026-11-28' })).toThrow(
      /contains "%}".*\{% for %\}/,
    );
    expect(() =>
      generate({ webhooks: [{ kind: 'profile-import', properties: ['a%}b'] } as WebhookSpec] }, sample, {
        today: '2026-11-28',
      }),
    ).toThrow(/contains "%}", which ends a Klaviyo \{% %\} tag/);
  });
});
