#!/usr/bin/env node
// Writes fixtures/klaviyo-examples.json: every example in Appendix A of the Klaviyo filter fact table
// (klaviyo-filters.md, which is not in this repository: give its path) as a test case for the renderer and checks.
// Each row quotes the Appendix lines it covers, verbatim, with the template and context that reproduce it and the
// documented output (null where Klaviyo documents none: the row must then render without error, and pass validate).
// The script fails when a row's quote is not in the Appendix, or an Appendix line is in no row; rows that use only
// Django's built-ins (and Klaviyo's lookup) are rendered by real Django too, which must agree.
// Run while developing: node test/render/make-klaviyo-examples.mjs path/to/klaviyo-filters.md
// Tests read only the JSON; they never need the fact table or Python.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const source = process.argv[2];
if (!source) {
  console.error('usage: node test/render/make-klaviyo-examples.mjs path/to/klaviyo-filters.md');
  process.exit(2);
}

const ISO_11 = '2016-02-11T16:46:08-05:00';
const ISO_26 = '2016-02-26T16:46:08-05:00';
const CART = [
  { name: 'Oversized Beach Blanket', quantity: 1 },
  { name: 'Beach Chairs', quantity: 4 },
  { name: 'SPF Sunscreen', quantity: 2 },
  { name: 'Plastic Cooler', quantity: 1 },
];
const LOYALTY = [
  "{% if person|lookup:'Loyalty Points' > 150 %}",
  'Hey VIP! You’ve always got free shipping & free returns',
  "{% elif person|lookup:'Loyalty Points' > 0 %}",
  "You have {{ person|lookup:'Loyalty Points' }} points, and you just need 150 to become a VIP!",
  '{% else %}',
  'Have you heard about our VIP program? Join today on our website to start earning rewards.',
  '{% endif %}',
];

/**
 * kind: 'render' (default; expected null: renders, output not documented), 'syntax-error' (Django's grammar
 * refuses what the page printed: a typo the fact table notes), 'coupon-cut' (the documented `cut` on a code).
 */
