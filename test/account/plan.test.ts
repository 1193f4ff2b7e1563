import { describe, expect, it } from 'vitest';
import { lineDiff, planWebhook, type DesiredWebhook, type LiveTarget } from '../../src/account/plan.js';

const desired = (over: Partial<DesiredWebhook> = {}): DesiredWebhook => ({
  name: 'Copy rate',
  target: { flowAction: 'A1' },
  kind: 'profile-import',
  url: 'https://a.klaviyo.com/api/profile-import',
  headers: {
    'Content-Type': 'application/vnd.api+json',
    revision: '2026-07-15',
    Authorization: 'Klaviyo-API-Key pk_secret',
  },
  body: '{\n  "a": 1\n}',
  backfill: false,
  errors: [],
  ...over,
});
const live = (over: Partial<LiveTarget['message']> = {}, status = 'draft'): LiveTarget => ({
  actionId: 'A1',
  actionType: 'send-webhook',
  status,
  flow: { id: 'F1', name: 'Flow', status: 'draft' },
  triggerMetric: 'Placed Order',
  message: {
    url: 'https://a.klaviyo.com/api/profile-import',
    headers: { 'Content-Type': 'application/vnd.api+json', revision: '2026-07-15', Authorization: '********' },
    body: '{\n  "a": 1\n}',
    name: 'Copy rate',
    ...over,
  },
});

describe('planWebhook', () => {
  it('no change when only a masked header could differ; the note says it was not compared', () => {
    const item = planWebhook(desired(), live(), { keyVariable: 'KLAVIYO_WEBHOOK_KEY' });
    expect(item).toMatchObject({ action: 'none', changes: [] });
    expect(item.notes).toEqual([
      'Authorization is masked in Klaviyo: not compared (a change writes the value from $KLAVIYO_WEBHOOK_KEY)',
    ]);
  });

  it('each difference once, secrets never shown, a live action said so', () => {
    const item = planWebhook(
      desired({ body: '{\n  "a": 2\n}' }),
      live({ headers: { revision: '2024-10-15', Authorization: 'Klaviyo-API-Key pk_old', 'X-Old': '1' } }, 'live'),
      { keyVariable: 'K' },
    );
    expect(item.action).toBe('update');
    expect(item.changes).toEqual([
      { field: 'header', key: 'Content-Type', change: 'added', to: 'application/vnd.api+json' },
      { field: 'header', key: 'revision', change: 'changed', from: '2024-10-15', to: '2026-07-15' },
      { field: 'header', key: 'Authorization', change: 'changed' },
      { field: 'header', key: 'X-Old', change: 'removed' },
      { field: 'body', diff: ['  {', '-   "a": 1', '+   "a": 2', '  }'] },
    ]);
    expect(JSON.stringify(item)).not.toMatch(/pk_/);
    expect(item.notes).toContain('this action is live: the change takes effect for the next trigger');
  });

  it('refuses bodies with errors and the loop hazard (unless backfill); creates new flows', () => {
    expect(planWebhook(desired({ errors: ['bad'] }), live(), { keyVariable: 'K' }).refusal).toMatch(
      /the body has 1 error \(first: bad\)/,
    );
    const event = desired({ kind: 'create-event', metric: 'Placed Order' });
    expect(planWebhook(event, live(), { keyVariable: 'K' }).action).toBe('refused');
    expect(planWebhook({ ...event, backfill: true }, live(), { keyVariable: 'K' }).action).not.toBe('refused');
    expect(
      planWebhook(desired({ target: { newFlow: { name: 'N', triggerMetric: 'Other' } } }), undefined, {
        keyVariable: 'K',
      }).action,
    ).toBe('create');
  });
});

describe('lineDiff', () => {
  it('keeps two lines of context and folds the rest', () => {
    const a = Array.from({ length: 12 }, (_, i) => `line ${i}`).join('\n');
    const b = a.replace('line 6', 'LINE 6');
    expect(lineDiff(a, b)).toEqual([
      '  …',
      '  line 4',
      '  line 5',
      '- line 6',
      '+ LINE 6',
      '  line 7',
      '  line 8',
      '  …',
    ]);
  });
});
