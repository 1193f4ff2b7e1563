/**
 * Klaviyo accounts for the stand-in: none, one and 500 flows; webhook actions that reproduce the tutorial's two
 * bodies as published (bugs and retired revision included), a default and an editor-safe body from `generate`, a
 * body to a non-Klaviyo URL, masked headers; and a metric name two integrations share.
 */
import { readFileSync } from 'node:fs';
import { generate } from '../../src/generate.js';
import type { StandInAccount, StandInAction, StandInFlow } from './klaviyo-stand-in.js';

export const KEY = 'pk_standin0000000000000000000000000';
export const TODAY = '2026-11-28';

/** The tutorial's two bodies, verbatim (test/check/helpers.ts holds the same). */
export const TUTORIAL_1 = `{ "data": { "type": "profile", "attributes": { "id" : "{{person.KlaviyoID}}", "properties": { "ShippingRate": "{{ event.ShippingRate }}" } } } }`;
export const TUTORIAL_2 = `{ "data": { "type": "event", "attributes": { "properties": { "Shipping Rate": "{{event.ShippingRate}}" }, "metric": { "data": { "type": "metric", "attributes":{ "name" : "Selected Shipping Rate" } } }, "profile": { "data": { "type": "profile", "attributes": { }, "id": "{{person.KlaviyoID}}" } } } } }`;

const SAMPLE = JSON.parse(
  readFileSync(new URL('../../templates/examples/shopify-placed-order.json', import.meta.url), 'utf8'),
);

const headers = (revision: string, auth = 'Klaviyo-API-Key pk_livekey123') => ({
  'Content-Type': 'application/vnd.api+json',
  accept: 'application/vnd.api+json',
  revision,
  Authorization: auth,
});

export const webhookAction = (
  id: string,
  message: { url: string; headers: Record<string, string>; body: string; name: string },
  status = 'live',
): StandInAction => ({
  id,
  definition: { id, type: 'send-webhook', data: { message, status } },
});

const emailAction = (id: string): StandInAction => ({
  id,
  definition: {
    id,
    type: 'send-email',
    data: {
      message: {
        from_email: 'shop@example.com',
        from_label: 'Shop',
        reply_to_email: null,
        cc_email: null,
        bcc_email: null,
        subject_line: 'Thanks',
        preview_text: null,
        template_id: null,
        smart_sending_enabled: true,
        transactional: false,
        add_tracking_params: false,
        custom_tracking_params: null,
        additional_filters: null,
        name: 'Thanks',
      },
      status: 'live',
    },
  },
});

function generated(editorSafe: boolean) {
  const result = generate(
    {
      ...(editorSafe ? { editorSafe: true } : {}),
      webhooks: [{ kind: 'profile-import', properties: [{ from: 'ShippingRate', to: 'Shipping Rate' }] }],
    },
    SAMPLE,
    { today: TODAY },
  );
  const w = result.webhooks[0]!;
  return {
    url: w.url,
    headers: Object.fromEntries(
      w.headers.map((h) => [h.key, h.key === 'Authorization' ? 'Klaviyo-API-Key pk_livekey123' : h.value]),
    ),
    body: w.body,
  };
}

/** The flows of the fixture account: the tutorial's two webhooks, two generated ones, one elsewhere, masked headers. */
export function webhookFlows(): StandInFlow[] {
  return [
    {
      id: 'FLOW_TUT',
      name: 'Tutorial: shipping rate',
      status: 'live',
      triggerMetricId: 'M_PLACED',
      actions: [
        emailAction('A_EMAIL'),
        webhookAction('A_TUT1', {
          url: 'https://a.klaviyo.com/api/profile-import',
          headers: headers('2024-10-15'),
          body: TUTORIAL_1,
          name: 'Example 1',
        }),
        webhookAction('A_TUT2', {
          url: 'https://a.klaviyo.com/api/events',
          headers: headers('2024-10-15'),
          body: TUTORIAL_2,
          name: 'Example 2',
        }),
      ],
    },
    {
      id: 'FLOW_GEN',
      name: 'Generated webhooks',
      status: 'draft',
      triggerMetricId: 'M_PLACED',
      actions: [
        webhookAction('A_GOOD', { ...generated(false), name: 'Copy shipping rate' }, 'draft'),
        webhookAction('A_SAFE', { ...generated(true), name: 'Copy shipping rate (editor-safe)' }, 'draft'),
      ],
    },
    {
      id: 'FLOW_EXT',
      name: 'Elsewhere and masked',
      status: 'manual',
      actions: [
        webhookAction(
          'A_EXT',
          {
            url: 'https://hooks.example.com/order',
            headers: { 'Content-Type': 'application/json' },
            body: '{"order": "{{ event|lookup:\'$event_id\'|escapejs }}"}',
            name: 'To our server',
          },
          'manual',
        ),
        webhookAction(
          'A_MASKED',
          {
            ...generated(false),
            headers: {
              'Content-Type': 'application/vnd.api+json',
              accept: 'application/vnd.api+json',
              revision: '2026-07-15',
              Authorization: '********',
            },
            name: 'Masked key',
          },
          'manual',
        ),
      ],
    },
  ];
}

export function account(flows: StandInFlow[] = webhookFlows()): StandInAccount {
  return {
    metrics: [
      { id: 'M_PLACED', name: 'Placed Order', integration: { name: 'Shopify', category: 'eCommerce' } },
      { id: 'M_STARTED', name: 'Started Checkout', integration: { name: 'Shopify', category: 'eCommerce' } },
      { id: 'M_VIEWED_S', name: 'Viewed Product', integration: { name: 'Shopify', category: 'eCommerce' } },
      { id: 'M_VIEWED_A', name: 'Viewed Product', integration: { name: 'API', category: 'API' } },
      { id: 'M_EMPTY', name: 'Cancelled Order', integration: null },
    ],
    events: [
      {
        id: 'E_OLD',
        metricId: 'M_PLACED',
        profileId: 'P1',
        datetime: '2026-11-01T09:00:00+00:00',
        properties: { ...SAMPLE, OrderId: 'old' },
      },
      { id: 'E_NEW', metricId: 'M_PLACED', profileId: 'P2', datetime: '2026-11-27T18:30:00+00:00', properties: SAMPLE },
      {
        id: 'E_P1',
        metricId: 'M_STARTED',
        profileId: 'P1',
        datetime: '2026-11-20T12:00:00+00:00',
        properties: { $value: 12.5, Items: ['Hat'] },
      },
    ],
    flows,
  };
}

/** `n` flows, every tenth with a webhook (a generated one), the rest with an email. */
export function manyFlows(n: number): StandInFlow[] {
  const good = generated(false);
  return Array.from({ length: n }, (_, i) => ({
    id: `FLOW_${i}`,
    name: `Flow ${i}`,
    status: 'live' as const,
    actions: i % 10 === 0 ? [webhookAction(`A_${i}`, { ...good, name: `Webhook ${i}` })] : [emailAction(`A_${i}`)],
  }));
}