const rows = [
  // G: the glossary writes string results in double quotes and numbers bare; the quotes are not printed.
  { source: 'G', doc: ['{{ -1.2|abs }} => 1.2'], template: '{{ -1.2|abs }}', expected: '1.2' },
  { source: 'G', doc: ['{{ "hello"|append:" world" }} => "hello world"'], template: '{{ "hello"|append:" world" }}', expected: 'hello world' },
  { source: 'G', doc: ['{{ 1|at_least:5.0 }} => 5.0'], template: '{{ 1|at_least:5.0 }}', expected: '5.0' },
  { source: 'G', doc: ['{{ 1|at_most:-1.0 }} => -1.0'], template: '{{ 1|at_most:-1.0 }}', expected: '-1.0' },
  { source: 'G', doc: ['{{ 5.01|ceil }} => "6.0"'], template: '{{ 5.01|ceil }}', expected: '6.0' },
  // G0
  { source: 'G0', doc: ['If your_variable is 5, {{ your_variable|add:2 }} will render as 7'], template: '{{ your_variable|add:2 }}', context: { your_variable: 5 }, expected: '7', django: true },
  { source: 'G0', doc: ['{{ person.email|base64_encode }}'], template: '{{ person.email|base64_encode }}', context: { person: { email: 'sarah.mason@example.com' } }, expected: null },
  { source: 'G0', doc: ['If your variable is "hello", {{ your_variable|concat:\' world\' }} will render as "hello world"'], template: "{{ your_variable|concat:' world' }}", context: { your_variable: 'hello' }, expected: 'hello world' },
  { source: 'G0', doc: ['If your variable is “hello”, {{ your_variable|count }} will return 5'], template: '{{ your_variable|count }}', context: { your_variable: 'hello' }, expected: '5' },
  // HD: format_date_string + date. The table's rows mix two dates (fact table 5.4): each row's input is the
  // timestamp whose date its output shows, at the 16:46:08-05:00 of the headline example (the offset is kept).
  { source: 'HD', doc: ["{{ your_variable|format_date_string|date:'F d, o' }}", `input:  ${ISO_11}`, 'output: February 11, 2016'], template: "{{ your_variable|format_date_string|date:'F d, o' }}", context: { your_variable: ISO_11 }, expected: 'February 11, 2016' },
  ...[
    ['February 26, 2016          ', 'F d, o', 'February 26, 2016', ISO_26],
    ['26 February 2016           ', 'd F o', '26 February 2016', ISO_26],
    ['02-26-2016                 ', 'm-d-Y', '02-26-2016', ISO_26],
    ['26-02-2016                 ', 'd-m-Y', '26-02-2016', ISO_26],
    ['2/26/16 (no leading 0s)    ', 'n/j/y', '2/26/16', ISO_26],
    ['26/2/16 (no leading 0s)    ', 'j/n/y', '26/2/16', ISO_26],
    ['Feb 11                     ', 'M d', 'Feb 11', ISO_11],
    ['11 Feb                     ', 'd M', '11 Feb', ISO_11],
    ['02-26-2016 4:46:08         ', 'm-d-Y g:i:s', '02-26-2016 4:46:08', ISO_26],
    ['02-26-2016 4:46 p.m.       ', 'm-d-Y g:i a', '02-26-2016 4:46 p.m.', ISO_26],
    ['02-26-2016 4:46 PM         ', 'm-d-Y g:i A', '02-26-2016 4:46 PM', ISO_26],
  ].map(([label, format, expected, input]) => ({
    source: 'HD',
    doc: [`${label}{{ your_variable|format_date_string|date:'${format}' }}`],
    template: `{{ your_variable|format_date_string|date:'${format}' }}`,
    context: { your_variable: input },
    expected,
  })),
  // HD: today and days_later, sent on the date the page uses (2021-03-18).
  { source: 'HD', doc: ['{% today "%Y-%m-%d" as today %} {{ today }}                       -> e.g. 2021-03-18'], template: '{% today "%Y-%m-%d" as today %} {{ today }}', today: '2021-03-18', expected: ' 2021-03-18' },
  { source: 'HD', doc: ["{% today '%Y-%m-%d' as today %} {{ today|format_date_string|date:'m/d/Y' }}   -> MM/DD/YYYY"], template: "{% today '%Y-%m-%d' as today %} {{ today|format_date_string|date:'m/d/Y' }}", today: '2021-03-18', expected: ' 03/18/2021' },
  { source: 'HD', doc: ['{% today "%Y-%m-%d" as today %} {{ today|days_later:5 }}          -> sent March 18: 2021-03-23'], template: '{% today "%Y-%m-%d" as today %} {{ today|days_later:5 }}', today: '2021-03-18', expected: ' 2021-03-23' },
  { source: 'HD', doc: ["{% today '%Y-%m-%d' as today %} {{ today|days_later:5|format_date_string|date:'M d' }}   -> sent March 18: Mar 23"], template: "{% today '%Y-%m-%d' as today %} {{ today|days_later:5|format_date_string|date:'M d' }}", today: '2021-03-18', expected: ' Mar 23' },
  // HD: current-date tags; each sent on a day that gives the page's example value.
  { source: 'HD', doc: ['The current day of the month is {% current_day %}.       -> The current day of the month is 5.'], template: 'The current day of the month is {% current_day %}.', today: '2021-03-05', expected: 'The current day of the month is 5.' },
  { source: 'HD', doc: ['The current day of the week is {% current_weekday %}.    -> The current day of the week is Friday.'], template: 'The current day of the week is {% current_weekday %}.', today: '2021-03-05', expected: 'The current day of the week is Friday.' },
  { source: 'HD', doc: ['The current month is {% current_month_name %}.           -> The current month is September.'], template: 'The current month is {% current_month_name %}.', today: '2021-09-03', expected: 'The current month is September.' },
  { source: 'HD', doc: ['The current year is {% current_year %}.                  -> The current year is 2021.'], template: 'The current year is {% current_year %}.', today: '2021-09-03', expected: 'The current year is 2021.' },
  // HP
  { source: 'HP', doc: ["Hi {{ first_name }} {{ last_name }}, your favorite color is {{ person|lookup:'Favorite Color' }}", '  -> Hi George Washington, your favorite color is Green'], template: "Hi {{ first_name }} {{ last_name }}, your favorite color is {{ person|lookup:'Favorite Color' }}", context: { first_name: 'George', last_name: 'Washington', person: { 'Favorite Color': 'Green' } }, expected: 'Hi George Washington, your favorite color is Green', django: true },
  { source: 'HP', doc: ["Hey {{ first_name|default:'friend' }}, any interest in some {{ person|lookup:'Favorite Food'|default:'tasty treats' }}?", '  -> Hey friend, any interest in some tasty treats?'], template: "Hey {{ first_name|default:'friend' }}, any interest in some {{ person|lookup:'Favorite Food'|default:'tasty treats' }}?", context: { person: {} }, expected: 'Hey friend, any interest in some tasty treats?', django: true },
  { source: 'HP', doc: ['Hey {{ first_name|title }}, have you seen our latest launch?', '  -> Hey Elise, have you seen our latest launch?'], template: 'Hey {{ first_name|title }}, have you seen our latest launch?', context: { first_name: 'elise' }, expected: 'Hey Elise, have you seen our latest launch?', django: true },
  { source: 'HP', doc: ["{{ event|lookup:'Coupon Codes'|lookup:'0' }}"], template: "{{ event|lookup:'Coupon Codes'|lookup:'0' }}", context: { event: { 'Coupon Codes': ['WELCOME10', 'SPRING5'] } }, expected: 'WELCOME10', django: true },
  { source: 'HP', doc: ["event|lookup:'Collection Names'|lookup:'0'      (correct)"], template: "{{ event|lookup:'Collection Names'|lookup:'0' }}", context: { event: { 'Collection Names': ['Summer', 'Sale'] } }, expected: 'Summer', django: true },
  { source: 'HP', doc: ["event|lookup:'Collection Names'.0               (wrong)"], template: "{{ event|lookup:'Collection Names'.0 }}", kind: 'syntax-error', django: true },
  { source: 'HP', doc: ['{% currency_format event|lookup:"$value" %}'], template: '{% currency_format event|lookup:"$value" %}', context: { event: { $value: 45.5 } }, expected: null },
  { source: 'HP', doc: ['{% currency_format event.item.price %}'], template: '{% currency_format event.item.price %}', context: { event: { item: { price: 12 } } }, expected: null },
  // Printed with curly quotes (fact table 5.4: a typo); Django's grammar refuses them.
  { source: 'HP', doc: ['{% currency_format event.item.price|default:”0” %}'], template: '{% currency_format event.item.price|default:”0” %}', kind: 'syntax-error' },
  { source: 'HP', doc: ['{% for item in event.shopping_cart_items %}{{ item.name }} × {{ item.quantity }} {% endfor %}', '  -> Oversized Beach Blanket × 1 / Beach Chairs × 4 / SPF Sunscreen × 2 / Plastic Cooler × 1'], template: '{% for item in event.shopping_cart_items %}{{ item.name }} × {{ item.quantity }} {% endfor %}', context: { event: { shopping_cart_items: CART } }, expected: 'Oversized Beach Blanket × 1 Beach Chairs × 4 SPF Sunscreen × 2 Plastic Cooler × 1 ', django: true },
  ...[
    [200, '\nHey VIP! You’ve always got free shipping & free returns\n'],
    [40, '\nYou have 40 points, and you just need 150 to become a VIP!\n'],
    [0, '\nHave you heard about our VIP program? Join today on our website to start earning rewards.\n'],
  ].map(([points, expected]) => ({ source: 'HP', doc: LOYALTY, template: LOYALTY.join('\n'), context: { person: { 'Loyalty Points': points } }, expected, django: true })),
  // HT, HN, HF
  { source: 'HT', doc: ["Hey {{ first_name|default:'friend' }}!    -> Hey friend!   (name not stored)"], template: "Hey {{ first_name|default:'friend' }}!", expected: 'Hey friend!', django: true },
  { source: 'HN, HF', doc: ["{{ first_name|title|default:'there' }}"], template: "{{ first_name|title|default:'there' }}", expected: null, django: true },
  { source: 'HF', doc: ['{{ item.price|floatformat:2 }}'], template: '{{ item.price|floatformat:2 }}', context: { item: { price: 19.5 } }, expected: null, django: true },
  { source: 'HF', doc: ['{{ item.price|multiply:.8|floatformat:2 }}'], template: '{{ item.price|multiply:.8|floatformat:2 }}', context: { item: { price: 19.99 } }, expected: null },
  // HO
  ...[
    ['title', 'John Doe'],
    ['upper', 'JOHN DOE'],
    ['lower', 'john doe'],
  ].map(([filter, expected]) => ({ source: 'HO', doc: [`{{ object.full_name|${filter}|default:'value' }}   -> ${expected}`], template: `{{ object.full_name|${filter}|default:'value' }}`, context: { object: { full_name: 'john DOE' } }, expected, django: true })),
  { source: 'HO', doc: ['{% customobject event.pet_id  object_type_title="Pet" as pet %} {{ pet.Name }} {% endcustomobject %}'], template: '{% customobject event.pet_id  object_type_title="Pet" as pet %} {{ pet.Name }} {% endcustomobject %}', expected: null },
  // Spaces around | (Django accepts them; validate warns, as Klaviyo's other pages forbid extra spaces).
  { source: 'HO', doc: ['{% customobject event.pet_id  object_type_title="Pet" as pet %} {{ pet | lookup:\'Name\' }} {% endcustomobject %}'], template: '{% customobject event.pet_id  object_type_title="Pet" as pet %} {{ pet | lookup:\'Name\' }} {% endcustomobject %}', expected: null },
  { source: 'HO', doc: ['{{ object_filter.oldest_dog.Name }}'], template: '{{ object_filter.oldest_dog.Name }}', context: { object_filter: { oldest_dog: { Name: 'Rex' } } }, expected: 'Rex', django: true },
  // A space after the colon: Django's grammar refuses it (and third-party notes report an HTTP 400).
  { source: 'HO', doc: ["{{ object_filter.oldest_dog | lookup: 'Name' }}"], template: "{{ object_filter.oldest_dog | lookup: 'Name' }}", kind: 'syntax-error', django: true },
  { source: 'HO', doc: ['{{ object_filter.count_of_dogs }}'], template: '{{ object_filter.count_of_dogs }}', context: { object_filter: { count_of_dogs: 2 } }, expected: '2', django: true },
  { source: 'HO', doc: ['{% customobjects object_type_title="Pet Profile" as pets %} {% for pet in pets %} {{ pet.name }} {% endfor %} {% endcustomobjects %}'], template: '{% customobjects object_type_title="Pet Profile" as pets %} {% for pet in pets %} {{ pet.name }} {% endfor %} {% endcustomobjects %}', expected: null },
  // HI, HS
  { source: 'HI', doc: ['{{ event.image_url|missing_product_image }}'], template: '{{ event.image_url|missing_product_image }}', context: { event: { image_url: 'https://example.com/a.jpg' } }, expected: 'https://example.com/a.jpg' },
  { source: 'HI', doc: ["{{ event.image_url|default:'www.example.com/custom_image_url.jpg' }}"], template: "{{ event.image_url|default:'www.example.com/custom_image_url.jpg' }}", context: { event: {} }, expected: 'www.example.com/custom_image_url.jpg', django: true },
  { source: 'HS', doc: ['{{item.product.images.0.src|missing_product_image}}'], template: '{{item.product.images.0.src|missing_product_image}}', context: { item: { product: { images: [{ src: 'https://example.com/b.png' }] } } }, expected: 'https://example.com/b.png' },
  { source: 'HS', doc: ['Quantity: {{ item.quantity|floatformat:0 }} —     Total: {% currency_format item.line_price|floatformat:2 %}'], template: 'Quantity: {{ item.quantity|floatformat:0 }} —     Total: {% currency_format item.line_price|floatformat:2 %}', context: { item: { quantity: 2, line_price: 39.98 } }, expected: null },
  ...['{% if item.price != 0 %}', '{% if item.product.name != "Route Shipping Insurance" %}', '{% if not "T-Shirt" in item.product.title %}', '{% if item.title %}'].map((line) => ({
    source: 'HS', doc: [line], template: `${line}yes{% endif %}`, context: { item: { price: 5, title: 'Hat', product: { name: 'Hat', title: 'Hat' } } }, expected: 'yes', django: true,
  })),
  // HW
  { source: 'HW', doc: ['{{ item.summary|truncatechars:250 }}'], template: '{{ item.summary|truncatechars:250 }}', context: { item: { summary: 'Short.' } }, expected: 'Short.', django: true },
  { source: 'HW', doc: ["feeds.Klaviyo_Help_Center.articles|slice:':3'"], template: "{% for a in feeds.Klaviyo_Help_Center.articles|slice:':3' %}{{ a }};{% endfor %}", context: { feeds: { Klaviyo_Help_Center: { articles: ['a', 'b', 'c', 'd', 'e'] } } }, expected: 'a;b;c;', django: true },
  // HC: show/hide conditions, as {% if %} tests.
  ...[
    ["person|lookup:'Favorite Color'", 'yes'],
    ["not person|lookup:'Favorite Color'", 'no'],
    ["person|lookup:'Favorite Color' == 'green'", 'yes'],
    ["person|lookup:'Favorite Color' != 'green'", 'no'],
    ["person|lookup:'Age' > 20", 'yes'],
    ["person|lookup:'Age' >= 20", 'yes'],
    ["person|lookup:'Age' < 20", 'no'],
    ["person|lookup:'Age' <= 20", 'no'],
    ["'green' in person|lookup:'Favorite Colors'", 'yes'],
    ["not 'green' in person|lookup:'Favorite Colors'", 'no'],
    ["person|lookup:'VIP' == 1", 'yes'],
    ["person|lookup:'VIP' == 0", 'no'],
  ].map(([condition, expected]) => ({
    source: 'HC', doc: [condition], template: `{% if ${condition} %}yes{% else %}no{% endif %}`,
    context: { person: { 'Favorite Color': 'green', Age: 30, 'Favorite Colors': ['green', 'blue'], VIP: true } }, expected, django: true,
  })),
  // No space before == : Django's {% if %} splits its condition on spaces, so it reads "…'VIP'==" as one operand.
  { source: 'HC', doc: ["person|lookup:'Favorite Color' == 'green' and person|lookup:'VIP'== 1"], template: "{% if person|lookup:'Favorite Color' == 'green' and person|lookup:'VIP'== 1 %}yes{% endif %}", kind: 'syntax-error', django: true },
  // HK: catalog blocks (the item is account data: rendered empty, with a warning).
  { source: 'HK', doc: ['{% catalog itemID unpublished="cancel" %}', '...', '{% endcatalog %}'], template: '{% catalog itemID unpublished="cancel" %}\n...\n{% endcatalog %}', expected: null },
  { source: 'HK', doc: ['{% catalog itemID %}', '{{ catalog_item }}', '{% endcatalog %}'], template: '{% catalog itemID %}\n{{ catalog_item }}\n{% endcatalog %}', expected: null },
  { source: 'HK', doc: ['{% catalog "SAMPLE-DATA-ITEM-15" integration="api" catalog_id="1060935"%} {{ catalog_item.description }}{% endcatalog %}'], template: '{% catalog "SAMPLE-DATA-ITEM-15" integration="api" catalog_id="1060935"%} {{ catalog_item.description }}{% endcatalog %}', expected: null },
  { source: 'HK', doc: ['{% catalog "SAMPLE-DATA-ITEM-15" integration="api" catalog_id="1060935" language=\'fr\' region=\'CA\' %} {{ catalog_item.description }}{% endcatalog %}'], template: '{% catalog "SAMPLE-DATA-ITEM-15" integration="api" catalog_id="1060935" language=\'fr\' region=\'CA\' %} {{ catalog_item.description }}{% endcatalog %}', expected: null },
  { source: 'HK', doc: ['{% catalog event.ItemID %}'], template: '{% catalog event.ItemID %}{% endcatalog %}', expected: null },
  { source: 'HK', doc: ['{% currency_format catalog_item.metadata|lookup:"price" %}'], template: '{% currency_format catalog_item.metadata|lookup:"price" %}', context: { catalog_item: { metadata: { price: 10 } } }, expected: null },
  { source: 'HK', doc: ['{% has_category catalog_item "category_name" as in_category %}'], template: '{% catalog event.ItemID %}{% has_category catalog_item "category_name" as in_category %}{% endcatalog %}', expected: null },
  // HU: the documented `cut`, on the page's code #GREATdoggo12345.
  ...[
    ['#', 'GREATdoggo12345'],
    ['G', '#REATdoggo12345'],
    ['g', '#GREATdoo12345'],
    ['5', '#GREATdoggo1234'],
    ['#Gg5', 'REATdoo1234'],
  ].map(([cut, expected]) => ({ source: 'HU', doc: [`{% coupon_code 'CouponName' cut=${cut} %} == ${expected}`], template: `{% coupon_code 'CouponName' cut=${cut} %}`, kind: 'coupon-cut', code: '#GREATdoggo12345', cut, expected })),
  { source: 'HU', doc: ["{% barcode_code 'CouponName' height=100 width=200 %}"], template: "{% barcode_code 'CouponName' height=100 width=200 %}", expected: null },
  // HB
  ...["{% barcode 'MyCode' %}", "{% barcode 'MyCode' width=200 height=100 %}", "{% barcode 'MyCode' mode=html %}", "{% barcode 'MyCode' mode=rcs %}", "{% barcode person.BarcodeCode|default:'STORE-MEMBER' %}", "{% barcode 'ShopifyCoupon' coupon=True %}"].map((line) => ({ source: 'HB', doc: [line], template: line, expected: null })),
  { source: 'HB', doc: ["{% barcode 'Code' width=200 height=100 padded_width=700 padded_height=400 %}   -> 600x300 barcode in a 700x400 canvas"], template: "{% barcode 'Code' width=200 height=100 padded_width=700 padded_height=400 %}", expected: null },
  // HL, KL
  { source: 'HL', doc: ["{% update_property_link 'dessertsurvey' 'pie' 'http://www.your-website.com/survey_response' %}"], template: "{% update_property_link 'dessertsurvey' 'pie' 'http://www.your-website.com/survey_response' %}", expected: null },
  { source: 'KL', doc: ['"email": "{{ profile.email }}"'], template: '"email": "{{ profile.email }}"', context: { profile: { email: 'a@b.co' } }, expected: '"email": "a@b.co"', django: true },
];

