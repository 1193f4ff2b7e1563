/**
 * Bodies whose {% if %} guards combine into more renderings than can be enumerated (a profile webhook with a dozen
 * optional properties has 2^24 assumption sets) are checked on a sample of consistent renderings: no false alarm
 * on a correct body, and a real mistake still found.
 */
import { describe, expect, it } from 'vitest';
import { checkWebhookBody } from '../../src/check/index.js';
import { generate } from '../../src/generate.js';

const today = '2026-11-28';
const letters = 'abcdefghijklmnop'.split('');

describe('bodies with many guarded members', () => {
  it('gives no false alarm on a generated profile body with 16 optional properties', () => {
    const sample = Object.fromEntries(
      letters.map((l, i) => [`Field ${l}`, i % 3 === 0 ? i : i % 3 === 1 ? `text ${l}` : i % 2 === 0]),
    );
    const { webhooks } = generate({ webhooks: [{ kind: 'profile-import', properties: Object.keys(sample) }] }, sample, {
      today,
    });
    expect(webhooks[0]!.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('still finds a comma that is wrong on some renderings', () => {
    // Member C always writes a leading comma: invalid JSON whenever A and B are both absent.
    const members = letters.slice(0, 12).map((l, i) => {
      const earlier = letters
        .slice(0, i)
        .map((e) => `event.${e}`)
        .join(' or ');
      const comma = i === 0 ? '' : i === 2 ? ',' : `{% if ${earlier} %},{% endif %}`;
      return `{% if event.${l} %}${comma}"${l.toUpperCase()}": 1{% endif %}`;
    });
    const body = `{"data": {"type": "profile", "id": "{{ person.KlaviyoID }}", "attributes": {"properties": {\n${members.join('\n')}\n}}}}`;
    const errors = checkWebhookBody(body, { revision: '2026-07-15', today }).problems.filter(
      (p) => p.severity === 'error',
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line: 4, message: expect.stringContaining("unexpected ','") });
  });
});
