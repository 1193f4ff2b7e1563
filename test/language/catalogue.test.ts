/**
 * The catalogue is the one table of Klaviyo's template language (issue 13): every Django 3.2 built-in, every name
 * the fact table records (Klaviyo's pages and third-party notes), consistent arity with the renderer, and every
 * filter the generator writes.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFilterExpr } from '../../src/check/expression.js';
import { generate } from '../../src/generate.js';
import { lintTemplate } from '../../src/check/template-lint.js';
import { allFilters, allTags, filterEntry, isDjangoTag, liquidInstead, tagEntry } from '../../src/language/index.js';
import { suggestFilters } from '../../src/language/suggest.js';
import { FILTER_NAMES, TemplateRenderError, compileTemplate, tokenize } from '../../src/render/index.js';
import { FILTERS as DJANGO_IMPLEMENTED } from '../../src/render/filters.js';

// django.template.defaultfilters.register.filters of Django 3.2.25: name → [max explicit args, min explicit args].
const DJANGO_FILTERS: Record<string, [number, number]> = {
  add: [1, 1],
  addslashes: [0, 0],
  capfirst: [0, 0],
  center: [1, 1],
  cut: [1, 1],
  date: [1, 0],
  default: [1, 1],
  default_if_none: [1, 1],
  dictsort: [1, 1],
  dictsortreversed: [1, 1],
  divisibleby: [1, 1],
  escape: [0, 0],
  escapejs: [0, 0],
  filesizeformat: [0, 0],
  first: [0, 0],
  floatformat: [1, 0],
  force_escape: [0, 0],
  get_digit: [1, 1],
  iriencode: [0, 0],
  join: [1, 1],
  json_script: [1, 1],
  last: [0, 0],
  length: [0, 0],
  length_is: [1, 1],
  linebreaks: [0, 0],
  linebreaksbr: [0, 0],
  linenumbers: [0, 0],
  ljust: [1, 1],
  lower: [0, 0],
  make_list: [0, 0],
  phone2numeric: [0, 0],
  pluralize: [1, 0],
  pprint: [0, 0],
  random: [0, 0],
  rjust: [1, 1],
  safe: [0, 0],
  safeseq: [0, 0],
  slice: [1, 1],
  slugify: [0, 0],
  stringformat: [1, 1],
  striptags: [0, 0],
  time: [1, 0],
  timesince: [1, 0],
  timeuntil: [1, 0],
  title: [0, 0],
  truncatechars: [1, 1],
  truncatechars_html: [1, 1],
  truncatewords: [1, 1],
  truncatewords_html: [1, 1],
  unordered_list: [0, 0],
  upper: [0, 0],
  urlencode: [1, 0],
  urlize: [0, 0],
  urlizetrunc: [1, 1],
  wordcount: [0, 0],
  wordwrap: [1, 1],
  yesno: [1, 0],
};
const DJANGO_TAGS = [
  'autoescape',
  'comment',
  'csrf_token',
  'cycle',
  'debug',
  'filter',
  'firstof',
  'for',
  'if',
  'ifchanged',
  'load',
  'lorem',
  'now',
  'regroup',
  'resetcycle',
  'spaceless',
  'templatetag',
  'url',
  'verbatim',
  'widthratio',
  'with',
  'block',
  'extends',
  'include',
];

// The fact table's names (klaviyo-filters.md §1, §2, §5.2, §5.3), copied here: tests read nothing outside the repo.
const KLAVIYO_FILTERS = [
  'abs',
  'append',
  'at_least',
  'at_most',
  'base64_decode',
  'base64_encode',
  'base64_url_safe_decode',
  'base64_url_safe_encode',
  'capitalize',
  'ceil',
  'compact',
  'concat',
  'count',
  'days_later',
  'floatadd',
  'format_date_string',
  'lookup',
  'missing_product_image',
  'multiply',
  'round_up',
  'divide',
  'floatsub',
  'floor',
  'round',
  'round_down',
  'plus',
  'minus',
  'modulo',
  'remainder',
  'percentize',
  'sum_list',
  'gt',
  'gte',
  'lt',
  'lte',
  'prepend',
  'downcase',
  'upcase',
  'truncate',
  'strip',
  'lstrip',
  'rstrip',
  'strip_html',
  'strip_newlines',
  'newline_to_br',
  'remove',
  'remove_first',
  'remove_last',
  'replace_first',
  'replace_last',
  'split',
  'resplit',
  'escape_once',
  'urlencodeplus',
  'urldecode',
  'urldecodeplus',
  'md5_hash',
  'sha_1',
  'sha_256',
  'httpize',
  'httpsize',
  'trim_slash',
  'find_replace',
  'size',
  'list_to_string',
  'list_where',
  'dictfilter',
  'map',
  'reverse',
  'sort',
  'sort_natural',
  'uniq',
  'missing_image',
  'datetime_from_string',
  'weeks_since',
  'days_until',
  'float',
  'integer',
  'remove_trailing_zeros',
  'trim',
  'url_safe',
];
const KLAVIYO_TAGS = [
  'currency_format',
  'today',
  'current_day',
  'current_weekday',
  'current_month_name',
  'current_year',
  'current_month',
  'coupon_code',
  'barcode_code',
  'barcode',
  'catalog',
  'has_category',
  'customobject',
  'customobjects',
  'unsubscribe',
  'unsubscribe_link',
  'manage_preferences',
  'manage_preferences_link',
  'web_view',
  'web_view_link',
  'render_variable',
  'update_property_link',
];

describe('the catalogue', () => {
  it("holds every Django 3.2 built-in filter with Django's arity", () => {
    for (const [name, [max, min]] of Object.entries(DJANGO_FILTERS)) {
      expect(filterEntry(name), name).toMatchObject({ evidence: 'django', minArgs: min, maxArgs: max });
    }
    expect(
      [...allFilters().values()]
        .filter((f) => f.evidence === 'django')
        .map((f) => f.name)
        .sort(),
    ).toEqual(Object.keys(DJANGO_FILTERS).sort());
  });

  it("agrees with the renderer's own Django filters on arity", () => {
    for (const name of FILTER_NAMES) {
      const def = DJANGO_IMPLEMENTED.get(name)!;
      expect([filterEntry(name)?.minArgs, filterEntry(name)?.maxArgs], name).toEqual([def.minArgs, def.maxArgs]);
    }
  });

  it("holds every Klaviyo filter and tag the fact table names, and Django's tags", () => {
    expect(KLAVIYO_FILTERS.filter((n) => !filterEntry(n))).toEqual([]);
    expect(KLAVIYO_TAGS.filter((n) => !tagEntry(n))).toEqual([]);
    expect(DJANGO_TAGS.filter((n) => !tagEntry(n))).toEqual([]);
    // Facts §2: no Klaviyo filter prints JSON.
    for (const n of ['json', 'to_json', 'tojson', 'jsonify']) expect(filterEntry(n)).toBeUndefined();
  });

  it('reads its rows whole: arity, kind, flags, alias and reasons', () => {
    expect(filterEntry('multiply')).toEqual({
      name: 'multiply',
      evidence: 'documented',
      source: 'HF, UF',
      minArgs: 1,
      maxArgs: 1,
      arg: 'number',
      aliasOf: undefined,
      jsonSafe: true,
      approximate: expect.stringMatching(/^Klaviyo's result type and rounding are not documented/),
    });
    expect(filterEntry('round_up')).toMatchObject({ minArgs: 0, maxArgs: 1, arg: 'int' });
    expect(filterEntry('upcase')).toMatchObject({ aliasOf: 'upper', approximate: undefined, jsonSafe: false });
    expect(filterEntry('find_replace')?.approximate).toContain('"find|replace"');
    expect(tagEntry('if')).toMatchObject({ end: 'endif', middle: ['elif', 'else'] });
    expect(tagEntry('coupon_code')?.webhook).toContain('not supported in flow webhooks');
    expect(tagEntry('currency_format')?.webhook).toContain('currency');
  });

  it('names every block tag its closing tag, and aliases point at catalogued filters', () => {
    for (const t of allTags().values()) if (t.end) expect(tagEntry(t.end), t.end).toBeDefined();
    for (const f of allFilters().values()) if (f.aliasOf) expect(filterEntry(f.aliasOf), f.name).toBeDefined();
  });

  it("words the renderer's error and the lint's advice for a Liquid tag from one row", () => {
    const liquid = ['elsif', 'assign', 'capture', 'endcapture', 'unless', 'case', 'when', 'raw', 'break', 'tablerow'];
    for (const name of liquid) {
      const instead = liquidInstead(name)!;
      expect(instead, name).toBeDefined();
      expect(() => compileTemplate(`{% ${name} x %}`), name).toThrow(
        `'${name}' is Liquid syntax; Django uses ${instead}.`,
      );
      const lint = lintTemplate(`{% ${name} x %}`, tokenize(`{% ${name} x %}`)).map((f) => f.message);
      expect(lint, name).toContain(
        `{% ${name} %} is Liquid, not Django (Klaviyo uses Django templates): use ${instead}`,
      );
      expect(tagEntry(name), name).toBeUndefined();
    }
    expect(liquidInstead('if')).toBeUndefined();
    expect(liquidInstead('constructor')).toBeUndefined();
  });

  it('tells the Django tags the renderer leaves out from their closing and middle tags', () => {
    for (const name of ['ifchanged', 'block', 'include', 'ifequal', 'trans'])
      expect(isDjangoTag(name), name).toBe(true);
    for (const name of ['endifchanged', 'endblock', 'else', 'empty', 'endcatalog', 'catalog', 'frobnicate'])
      expect(isDjangoTag(name), name).toBe(false);
    expect(() => compileTemplate('{% ifchanged %}x{% endifchanged %}')).toThrow(
      'is a Django tag this renderer does not support',
    );
    expect(() => compileTemplate('{% endblock %}')).toThrow("Invalid block tag on line 1: 'endblock'.");
  });

  it('finds nothing for names of JavaScript object properties', () => {
    for (const n of ['constructor', 'valueOf', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(filterEntry(n)).toBeUndefined();
      expect(tagEntry(n)).toBeUndefined();
      expect(() => compileTemplate(`{{ x|${n} }}`)).toThrow(`Invalid filter: '${n}'`);
    }
  });

  it('gives every filter the renderer an implementation (no "Invalid filter" for a catalogued name)', () => {
    for (const f of allFilters().values()) {
      const arg = f.minArgs ? ':2' : '';
      // Compiles (render may raise what Django raises, e.g. cut:2 is a TypeError).
      expect(() => compileTemplate(`{{ x|${f.name}${arg} }}`), f.name).not.toThrow();
      for (const x of ['a', 2]) {
        try {
          expect(compileTemplate(`{{ x|${f.name}${f.minArgs ? ":'2'" : ''} }}`).render({ x }), f.name).toEqual(
            expect.any(String),
          );
        } catch (e) {
          if (!(e instanceof TemplateRenderError)) throw e; // what Django raises too (divisibleby on text)
        }
      }
    }
  });

  it('suggests the documented spelling for names from other languages', () => {
    expect(suggestFilters('nl2br')).toEqual(['linebreaksbr']);
    expect(suggestFilters('times')).toEqual(['multiply']);
    expect(suggestFilters('escpejs')).toContain('escapejs');
  });

  it('covers every filter the generator writes', () => {
    const sample = {
      $event_id: 'e1',
      $value: 45.5,
      Opted: true,
      Items: ['a', 'b'],
      $extra: { line_items: [{ sku: 'S', quantity: 2 }] },
    };
    const webhooks = [
      {
        kind: 'create-event',
        metric: 'M',
        properties: ['$extra.line_items[*].sku', '$value', 'Items', 'Opted'],
        value: '$value',
      },
      { kind: 'profile-import', properties: ['$value', 'Opted', 'Items'] },
      { kind: 'bulk-create-events', metric: 'E', each: '$extra.line_items[*]', properties: ['sku', 'quantity'] },
    ] as never;
    const bodies = [false, true].flatMap((editorSafe) =>
      generate({ webhooks: editorSafe ? (webhooks as unknown[]).slice(1, 2) : webhooks, editorSafe } as never, sample, {
        today: '2026-11-28',
      }).webhooks.map((w) => w.body),
    );
    const used = new Set<string>();
    for (const body of bodies) {
      for (const t of tokenize(body)) {
        if (t.type === 'var') for (const f of parseFilterExpr(t.contents).filters) used.add(f.name);
      }
    }
    expect(used.size).toBeGreaterThan(3);
    for (const name of used) expect(filterEntry(name), name).toBeDefined();
  });
});

describe('docs/templates.md', () => {
  const doc = readFileSync(new URL('../../docs/templates.md', import.meta.url), 'utf8');
  it('names every catalogued filter and tag', () => {
    expect([...allFilters().keys()].filter((n) => !doc.includes(`\`${n}\``))).toEqual([]);
    expect(
      [...allTags().values()].filter((t) => t.evidence !== 'django' && !doc.includes(t.name)).map((t) => t.name),
    ).toEqual([]);
  });
  it('lists every filter preview approximates in its approximations section', () => {
    const section = doc.slice(doc.indexOf('## What `preview` approximates'), doc.indexOf('## Decisions'));
    const missing = [...allFilters().values()]
      .filter((f) => f.approximate && f.evidence !== 'unverified' && !section.includes(`\`${f.name}\``))
      .map((f) => f.name);
    expect(missing).toEqual([]);
  });
});
