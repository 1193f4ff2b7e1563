/**
 * `plan` and `apply`: the spec's webhooks put into flows through Klaviyo's Flows API. `plan` says what would change
 * (exit 3 when something would, 0 when nothing); `apply` plans, asks once (on a terminal) or needs --yes, then writes
 * only what differs. Two keys: $KLAVIYO_API_KEY (or --api-key-env) calls the API (scope flows:write, plus
 * metrics:read for the loop check and new flows); the webhook's own key (--webhook-key-env, or the spec's
 * webhookKeyEnv) is what the webhook will send. Neither is ever printed, logged or written.
 */
import {
  ApiBadRequest,
  planWebhook,
  type DesiredWebhook,
  type LiveTarget,
  type PlanItem,
  createFlow,
  MetricIndex,
  readTarget,
  updateAction,
  type ActionStatus,
  UserError,
  generate,
  type GenerateSpec,
  parseSpec,
  formatSpec,
} from '../../index.js';
import { resolve } from 'node:path';
import { makeChalk } from '../color.js';
import { readInput, writeFiles } from '../io.js';
import { stderr, stdout } from '../stdio.js';
import { accountApi, type AccountDeps, type AccountFlags } from './account.js';
import { loadSample } from './generate.js';
import { renderSampleFromText, today } from './shared.js';

export interface PlanFlags extends AccountFlags {
  spec: string;
  webhookKeyEnv?: string;
  format?: 'text' | 'json';
}

export interface ApplyFlags extends PlanFlags {
  yes?: boolean;
  status?: ActionStatus;
  saveSpec?: string;
  force?: boolean;
}

export interface ApplyDeps extends AccountDeps {
  /** Asks once before writing (on a terminal); absent off a terminal. */
  confirm?: (message: string) => Promise<boolean>;
}

interface Planned {
  spec: GenerateSpec;
  specText: string;
  desired: DesiredWebhook[];
  live: (LiveTarget | undefined)[];
  items: PlanItem[];
  keyVariable: string;
  webhookKeySet: boolean;
}

const PLACEHOLDER_KEY = '{YOUR_PRIVATE_API_KEY}';

async function makePlan(
  flags: PlanFlags,
  deps: AccountDeps,
): Promise<Planned & { api: ReturnType<typeof accountApi>; metrics: MetricIndex }> {
  const { text, source } = await readInput(flags.spec, 'spec file');
  const spec = await parseSpec(text, source);
  const untargeted = spec.webhooks.map((w, i) => (w.target ? -1 : i)).filter((i) => i >= 0);
  if (untargeted.length === spec.webhooks.length)
    throw new UserError(
      `${source}: no webhook has a target; add target: { flowAction: "ID" } or target: { newFlow: { name, triggerMetric } } to the webhooks to put into flows`,
    );
  const keyVariable = flags.webhookKeyEnv ?? spec.webhookKeyEnv ?? 'KLAVIYO_WEBHOOK_KEY';
  const env = deps.env ?? process.env;
  const webhookKey = env[keyVariable]?.trim();
  const api = accountApi(flags, deps);
  const sample = await loadSample(
    spec,
    flags.spec === '-' ? process.cwd() : resolve(flags.spec, '..'),
    flags.baseUrl !== undefined ? { baseUrl: flags.baseUrl } : {},
  );
  const result = generate(spec, sample.properties, {
    today: today(),
    sampleWarnings: sample.warnings,
    renderSample: renderSampleFromText(sample.text),
    ...(webhookKey ? { apiKey: webhookKey } : {}),
  });
  const metrics = new MetricIndex(api);
  const desired: DesiredWebhook[] = [];
  const live: (LiveTarget | undefined)[] = [];
  for (const [i, w] of result.webhooks.entries()) {
    const s = spec.webhooks[i]!;
    if (!s.target) continue;
    const metric = s.kind === 'profile-import' ? undefined : s.metric;
    desired.push({
      name: w.name,
      target: s.target,
      kind: w.endpoint,
      url: w.url,
      headers: Object.fromEntries(w.headers.map((h) => [h.key, h.value])),
      body: w.body,
      ...(metric !== undefined ? { metric } : {}),
      backfill: /"backfill"\s*:\s*true/.test(w.body),
      errors: w.problems.filter((p) => p.severity === 'error').map((p) => p.message),
    });
    live.push(
      'flowAction' in s.target ? await readTarget(api, s.target.flowAction, metrics, metric !== undefined) : undefined,
    );
  }
  const items = desired.map((d, i) => planWebhook(d, live[i], { keyVariable }));
  return {
    spec,
    specText: text,
    desired,
    live,
    items,
    keyVariable,
    webhookKeySet: webhookKey !== undefined && webhookKey !== '',
    api,
    metrics,
  };
}

