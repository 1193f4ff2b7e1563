/** `--format flow-action`: the actions, wrapped in a minimal Create Flow body, against the official OpenAPI schema. */
import Ajv from 'ajv';
import { describe, expect, test } from 'vitest';
import { generate } from '../../src/generate.js';
import { flowCreateBody, flowWebhookActions } from '../../src/klaviyo/flow-action.js';
import { API_KEY_PLACEHOLDER } from '../../src/klaviyo/headers.js';
import { requestSchemaForPath, requestSchemaFromOpenApi } from '../../src/klaviyo/openapi-schema.js';
import { parseSample } from '../../src/sample/parse.js';
import { readExample } from '../../src/examples.js';
import { loadSpec, validBodies } from './fixtures.js';

function flowValidator() {
  const schema = requestSchemaForPath(loadSpec('2026-07-15'), '/api/flows', 'Create Flow', { shareRefs: true });
  // Formats are not what is under test here (the flow schema has none on the action's path).
  const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true, validateFormats: false, logger: false });
  return ajv.compile(schema);
}

function generated() {
  const { text, source } = readExample('shopify-placed-order');
  const sample = parseSample(text, source).properties;
  return generate(
    {
      webhooks: [
        { kind: 'profile-import', properties: ['ShippingRate'] },
        { kind: 'create-event', metric: 'Placed Order SKUs', properties: ['$extra.line_items[*].sku=SKUs'] },
      ],
    },
    sample,
    { today: '2026-11-28' },
  );
}

describe('flow-action', () => {
  const validate = flowValidator();

  test('each webhook becomes a send-webhook action the official Create Flow schema accepts', () => {
    const result = generated();
    const actions = flowWebhookActions(result.webhooks);
    expect(actions).toHaveLength(2);
    const body = flowCreateBody(actions, { name: 'Order webhooks', metricId: 'ABC123' });
    expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
    for (const action of actions)
      expect(
        validate(flowCreateBody([action], { name: 'One', metricId: 'ABC123' })),
        JSON.stringify(validate.errors),
      ).toBe(true);
  });

  test('message holds the URL, the headers as an object, the body text unchanged and the name; actions chain in order', () => {
    const result = generated();
    const [profile, event] = flowWebhookActions(result.webhooks);
    expect(profile).toEqual({
      temporary_id: 'webhook-1',
      type: 'send-webhook',
      links: { next: 'webhook-2' },
      data: {
        status: 'draft',
        message: {
          url: 'https://a.klaviyo.com/api/profile-import',
          headers: {
            'Content-Type': 'application/vnd.api+json',
            accept: 'application/vnd.api+json',
            revision: result.revision,
            Authorization: API_KEY_PLACEHOLDER,
          },
          body: result.webhooks[0]!.body,
          name: 'Copy event fields to the profile',
        },
      },
    });
    expect(event!.links.next).toBeNull();
    expect(event!.data.message.body).toContain('{% for item in');
    expect(event!.data.message.url).toBe('https://a.klaviyo.com/api/events');
    // The body is the template as pasted: Klaviyo renders it when the flow runs.
    expect(typeof event!.data.message.body).toBe('string');
  });

  test('the schema check is real: the editor shapes (header rows, a parsed body) and unknown keys are rejected', () => {
    const [action] = flowWebhookActions(generated().webhooks);
    const wrap = (a: object) => flowCreateBody([a as never], { name: 'x', metricId: 'M' });
    const rows = {
      ...action!,
      data: {
        ...action!.data,
        message: { ...action!.data.message, headers: [{ key: 'revision', value: '2026-07-15' }] },
      },
    };
    expect(validate(wrap(rows))).toBe(false);
    const parsed = { ...action!, data: { ...action!.data, message: { ...action!.data.message, body: { data: {} } } } };
    expect(validate(wrap(parsed))).toBe(false);
    const extra = { ...action!, data: { ...action!.data, message: { ...action!.data.message, method: 'POST' } } };
    expect(validate(wrap(extra))).toBe(false);
    const wrongType = { ...action!, type: 'webhook' };
    expect(validate(wrap(wrongType))).toBe(false);
    const noUrl = { ...action!, data: { ...action!.data, message: { headers: {}, body: '{}', name: 'n' } } };
    expect(validate(wrap(noUrl))).toBe(false);
  });

  test('an empty list gives an empty array; a repeated header key keeps the last value', () => {
    expect(flowWebhookActions([])).toEqual([]);
    const [a] = flowWebhookActions([
      {
        name: 'n',
        url: 'u',
        body: '{}',
        headers: [
          { key: 'X', value: '1' },
          { key: 'X', value: '2' },
        ],
      },
    ]);
    expect(a!.data.message.headers).toEqual({ X: '2' });
    expect(a!.links.next).toBeNull();
  });
});

describe('requestSchemaForPath with shared $defs', () => {
  test('gives the same verdicts as the inlined schema of requestSchemaFromOpenApi', () => {
    const ajv = () =>
      new Ajv({ allErrors: true, strict: false, allowUnionTypes: true, validateFormats: false, logger: false });
    for (const [endpoint, path] of [
      ['profile-import', '/api/profile-import'],
      ['create-event', '/api/events'],
    ] as const) {
      const inlined = ajv().compile(requestSchemaFromOpenApi(loadSpec('2026-07-15'), endpoint));
      const shared = ajv().compile(requestSchemaForPath(loadSpec('2026-07-15'), path, endpoint, { shareRefs: true }));
      const bodies = Object.values(validBodies(endpoint, '2026-07-15'));
      const broken = bodies.flatMap((b) => [
        { ...b, extra: 1 },
        { data: { ...(b.data as object), type: 'nope' } },
        {
          data: {
            ...(b.data as object),
            attributes: { ...(b.data as { attributes: object }).attributes, unknown: true },
          },
        },
      ]);
      for (const body of [...bodies, ...broken]) expect(shared(body), JSON.stringify(body)).toBe(inlined(body));
      expect(bodies.every((b) => shared(b))).toBe(true);
      expect(broken.some((b) => shared(b))).toBe(false);
    }
  });
});
