// Checks the bundled sample trigger events in templates/examples/: the index, the files it names,
// and the Klaviyo field names each example must carry (see shared docs/klaviyo-facts.md §4 and the
// Klaviyo data references cited in the report that added these files).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const EXAMPLES_DIR = fileURLToPath(new URL('../../templates/examples/', import.meta.url));

interface IndexEntry {
  id: string;
  file: string;
  title: string;
  description: string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isPlainObject(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(EXAMPLES_DIR + file, 'utf8'));
}

function readIndex(): IndexEntry[] {
  const raw = readJson('index.json');
  if (!Array.isArray(raw)) throw new Error('index.json must be an array');
  return raw as IndexEntry[];
}

function readExample(id: string): Record<string, Json> {
  const value = readJson(`${id}.json`);
  if (!isPlainObject(value)) throw new Error(`${id}.json: root is not an object`);
  return value;
}

/**
 * A required field: segments of object keys; '*' stands for every element of a (non-empty) array.
 * Keys are matched exactly, so '$extra', 'Item Count' and 'Variant Option: Size' are single segments.
 */
type FieldPath = readonly string[];

/** Returns the paths (printed) that are missing from `root`. */
function missing(root: Json, path: FieldPath): string[] {
  const walk = (node: Json, rest: FieldPath, at: string): string[] => {
    if (rest.length === 0) return [];
    const [head, ...tail] = rest as [string, ...string[]];
    if (head === '*') {
      if (!Array.isArray(node) || node.length === 0) return [`${at} (expected a non-empty array)`];
      return node.flatMap((item, i) => walk(item, tail, `${at}[${i}]`));
    }
    if (!isPlainObject(node) || !Object.hasOwn(node, head)) return [`${at}${at ? ' → ' : ''}${head}`];
    return walk(node[head] as Json, tail, `${at}${at ? ' → ' : ''}${head}`);
  };
  return walk(root, path, '');
}

const p = (...segments: string[]): FieldPath => segments;

const SHOPIFY_LINE_ITEM_FIELDS = [
  'title',
  'sku',
  'quantity',
  'line_price',
  'price',
  'variant_title',
  'vendor',
  'product_id',
];
const SHOPIFY_PRODUCT_FIELDS = ['title', 'handle', 'images', 'tags'];

const REQUIRED: Record<string, FieldPath[]> = {
  'shopify-placed-order': [
    ...[
      '$event_id',
      '$value',
      '$currency_code',
      'Items',
      'Collections',
      'Item Count',
      'Discount Codes',
      'Total Discounts',
      'Customer Locale',
      'Source Name',
      'OptedInToSmsOrderUpdates',
      'ShippingRate',
      '$extra',
    ].map((key) => p(key)),
    ...SHOPIFY_LINE_ITEM_FIELDS.map((key) => p('$extra', 'line_items', '*', key)),
    ...SHOPIFY_PRODUCT_FIELDS.map((key) => p('$extra', 'line_items', '*', 'product', key)),
    p('$extra', 'line_items', '*', 'product', 'images', '*', 'src'),
    p('$extra', 'order_status_url'),
    p('$extra', 'checkout_url'),
    p('$extra', 'shipping_address', 'address1'),
    p('$extra', 'billing_address', 'address1'),
  ],
  'shopify-ordered-product': [
    '$event_id',
    '$value',
    'Name',
    'Variant Name',
    'Variant Option: Size',
    'Variant Option: Color',
    'SKU',
    'ProductID',
    'Quantity',
    'Collections',
    'Tags',
    'Vendor',
    'ImageURL',
    'URL',
    '$extra',
  ].map((key) => p(key)),
  'shopify-checkout-started': [
    ...['$event_id', '$value', 'Items', 'Item Count', 'Collections', 'Discount Codes', '$extra'].map((key) => p(key)),
    ...SHOPIFY_LINE_ITEM_FIELDS.map((key) => p('$extra', 'line_items', '*', key)),
    p('$extra', 'line_items', '*', 'product', 'title'),
    p('$extra', 'checkout_url'),
  ],
  'custom-placed-order': [
    ...[
      '$event_id',
      '$value',
      'OrderId',
      'Categories',
      'ItemNames',
      'DiscountCode',
      'DiscountValue',
      'Brands',
      'Items',
      'BillingAddress',
      'ShippingAddress',
    ].map((key) => p(key)),
    ...[
      'ProductID',
      'SKU',
      'ProductName',
      'Quantity',
      'ItemPrice',
      'RowTotal',
      'ProductURL',
      'ImageURL',
      'Categories',
      'Brand',
    ].map((key) => p('Items', '*', key)),
    ...['FirstName', 'LastName', 'Address1', 'City', 'RegionCode', 'CountryCode', 'Zip', 'Phone'].map((key) =>
      p('BillingAddress', key),
    ),
    p('ShippingAddress', 'Address1'),
  ],
  'woocommerce-added-to-cart': [
    ...[
      '$value',
      'AddedItemCategories',
      'AddedItemImageURL',
      'AddedItemPrice',
      'AddedItemProductID',
      'AddedItemProductName',
      'AddedItemQuantity',
      'AddedItemSKU',
      'AddedItemURL',
      'ItemNames',
    ].map((key) => p(key)),
    ...['Name', 'Quantity', 'LineTotal', 'URL'].map((key) => p('extra', 'Items', '*', key)),
    p('extra', 'Items', '*', 'Images', '*', 'URL'),
    p('extra', 'CartRebuildKey'),
  ],
  // Field names from Klaviyo's Magento 2 data reference (help article 115003458852), Placed Order.
  'magento-2-placed-order': [
    'Value',
    'OrderedProducts',
    'OrderedProductCount',
    'ProductCategories',
    'Discounted',
    'OrderCurrencyCode',
  ].map((key) => p(key)),
};

