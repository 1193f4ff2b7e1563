/**
 * Issue 18 §3 through scripted prompts: Escape goes back a question with its answer kept, Ctrl-C prints the answers
 * so far as a command, the advanced options and the event's value, the name the user ran the program by, and the
 * field picker's folding of [0]/[1] variants.
 */
import { describe, expect, it } from 'vitest';
import { runInit, type InitIO, wizardDeps } from '../../src/cli/commands/init.js';
import { foldGroups, visibleFields } from '../../src/cli/field-picker.js';
import type { FieldChoice } from '../../src/cli/prompts.js';
import { fieldChoice, runWizard } from '../../src/cli/wizard.js';
import { invokedName, partialCommand } from '../../src/cli/wizard-command.js';
import { inWizardWords } from '../../src/cli/wizard-source.js';
import { CancelledError } from '../../src/errors.js';
import { listFields } from '../../src/paths/index.js';
import { ROOT } from '../e2e/run-cli.js';
import { scripted, type Step } from './scripted.js';

process.env.KLAVIYO_WEBHOOK_GEN_TODAY = '2026-11-28';
const deps = () => wizardDeps(ROOT, {});

const SOURCE: Step = { select: /sample trigger event/, answer: 'example:shopify-placed-order' };
const WHAT: Step = { select: /What should the webhook do/, answer: 'event' };
/** Enter on identity, then no advanced options. */
const DEFAULTS: Step[] = [
  { select: /identify/, answer: undefined },
  { confirm: /Advanced options/, answer: false },
];
/** No event value, then DEFAULTS. */
const NO_VALUE_DEFAULTS: Step[] = [{ confirm: /event's value/, answer: false }, ...DEFAULTS];
/** ShippingRate promoted under its own name into the event "Rate". */
const RATE_EVENT: Step[] = [
  SOURCE,
  WHAT,
  { pick: /new event/, answer: ['ShippingRate'] },
  { input: /for ShippingRate/, answer: undefined },
  { input: /Name of the new event/, answer: 'Rate' },
];

describe('Escape: back a question, its answer kept', () => {
  it('back from the metric to the name (default: the name given), then to the picker (the field still ticked)', async () => {
    const p = scripted([
      SOURCE,
      WHAT,
      { pick: /new event/, answer: ['ShippingRate'] },
      { input: /for ShippingRate/, answer: 'Shipping Rate' },
      { back: /Name of the new event/ },
      { input: /for ShippingRate/, answer: undefined }, // Enter: the kept answer
      { back: /Name of the new event/ },
      { back: /for ShippingRate/ },
      { pick: /new event/, answer: (choices) => [...choices.filter((c) => c.checked).map((c) => c.value), '$value'] },
      { input: /for ShippingRate/, answer: undefined },
      { input: /for \$value/, answer: 'Total' },
      { input: /Name of the new event/, answer: 'Selected Shipping Rate' },
      ...NO_VALUE_DEFAULTS,
    ]);
    const { spec } = await runWizard(p, deps());
    expect(spec.webhooks).toEqual([
      {
        kind: 'create-event',
        metric: 'Selected Shipping Rate',
        properties: ['ShippingRate=Shipping Rate', '$value=Total'],
      },
    ]);
    const names = p.asked.filter((a) => a.kind === 'input' && /for ShippingRate/.test(a.message));
    expect(names.map((a) => a.default)).toEqual(['ShippingRate', 'Shipping Rate', 'Shipping Rate', 'Shipping Rate']);
    const picks = p.asked.filter((a) => a.kind === 'pick');
    expect((picks[1]!.choices as FieldChoice[]).filter((c) => c.checked).map((c) => c.value)).toEqual(['ShippingRate']);
    expect(p.forgotten).toBe(3); // each going back took one answered line off the screen
    expect(p.remaining()).toBe(0);
  });

  it('a changed earlier answer: later questions that come again still offer their answers; others start afresh', async () => {
    const p = scripted([
      SOURCE,
      WHAT,
      { pick: /new event/, answer: ['ShippingRate'] },
      { input: /for ShippingRate/, answer: 'Rate' },
      { input: /Name of the new event/, answer: 'Rated' },
      { back: /event's value/ },
      { back: /Name of the new event/ },
      { back: /for ShippingRate/ },
      { back: /new event/ },
      { select: /What should/, answer: 'both' }, // was 'event': the profile's questions come first now
      { pick: /profile/, answer: ['ShippingRate'] },
      { input: /profile property for ShippingRate/, answer: undefined },
      { pick: /new event/, answer: ['ShippingRate'] },
      { input: /event property for ShippingRate/, answer: undefined },
      { input: /Name of the new event/, answer: undefined },
      ...NO_VALUE_DEFAULTS,
    ]);
    const { spec } = await runWizard(p, deps());
    const asked = (re: RegExp) => p.asked.filter((a) => re.test(a.message)).at(-1)!;
    expect(asked(/What should/).default).toBe('event'); // the answer kept
    expect(asked(/profile property for ShippingRate/).default).toBe('ShippingRate'); // a new question
    expect(asked(/Name of the new event/).default).toBe('Rated');
    expect(spec.webhooks.map((w) => w.kind)).toEqual(['profile-import', 'create-event']);
  });

  it('Escape at the first question asks it again; replayed answers are not asked twice', async () => {
    const p = scripted([
      { back: /sample trigger event/ },
      SOURCE,
      { back: /What should/ },
      ...RATE_EVENT,
      ...NO_VALUE_DEFAULTS,
    ]);
    await runWizard(p, deps());
    expect(p.asked.filter((a) => /sample trigger/.test(a.message))).toHaveLength(3);
    expect(p.forgotten).toBe(1);
  });
});

function io(): InitIO & { errText: () => string; outText: () => string } {
  let err = '';
  let out = '';
  return {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    errText: () => err,
    outText: () => out,
    cwd: ROOT,
    env: {},
    stdout: { isTTY: false },
    stderr: { isTTY: false },
    findClipboard: () => undefined,
    copy: async () => {},
  };
}

/** The script, then Ctrl-C at the next prompt (the scripted prompts throw CancelledError when asked past it). */
function cancelAfter(steps: Step[]) {
  const p = scripted(steps);
  const cancel = async () => {
    throw new CancelledError();
  };
  const wrap = <F extends (o: never) => Promise<unknown>>(f: F) =>
    ((o: never) => (p.remaining() ? f(o) : cancel())) as unknown as F;
  return {
    ...p,
    select: wrap(p.select),
    input: wrap(p.input),
    confirm: wrap(p.confirm),
    editor: wrap(p.editor),
    pickFields: wrap(p.pickFields),
  };
}

it('after the result there is nothing to go back to: Escape at "What next?" asks it again', async () => {
  const out = io();
  const code = await runInit(
    scripted([...RATE_EVENT, ...NO_VALUE_DEFAULTS, { back: /What next/ }, { select: /What next/, answer: 'done' }]),
    {},
    out,
  );
  expect(code).toBe(0);
});

describe('Ctrl-C: the answers so far as one command, on stderr, then exit 130', () => {
  it.each<[string, Step[], string | undefined]>([
    ['before any answer', [], undefined],
    ['after the sample', [SOURCE], 'klaviyo-webhook-gen init --example shopify-placed-order'],
    [
      'while naming the fields: the fields picked, under their default names',
      [
        SOURCE,
        WHAT,
        { pick: /new event/, answer: ['ShippingRate', 'Item Count'] },
        { input: /for ShippingRate/, answer: 'Rate' },
      ],
      "klaviyo-webhook-gen init --example shopify-placed-order --promote ShippingRate --promote 'Item Count'",
    ],
    [
      'after the fields and their names',
      [SOURCE, WHAT, { pick: /new event/, answer: ['ShippingRate'] }, { input: /for ShippingRate/, answer: 'Rate' }],
      'klaviyo-webhook-gen init --example shopify-placed-order --promote ShippingRate=Rate',
    ],
    [
      'after the metric: a whole webhook, so generate',
      [
        SOURCE,
        WHAT,
        { pick: /new event/, answer: ['ShippingRate'] },
        { input: /for ShippingRate/, answer: 'Rate' },
        { input: /Name of the new event/, answer: 'Rated Order' },
        { confirm: /event's value/, answer: true },
        { select: /Which field holds the value/, answer: '$value' },
        { input: /currency/, answer: undefined },
      ],
      "klaviyo-webhook-gen generate --example shopify-placed-order --promote ShippingRate=Rate --metric 'Rated Order' --value '$value' --value-currency USD",
    ],
  ])('%s', async (_, steps, command) => {
    const out = io();
    const err = await runInit(cancelAfter(steps), {}, out).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CancelledError);
    if (command === undefined) expect(out.errText()).toBe('');
    else expect(out.errText().trim().split('\n').at(-1)).toBe(command);
  });

  it('the command is run under the name the user ran: npx klaviyo-webhook-gen through npx', async () => {
    const out = { ...io(), program: 'npx klaviyo-webhook-gen' };
    let text = '';
    out.err = (t) => {
      text += t;
    };
    await runInit(cancelAfter([SOURCE]), {}, out).catch(() => {});
    expect(text).toContain('\nnpx klaviyo-webhook-gen init --example shopify-placed-order\n');
  });

  it('partialCommand: a pasted event not saved cannot be named; bulk in progress keeps its list and metric', () => {
    expect(partialCommand({ spec: { webhooks: [] } })).toBeUndefined();
    expect(
      partialCommand({
        spec: { sample: 'my order.json', webhooks: [{ kind: 'bulk-create-events', metric: '', each: 'x[*]' }] },
      }),
    ).toBe("klaviyo-webhook-gen init --sample 'my order.json' --each 'x[*]'");
    expect(
      partialCommand({
        spec: { example: 'e', webhooks: [{ kind: 'bulk-create-events', metric: 'Line', each: 'x[*]', with: ['Id'] }] },
      }),
    ).toBe("klaviyo-webhook-gen init --example e --each 'x[*]' --metric Line");
    expect(
      partialCommand({ spec: { example: 'e', webhooks: [{ kind: 'profile-import', append: ['a[*].b=Bs'] }] } }),
    ).toBe("klaviyo-webhook-gen init --example e --append 'a[*].b=Bs'");
  });

  it('bulk: Ctrl-C after the list carries it as init --each, and init --each asks from the fields on', async () => {
    const steps: Step[] = [
      SOURCE,
      { select: /What should/, answer: 'bulk' },
      { select: /Which list/, answer: '$extra.line_items[*]' },
      { pick: /Which fields of each element/, answer: ['sku'] },
      { confirm: /order-level fields/, answer: false },
    ];
    const out = io();
    await runInit(cancelAfter(steps), {}, out).catch(() => {});
    const command = out.errText().trim().split('\n').at(-1)!;
    expect(command).toBe("klaviyo-webhook-gen init --example shopify-placed-order --each '$extra.line_items[*]'");
    // The command, run: init with those flags asks neither the sample, what to do, nor the list.
    const resumed = scripted([
      { pick: /Which fields of each element/, answer: ['sku'] },
      { confirm: /order-level fields/, answer: false },
      { input: /Name of the new event/, answer: 'Ordered Item' },
      ...NO_VALUE_DEFAULTS,
      { select: /What next/, answer: 'done' },
    ]);
    const again = io();
    expect(await runInit(resumed, { example: 'shopify-placed-order', each: '$extra.line_items[*]' }, again)).toBe(0);
    expect(resumed.remaining()).toBe(0);
    expect(again.outText()).toContain(
      "klaviyo-webhook-gen generate --example shopify-placed-order --each '$extra.line_items[*]' --promote sku --metric 'Ordered Item'",
    );
  });

  it('init --append answers the append questions; --each must name a list of objects; kinds do not mix', async () => {
    const out = io();
    const p = scripted([...DEFAULTS, { select: /What next/, answer: 'done' }]);
    expect(
      await runInit(p, { example: 'shopify-placed-order', append: ['$extra.line_items[*].sku=Purchased SKUs'] }, out),
    ).toBe(0);
    expect(out.outText()).toContain(
      "klaviyo-webhook-gen generate --example shopify-placed-order --append '$extra.line_items[*].sku=Purchased SKUs'",
    );
    await expect(
      runWizard(scripted([]), deps(), { example: 'shopify-placed-order', each: '$extra.line_item[*]' }),
    ).rejects.toThrow(
      /^--each "\$extra\.line_item\[\*\]" is not a list of objects in the sample; it has "\$extra\.discount_codes\[\*\]", /,
    );
    // Refused before any question: no sample is given, and the script has no answer for one.
    await expect(
      runWizard(scripted([]), deps(), {
        each: '$extra.line_items[*]',
        promote: ['x'],
      }),
    ).rejects.toThrow(/^init makes one kind of webhook from --each, --append, or --to-profile\/--promote/);
  });
});

describe('invokedName: npx when npm exec ran this program', () => {
  it.each<[Record<string, string>, string, string]>([
    [{}, '/usr/local/bin/klaviyo-webhook-gen', 'klaviyo-webhook-gen'],
    [
      { npm_command: 'exec', npm_lifecycle_event: 'npx', npm_lifecycle_script: "'klaviyo-webhook-gen'" },
      '/home/u/.npm/_npx/1a2b/node_modules/.bin/klaviyo-webhook-gen',
      'npx klaviyo-webhook-gen',
    ],
    [
      { npm_command: 'exec', npm_lifecycle_event: 'npx', npm_lifecycle_script: 'klaviyo-webhook-gen init' },
      '/work/clone/bin/klaviyo-webhook-gen.js',
      'npx klaviyo-webhook-gen',
    ],
    // `npx vitest` (or any other program npx ran) spawning the CLI: not npx for the CLI
    [
      { npm_command: 'exec', npm_lifecycle_event: 'npx', npm_lifecycle_script: 'vitest' },
      '/work/clone/bin/klaviyo-webhook-gen.js',
      'klaviyo-webhook-gen',
    ],
    [
      { npm_command: 'run-script', npm_lifecycle_event: 'test', npm_lifecycle_script: 'vitest' },
      '/work/clone/bin/klaviyo-webhook-gen.js',
      'klaviyo-webhook-gen',
    ],
  ])('%j %s → %s', (env, argv1, name) => {
    expect(invokedName(env, argv1)).toBe(name);
  });
});

describe('field picker: [0], [1] variants fold under their [*] form', () => {
  const sample = deps().loadExample('shopify-placed-order').properties;
  const choices = listFields(sample)
    .filter((f) => f.type.kind !== 'object')
    .map((f) => fieldChoice(f));
  const parents = foldGroups(choices);
  const paths = (cs: readonly FieldChoice[]) => cs.map((c) => c.path);

  it('folded: only the [*] forms; unfolded: the variants right under theirs', () => {
    expect(parents.get('$extra.line_items[1].sku')).toBe('$extra.line_items[*].sku');
    const folded = paths(visibleFields(choices, '', parents, new Set(), new Set()));
    // Left: only variants with no [*] form to fold under (the tool lists no [*][*] paths).
    expect(folded.filter((p) => parents.has(p))).toEqual([]);
    expect(folded).toContain('$extra.line_items[0].product.images[*].src');
    expect(parents.get('$extra.line_items[0].product.images[1].src')).toBe(
      '$extra.line_items[0].product.images[*].src',
    );
    expect(folded.length).toBe(choices.length - parents.size);
    const open = paths(visibleFields(choices, '', parents, new Set(['$extra.line_items[*].sku']), new Set()));
    const at = open.indexOf('$extra.line_items[*].sku');
    expect(open.slice(at, at + 3)).toEqual([
      '$extra.line_items[*].sku',
      '$extra.line_items[0].sku',
      '$extra.line_items[1].sku',
    ]);
  });

  it('a filter with an index shows variants; a ticked variant stays listed, filter or not', () => {
    expect(paths(visibleFields(choices, 'items[1].sku', parents, new Set(), new Set()))).toContain(
      '$extra.line_items[1].sku',
    );
    const ticked = new Set(['$extra.line_items[0].sku']);
    expect(paths(visibleFields(choices, '', parents, new Set(), ticked))).toContain('$extra.line_items[0].sku');
    expect(paths(visibleFields(choices, 'sku', parents, new Set(), ticked))).toContain('$extra.line_items[0].sku');
    expect(paths(visibleFields(choices, 'sku', parents, new Set(), new Set()))).not.toContain(
      '$extra.line_items[0].sku',
    );
  });
});

describe('the wizard speaks of questions, not flags', () => {
  it('a CSV export as the sample file: the way out is a question, not --example', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'kwg-words-'));
    writeFileSync(join(dir, 'orders.csv'), 'Order,Total\n1001,20\n');
    const p = scripted([
      { select: /sample trigger event/, answer: 'file' },
      { input: /Path/, answer: 'nope' },
    ]);
    await runWizard(p, wizardDeps(dir, {})).catch(() => {});
    const validate = p.asked.find((a) => /Path/.test(a.message))!.validate!;
    const said = await validate('orders.csv');
    expect(said).toMatch(/looks like a CSV export/);
    expect(said).toMatch(/press Esc and choose a bundled example$/);
    expect(said).not.toMatch(/--/);
    expect(inWizardWords('x; or start from --example shopify-placed-order')).toBe(
      'x; or press Esc and choose a bundled example',
    );
  });

  it('an empty metric or property name asks for one, naming no flag', async () => {
    const q = scripted([
      SOURCE,
      WHAT,
      { pick: /new event/, answer: ['ShippingRate'] },
      { input: /for ShippingRate/, answer: undefined },
      { input: /Name of the new event/, answer: 'x' },
    ]);
    await runWizard(q, deps()).catch(() => {});
    for (const a of q.asked.filter((x) => x.kind === 'input')) {
      const said = await a.validate!('');
      expect(said).toMatch(/^type /);
      expect(said).not.toMatch(/--/);
    }
  });
});
