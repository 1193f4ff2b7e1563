import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { wizardDeps } from '../../src/cli/commands/init.js';
import type { Choice, FieldChoice, Heading } from '../../src/cli/prompts.js';
import {
  askNextSteps,
  commandLine,
  fieldChoice,
  runWizard,
  specForFile,
  type Step as NextStep,
} from '../../src/cli/wizard.js';
import { CancelledError, UserError } from '../../src/errors.js';
import { generate } from '../../src/generate.js';
import { listFields } from '../../src/paths/index.js';
import { scripted, type Step } from './scripted.js';

process.env.KLAVIYO_WEBHOOK_GEN_TODAY = '2026-11-28';
const tmp = () => mkdtempSync(join(tmpdir(), 'kwg-wizard-'));
/** No KLAVIYO_API_KEY, whatever the shell running the tests has: the account is not offered. */
const deps = (cwd = process.cwd()) => wizardDeps(cwd, {});

/** Everything after the field names, answered with each prompt's default. */
const DEFAULTS: Step[] = [
  { select: /identify the profile/, answer: undefined },
  { confirm: /Advanced options/, answer: false },
];

const EXAMPLE_2: Step[] = [
  { select: /sample trigger event/, answer: 'example:shopify-placed-order' },
  { select: /What should the webhook do/, answer: 'event' },
  { pick: /properties of the new event/, answer: ['ShippingRate'] },
  { input: /event property for ShippingRate/, answer: 'Shipping Rate' },
  { input: /Name of the new event/, answer: 'Selected Shipping Rate' },
  { confirm: /event's value/, answer: false },
  ...DEFAULTS,
];

describe('wizard flow', () => {
  it('with a Klaviyo key set, offers the newest event of a metric in the account; the command names the metric', async () => {
    const sample = deps().loadExample('shopify-placed-order');
    const loaded: string[] = [];
    const account = {
      metricNames: async () => ['Placed Order', 'Viewed Product', 'Placed Order'],
      load: async (m: string) => {
        loaded.push(m);
        return sample;
      },
    };
    const p = scripted([
      { select: /sample trigger event/, answer: 'account' },
      { select: /Which metric/, answer: 'Placed Order' },
      { select: /What should the webhook do/, answer: 'profile' },
      { pick: /profile/, answer: ['ShippingRate'] },
      { input: /for ShippingRate/ },
      ...DEFAULTS,
    ]);
    const { spec } = await runWizard(p, { ...deps(), account });
    expect(loaded).toEqual(['Placed Order']);
    expect(spec).toMatchObject({ sampleMetric: 'Placed Order' });
    expect(
      (p.asked.find((q) => /Which metric/.test(q.message))!.choices as Choice<string>[]).map((c) => c.value),
    ).toEqual(['Placed Order', 'Viewed Product']);
    expect(commandLine(spec)).toBe(
      "klaviyo-webhook-gen generate --sample-metric 'Placed Order' --to-profile ShippingRate",
    );
  });

  it("reaches the tutorial's Example 2 and the one-line command that makes it", async () => {
    const p = scripted(EXAMPLE_2);
    const { spec, sample } = await runWizard(p, deps());
    expect(p.remaining()).toBe(0);
    expect(spec).toEqual({
      example: 'shopify-placed-order',
      webhooks: [
        { kind: 'create-event', metric: 'Selected Shipping Rate', properties: ['ShippingRate=Shipping Rate'] },
      ],
    });
    expect(commandLine(spec)).toBe(
      "klaviyo-webhook-gen generate --example shopify-placed-order --promote 'ShippingRate=Shipping Rate' --metric 'Selected Shipping Rate'",
    );
    const body = generate(spec, sample.properties, { today: '2026-11-28' }).webhooks[0]!.body;
    expect(body).toContain('"Shipping Rate": "{{ event.ShippingRate|default_if_none:\'\'|escapejs }}"');
  });

  it('step 1 offers every bundled example with its description, after file and paste', async () => {
    const p = scripted(EXAMPLE_2);
    await runWizard(p, deps());
    const choices = p.asked[0]!.choices as ReadonlyArray<Choice<string> | Heading>;
    const values = choices.flatMap((c) => ('value' in c ? [c.value] : []));
    expect(values.slice(0, 2)).toEqual(['file', 'paste']);
    for (const e of deps().examples) {
      const c = choices.find((ch) => 'value' in ch && ch.value === `example:${e.id}`) as Choice<string>;
      expect(c.name).toContain(e.title);
      expect(c.name).toContain(e.description);
    }
  });

  it('step 3 lists paths with type and example, [*] wildcards with their counts, no empty objects', async () => {
    const p = scripted(EXAMPLE_2);
    await runWizard(p, deps());
    const fields = p.asked.find((a) => a.kind === 'pick')!.choices as readonly FieldChoice[];
    expect(fields.find((f) => f.path === '$extra.line_items[*].sku')).toMatchObject({
      type: '→ list of 2 strings',
      example: '"TOTE-VNL-NAT-L", …',
    });
    expect(fields.find((f) => f.path === '$extra.line_items[0].sku')).toMatchObject({
      type: 'string',
      example: '"TOTE-VNL-NAT-L"',
    });
    expect(fields.find((f) => f.path === 'ShippingRate')).toMatchObject({ type: 'string', example: '"Economy"' });
    expect(fields.find((f) => f.path === '$value')).toMatchObject({ type: 'number', example: '89.93' });
    expect(fields.every((f) => !f.type.startsWith('object'))).toBe(true);
  });

  it('both: a profile webhook first, then an event whose picker starts with the same fields ticked', async () => {
    const p = scripted([
      { select: /sample/, answer: 'example:shopify-placed-order' },
      { select: /What should/, answer: 'both' },
      { pick: /onto the profile/, answer: ['ShippingRate', '$extra.line_items[*].title'] },
      { input: /profile property for ShippingRate/ },
      { input: /profile property for \$extra.line_items\[\*\].title/, answer: 'Bought titles' },
      { pick: /new event/, answer: (choices) => choices.filter((c) => c.checked).map((c) => c.value) },
      { input: /event property for ShippingRate/ },
      { input: /event property for \$extra/, answer: 'titles' },
      { input: /new event/, answer: 'Order Details' },
      { confirm: /event's value/, answer: false },
      { select: /identify/, answer: 'email' },
      { confirm: /Advanced options/, answer: true },
      { select: /revision/, answer: '2025-10-15' },
      { select: /escaped/, answer: 'none' },
      { select: /body format/, answer: true },
    ]);
    const { spec } = await runWizard(p, deps());
    expect(spec).toEqual({
      example: 'shopify-placed-order',
      revision: '2025-10-15',
      escape: 'none',
      identify: 'email',
      editorSafe: true,
      webhooks: [
        { kind: 'profile-import', properties: ['ShippingRate', '$extra.line_items[*].title=Bought titles'] },
        {
          kind: 'create-event',
          metric: 'Order Details',
          properties: ['ShippingRate', '$extra.line_items[*].title=titles'],
        },
      ],
    });
    expect(commandLine(spec)).toBe(
      "klaviyo-webhook-gen generate --example shopify-placed-order --to-profile ShippingRate --to-profile '$extra.line_items[*].title=Bought titles' " +
        "--promote ShippingRate --promote '$extra.line_items[*].title=titles' --metric 'Order Details' --identify email --revision 2025-10-15 --escape none --editor-safe",
    );
    // The event's names default to those just given for the profile.
    expect(p.asked.filter((a) => a.kind === 'input').map((a) => a.default)).toEqual([
      'ShippingRate',
      'title',
      'ShippingRate',
      'Bought titles',
      undefined,
    ]);
  });

  it('names: defaults to the last key, made unique; refuses duplicates and template delimiters as typed', async () => {
    const p = scripted([
      { select: /sample/, answer: 'example:shopify-placed-order' },
      { select: /What should/, answer: 'profile' },
      { pick: /profile/, answer: ['$extra.name', '$extra.shipping_address.name', '$extra.billing_address.name'] },
      { input: /for \$extra.name/ },
      { input: /for \$extra.shipping_address.name/ },
      { input: /for \$extra.billing_address.name/ },
      ...DEFAULTS,
    ]);
    const { spec } = await runWizard(p, deps());
    const inputs = p.asked.filter((a) => a.kind === 'input');
    expect(inputs.map((a) => a.default)).toEqual(['name', 'shipping_address name', 'billing_address name']);
    expect(spec.webhooks[0]!.properties).toEqual([
      '$extra.name',
      '$extra.shipping_address.name=shipping_address name',
      '$extra.billing_address.name=billing_address name',
    ]);
    const validate = inputs[2]!.validate!;
    expect(await validate('name')).toMatch(/already used/);
    expect(await validate('shipping_address name')).toMatch(/already used/);
    expect(await validate('')).toMatch(/type a name/);
    expect(await validate('a {{ b')).toMatch(/template tag/);
    expect(await validate('Billing name')).toBe(true);
  });

  it('metric name: under 128 characters, no template delimiters, checked as typed', async () => {
    const p = scripted(EXAMPLE_2);
    await runWizard(p, deps());
    const validate = p.asked.find((a) => a.kind === 'input' && /new event/.test(a.message))!.validate!;
    expect(await validate('x'.repeat(127))).toBe(true);
    expect(await validate('x'.repeat(128))).toMatch(/128 characters.*fewer than 128/);
    expect(await validate('  ')).toMatch(/type the name/);
    expect(await validate('{% x %}')).toMatch(/template delimiters/);
  });

  it('identity, revision (newest first, default preselected, deprecated ones marked, retired ones left out) and escape choices', async () => {
    const p = scripted([
      ...EXAMPLE_2.slice(0, -1),
      { confirm: /Advanced options/, answer: true },
      { select: /API revision/, answer: undefined },
      { select: /escaped/, answer: undefined },
      { select: /body format/, answer: undefined },
    ]);
    await runWizard(p, deps());
    const [identify, advanced, revision, escape, format] = p.asked.slice(-5);
    expect(advanced!.default).toBe(false); // the expert questions are skipped unless asked for
    expect((identify!.choices as Choice<string>[]).map((c) => c.value)).toEqual([
      'klaviyo-id',
      'email',
      'phone-number',
      'external-id',
    ]);
    expect(identify!.default).toBe('klaviyo-id');
    const revs = revision!.choices as Choice<string>[];
    expect(revs[0]!.value).toBe('2026-10-15');
    expect(revs.map((c) => c.value)).toEqual([...revs.map((c) => c.value)].sort().reverse());
    expect(revision!.default).toBe('2026-07-15');
    expect(revs.find((c) => c.value === '2024-10-15')).toBeUndefined();
    expect(revs.at(-1)!.value).toBe('2025-01-15');
    expect(revs.find((c) => c.value === '2025-01-15')!.name).toMatch(/deprecated: retires on 2027-01-15/);
    expect(revs.find((c) => c.value === '2026-01-15')!.name).not.toMatch(/deprecated/);
    expect((escape!.choices as Choice<string>[]).map((c) => c.value)).toEqual(['escapejs', 'none']);
    expect(escape!.default).toBe('escapejs');
    expect((format!.choices as Choice<boolean>[]).map((c) => c.short)).toEqual(['typed', 'editor-safe']);
    expect(format!.default).toBe(false);
  });

  it('a sample file is checked as typed: missing, not JSON (with line:column), not an object', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'bad.json'), '{\n  "a": 1,\n}\n');
    writeFileSync(join(dir, 'list.json'), '[1]');
    writeFileSync(join(dir, 'good.json'), '{"$event_id": "1", "Plan": "Gold"}');
    const p = scripted([
      { select: /sample/, answer: 'file' },
      { input: /Path of the sample/, answer: 'good.json' },
      { select: /What should/, answer: 'profile' },
      { pick: /profile/, answer: ['Plan'] },
      { input: /for Plan/ },
      ...DEFAULTS,
    ]);
    const { spec, sample } = await runWizard(p, deps(dir));
    expect(spec).toEqual({ sample: 'good.json', webhooks: [{ kind: 'profile-import', properties: ['Plan'] }] });
    expect(sample.properties).toEqual({ $event_id: '1', Plan: 'Gold' });
    const validate = p.asked[1]!.validate!;
    expect(await validate('')).toMatch(/type the path/);
    expect(await validate('nope.json')).toMatch(/cannot read sample nope.json: no such file/);
    expect(await validate('bad.json')).toMatch(/^bad\.json:3:1: invalid JSON: trailing comma/);
    expect(await validate('list.json')).toMatch(/is a list; a sample must be a JSON object/);
    expect(await validate('.')).toMatch(/is a folder/);
  });

  it('pasted JSON: checked in the editor, saved under a new name for the one-line command', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'sample-event.json'), '{}');
    const p = scripted([
      { select: /sample/, answer: 'paste' },
      { editor: /Paste the event JSON/, answer: '{"Tier": "Gold", "Points": 12}' },
      { input: /Save the pasted event as/, answer: 'gold.json' },
      { select: /What should/, answer: 'profile' },
      { pick: /profile/, answer: ['Tier', 'Points'] },
      { input: /for Tier/ },
      { input: /for Points/ },
      ...DEFAULTS,
    ]);
    const result = await runWizard(p, deps(dir));
    expect(result.spec.sample).toBe('gold.json');
    expect(result.pasted).toEqual({ text: '{"Tier": "Gold", "Points": 12}\n', path: 'gold.json' });
    const editorValidate = p.asked[1]!.validate!;
    expect(await editorValidate('{"a": }')).toMatch(/^the pasted JSON:1:7: invalid JSON/);
    expect(await editorValidate('')).toMatch(/empty/);
    const saveValidate = p.asked[2]!.validate!;
    expect(p.asked[2]!.default).toBe('sample-event.json');
    expect(await saveValidate('sample-event.json')).toMatch(/already exists/);
    expect(await saveValidate('')).toBe(true); // empty: don't save
  });

  it('pasted but not saved: the command reads the event from stdin', async () => {
    const p = scripted([
      { select: /sample/, answer: 'paste' },
      { editor: /Paste/, answer: '{"Tier": "Gold"}' },
      { input: /Save the pasted event/, answer: '' },
      { select: /What should/, answer: 'event' },
      { pick: /event/, answer: ['Tier'] },
      { input: /for Tier/ },
      { input: /new event/, answer: 'Tiered' },
      ...DEFAULTS,
    ]);
    const { spec, pasted } = await runWizard(p, deps(tmp()));
    expect(pasted).toEqual({ text: '{"Tier": "Gold"}\n', path: undefined });
    expect(commandLine(spec)).toBe(
      'klaviyo-webhook-gen generate --sample - --promote Tier --metric Tiered < your-event.json',
    );
  });

  it('flags answer their questions in advance: none asked when all are given', async () => {
    const p = scripted([]);
    const { spec } = await runWizard(p, deps(), {
      example: 'shopify-placed-order',
      promote: ['ShippingRate=Shipping Rate'],
      metric: 'Selected Shipping Rate',
      identify: 'klaviyo-id',
      revision: '2026-07-15',
      escape: 'escapejs',
      editorSafe: false,
    });
    expect(p.asked).toEqual([]);
    expect(spec).toEqual({
      example: 'shopify-placed-order',
      webhooks: [
        { kind: 'create-event', metric: 'Selected Shipping Rate', properties: ['ShippingRate=Shipping Rate'] },
      ],
    });
  });

  it('--example skips step 1 only; --metric says what to do and skips its own question', async () => {
    const p = scripted([
      { pick: /event/, answer: ['$value'] },
      { input: /for \$value/, answer: 'Order Value' },
      { confirm: /event's value/, answer: false },
      ...DEFAULTS,
    ]);
    const { spec } = await runWizard(p, deps(), { example: 'shopify-placed-order', metric: 'Big Order' });
    expect(p.asked[0]!.kind).toBe('pick');
    expect(spec.webhooks).toEqual([{ kind: 'create-event', metric: 'Big Order', properties: ['$value=Order Value'] }]);
  });

  it('bad prefilled answers are input errors, not questions', async () => {
    await expect(runWizard(scripted([]), deps(), { example: 'shopify-placed-ordr' })).rejects.toThrow(
      /unknown example "shopify-placed-ordr"; did you mean "shopify-placed-order"/,
    );
    await expect(
      runWizard(scripted([]), deps(), {
        example: 'shopify-placed-order',
        promote: ['ShippingRate'],
        metric: 'x'.repeat(200),
      }),
    ).rejects.toThrow(UserError);
  });

  it('Ctrl-C at any prompt ends the wizard with CancelledError (exit 130) and no result', async () => {
    for (let stop = 0; stop < EXAMPLE_2.length; stop++) {
      const p = scripted(EXAMPLE_2.slice(0, stop));
      // Every prompt kind throws once the script runs out, as inquirer throws on Ctrl-C.
      const cancelling = { ...p } as typeof p;
      for (const k of ['select', 'input', 'confirm', 'editor', 'pickFields'] as const) {
        const real = p[k].bind(p) as (o: never) => Promise<unknown>;
        (cancelling as unknown as Record<string, unknown>)[k] = (o: never) =>
          p.remaining() === 0 ? Promise.reject(new CancelledError()) : real(o);
      }
      const err = await runWizard(cancelling, deps()).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CancelledError);
      expect((err as CancelledError).exitCode).toBe(130);
    }
  });
});

