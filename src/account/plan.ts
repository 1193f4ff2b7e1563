/**
 * Webhooks as code, the pure half: what a spec's webhooks want (`DesiredWebhook`), what their target actions hold in
 * Klaviyo (`LiveTarget`), and the plan between them — per webhook "create", "update" (with each change) or "none",
 * or a refusal. Header values Klaviyo masks are compared as unknown and never shown; the webhook's own key is never
 * shown either (only the variable it comes from).
 */
import type { EndpointId } from '../klaviyo/endpoints.js';
import type { WebhookTarget } from '../spec-file/types.js';
import { isMasked } from './audit.js';

export interface DesiredWebhook {
  name: string;
  target: WebhookTarget;
  kind: EndpointId;
  url: string;
  /** Header values as they will be written (Authorization with the real key, when its variable is set). */
  headers: Record<string, string>;
  body: string;
  /** The metric a Create Event / Bulk Create Events webhook records, for the loop check. */
  metric?: string;
  /** The body sets `backfill: true` (its events trigger no flow). */
  backfill: boolean;
  /** The body has errors: apply refuses to write it. */
  errors: string[];
}

/** A flow action as read back from Klaviyo. */
export interface LiveTarget {
  actionId: string;
  actionType: string;
  status: string | null;
  flow: { id: string; name: string; status: string } | null;
  /** The name of the metric that triggers the action's flow, when it is metric-triggered. */
  triggerMetric: string | null;
  message: { url: string; headers: Record<string, string>; body: string; name: string } | null;
}

export type Change =
  | { field: 'url'; from: string; to: string }
  | { field: 'name'; from: string; to: string }
  | { field: 'header'; key: string; change: 'added' | 'removed' | 'changed'; from?: string; to?: string }
  | { field: 'body'; diff: string[] };

export interface PlanItem {
  webhook: string;
  target: WebhookTarget;
  action: 'create' | 'update' | 'none' | 'refused';
  changes: Change[];
  /** Things to know before applying (a live action, masked headers not compared). */
  notes: string[];
  /** Why apply will not write this webhook. */
  refusal?: string;
  /** The action's flow, when it exists already. */
  flow?: { id: string; name: string; status: string } | null;
}

/** Header values that must never be shown: the key, and whatever Klaviyo masks. */
const SECRET_HEADERS = new Set(['authorization']);

function shown(key: string, value: string): string | undefined {
  return SECRET_HEADERS.has(key.toLowerCase()) || isMasked(value) ? undefined : value;
}

/** A line diff (longest common subsequence), `-`/`+`/` ` prefixed, with two lines of context around changes. */
export function lineDiff(from: string, to: string): string[] {
  const a = from.split('\n');
  const b = to.split('\n');
  // Bounded: bodies are at most a few thousand lines; beyond that, say it changed without the diff.
  if (a.length * b.length > 4_000_000) return ['(the body changed; too long to show a line diff)'];
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const lines: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      lines.push(`  ${a[i]}`);
      i++;
      j++;
    } else if (i < a.length && (j === b.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) lines.push(`- ${a[i++]}`);
    else lines.push(`+ ${b[j++]}`);
  }
  // Keep changed lines and two lines of context around them.
  const keep = lines.map((_, k) => lines.slice(Math.max(0, k - 2), k + 3).some((m) => !m.startsWith('  ')));
  const out: string[] = [];
  lines.forEach((l, k) => {
    if (keep[k]) out.push(l);
    else if (out.at(-1) !== '  …') out.push('  …');
  });
  return out;
}

/** What applying `desired` to `live` (undefined: a new flow) would change, and what would stop it. */
export function planWebhook(
  desired: DesiredWebhook,
  live: LiveTarget | undefined,
  options: { keyVariable: string },
): PlanItem {
  const base = { webhook: desired.name, target: desired.target, notes: [] as string[] };
  const refuse = (refusal: string, flow?: PlanItem['flow']): PlanItem => ({
    ...base,
    action: 'refused',
    changes: [],
    refusal,
    ...(flow !== undefined ? { flow } : {}),
  });
  if (desired.errors.length)
    return refuse(
      `the body has ${desired.errors.length} error${desired.errors.length === 1 ? '' : 's'} (first: ${desired.errors[0]}); fix it before applying`,
    );

  const trigger = 'newFlow' in desired.target ? desired.target.newFlow.triggerMetric : (live?.triggerMetric ?? null);
  if (desired.metric !== undefined && trigger !== null && desired.metric === trigger && !desired.backfill) {
    return refuse(
      `this webhook records "${desired.metric}" events, the metric that triggers its own flow: every event it creates would trigger the flow again — send it with backfill (generate --backfill, revision 2026-04-15 or later) or use another metric name`,
      live?.flow,
    );
  }
  if (!live) {
    return {
      ...base,
      action: 'create',
      changes: [{ field: 'url', from: '', to: desired.url }],
      notes: ['a new draft flow is created with this webhook as its one action'],
    };
  }
  if (live.actionType !== 'send-webhook' || !live.message)
    return refuse(
      `flow action ${live.actionId} is a ${live.actionType} action, not a webhook: target a send-webhook action`,
      live.flow,
    );

  const changes: Change[] = [];
  if (live.message.url !== desired.url) changes.push({ field: 'url', from: live.message.url, to: desired.url });
  if (live.message.name !== desired.name) changes.push({ field: 'name', from: live.message.name, to: desired.name });
  const liveKeys = new Map(Object.keys(live.message.headers).map((k) => [k.toLowerCase(), k]));
  const masked: string[] = [];
  for (const [key, value] of Object.entries(desired.headers)) {
    const liveKey = liveKeys.get(key.toLowerCase());
    if (liveKey === undefined) {
      changes.push({
        field: 'header',
        key,
        change: 'added',
        ...(shown(key, value) !== undefined ? { to: value } : {}),
      });
      continue;
    }
    const was = live.message.headers[liveKey]!;
    if (isMasked(was))
      masked.push(key); // present, value unknown: never a change, never shown
    else if (was !== value) {
      const from = shown(key, was);
      const to = shown(key, value);
      changes.push({
        field: 'header',
        key,
        change: 'changed',
        ...(from !== undefined ? { from } : {}),
        ...(to !== undefined ? { to } : {}),
      });
    }
  }
  const desiredKeys = new Set(Object.keys(desired.headers).map((k) => k.toLowerCase()));
  for (const [lower, key] of liveKeys)
    if (!desiredKeys.has(lower)) changes.push({ field: 'header', key, change: 'removed' });
  if (live.message.body !== desired.body)
    changes.push({ field: 'body', diff: lineDiff(live.message.body, desired.body) });

  const notes: string[] = [];
  if (masked.length)
    notes.push(
      `${masked.join(', ')} ${masked.length === 1 ? 'is' : 'are'} masked in Klaviyo: not compared (a change writes the value from $${options.keyVariable})`,
    );
  if (changes.length && (live.status === 'live' || live.flow?.status === 'live'))
    notes.push('this action is live: the change takes effect for the next trigger');
  return { ...base, action: changes.length ? 'update' : 'none', changes, notes, flow: live.flow };
}