// -- provenance: every quote is in Appendix A, every Appendix A line is quoted ----------------------------------
if (existsSync(source)) {
  const text = readFileSync(source, 'utf8');
  const appendix = text.slice(text.indexOf('## Appendix A'));
  const lines = [];
  for (const block of appendix.split('```').filter((_, i) => i % 2 === 1)) {
    for (const line of block.split('\n')) if (line.trim() !== '' && !line.startsWith('#')) lines.push(line);
  }
  const quoted = new Set(rows.flatMap((r) => r.doc));
  const missing = rows.flatMap((r) => r.doc).filter((d) => !lines.includes(d));
  const uncovered = lines.filter((l) => !quoted.has(l));
  if (missing.length || uncovered.length) {
    for (const m of missing) console.error(`not in Appendix A: ${m}`);
    for (const u of uncovered) console.error(`in no row: ${u}`);
    process.exit(1);
  }
  console.log(`${lines.length} Appendix A lines, each quoted by a row`);
} else {
  console.log(`${source} not found: provenance not checked`);
}

// -- Django agrees on the rows it can render ---------------------------------------------------------------------
const djangoRows = rows.filter((r) => r.django);
const python = `
import json, sys
sys.path.insert(0, ${JSON.stringify(here)})
from django_engine import engine, Context
for row in json.load(sys.stdin):
    try:
        print(json.dumps(engine.from_string(row['template']).render(Context(row.get('context') or {}))))
    except Exception as e:
        print(json.dumps({'error': type(e).__name__}))
`;
try {
  const out = execFileSync('/usr/bin/python3', ['-c', python], { input: JSON.stringify(djangoRows), encoding: 'utf8' }).trim().split('\n').map((l) => JSON.parse(l));
  djangoRows.forEach((row, i) => {
    const refused = out[i]?.error === 'TemplateSyntaxError';
    if ((row.kind === 'syntax-error') !== refused || (row.expected != null && out[i] !== row.expected)) {
      console.error(`Django renders ${JSON.stringify(row.template)} as ${JSON.stringify(out[i])}, not ${JSON.stringify(row.expected)}`);
      process.exit(1);
    }
  });
  console.log(`${djangoRows.length} rows rendered by Django agree`);
} catch (e) {
  console.log(`Django not available (${e.message.split('\n')[0]}): not cross-checked`);
}

const fixture = rows.map(({ django: _d, ...row }) => ({ kind: 'render', context: {}, ...row }));
writeFileSync(`${here}fixtures/klaviyo-examples.json`, `${JSON.stringify({ source: 'Appendix A of the Klaviyo filter fact table (klaviyo-filters.md)', rows: fixture }, null, 1)}\n`);
console.log(`${fixture.length} rows -> fixtures/klaviyo-examples.json`);
