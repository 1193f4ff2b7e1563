/**
 * `generate --format flow-action`: each webhook as a `send-webhook` action of the Flows API, for the
 * `definition.actions` list of Create Flow (`POST /api/flows`, GA since revision 2025-01-15). Pure.
 *
 * The action carries what the editor's three fields hold: `data.message.url`, `.headers` (an object, one member
 * per row of the Headers table), `.body` (the JSON Body text, tags and all, as one string) and `.name`. New actions
 * are named by a `temporary_id` (Klaviyo replaces it with a real `id` on creation) and linked by `links.next`.
 */
import type { Header } from './headers.js';

/** What a webhook needs to become an action (a GeneratedWebhook has all of it). */
export interface FlowWebhookSource {
  name: string;
  url: string;
  headers: readonly Header[];
  body: string;
}

export interface FlowWebhookAction {
  temporary_id: string;
  type: 'send-webhook';
  links: { next: string | null };
  data: {
    /** New actions start as drafts (the API's default, written out so nothing goes live by surprise). */
    status: 'draft';
    message: { url: string; headers: Record<string, string>; body: string; name: string };
  };
}

/** Temporary ids are `webhook-1`, `webhook-2`, … in output order. */
export const flowActionTemporaryId = (index: number) => `webhook-${index + 1}`;

/**
 * The webhooks as actions chained in order: each one's `links.next` is the following one's temporary id, the last
 * one's is null. Headers become an object; a repeated key keeps its last value (the editor sends one per key).
 */
export function flowWebhookActions(webhooks: readonly FlowWebhookSource[]): FlowWebhookAction[] {
  return webhooks.map((w, i) => ({
    temporary_id: flowActionTemporaryId(i),
    type: 'send-webhook',
    links: { next: i + 1 < webhooks.length ? flowActionTemporaryId(i + 1) : null },
    data: {
      status: 'draft',
      message: {
        url: w.url,
        headers: Object.fromEntries(w.headers.map((h) => [h.key, h.value])),
        body: w.body,
        name: w.name,
      },
    },
  }));
}

export interface FlowCreateOptions {
  /** The flow's name. */
  name: string;
  /** The id of the metric that triggers the flow (event variables exist only in metric-triggered flows). */
  metricId: string;
}

/**
 * A minimal Create Flow request body around the actions: one metric trigger, the actions, the first as the entry.
 * What docs/cli.md's "create the flow through the API" example sends; also how the tests check actions against
 * the official schema (an action alone is not a request body).
 */
export function flowCreateBody(actions: readonly FlowWebhookAction[], options: FlowCreateOptions): object {
  return {
    data: {
      type: 'flow',
      attributes: {
        name: options.name,
        definition: {
          triggers: [{ type: 'metric', id: options.metricId }],
          actions,
          entry_action_id: actions[0]?.temporary_id ?? null,
        },
      },
    },
  };
}
