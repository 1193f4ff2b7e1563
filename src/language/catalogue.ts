/**
 * Klaviyo's template language, one table: every filter and tag a Klaviyo body may use (Django 3.2's built-ins and
 * Klaviyo's own), with arity, argument kind, where the entry comes from and how far `preview` can reproduce it.
 * The renderer's parser, validate's checks and the generator read this table; docs/templates.md lists it for users.
 * Pure data: a few hundred small literals, built once at load (measured well under 0.1 ms).
 */

/** What an argument must be for Klaviyo to render (checked when the argument is a literal). */
export type ArgKind =
  /** Anything. */
  | 'any'
  /** A number, or text that reads as one (`multiply:'2'`). */
  | 'number'
  /** A whole number, or text that reads as one. */
  | 'int'
  /** Quoted text. */
  | 'text';

/**
 * How sure we are that Klaviyo has it:
 * - `django`: a Django 3.2 built-in (Klaviyo says it supports "most" of them, without naming the exceptions);
 * - `documented`: Klaviyo's own pages describe it;
 * - `named`: Klaviyo's pages name it, but its entry could not be read;
 * - `reported`: only third-party notes describe it (they claim to have checked against Klaviyo);
 * - `unverified`: asked about, found in no source at all.
 */
export type Evidence = 'django' | 'documented' | 'named' | 'reported' | 'unverified';

export interface FilterEntry {
  readonly name: string;
  readonly evidence: Evidence;
  /** Source keys (docs/templates.md § Sources): Klaviyo pages (G, G0, HD, ...), `django`, `third-party`. */
  readonly source: string;
  /** Explicit arguments (the value is not counted): Django filters take at most one. */
  readonly minArgs: 0 | 1;
  readonly maxArgs: 0 | 1;
  readonly arg?: ArgKind;
  /** The filter it is another name for. */
  readonly aliasOf?: string;
  /** Output never holds a quote, backslash or control character: safe inside a JSON string without escapejs. */
  readonly jsonSafe?: boolean;
  /** Why `preview` may render it differently from Klaviyo (absent: rendered exactly, as documented or as Django). */
  readonly approximate?: string;
}

export interface TagEntry {
  readonly name: string;
  readonly evidence: Evidence;
  readonly source: string;
  /** For block tags: the closing tag. */
  readonly end?: string;
  /** Tags allowed between the opener and `end` (elif/else, empty). */
  readonly middle?: readonly string[];
  /** Said by validate about this tag in a webhook body (a warning: Klaviyo documents it elsewhere, not here). */
  readonly webhook?: string;
  /** Why `preview` renders it approximately (absent: exactly). */
  readonly approximate?: string;
}

type F = Omit<FilterEntry, 'name'>;
const django = (minArgs: 0 | 1, maxArgs: 0 | 1, more: Partial<F> = {}): F => ({ evidence: 'django', source: 'django', minArgs, maxArgs, ...more });
const own = (evidence: Evidence, source: string, minArgs: 0 | 1, maxArgs: 0 | 1, more: Partial<F> = {}): F => ({ evidence, source, minArgs, maxArgs, ...more });

// Reasons shared by several entries (docs/templates.md repeats them for users).
const NUMERIC = "Klaviyo's result type and rounding are not documented: plain float arithmetic, printed as Python prints a float";
const NOT_RENDERED = 'preview does not implement this filter: the value is shown unfiltered';
const THIRD_PARTY = "Klaviyo's own entry could not be read: rendered as third-party notes describe it";
const UNKNOWN = 'no source describes this filter: the value is shown unfiltered';
const NOW = 'depends on the send time, which preview takes as midnight UTC of today';

