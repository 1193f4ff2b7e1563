/**
 * Profile bodies with many optional properties are printed as a flag tree (template/json-template.ts), linear in
 * size, where they used to give each comma a guard naming every property before it. The proof that nothing else
 * changed: for the bundled examples and random events, the old construction (`flagTreeFrom: Infinity`) and the
 * new one render to the same JSON; the new one is valid JSON for every combination of its flags, whatever they
 * hold; and it is linear in size. Django's answers for such bodies are in template/generated-django.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { generate } from '../../src/generate.js';
import { resolveMappings, type FieldMapping } from '../../src/mapping/index.js';
import { listFields } from '../../src/paths/index.js';
import { renderTemplate } from '../../src/render/index.js';
import { listExamples, readExample } from '../../src/examples.js';
import { parseSample } from '../../src/sample/parse.js';
import { FLAG_TREE_FROM, printBody } from '../../src/template/json-template.js';
import { profileImportBody } from '../../src/webhooks/profile-import.js';
import { DOCUMENTED_REFUSAL, PERSON, RUNS, leafType, officialValidator } from './support.js';
import { hostileChar } from './arbitraries.js';

const TODAY = '2026-11-28';
// Each case renders the old, quadratic body too (1.4 MB for every field of shopify-placed-order): at most 1,000
// random cases and 100 per bundled example, also in `npm run fuzz`; the time-out is a hang guard for that depth.
const CASES = Math.min(RUNS, 1000);
const PER_EXAMPLE = Math.max(10, Math.round(CASES / 10));
const HANG_GUARD = 600_000;

/** Both constructions of one profile body: properties and, renamed, the same fields appended to lists. */
function bodies(sample: Record<string, unknown>, requests: Array<{ from: string; to: string }>) {
  const { mappings } = resolveMappings(sample, requests, {
    escape: 'escapejs',
    allowMissing: false,
    targetLabel: 'profile property',
  });
  const node = (append: readonly FieldMapping[]) =>
    profileImportBody({ identify: 'klaviyo-id', escape: 'escapejs', properties: mappings, append });
  const appended = mappings.filter((m) => m.type.kind !== 'object').map((m) => ({ ...m, to: `list ${m.to}` }));
  return {
    count: mappings.length,
    tree: printBody(node([])),
    plain: printBody(node([]), { flagTreeFrom: Number.POSITIVE_INFINITY }),
    treeAppend: printBody(node(appended)),
    plainAppend: printBody(node(appended), { flagTreeFrom: Number.POSITIVE_INFINITY }),
  };
}

/** The body rendered for `event` and parsed; a body that is not JSON gives its text (compared as such). */
function rendered(body: string, event: unknown): unknown {
  const text = renderTemplate(body, { event, person: PERSON, organization: { name: 'Example Store' } });
  try {
    return JSON.parse(text);
  } catch {
    return { notJson: text };
  }
}

/** How a random event changes each top-level key of the sample: kept, dropped, nulled, emptied, made falsy. */
const change = fc.constantFrom('keep', 'keep', 'drop', 'null', 'empty', 'falsy', 'quote');
function changed(sample: Record<string, unknown>, how: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  Object.entries(sample).forEach(([k, v], i) => {
    const c = how[i % how.length] ?? 'keep';
    if (c === 'drop') return;
    out[k] =
      c === 'null'
        ? null
        : c === 'empty'
          ? ''
          : c === 'falsy'
            ? typeof v === 'number'
              ? 0
              : typeof v === 'boolean'
                ? false
                : Array.isArray(v)
                  ? []
                  : v
            : c === 'quote' && typeof v === 'string'
              ? `"${v}\\\n"`
              : v;
  });
  return out;
}

/** Every field of the sample generate can map (not lists of objects or empty objects), named uniquely. */
function allFields(sample: Record<string, unknown>): Array<{ from: string; to: string }> {
  return listFields(sample)
    .filter(
      (f) => f.path.length > 0 && f.type.kind !== 'object' && !(f.type.kind === 'list' && leafType(f) === 'object'),
    )
    .map((f, i) => ({ from: f.text, to: `f${i} ${f.text}`.slice(0, 60) }));
}