export async function planCommand(flags: PlanFlags, deps: AccountDeps = {}): Promise<number> {
  const out = deps.stdout ?? stdout;
  const plan = await makePlan(flags, deps);
  if (flags.format === 'json') out.write(`${JSON.stringify(planJson(plan.items), null, 2)}\n`);
  else out.write(planText(plan.items, makeChalk(out)));
  return planExit(plan.items);
}

function planExit(items: PlanItem[]): number {
  if (items.some((i) => i.action === 'refused')) return 1;
  return items.some((i) => i.action === 'create' || i.action === 'update') ? 3 : 0;
}

/** `plan --format json`: a stable contract (docs/webhooks-as-code.md, src/account/plan-report.schema.json). */
function planJson(items: PlanItem[]) {
  return {
    changes: items.filter((i) => i.action === 'create' || i.action === 'update').length,
    refused: items.filter((i) => i.action === 'refused').length,
    webhooks: items.map((i) => ({
      webhook: i.webhook,
      target: i.target,
      action: i.action,
      flow: i.flow ?? null,
      changes: i.changes,
      notes: i.notes,
      ...(i.refusal !== undefined ? { refusal: i.refusal } : {}),
    })),
  };
}

function planText(items: PlanItem[], c: ReturnType<typeof makeChalk>): string {
  const lines: string[] = [];
  for (const i of items) {
    const where =
      'flowAction' in i.target
        ? `flow action ${i.target.flowAction}${i.flow ? ` in "${i.flow.name}" (${i.flow.status || 'status unknown'})` : ''}`
        : `a new draft flow "${i.target.newFlow.name}" triggered by "${i.target.newFlow.triggerMetric}"`;
    const verdict =
      i.action === 'none'
        ? c.green('no change')
        : i.action === 'refused'
          ? c.red('refused')
          : c.yellow(i.action === 'create' ? 'create' : 'update');
    lines.push(`${c.bold(i.webhook)} → ${where}: ${verdict}`);
    if (i.refusal) lines.push(`  ${c.red(i.refusal)}`);
    for (const n of i.notes) lines.push(`  ${c.dim(n)}`);
    for (const ch of i.changes) {
      if (i.action === 'create') continue;
      if (ch.field === 'url' || ch.field === 'name') lines.push(`  ~ ${ch.field}: ${ch.from} → ${ch.to}`);
      else if (ch.field === 'header') {
        const value =
          ch.change === 'changed'
            ? `${ch.from ?? '(hidden)'} → ${ch.to ?? '(hidden)'}`
            : ch.change === 'added'
              ? (ch.to ?? '(hidden)')
              : '';
        lines.push(
          `  ${ch.change === 'added' ? '+' : ch.change === 'removed' ? '-' : '~'} header ${ch.key}${value ? `: ${value}` : ''}`,
        );
      } else {
        lines.push('  ~ body:');
        for (const d of ch.diff)
          lines.push(`    ${d.startsWith('+') ? c.green(d) : d.startsWith('-') ? c.red(d) : c.dim(d)}`);
      }
    }
  }
  const n = (a: PlanItem['action']) => items.filter((i) => i.action === a).length;
  lines.push(
    '',
    `${n('update')} to update, ${n('create')} to create, ${n('none')} unchanged${n('refused') ? `, ${n('refused')} refused` : ''}`,
  );
  return `${lines.join('\n')}\n`;
}

