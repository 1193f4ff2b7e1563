import { describe, expect, test } from 'vitest';
import { validateRequestBody } from '../../src/klaviyo/schema.js';
import { validatorFromOpenApi } from '../../src/klaviyo/openapi.js';
import { loadSpec } from './fixtures.js';

const messages = (endpoint: Parameters<typeof validateRequestBody>[0], body: unknown, revision = '2026-07-15') =>
  validateRequestBody(endpoint, revision, body).map((p) => `${p.at} ${p.message}`);

const event = (attributes: Record<string, unknown>) => ({
  data: {
    type: 'event',
    attributes: {
      properties: { 'Shipping Rate': 'x' },
      metric: { data: { type: 'metric', attributes: { name: 'Selected Shipping Rate' } } },
      profile: { data: { type: 'profile', attributes: { email: 'a@b.co' } } },
      ...attributes,
    },
  },
});

describe('the tutorial bodies', () => {
  test('Example 1 (id inside data.attributes) gives exactly one error: move the id to data.id', () => {
    const body = {
      data: {
        type: 'profile',
        attributes: {
          id: '{{ person.KlaviyoID }}',
          properties: { ShippingRate: "{{ event|lookup:'Shipping Rate' }}" },
        },
      },
    };
    for (const revision of ['2024-10-15', '2026-07-15']) {
      expect(validateRequestBody('profile-import', revision, body)).toEqual([
        {
          severity: 'error',
          at: '/data/attributes/id',
          message:
            'unknown key "id" in data.attributes: Klaviyo rejects keys the API does not define — the profile ID belongs at data.id; move it there',
        },
      ]);
    }
  });

  test('Example 2 (create event with profile id) passes at both revisions', () => {
    const body = {
      data: {
        type: 'event',
        attributes: {
          properties: { 'Shipping Rate': 'x' },
          metric: { data: { type: 'metric', attributes: { name: 'Selected Shipping Rate' } } },
          profile: { data: { type: 'profile', attributes: {}, id: '01H…' } },
        },
      },
    };
    expect(validateRequestBody('create-event', '2024-10-15', body)).toEqual([]);
    expect(validateRequestBody('create-event', '2026-07-15', body)).toEqual([]);
  });
});