/** Every filter, by name. */
export const FILTER_TABLE: Readonly<Record<string, F>> = {
  // Django 3.2 built-ins (django/template/defaultfilters.py): arity from each function's signature.
  add: django(1, 1, { arg: 'any', jsonSafe: true }),
  addslashes: django(0, 0),
  capfirst: django(0, 0),
  center: django(1, 1, { arg: 'int' }),
  cut: django(1, 1, { arg: 'text' }),
  date: django(0, 1, { arg: 'text' }),
  default: django(1, 1, { arg: 'any' }),
  default_if_none: django(1, 1, { arg: 'any' }),
  dictsort: django(1, 1, { arg: 'any' }),
  dictsortreversed: django(1, 1, { arg: 'any' }),
  divisibleby: django(1, 1, { arg: 'int', jsonSafe: true }),
  escape: django(0, 0),
  escapejs: django(0, 0, { jsonSafe: true }),
  filesizeformat: django(0, 0, { jsonSafe: true, approximate: NOT_RENDERED }),
  first: django(0, 0),
  floatformat: django(0, 1, { arg: 'any', jsonSafe: true }),
  force_escape: django(0, 0),
  get_digit: django(1, 1, { arg: 'any', jsonSafe: true }),
  iriencode: django(0, 0, { jsonSafe: true, approximate: NOT_RENDERED }),
  join: django(1, 1, { arg: 'text' }),
  json_script: django(1, 1, { arg: 'text', approximate: NOT_RENDERED }),
  last: django(0, 0),
  length: django(0, 0, { jsonSafe: true }),
  length_is: django(1, 1, { arg: 'any', jsonSafe: true }),
  linebreaks: django(0, 0),
  linebreaksbr: django(0, 0),
  linenumbers: django(0, 0, { approximate: NOT_RENDERED }),
  ljust: django(1, 1, { arg: 'int' }),
  lower: django(0, 0),
  make_list: django(0, 0),
  phone2numeric: django(0, 0, { approximate: NOT_RENDERED }),
  pluralize: django(0, 1, { arg: 'text' }),
  pprint: django(0, 0, { approximate: NOT_RENDERED }),
  random: django(0, 0, { approximate: NOT_RENDERED }),
  rjust: django(1, 1, { arg: 'int' }),
  safe: django(0, 0),
  safeseq: django(0, 0),
  slice: django(1, 1, { arg: 'text' }),
  slugify: django(0, 0, { jsonSafe: true }),
  stringformat: django(1, 1, { arg: 'text' }),
  striptags: django(0, 0),
  time: django(0, 1, { arg: 'text' }),
  timesince: django(0, 1, { approximate: NOT_RENDERED }),
  timeuntil: django(0, 1, { approximate: NOT_RENDERED }),
  title: django(0, 0),
  truncatechars: django(1, 1, { arg: 'any' }),
  truncatechars_html: django(1, 1, { arg: 'int', approximate: NOT_RENDERED }),
  truncatewords: django(1, 1, { arg: 'any' }),
  truncatewords_html: django(1, 1, { arg: 'int', approximate: NOT_RENDERED }),
  unordered_list: django(0, 0, { approximate: NOT_RENDERED }),
  upper: django(0, 0),
  urlencode: django(0, 1, { arg: 'text', jsonSafe: true }),
  urlize: django(0, 0, { approximate: NOT_RENDERED }),
  urlizetrunc: django(1, 1, { arg: 'int', approximate: NOT_RENDERED }),
  wordcount: django(0, 0, { jsonSafe: true }),
  wordwrap: django(1, 1, { arg: 'int', approximate: NOT_RENDERED }),
  yesno: django(0, 1, { arg: 'text' }),

  // Klaviyo's own, documented (developers' glossary G/G0, help articles HP, HD, HF, HI, HS).
  lookup: own('documented', 'HP', 1, 1, { arg: 'any' }),
  abs: own('documented', 'G', 0, 0, { jsonSafe: true }),
  append: own('documented', 'G', 1, 1, { arg: 'text' }),
  concat: own('documented', 'G0', 1, 1, { arg: 'any' }),
  at_least: own('documented', 'G', 1, 1, { arg: 'number', jsonSafe: true }),
  at_most: own('documented', 'G', 1, 1, { arg: 'number', jsonSafe: true }),
  base64_encode: own('documented', 'G, G0', 0, 0, { jsonSafe: true }),
  base64_decode: own('documented', 'G', 0, 0),
  base64_url_safe_encode: own('documented', 'G', 0, 0, { jsonSafe: true }),
  base64_url_safe_decode: own('documented', 'G', 0, 0),
  capitalize: own('documented', 'G', 0, 0, { aliasOf: 'capfirst' }),
  ceil: own('documented', 'G', 0, 0, { jsonSafe: true }),
  compact: own('documented', 'G (entry cut off)', 0, 0),
  count: own('documented', 'G0', 0, 0, { jsonSafe: true }),
  days_later: own('documented', 'HD', 1, 1, { arg: 'int', approximate: 'only a YYYY-MM-DD date is documented: other inputs and the output format of a date with a time are read plausibly' }),
  format_date_string: own('documented', 'HD', 0, 0, {
    approximate: "only an ISO 8601 timestamp with an offset (kept, not converted) and a YYYY-MM-DD date are documented; other text is read plausibly, and the text of a date printed without |date is Django's default, not Klaviyo's",
  }),
  missing_product_image: own('documented', 'HI, HS', 0, 0, { approximate: "the URL of Klaviyo's placeholder image is not documented" }),
  multiply: own('documented', 'HF, UF', 1, 1, { arg: 'number', jsonSafe: true, approximate: NUMERIC }),

  // Named by Klaviyo, entries unread.
  floatadd: own('named', 'G0; third-party', 1, 1, { arg: 'number', jsonSafe: true, approximate: NUMERIC }),
  round_up: own('named', 'G; third-party', 0, 1, { arg: 'int', jsonSafe: true, approximate: 'Klaviyo names it but its entry could not be read: rounds up to N decimal places (default 0) and prints a float' }),

  // Described only by third-party notes (docs/templates.md § Sources).
  divide: own('reported', 'third-party', 1, 1, { arg: 'number', jsonSafe: true, approximate: NUMERIC }),
  floatsub: own('reported', 'third-party', 1, 1, { arg: 'number', jsonSafe: true, approximate: NUMERIC }),
  plus: own('reported', 'third-party', 1, 1, { arg: 'number', aliasOf: 'floatadd', jsonSafe: true, approximate: NUMERIC }),
  minus: own('reported', 'third-party', 1, 1, { arg: 'number', aliasOf: 'floatsub', jsonSafe: true, approximate: NUMERIC }),
  modulo: own('reported', 'third-party', 1, 1, { arg: 'number', jsonSafe: true, approximate: NUMERIC }),
  remainder: own('reported', 'third-party', 1, 1, { arg: 'number', aliasOf: 'modulo', jsonSafe: true, approximate: NUMERIC }),
  round: own('reported', 'third-party', 0, 1, { arg: 'int', jsonSafe: true, approximate: `${THIRD_PARTY} (half away from zero, a float)` }),
  round_down: own('reported', 'third-party', 0, 1, { arg: 'int', jsonSafe: true, approximate: THIRD_PARTY }),
  floor: own('reported', 'third-party', 0, 0, { jsonSafe: true, approximate: `${THIRD_PARTY} (as ceil: the float's text)` }),
  percentize: own('reported', 'third-party', 0, 1, { arg: 'int', jsonSafe: true, approximate: THIRD_PARTY }),
  sum_list: own('reported', 'third-party', 0, 0, { jsonSafe: true, approximate: THIRD_PARTY }),
  gt: own('reported', 'third-party', 1, 1, { arg: 'number', jsonSafe: true, approximate: THIRD_PARTY }),
  gte: own('reported', 'third-party', 1, 1, { arg: 'number', jsonSafe: true, approximate: THIRD_PARTY }),
  lt: own('reported', 'third-party', 1, 1, { arg: 'number', jsonSafe: true, approximate: THIRD_PARTY }),
  lte: own('reported', 'third-party', 1, 1, { arg: 'number', jsonSafe: true, approximate: THIRD_PARTY }),
  prepend: own('reported', 'third-party', 1, 1, { arg: 'text', approximate: THIRD_PARTY }),
  upcase: own('reported', 'third-party', 0, 0, { aliasOf: 'upper' }),
  downcase: own('reported', 'third-party', 0, 0, { aliasOf: 'lower' }),
  size: own('reported', 'third-party', 0, 0, { aliasOf: 'length', jsonSafe: true }),
  truncate: own('reported', 'third-party', 0, 1, { arg: 'int', approximate: `${THIRD_PARTY} (default 50 characters, ending in "...")` }),
  strip: own('reported', 'third-party', 0, 0, { approximate: THIRD_PARTY }),
  lstrip: own('reported', 'third-party', 0, 0, { approximate: THIRD_PARTY }),
  rstrip: own('reported', 'third-party', 0, 0, { approximate: THIRD_PARTY }),
  strip_html: own('reported', 'third-party', 0, 0, { aliasOf: 'striptags' }),
  strip_newlines: own('reported', 'third-party', 0, 0, { approximate: THIRD_PARTY }),
  newline_to_br: own('reported', 'third-party', 0, 0, { aliasOf: 'linebreaksbr' }),
  remove: own('reported', 'third-party', 1, 1, { arg: 'text', approximate: THIRD_PARTY }),
  remove_first: own('reported', 'third-party', 1, 1, { arg: 'text', approximate: THIRD_PARTY }),
  remove_last: own('reported', 'third-party', 1, 1, { arg: 'text', approximate: THIRD_PARTY }),
  find_replace: own('reported', 'third-party', 1, 1, { arg: 'text', approximate: `${THIRD_PARTY} (one argument "find|replace", every occurrence)` }),
  replace_first: own('reported', 'third-party', 1, 1, { arg: 'text', approximate: THIRD_PARTY }),
  replace_last: own('reported', 'third-party', 1, 1, { arg: 'text', approximate: THIRD_PARTY }),
  split: own('reported', 'third-party', 1, 1, { arg: 'text', approximate: THIRD_PARTY }),
  resplit: own('reported', 'third-party', 1, 1, { arg: 'text', approximate: THIRD_PARTY }),
  escape_once: own('reported', 'third-party', 0, 0, { approximate: THIRD_PARTY }),
  urlencodeplus: own('reported', 'third-party', 0, 0, { jsonSafe: true, approximate: THIRD_PARTY }),
  urldecode: own('reported', 'third-party', 0, 0, { approximate: THIRD_PARTY }),
  urldecodeplus: own('reported', 'third-party', 0, 0, { approximate: THIRD_PARTY }),
  md5_hash: own('reported', 'third-party', 0, 0, { jsonSafe: true, approximate: `${THIRD_PARTY} (lower-case hex of the UTF-8 text)` }),
  sha_1: own('reported', 'third-party', 0, 0, { jsonSafe: true, approximate: `${THIRD_PARTY} (lower-case hex of the UTF-8 text)` }),
  sha_256: own('reported', 'third-party', 0, 0, { jsonSafe: true, approximate: `${THIRD_PARTY} (lower-case hex of the UTF-8 text)` }),
  httpize: own('reported', 'third-party', 0, 0, { approximate: THIRD_PARTY }),
  httpsize: own('reported', 'third-party', 0, 0, { approximate: THIRD_PARTY }),
  trim_slash: own('reported', 'third-party', 0, 0, { approximate: THIRD_PARTY }),
  list_to_string: own('reported', 'third-party', 0, 0, { approximate: `${THIRD_PARTY} ("a, b and c")` }),
  list_where: own('reported', 'third-party', 1, 1, { arg: 'text', approximate: `${THIRD_PARTY} ("key=value")` }),
  dictfilter: own('reported', 'third-party', 1, 1, { arg: 'text', approximate: `${THIRD_PARTY} ("key>2"; < <= == != >= >)` }),
  map: own('reported', 'third-party', 1, 1, { arg: 'text', approximate: THIRD_PARTY }),
  reverse: own('reported', 'third-party', 0, 0, { approximate: THIRD_PARTY }),
  sort: own('reported', 'third-party', 0, 1, { arg: 'text', approximate: THIRD_PARTY }),
  sort_natural: own('reported', 'third-party', 0, 1, { arg: 'text', approximate: THIRD_PARTY }),
  uniq: own('reported', 'third-party', 0, 1, { arg: 'text', approximate: THIRD_PARTY }),
  missing_image: own('reported', 'third-party', 0, 0, { aliasOf: 'missing_product_image', approximate: "the URL of Klaviyo's placeholder image is not documented" }),
  datetime_from_string: own('reported', 'third-party', 0, 0, { approximate: `${THIRD_PARTY} (read as format_date_string)` }),
  weeks_since: own('reported', 'third-party', 0, 1, { arg: 'text', approximate: `${THIRD_PARTY}; ${NOW}` }),

  // Asked about, described nowhere: known (never an unknown-filter error), but validate says so.
  days_until: own('unverified', '-', 0, 1, { approximate: UNKNOWN }),
  float: own('unverified', '-', 0, 1, { approximate: UNKNOWN }),
  integer: own('unverified', '-', 0, 1, { approximate: UNKNOWN }),
  remove_trailing_zeros: own('unverified', '-', 0, 1, { approximate: UNKNOWN }),
  trim: own('unverified', '-', 0, 1, { approximate: UNKNOWN }),
  url_safe: own('unverified', '-', 0, 1, { approximate: UNKNOWN }),
};