export async function applyCommand(flags: ApplyFlags, deps: ApplyDeps = {}): Promise<number> {
  const out = deps.stdout ?? stdout;
  const err = deps.stderr ?? stderr;
  if (flags.status !== undefined && !['draft', 'manual', 'live'].includes(flags.status))
    throw new UserError(`--status takes draft, manual or live, not "${flags.status}"`);
  const plan = await makePlan(flags, deps);
  const c = makeChalk(out);
  out.write(planText(plan.items, c));
  if (plan.items.some((i) => i.action === 'refused')) {
    err.write('nothing was applied: fix the refused webhooks (above) first\n');
    return 1;
  }
  const todo = plan.items
    .map((item, i) => ({ item, desired: plan.desired[i]!, live: plan.live[i] }))
    .filter((t) => t.item.action !== 'none' || (flags.status !== undefined && t.live?.status !== flags.status));
  if (todo.length === 0) return 0;
  if (
    !plan.webhookKeySet &&
    todo.some((t) => Object.values(t.desired.headers).some((v) => v.includes(PLACEHOLDER_KEY)))
  )
    throw new UserError(
      `${plan.keyVariable} is not set: apply writes the webhook's Authorization header, so put the key the webhook should send in it (export ${plan.keyVariable}=pk_…) or name another variable with --webhook-key-env`,
    );
  const creating = todo.filter((t) => t.item.action === 'create');
  if (creating.length && flags.saveSpec === undefined)
    throw new UserError(
      'a newFlow target is created once: add --save-spec FILE (the spec itself is fine) so apply records the new ids and the next apply updates instead of creating the flow again',
    );
  if (!flags.yes) {
    if (!deps.confirm)
      throw new UserError(
        'apply changes flows in your Klaviyo account: run it on a terminal to confirm, or pass --yes',
      );
    if (!(await deps.confirm(`Apply ${todo.length} change${todo.length === 1 ? '' : 's'} to your Klaviyo account?`))) {
      err.write('nothing was applied\n');
      return 0;
    }
  }
  const applied: string[] = [];
  const spec = structuredClone(plan.spec);
  try {
    for (const t of todo) {
      if (t.live) {
        await updateAction(plan.api, t.live, t.desired, flags.status);
        applied.push(`updated ${t.item.webhook} (flow action ${t.live.actionId})`);
      } else if ('newFlow' in t.desired.target) {
        const created = await createFlow(plan.api, t.desired, t.desired.target.newFlow, plan.metrics);
        applied.push(`created flow ${created.flowId} with ${t.item.webhook} as action ${created.actionId}`);
        const index = plan.spec.webhooks.findIndex((w) => w.target === t.desired.target);
        spec.webhooks[index]!.target = { flowAction: created.actionId };
      }
    }
  } catch (e) {
    for (const a of applied) err.write(`${a}\n`);
    if (e instanceof ApiBadRequest && e.pointer?.startsWith('/data/attributes/definition/data/message/body')) {
      throw new UserError(`${e.message} (in the JSON Body; validate the body with klaviyo-webhook-gen validate)`);
    }
    if (applied.length)
      throw new UserError(
        `${(e as Error).message} — ${applied.length} change${applied.length === 1 ? ' was' : 's were'} applied before it (above); run plan to see what is left`,
      );
    throw e;
  } finally {
    if (flags.saveSpec !== undefined && applied.some((a) => a.startsWith('created'))) {
      // Saving into the spec it read is what the user asked for; anything else is refused if it exists.
      writeFiles(
        [{ path: flags.saveSpec, content: await formatSpec(spec, flags.saveSpec) }],
        flags.force === true || resolve(flags.saveSpec) === resolve(flags.spec),
      );
      err.write(`wrote ${flags.saveSpec}: the new flow action ids, so the next apply updates them\n`);
    }
  }
  for (const a of applied) err.write(`${a}\n`);
  return 0;
}