describe('messages', () => {
  test('id inside the event profile attributes', () => {
    const body = event({ profile: { data: { type: 'profile', attributes: { id: '{{ person.KlaviyoID }}' } } } });
    expect(messages('create-event', body)).toEqual([
      '/data/attributes/profile/data/attributes/id unknown key "id" in data.attributes.profile.data.attributes: Klaviyo rejects keys the API does not define — the profile ID belongs at data.attributes.profile.data.id; move it there',
    ]);
  });

  test('profile meta: inside attributes on Create Event, beside attributes on Bulk Create Events', () => {
    const meta = { patch_properties: { append: { Tags: 'vip' } } };
    expect(messages('create-event', event({ profile: { data: { type: 'profile', attributes: {}, meta } } }))).toEqual([
      '/data/attributes/profile/data/meta unknown key "meta" in data.attributes.profile.data: Klaviyo rejects keys the API does not define — "meta" belongs at data.attributes.profile.data.attributes.meta; move it there',
    ]);
    expect(messages('create-event', event({ profile: { data: { type: 'profile', attributes: { meta } } } }))).toEqual(
      [],
    );
    const bulk = (profileData: object) => ({
      data: {
        type: 'event-bulk-create-job',
        attributes: {
          'events-bulk-create': {
            data: [{ type: 'event-bulk-create', attributes: { profile: { data: profileData }, events: { data: [] } } }],
          },
        },
      },
    });
    expect(messages('bulk-create-events', bulk({ type: 'profile', attributes: {}, meta }))).toEqual([]);
    expect(messages('bulk-create-events', bulk({ type: 'profile', attributes: { meta } }))).toEqual([
      '/data/attributes/events-bulk-create/data/0/attributes/profile/data/attributes/meta unknown key "meta" in data.attributes.events-bulk-create.data[0].attributes.profile.data.attributes: Klaviyo rejects keys the API does not define — "meta" belongs at data.attributes.events-bulk-create.data[0].attributes.profile.data.meta; move it there',
    ]);
  });

  test('wrong enum, quoted tag for a number, missing required', () => {
    const body = event({ value: '{{ event|lookup:"$value" }}', metric: { data: { type: 'metric', attributes: {} } } });
    (body.data as { type: string }).type = 'events';
    expect(messages('create-event', body)).toEqual([
      '/data/type "type" must be "event" (not "events")',
      '/data/attributes/value "value" must be a number (or null), not a string — remove the quotes around the tag',
      '/data/attributes/metric/data/attributes/name missing required "name" in data.attributes.metric.data.attributes',
    ]);
  });

  test('type fixes: quoted number, unquoted string, null in a required field', () => {
    expect(messages('create-event', event({ value: '45.0' }))).toEqual([
      '/data/attributes/value "value" must be a number (or null), not a string — remove the quotes',
    ]);
    expect(messages('create-event', event({ unique_id: 1001 }))).toEqual([
      '/data/attributes/unique_id "unique_id" must be a string (or null), not a number — put it in quotes',
    ]);
    expect(messages('create-event', event({ properties: null }))).toEqual([
      '/data/attributes/properties "properties" must be an object, not null — give it a value',
    ]);
    expect(messages('create-event', event({ properties: "{{ event|lookup:'$extra' }}" }))).toEqual([
      '/data/attributes/properties "properties" must be an object, not a string — a tag renders Python text, not JSON: write the object out in the body',
    ]);
  });

  test('missing type says what to add', () => {
    expect(messages('profile-import', { data: { attributes: { email: 'a@b.co' } } })).toEqual([
      '/data/type missing required "type" in data — add "type": "profile"',
    ]);
    expect(messages('profile-import', {})).toEqual(['/data missing required "data" at the top level']);
    expect(validateRequestBody('profile-import', '2026-07-15', [])).toEqual([
      { severity: 'error', at: '', message: 'the body must be an object, not a list' },
    ]);
  });

  test('unknown keys: typo, custom field, misplaced identifier, revision-only keys', () => {
    expect(messages('profile-import', { data: { type: 'profile', attributes: { firstName: 'Sarah' } } })).toEqual([
      '/data/attributes/firstName unknown key "firstName" in data.attributes: Klaviyo rejects keys the API does not define — did you mean "first_name"?',
    ]);
    expect(messages('profile-import', { data: { type: 'profile', attributes: { 'Shipping Rate': 'x' } } })).toEqual([
      '/data/attributes/Shipping Rate unknown key "Shipping Rate" in data.attributes: Klaviyo rejects keys the API does not define — custom fields go in data.attributes.properties; move it there',
    ]);
    expect(messages('profile-import', { data: { type: 'profile', email: 'a@b.co', attributes: {} } })).toEqual([
      '/data/email unknown key "email" in data: Klaviyo rejects keys the API does not define — "email" belongs at data.attributes.email; move it there',
    ]);
    expect(messages('create-event', event({ backfill: true }), '2025-04-15')).toEqual([
      '/data/attributes/backfill unknown key "backfill" in data.attributes: Klaviyo rejects keys the API does not define — "backfill" exists from API revision 2026-04-15: raise the revision header to 2026-04-15 or remove the key',
    ]);
    expect(messages('profile-import', { data: { type: 'profile', attributes: { anonymous_id: 'x' } } })).toEqual([
      '/data/attributes/anonymous_id unknown key "anonymous_id" in data.attributes: Klaviyo rejects keys the API does not define — "anonymous_id" was accepted at API revision 2025-07-15 but not at 2026-07-15: remove it',
    ]);
  });

  test('a misspelled required key gives one message, not also "missing"', () => {
    const body = event({});
    const attrs = body.data.attributes as Record<string, unknown>;
    attrs.Properties = attrs.properties;
    delete attrs.properties;
    expect(messages('create-event', body)).toEqual([
      '/data/attributes/Properties unknown key "Properties" in data.attributes: Klaviyo rejects keys the API does not define — did you mean "properties"?',
    ]);
  });

  test('dates: ISO 8601 required, tags left for after rendering', () => {
    expect(messages('create-event', event({ time: '07/20/2026' }))).toEqual([
      '/data/attributes/time "time" must be a date and time like "2026-07-15T09:30:00+00:00" (ISO 8601), not "07/20/2026"',
    ]);
    expect(messages('create-event', event({ time: '{{ event.datetime }}' }))).toEqual([]);
    expect(messages('create-event', event({ time: '2026-07-20T14:03:00.123Z' }))).toEqual([]);
  });

  test('list items are named with their list', () => {
    const body = { data: { type: 'profile', attributes: {}, meta: { patch_properties: { unset: ['A', 2] } } } };
    expect(messages('profile-import', body)).toEqual([
      '/data/meta/patch_properties/unset/1 "unset[1]" must be a string, not a number — put it in quotes',
    ]);
  });

  test("latitude: one merged message from our type union and from the spec's oneOf", async () => {
    const body = { data: { type: 'profile', attributes: { location: { latitude: true } } } };
    const expected = ['/data/attributes/location/latitude "latitude" must be a string or a number (or null), not true'];
    expect(messages('profile-import', body)).toEqual(expected);
    const fromSpec = await validatorFromOpenApi(loadSpec('2026-07-15'), 'profile-import');
    expect(fromSpec(body).map((p) => `${p.at} ${p.message}`)).toEqual(expected);
  });

  test('each vendored revision is judged by its own schema; a newer one by the newest vendored', () => {
    const anonymous = { data: { type: 'profile', attributes: { email: 'a@b.co', anonymous_id: 'anon-1' } } };
    expect(messages('profile-import', anonymous, '2025-07-15')).toEqual([]);
    expect(messages('profile-import', anonymous, '2025-10-15')).toHaveLength(1);
    expect(messages('profile-import', anonymous, '2026-07-15')).toHaveLength(1);
    expect(messages('create-event', event({ backfill: true }), '2026-04-15')).toEqual([]);
    expect(messages('create-event', event({ backfill: true }), '2026-10-15')).toEqual([]);
    expect(messages('create-event', event({ backfill: true }), '2026-01-15')).toHaveLength(1);
  });
});