describe('after the result', () => {
  const spec = {
    example: 'shopify-placed-order',
    webhooks: [{ kind: 'create-event' as const, metric: 'M', properties: ['ShippingRate'] }],
  };
  const result = generate(spec, deps().loadExample('shopify-placed-order').properties, { today: '2026-11-28' });

  it('copies, saves the spec and writes files, asking before any overwrite', async () => {
    const existing = new Set(['klaviyo-webhook.json', 'out/create-m-events.body.json']);
    const performed: NextStep[] = [];
    const p = scripted([
      { select: /What next/, answer: (_c: unknown, def: unknown) => def }, // first default: copy the body
      { select: /What next/, answer: 'copy:url:0' },
      { select: /What next/, answer: 'save-spec' },
      { input: /Save the spec as/ },
      { confirm: /klaviyo-webhook.json already exists. Overwrite/, answer: false },
      { input: /Save the spec as .*\(another name; empty to skip\):$/, answer: 'spec.yaml' },
      { select: /What next/, answer: 'write-files' },
      { input: /Folder/, answer: 'out' },
      { confirm: /out\/create-m-events.body.json already exists. Overwrite/, answer: true },
      { select: /What next/, answer: (_c: unknown, def: unknown) => def },
    ]);
    const steps = await askNextSteps(
      p,
      {
        result,
        clipboard: 'xclip',
        exists: (f) => existing.has(f),
        plannedFiles: (dir) => [`${dir}/create-m-events.body.json`, `${dir}/create-m-events.webhook.json`],
      },
      async (s) => void performed.push(s),
    );
    expect(steps).toEqual([
      { kind: 'copy', what: 'body', webhook: 0 },
      { kind: 'copy', what: 'url', webhook: 0 },
      { kind: 'save-spec', path: 'spec.yaml' },
      { kind: 'write-files', dir: 'out' },
    ]);
    expect(performed).toEqual(steps);
    const lastMenu = p.asked.filter((a) => a.kind === 'select').at(-1)!;
    expect(lastMenu.default).toBe('done');
    expect((lastMenu.choices as Choice<string>[]).find((c) => c.value === 'copy:body:0')!.name).toMatch(/✓$/);
  });

  it('says plainly when there is no clipboard, and an empty name skips saving', async () => {
    const p = scripted([
      { select: /What next/, answer: 'save-spec' },
      { input: /Save the spec/, answer: '' },
      { select: /What next/, answer: 'done' },
    ]);
    const steps = await askNextSteps(
      p,
      { result, clipboard: undefined, exists: () => false, plannedFiles: () => [] },
      async () => {},
    );
    expect(steps).toEqual([]);
    const menu = p.asked[0]!.choices as ReadonlyArray<Choice<string> | Heading>;
    expect(menu[0]).toEqual({
      separator: expect.stringMatching(/^No clipboard tool found \(pbcopy, wl-copy, xclip, xsel, clip\.exe\)/),
    });
    expect(menu.some((c) => 'value' in c && c.value.startsWith('copy:'))).toBe(false);
  });
});