const KEBAB_CASE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

describe('templates/examples/index.json', () => {
  const index = readIndex();

  it('lists every required example, and nothing it cannot find', () => {
    expect(index.map((entry) => entry.id).sort()).toEqual(Object.keys(REQUIRED).sort());
  });

  it('has well-formed entries', () => {
    for (const entry of index) {
      expect(Object.keys(entry).sort(), entry.id).toEqual(['description', 'file', 'id', 'title']);
      for (const key of ['id', 'file', 'title', 'description'] as const) {
        expect(typeof entry[key], `${entry.id}.${key}`).toBe('string');
        expect(entry[key].trim().length, `${entry.id}.${key}`).toBeGreaterThan(0);
      }
    }
  });

  it('uses unique kebab-case ids, each file named after its id', () => {
    const ids = index.map((entry) => entry.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const entry of index) {
      expect(entry.id).toMatch(KEBAB_CASE);
      expect(entry.file).toBe(`${entry.id}.json`);
    }
  });

  it('keeps descriptions to one line of at most 80 characters', () => {
    for (const entry of index) {
      expect(entry.description, entry.id).not.toMatch(/[\r\n]/);
      expect([...entry.description].length, entry.description).toBeLessThanOrEqual(80);
    }
  });

  it('names a file that exists for every entry, and every example file is indexed', () => {
    for (const entry of index) expect(existsSync(EXAMPLES_DIR + entry.file), entry.file).toBe(true);
    const onDisk = readdirSync(EXAMPLES_DIR)
      .filter((name) => name.endsWith('.json') && name !== 'index.json')
      .sort();
    expect(onDisk).toEqual(index.map((entry) => entry.file).sort());
  });
});

describe('templates/examples/*.json', () => {
  const index = readIndex();

  for (const entry of index) {
    describe(entry.id, () => {
      it('parses as JSON whose root is an object', () => {
        const value = readJson(entry.file);
        expect(isPlainObject(value)).toBe(true);
      });

      it('carries the Klaviyo field names for its event', () => {
        const example = readExample(entry.id);
        const paths = REQUIRED[entry.id] ?? [];
        expect(paths.length).toBeGreaterThan(0);
        expect(paths.flatMap((path) => missing(example, path))).toEqual([]);
      });
    });
  }
});

describe('example values that the generator relies on', () => {
  it('shopify-placed-order: typed top-level values and a title that breaks hand-written JSON', () => {
    const order = readExample('shopify-placed-order');
    expect(typeof order.$value).toBe('number');
    expect(Number.isInteger(order.$value)).toBe(false);
    expect(typeof order.$event_id).toBe('string');
    expect(typeof order.OptedInToSmsOrderUpdates).toBe('boolean');
    expect(order.ShippingRate).toBe('Economy');
    expect(order.Items).toEqual(expect.arrayContaining([expect.any(String)]));

    const extra = order.$extra;
    if (!isPlainObject(extra)) throw new Error('$extra is not an object');
    const lineItems = extra.line_items;
    if (!Array.isArray(lineItems)) throw new Error('$extra.line_items is not an array');
    expect(lineItems.length).toBeGreaterThanOrEqual(2);
    const titles = lineItems.map((item) => (isPlainObject(item) ? item.title : undefined));
    expect(titles.some((title) => typeof title === 'string' && title.includes('"') && title.includes("'"))).toBe(true);
    expect(order['Item Count']).toBe(lineItems.length);
  });

  it('magento-2-placed-order: Value has no $ and there is no $value', () => {
    const order = readExample('magento-2-placed-order');
    expect(typeof order.Value).toBe('number');
    expect(Object.hasOwn(order, '$value')).toBe(false);
    expect(order.OrderedProducts).toEqual(expect.arrayContaining([expect.any(String)]));
  });
});
