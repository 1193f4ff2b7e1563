/** The library as docs/library.md and the README show it: generate, then validate and preview what it made. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_REVISION, generate, parseJsonForRender, parseSample, preview, validate } from '../src/index.js';

const TODAY = '2026-11-28';
const text = '{"Price": 10.0, "OrderId": 12345678901234567890, "$event_id": "e1", "$extra": {"sku": "A-1"}}';

describe('the library', () => {
  const { properties } = parseSample(text, 'order.json');
  const result = generate(
    {
      webhooks: [
        { kind: 'create-event', metric: 'Placed Order SKUs', properties: ['$extra.sku=SKU', 'Price', 'OrderId'] },
      ],
    },
    properties,
    { today: TODAY },
  );
  const [webhook] = result.webhooks;

  it('validate: a generated body has no errors, checked against the default revision', () => {
    const checked = validate(webhook!.body, { today: TODAY, url: webhook!.url });
    expect(checked.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(checked.revision).toBe(DEFAULT_REVISION);
    expect(checked.endpoint).toBe('create-event');
    expect(checked.editorSafe).toBe(false);
  });

  it("validate: the tutorial's profile id inside attributes is an error with its fix", () => {
    const body =
      '{"data": {"type": "profile", "attributes": {"id": "{{ person.KlaviyoID }}", "properties": {"x": 1}}}}';
    const { problems } = validate(body, { today: TODAY, url: 'https://a.klaviyo.com/api/profile-import' });
    expect(problems.some((p) => p.severity === 'error' && /attributes/.test(p.message))).toBe(true);
  });

  it('preview: the exact text, and fields as JSON.parse gives them but with whole big integers', () => {
    const r = preview(webhook!.body, { sample: parseJsonForRender(text), today: TODAY, url: webhook!.url });
    expect(r.rendered).toContain('"Price": 10.0');
    expect(r.rendered).toContain('"OrderId": 12345678901234567890');
    const byName = Object.fromEntries(r.fields.map((f) => [f.name, f.rendered]));
    expect(byName).toEqual({ SKU: 'A-1', Price: 10, OrderId: 12345678901234567890n });
    expect(r.url).toBe('https://a.klaviyo.com/api/events');
    expect(r.headers.find((h) => h.key === 'revision')?.value).toBe(DEFAULT_REVISION);
  });
});