type T = Omit<TagEntry, 'name'>;
const dtag = (more: Partial<T> = {}): T => ({ evidence: 'django', source: 'django', ...more });
const ktag = (source: string, more: Partial<T> = {}): T => ({ evidence: 'documented', source, ...more });

const EMAIL_ONLY = 'Klaviyo documents this tag for email templates only; what it prints in a webhook is not documented';
const STAND_IN = 'a stand-in text or URL: the real one is account data preview does not have';
const NOT_IN_WEBHOOKS = 'Klaviyo says coupon codes are not supported in flow webhooks, so no code is inserted here';
const CHANNELS = 'Klaviyo documents this tag for messages, not for webhooks; what it prints here is not documented';
const ACCOUNT = 'account data preview does not have';

/** Every tag, by name (closing and middle tags included, so that each is known). */
export const TAG_TABLE: Readonly<Record<string, T>> = {
  // Django 3.2 built-ins (defaulttags and loader tags).
  if: dtag({ end: 'endif', middle: ['elif', 'else'] }),
  elif: dtag(),
  else: dtag(),
  endif: dtag(),
  for: dtag({ end: 'endfor', middle: ['empty'] }),
  empty: dtag(),
  endfor: dtag(),
  with: dtag({ end: 'endwith' }),
  endwith: dtag(),
  comment: dtag({ end: 'endcomment' }),
  endcomment: dtag(),
  verbatim: dtag({ end: 'endverbatim' }),
  endverbatim: dtag(),
  spaceless: dtag({ end: 'endspaceless' }),
  endspaceless: dtag(),
  autoescape: dtag({ end: 'endautoescape' }),
  endautoescape: dtag(),
  filter: dtag({ end: 'endfilter' }),
  endfilter: dtag(),
  ifchanged: dtag({ end: 'endifchanged', middle: ['else'] }),
  endifchanged: dtag(),
  block: dtag({ end: 'endblock' }),
  endblock: dtag(),
  firstof: dtag(),
  cycle: dtag(),
  resetcycle: dtag(),
  now: dtag(),
  regroup: dtag(),
  templatetag: dtag(),
  widthratio: dtag(),
  lorem: dtag(),
  load: dtag(),
  url: dtag(),
  csrf_token: dtag(),
  debug: dtag(),
  extends: dtag(),
  include: dtag(),

  // Klaviyo's own (help articles HD, HP, HK, HO, HU, HB, HL).
  today: ktag('HD, HP', { approximate: NOW }),
  current_day: ktag('HD', { approximate: NOW }),
  current_weekday: ktag('HD', { approximate: NOW }),
  current_month_name: ktag('HD', { approximate: NOW }),
  current_year: ktag('HD', { approximate: NOW }),
  current_month: { evidence: 'reported', source: 'third-party', approximate: `${NOW}; only third-party notes name this tag` },
  currency_format: ktag('HP, HK, HS', {
    webhook: 'Klaviyo takes the currency from the account or the template styles; whether a webhook has them is not documented',
    approximate: 'rendered as US dollars with two decimals ($1,234.50): the currency comes from account settings preview does not have',
  }),
  coupon_code: ktag('HU, HU2', { webhook: NOT_IN_WEBHOOKS, approximate: 'rendered as Klaviyo\'s in-app preview shows it: the coupon name + "-PREVIEW"' }),
  barcode_code: ktag('HU, HB', { webhook: NOT_IN_WEBHOOKS, approximate: `the barcode image URL is ${ACCOUNT}: a stand-in URL` }),
  barcode: ktag('HB', { webhook: CHANNELS, approximate: `the barcode image URL is ${ACCOUNT}: a stand-in URL` }),
  catalog: ktag('HK', { end: 'endcatalog', webhook: CHANNELS, approximate: `the catalog item is ${ACCOUNT}: rendered with an empty catalog_item` }),
  endcatalog: ktag('HK'),
  has_category: ktag('HK', { approximate: `the item's categories are ${ACCOUNT}: taken as false` }),
  customobject: ktag('HO, HP', { end: 'endcustomobject', webhook: CHANNELS, approximate: `the custom object is ${ACCOUNT}: rendered with an empty object` }),
  endcustomobject: ktag('HO'),
  customobjects: ktag('HO', { end: 'endcustomobjects', webhook: CHANNELS, approximate: `the custom objects are ${ACCOUNT}: rendered with an empty list` }),
  endcustomobjects: ktag('HO'),
  unsubscribe: ktag('HP', { webhook: EMAIL_ONLY, approximate: STAND_IN }),
  unsubscribe_link: ktag('HP', { webhook: EMAIL_ONLY, approximate: STAND_IN }),
  manage_preferences: ktag('HP', { webhook: EMAIL_ONLY, approximate: STAND_IN }),
  manage_preferences_link: ktag('HP', { webhook: EMAIL_ONLY, approximate: STAND_IN }),
  web_view: ktag('HP', { webhook: EMAIL_ONLY, approximate: STAND_IN }),
  web_view_link: ktag('HP', { webhook: EMAIL_ONLY, approximate: STAND_IN }),
  render_variable: ktag('HP', { webhook: EMAIL_ONLY, approximate: STAND_IN }),
  update_property_link: ktag('HL', { webhook: CHANNELS, approximate: `the tracking URL is ${ACCOUNT}: a stand-in URL` }),
};
