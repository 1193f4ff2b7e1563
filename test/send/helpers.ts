/** Bodies and samples for send's tests: generated from the bundled Shopify example, as users would. */
import { generate } from '../../src/generate.js';
import { readExample } from '../../src/examples.js';
import { parseSample } from '../../src/sample/parse.js';
import { parseJsonForRender } from '../../src/render/index.js';

export const API_KEY = 'pk_mocktest_4f1c9a7e2b6d8f0a3c5e7b9d1f2a4c6e';

export function example() {
  const { text, source } = readExample('shopify-placed-order');
  return {
    text,
    source,
    properties: parseSample(text, source).properties,
    render: parseJsonForRender(text) as Record<string, unknown>,
  };
}

/** [profile-import body, create-event body] for the example. */
export function exampleBodies(): { profile: string; event: string; revision: string } {
  const result = generate(
    {
      webhooks: [
        { kind: 'profile-import', properties: ['ShippingRate'] },
        {
          kind: 'create-event',
          metric: 'Placed Order SKUs',
          properties: ['$extra.line_items[*].sku=SKUs', 'Item Count'],
          value: '$value',
        },
      ],
    },
    example().properties,
    { today: '2026-11-28' },
  );
  return { profile: result.webhooks[0]!.body, event: result.webhooks[1]!.body, revision: result.revision };
}
