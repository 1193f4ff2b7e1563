/** Realistic valid request bodies per endpoint × shipped revision: a minimal one and ones using every declared key. */
import { readFileSync } from 'node:fs';
import type { EndpointId } from '../../src/klaviyo/endpoints.js';
import type { SchemaRevision } from '../../src/klaviyo/revisions.js';

/** Klaviyo's official spec of a revision, as vendored in the repository (vendor/klaviyo-openapi). */
export const specFile = (revision: SchemaRevision) =>
  new URL(`../../vendor/klaviyo-openapi/${revision}.json`, import.meta.url);

const specCache = new Map<string, unknown>();
export function loadSpec(revision: SchemaRevision): unknown {
  if (!specCache.has(revision)) specCache.set(revision, JSON.parse(readFileSync(specFile(revision), 'utf8')));
  return specCache.get(revision);
}

type Body = Record<string, unknown>;
/** meta.patch_identifiers and backfill appear in 2026-04-15 (klaviyo-facts §6). */
const is2026 = (r: SchemaRevision) => r >= '2026-04-15';
/** profile-import's anonymous_id exists through 2025-07-15 and is gone from 2025-10-15. */
const importHasAnonymousId = (r: SchemaRevision) => r <= '2025-07-15';

const location = {
  address1: '89 E 42nd St',
  address2: '1st floor',
  city: 'New York',
  country: 'United States',
  latitude: '40.7128', // string and number forms are both allowed
  longitude: -74.006,
  region: 'NY',
  zip: '10017',
  timezone: 'America/New_York',
  ip: '127.0.0.1',
};

function profileAttributes(opts: { anonymousId: boolean }): Body {
  return {
    email: 'sarah.mason@klaviyo-demo.com',
    phone_number: '+15005550006',
    external_id: 'cust-6d1f',
    ...(opts.anonymousId ? { anonymous_id: 'anon-7f3a' } : {}),
    _kx: 'J8fjcn003Wz_mwbR5IY9yv_rJo1BA0tQw8_y-yhXPFlPMA%3D%3D.YiyqyM',
    first_name: 'Sarah',
    last_name: 'Mason',
    organization: 'Example Corporation',
    locale: 'en-US',
    title: 'Regional Manager',
    image: 'https://images.pexels.com/photos/3760854/pexels-photo-3760854.jpeg',
    location,
    properties: { 'Shipping Rate': 'Express', Tags: ['vip'], extra: { nested: true } },
  };
}

function profileMeta(revision: SchemaRevision): Body {
  return {
    patch_properties: { append: { Tags: 'repeat-buyer' }, unappend: { Tags: 'first-time' }, unset: 'Old Property' },
    ...(is2026(revision) ? { patch_identifiers: { append: {}, unappend: {} } } : {}),
  };
}

const metric = (name = 'Selected Shipping Rate', service?: string) => ({
  data: { type: 'metric', attributes: { name, ...(service ? { service } : {}) } },
});

export function validBodies(endpoint: EndpointId, revision: SchemaRevision): Record<string, Body> {
  switch (endpoint) {
    case 'profile-import':
      return {
        minimal: { data: { type: 'profile', attributes: { email: 'sarah.mason@klaviyo-demo.com' } } },
        'tutorial example 1, fixed': {
          data: {
            type: 'profile',
            id: '01GDDKASAP8TKDDA2GRZDSVP4H',
            attributes: { properties: { ShippingRate: 'Standard' } },
          },
        },
        full: {
          data: {
            type: 'profile',
            id: '01GDDKASAP8TKDDA2GRZDSVP4H',
            // anonymous_id is declared for profile-import through 2025-07-15 only
            attributes: profileAttributes({ anonymousId: importHasAnonymousId(revision) }),
            meta: profileMeta(revision),
          },
        },
        'clearing with nulls': {
          data: {
            type: 'profile',
            id: null,
            attributes: {
              email: 'a@b.co',
              first_name: null,
              location: { latitude: null, city: null },
              properties: null,
            },
            meta: { patch_properties: { append: null, unappend: null, unset: ['A', 'B'] } },
          },
        },
      };
    case 'create-event': {
      const attrs = (extra: Body) => ({
        properties: { 'Shipping Rate': 'Express', OrderId: '1001', $extra: { line_items: [{ sku: 'A1' }] } },
        metric: metric(),
        ...extra,
      });
      return {
        minimal: {
          data: {
            type: 'event',
            attributes: attrs({
              profile: { data: { type: 'profile', attributes: { email: 'sarah.mason@klaviyo-demo.com' } } },
            }),
          },
        },
        'tutorial example 2': {
          data: {
            type: 'event',
            attributes: {
              properties: { 'Shipping Rate': 'x' },
              metric: { data: { type: 'metric', attributes: { name: 'Selected Shipping Rate' } } },
              profile: { data: { type: 'profile', attributes: {}, id: '01HZZZZZZZZZZZZZZZZZZZZZZZ' } },
            },
          },
        },
        full: {
          data: {
            type: 'event',
            attributes: {
              ...attrs({}),
              metric: metric('Selected Shipping Rate', 'api'),
              time: '2026-07-20T14:03:00+00:00',
              value: 45.5,
              value_currency: 'USD',
              unique_id: '01J3Y8M6ZC1PV4T4A6W8T2X9QK-shipping',
              ...(is2026(revision) ? { backfill: false } : {}),
              profile: {
                data: {
                  type: 'profile',
                  id: '01GDDKASAP8TKDDA2GRZDSVP4H',
                  // on this endpoint the profile's meta sits inside attributes
                  attributes: { ...profileAttributes({ anonymousId: true }), meta: profileMeta(revision) },
                },
              },
            },
          },
        },
        'nullable fields null': {
          data: {
            type: 'event',
            attributes: {
              ...attrs({}),
              time: null,
              value: null,
              value_currency: null,
              unique_id: null,
              profile: {
                data: {
                  type: 'profile',
                  id: null,
                  attributes: { email: 'a@b.co', location: null, properties: null, meta: null },
                },
              },
            },
          },
        },
      };
    }
    case 'bulk-create-events': {
      const event = (extra: Body = {}) => ({
        type: 'event',
        attributes: { properties: { OrderId: '1001' }, metric: metric('Ordered Product'), ...extra },
      });
      const job = (entries: Body[]) => ({
        data: { type: 'event-bulk-create-job', attributes: { 'events-bulk-create': { data: entries } } },
      });
      return {
        minimal: job([
          {
            type: 'event-bulk-create',
            attributes: {
              profile: { data: { type: 'profile', attributes: { email: 'a@b.co' } } },
              events: { data: [event()] },
            },
          },
        ]),
        empty: job([]),
        full: job([
          {
            type: 'event-bulk-create',
            attributes: {
              ...(is2026(revision) ? { backfill: true } : {}),
              profile: {
                data: {
                  type: 'profile',
                  id: '01GDDKASAP8TKDDA2GRZDSVP4H',
                  attributes: profileAttributes({ anonymousId: true }),
                  // on this endpoint the profile's meta sits beside attributes
                  meta: profileMeta(revision),
                },
              },
              events: {
                data: [
                  event({
                    time: '2026-07-20T14:03:00Z',
                    value: 12,
                    value_currency: 'EUR',
                    unique_id: 'order-1001-line-1',
                    ...(is2026(revision) ? { backfill: null } : {}),
                    metric: metric('Ordered Product', 'api'),
                  }),
                  event({ time: '2026-07-20 14:03:00' }),
                ],
              },
            },
          },
        ]),
      };
    }
  }
}