describe('the flag tree renders to the same JSON as the plain construction', () => {
  for (const example of listExamples()) {
    it(
      `${example.id}: every field, for the sample, with fields dropped, nulled, emptied or falsy, and for none`,
      () => {
        const { text, source } = readExample(example.id);
        const sample = parseSample(text, source).properties;
        const requests = allFields(sample);
        const b = bodies(sample, requests);
        expect(b.count).toBeGreaterThanOrEqual(FLAG_TREE_FROM);
        // What generate prints is the flag tree.
        const generated = generate({ webhooks: [{ kind: 'profile-import', properties: requests }] }, sample, {
          today: TODAY,
        }).webhooks[0]!;
        expect(generated.body).toBe(b.tree);
        expect(generated.problems.filter((p) => p.severity === 'error')).toEqual([]);
        expect(b.tree).toContain('{% with ');
        expect(b.plain).not.toContain('{% with ');
        const check = (event: Record<string, unknown>) => {
          const ours = rendered(b.tree, event);
          expect(ours).toEqual(rendered(b.plain, event));
          expect(officialValidator('profile-import')(ours)).toBe(true);
          expect(rendered(b.treeAppend, event)).toEqual(rendered(b.plainAppend, event));
        };
        check(sample);
        check({});
        fc.assert(
          fc.property(fc.array(change, { minLength: 1, maxLength: 12 }), (how) => check(changed(sample, how))),
          { numRuns: PER_EXAMPLE },
        );
      },
      HANG_GUARD,
    );
  }

  it(
    'random events with many fields: same JSON, valid, and no error from the tool’s own checks',
    () => {
      const value = fc.oneof(
        fc.string({ unit: hostileChar, maxLength: 8 }),
        fc.integer(),
        fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)),
        fc.boolean(),
        fc.constant(null),
        fc.constant(''),
        fc.array(fc.oneof(fc.string({ maxLength: 4 }), fc.integer()), { maxLength: 3 }),
      );
      const key = fc.string({ unit: hostileChar, minLength: 1, maxLength: 8 });
      const sampleArb = fc.dictionary(key, value, { minKeys: FLAG_TREE_FROM, maxKeys: 40 });
      fc.assert(
        fc.property(sampleArb, fc.array(change, { minLength: 1, maxLength: 40 }), (sample, how) => {
          const requests = allFields(sample).map((r, i) => ({ from: r.from, to: `p${i}` }));
          fc.pre(requests.length >= FLAG_TREE_FROM);
          let b: ReturnType<typeof bodies>;
          let problems: ReturnType<typeof generate>['webhooks'][0]['problems'];
          try {
            b = bodies(sample, requests);
            problems = generate({ webhooks: [{ kind: 'profile-import', properties: requests }] }, sample, {
              today: TODAY,
            }).webhooks[0]!.problems;
          } catch (err) {
            if (err instanceof UserError && DOCUMENTED_REFUSAL.test(err.message)) return;
            throw err;
          }
          expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
          for (const event of [sample, changed(sample, how), {}]) {
            const ours = rendered(b.tree, event);
            expect(ours).not.toHaveProperty('notJson');
            expect(ours).toEqual(rendered(b.plain, event));
            expect(rendered(b.treeAppend, event)).toEqual(rendered(b.plainAppend, event));
          }
        }),
        { numRuns: CASES },
      );
    },
    HANG_GUARD,
  );
});

describe('the flag tree', () => {
  it('is valid JSON for every combination of its flags’ truth, whatever they hold', () => {
    // Seven members: the {% with %} tags removed, each flag is given in the context, true or false.
    const sample = Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`k${i}`, i % 2 ? i : `v${i}`]));
    const { tree } = bodies(
      sample,
      Object.keys(sample).map((k) => ({ from: k, to: k })),
    );
    const unbound = tree.replace(/\{% (with [^%]*|endwith) %\}/g, '');
    const flags = [...new Set(tree.match(/\bf\d+(_\d+)?(?==)/g))];
    expect(flags).toHaveLength(2 * 7 - 2);
    for (let bits = 0; bits < 2 ** flags.length; bits++) {
      const context = Object.fromEntries(flags.map((f, i) => [f, (bits >> i) & 1 ? 'x' : '']));
      const text = renderTemplate(unbound, { ...context, event: sample, person: PERSON });
      expect(() => JSON.parse(text), text).not.toThrow();
    }
  });

  it('grows linearly: 80 optional text properties take at most 32 KB, 400 at most 5.5 times that', () => {
    const size = (n: number) => {
      const sample = Object.fromEntries(Array.from({ length: n }, (_, i) => [`field_${i}`, `value ${i}`]));
      const body = generate({ webhooks: [{ kind: 'profile-import', properties: Object.keys(sample) }] }, sample, {
        today: TODAY,
      }).webhooks[0]!.body;
      return Buffer.byteLength(body);
    };
    const at80 = size(80);
    expect(at80).toBeLessThanOrEqual(32 * 1024);
    // Quadratic growth would make it 25 times; the tree's depth adds a little per doubling.
    expect(size(400)).toBeLessThanOrEqual(5.5 * at80);
  });
});