describe('pieces', () => {
  it('fieldChoice: type labels for scalars, lists and wildcards', () => {
    const fields = listFields({ Tags: ['a', 'b'], Items: [{ n: 1 }, { n: 2 }, { n: 3 }], One: [{ k: 'x' }] });
    const byPath = Object.fromEntries(fields.map((f) => [f.text, fieldChoice(f)]));
    expect(byPath.Tags).toMatchObject({ type: 'list of string', example: '["a","b"]' });
    expect(byPath['Items[*].n']).toMatchObject({ type: '→ list of 3 numbers', example: '1, …' });
    expect(byPath['One[*].k']).toMatchObject({ type: '→ list of 1 string', example: '"x"' });
  });

  it('specForFile keeps a sample path relative to the spec file', () => {
    const s = { sample: 'events/e.json', webhooks: [] };
    expect(specForFile(s, 'spec.json', '/w').sample).toBe('events/e.json');
    expect(specForFile(s, 'specs/spec.json', '/w').sample).toBe('../events/e.json');
    expect(specForFile({ example: 'x', webhooks: [] }, 'specs/a.json', '/w')).toEqual({ example: 'x', webhooks: [] });
  });
});

describe('wizard: one event per line item (bulk) and append to a profile list (issue 7)', () => {
  it('bulk: the list, its fields (all ticked: Enter keeps them), no order fields, the metric — then generate makes it', async () => {
    const p = scripted([
      { select: /sample/, answer: 'example:shopify-placed-order' },
      { select: /What should/, answer: 'bulk' },
      { select: /Which list/, answer: undefined },
      {
        pick: /Which fields of each element/,
        answer: (choices) => choices.filter((c) => c.checked).map((c) => c.value),
      },
      { confirm: /order-level fields/, answer: false },
      { input: /Name of the new event/, answer: 'Ordered Item' },
      { confirm: /Set the event's value/, answer: false },
      ...DEFAULTS,
    ]);
    const { spec, sample } = await runWizard(p, deps());
    expect(p.remaining()).toBe(0);
    const lists = p.asked[2]!;
    expect(lists.default).toBe('$extra.line_items[*]');
    expect((lists.choices as Array<Choice<string>>).map((c) => c.value)).toEqual([
      '$extra.discount_codes[*]',
      '$extra.shipping_lines[*]',
      '$extra.line_items[*]',
    ]);
    const picked = p.asked[3]!.choices as readonly FieldChoice[];
    expect(picked.find((f) => f.path === 'sku')).toMatchObject({ checked: true, type: 'string' });
    expect(spec.webhooks).toEqual([
      { kind: 'bulk-create-events', metric: 'Ordered Item', each: '$extra.line_items[*]' },
    ]);
    expect(commandLine(spec)).toBe(
      "klaviyo-webhook-gen generate --example shopify-placed-order --each '$extra.line_items[*]' --metric 'Ordered Item'",
    );
    const [w] = generate(spec, sample.properties, { today: '2026-11-28' }).webhooks;
    expect(w!.endpoint).toBe('bulk-create-events');
    expect(w!.problems.filter((x) => x.severity === 'error')).toEqual([]);
  });

  it('bulk: some fields, order-level fields copied, and an element id when the sample has no $event_id', async () => {
    const p = scripted([
      { select: /sample/, answer: 'example:custom-placed-order' },
      { select: /What should/, answer: 'bulk' },
      { select: /Which list/, answer: 'Items[*]' },
      { pick: /Which fields of each element/, answer: ['SKU', 'Quantity'] },
      { confirm: /order-level fields/, answer: true },
      { pick: /order-level fields does every event carry/, answer: ['OrderId'] },
      { input: /Name of the new event/, answer: 'Ordered Product' },
      { confirm: /Set the event's value/, answer: false },
      ...DEFAULTS,
    ]);
    const { spec } = await runWizard(p, deps());
    expect(spec.webhooks).toEqual([
      {
        kind: 'bulk-create-events',
        metric: 'Ordered Product',
        each: 'Items[*]',
        properties: ['SKU', 'Quantity'],
        with: ['OrderId'],
      },
    ]);
    expect(commandLine(spec)).toBe(
      "klaviyo-webhook-gen generate --example custom-placed-order --each 'Items[*]' --promote SKU --promote Quantity --with OrderId --metric 'Ordered Product'",
    );
    const noId = scripted([
      { select: /sample/, answer: 'example:woocommerce-added-to-cart' },
      { select: /What should/, answer: 'bulk' },
      { select: /Which list/, answer: undefined },
      { pick: /Which fields of each element/, answer: (choices) => choices.map((c) => c.value) },
      { confirm: /order-level fields/, answer: false },
      { input: /Name of the new event/, answer: 'Cart Line' },
      { confirm: /Set the event's value/, answer: false },
      {
        select: /no \$event_id: which field of each element/,
        answer: (choices: ReadonlyArray<Choice<unknown> | Heading>, def: unknown) =>
          def ?? (choices[0] as Choice<unknown>).value,
      },
      ...DEFAULTS,
    ]);
    const r = await runWizard(noId, deps());
    expect(r.spec.webhooks[0]).toMatchObject({
      kind: 'bulk-create-events',
      each: 'extra.Items[*]',
      uniqueId: expect.any(String),
    });
    expect(() => generate(r.spec, r.sample.properties, { today: '2026-11-28' })).not.toThrow();
  });

  it("bulk: each event's value from a number field of its element, in the order's currency", async () => {
    const p = scripted([
      { select: /sample/, answer: 'example:custom-placed-order' },
      { select: /What should/, answer: 'bulk' },
      { select: /Which list/, answer: 'Items[*]' },
      { pick: /Which fields of each element/, answer: ['SKU'] },
      { confirm: /order-level fields/, answer: false },
      { input: /Name of the new event/, answer: 'Ordered Product' },
      { confirm: /Set the event's value/, answer: true },
      { select: /Which field holds the value/, answer: undefined }, // the default: a total before a quantity
      { input: /Its currency/, answer: 'eur' },
      ...DEFAULTS,
    ]);
    const { spec, sample } = await runWizard(p, deps());
    const numbers = (p.asked.find((a) => /Which field holds/.test(a.message))!.choices as Array<Choice<string>>).map(
      (c) => c.value,
    );
    expect(numbers).toEqual(expect.arrayContaining(['Quantity', 'ItemPrice', 'RowTotal']));
    expect(numbers.every((n) => !n.includes('Items'))).toBe(true); // the element's own fields
    expect(p.asked.find((a) => /event's value/.test(a.message))!.message).toContain("e.g. the line's total");
    expect(spec.webhooks[0]).toMatchObject({ value: 'RowTotal', valueCurrency: 'EUR' });
    expect(commandLine(spec)).toBe(
      "klaviyo-webhook-gen generate --example custom-placed-order --each 'Items[*]' --promote SKU --metric 'Ordered Product' --value RowTotal --value-currency EUR",
    );
    const [w] = generate(spec, sample.properties, { today: '2026-11-28' }).webhooks;
    expect(w!.problems.filter((x) => x.severity === 'error')).toEqual([]);
    expect(w!.body).toContain('"value": {{ item.RowTotal }}');
  });

  it('append: pick the fields and name each list property; the command carries --append PATH=NAME', async () => {
    const p = scripted([
      { select: /sample/, answer: 'example:shopify-placed-order' },
      { select: /What should/, answer: 'append' },
      { pick: /appended to a profile list property/, answer: ['$extra.line_items[*].sku'] },
      { input: /profile list property for \$extra.line_items\[\*\].sku/, answer: 'Purchased SKUs' },
      ...DEFAULTS,
    ]);
    const { spec, sample } = await runWizard(p, deps());
    expect(p.remaining()).toBe(0);
    const choices = p.asked[2]!.choices as readonly FieldChoice[];
    expect(choices[0]!.path).toContain('[*]'); // lists first
    expect(spec.webhooks).toEqual([{ kind: 'profile-import', append: ['$extra.line_items[*].sku=Purchased SKUs'] }]);
    expect(commandLine(spec)).toBe(
      "klaviyo-webhook-gen generate --example shopify-placed-order --append '$extra.line_items[*].sku=Purchased SKUs'",
    );
    const [w] = generate(spec, sample.properties, { today: '2026-11-28' }).webhooks;
    expect(w!.body).toMatch(/"Purchased SKUs": \[\s*\{% for item in/);
  });
});
