/**
 * Klaviyo's template language, one table: every filter and tag a Klaviyo body may use (Django 3.2's built-ins and
 * Klaviyo's own), with arity, argument kind, where the entry comes from and how far `preview` can reproduce it.
 * The renderer's parser, validate's checks and the generator read this table; docs/templates.md lists it for users.
 * Over 300 lines: pure data, kept as two text tables read on first use (see FILTER_ROWS).
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

/** Texts shared by several rows (written `$KEY` in the tables, optionally followed by more text). */
const REASONS: Readonly<Record<string, string>> = {
  NUMERIC:
    "Klaviyo's result type and rounding are not documented: plain float arithmetic, printed as Python prints a float",
  NOT_RENDERED: 'preview does not implement this filter: the value is shown unfiltered',
  THIRD_PARTY: "Klaviyo's own entry could not be read: rendered as third-party notes describe it",
  UNKNOWN: 'no source describes this filter: the value is shown unfiltered',
  NOW: 'depends on the send time, which preview takes as midnight UTC of today',
  EMAIL_ONLY: 'Klaviyo documents this tag for email templates only; what it prints in a webhook is not documented',
  STAND_IN: 'a stand-in text or URL: the real one is account data preview does not have',
  NOT_IN_WEBHOOKS: 'Klaviyo says coupon codes are not supported in flow webhooks, so no code is inserted here',
  CHANNELS: 'Klaviyo documents this tag for messages, not for webhooks; what it prints here is not documented',
  CURRENCY:
    'Klaviyo takes the currency from the account or the template styles; whether a webhook has them is not documented',
};

/**
 * Filters, one per row: name | evidence | source | explicit arguments (0, 1 or 0-1) | argument kind | `json` when
 * the output never holds a quote, backslash or control character | the filter it is another name for | why preview
 * approximates it (`-`: exact). A string, read row by row on first use: ~160 object literals cost ~1 ms at start-up.
 */
const FILTER_ROWS = `
# Django 3.2's built-ins (django/template/defaultfilters.py): arity from each function's signature.
add                    | django     | django            | 1   | any    | json | -                     | -
addslashes             | django     | django            | 0   | -      | -    | -                     | -
capfirst               | django     | django            | 0   | -      | -    | -                     | -
center                 | django     | django            | 1   | int    | -    | -                     | -
cut                    | django     | django            | 1   | text   | -    | -                     | -
date                   | django     | django            | 0-1 | text   | -    | -                     | -
default                | django     | django            | 1   | any    | -    | -                     | -
default_if_none        | django     | django            | 1   | any    | -    | -                     | -
dictsort               | django     | django            | 1   | any    | -    | -                     | -
dictsortreversed       | django     | django            | 1   | any    | -    | -                     | -
divisibleby            | django     | django            | 1   | int    | json | -                     | -
escape                 | django     | django            | 0   | -      | -    | -                     | -
escapejs               | django     | django            | 0   | -      | json | -                     | -
filesizeformat         | django     | django            | 0   | -      | json | -                     | $NOT_RENDERED
first                  | django     | django            | 0   | -      | -    | -                     | -
floatformat            | django     | django            | 0-1 | any    | json | -                     | -
force_escape           | django     | django            | 0   | -      | -    | -                     | -
get_digit              | django     | django            | 1   | any    | json | -                     | -
iriencode              | django     | django            | 0   | -      | json | -                     | $NOT_RENDERED
join                   | django     | django            | 1   | text   | -    | -                     | -
json_script            | django     | django            | 1   | text   | -    | -                     | $NOT_RENDERED
last                   | django     | django            | 0   | -      | -    | -                     | -
length                 | django     | django            | 0   | -      | json | -                     | -
length_is              | django     | django            | 1   | any    | json | -                     | -
linebreaks             | django     | django            | 0   | -      | -    | -                     | -
linebreaksbr           | django     | django            | 0   | -      | -    | -                     | -
linenumbers            | django     | django            | 0   | -      | -    | -                     | $NOT_RENDERED
ljust                  | django     | django            | 1   | int    | -    | -                     | -
lower                  | django     | django            | 0   | -      | -    | -                     | -
make_list              | django     | django            | 0   | -      | -    | -                     | -
phone2numeric          | django     | django            | 0   | -      | -    | -                     | $NOT_RENDERED
pluralize              | django     | django            | 0-1 | text   | -    | -                     | -
pprint                 | django     | django            | 0   | -      | -    | -                     | $NOT_RENDERED
random                 | django     | django            | 0   | -      | -    | -                     | $NOT_RENDERED
rjust                  | django     | django            | 1   | int    | -    | -                     | -
safe                   | django     | django            | 0   | -      | -    | -                     | -
safeseq                | django     | django            | 0   | -      | -    | -                     | -
slice                  | django     | django            | 1   | text   | -    | -                     | -
slugify                | django     | django            | 0   | -      | json | -                     | -
stringformat           | django     | django            | 1   | text   | -    | -                     | -
striptags              | django     | django            | 0   | -      | -    | -                     | -
time                   | django     | django            | 0-1 | text   | -    | -                     | -
timesince              | django     | django            | 0-1 | -      | -    | -                     | $NOT_RENDERED
timeuntil              | django     | django            | 0-1 | -      | -    | -                     | $NOT_RENDERED
title                  | django     | django            | 0   | -      | -    | -                     | -
truncatechars          | django     | django            | 1   | any    | -    | -                     | -
truncatechars_html     | django     | django            | 1   | int    | -    | -                     | $NOT_RENDERED
truncatewords          | django     | django            | 1   | any    | -    | -                     | -
truncatewords_html     | django     | django            | 1   | int    | -    | -                     | $NOT_RENDERED
unordered_list         | django     | django            | 0   | -      | -    | -                     | $NOT_RENDERED
upper                  | django     | django            | 0   | -      | -    | -                     | -
urlencode              | django     | django            | 0-1 | text   | json | -                     | -
urlize                 | django     | django            | 0   | -      | -    | -                     | $NOT_RENDERED
urlizetrunc            | django     | django            | 1   | int    | -    | -                     | $NOT_RENDERED
wordcount              | django     | django            | 0   | -      | json | -                     | -
wordwrap               | django     | django            | 1   | int    | -    | -                     | $NOT_RENDERED
yesno                  | django     | django            | 0-1 | text   | -    | -                     | -
# Klaviyo's own, documented (developers' glossary G/G0, help articles HP, HD, HF, HI, HS).
lookup                 | documented | HP                | 1   | any    | -    | -                     | -
abs                    | documented | G                 | 0   | -      | json | -                     | -
append                 | documented | G                 | 1   | text   | -    | -                     | -
concat                 | documented | G0                | 1   | any    | -    | -                     | -
at_least               | documented | G                 | 1   | number | json | -                     | -
at_most                | documented | G                 | 1   | number | json | -                     | -
base64_encode          | documented | G, G0             | 0   | -      | json | -                     | -
base64_decode          | documented | G                 | 0   | -      | -    | -                     | -
base64_url_safe_encode | documented | G                 | 0   | -      | json | -                     | -
base64_url_safe_decode | documented | G                 | 0   | -      | -    | -                     | -
capitalize             | documented | G                 | 0   | -      | -    | capfirst              | -
ceil                   | documented | G                 | 0   | -      | json | -                     | -
compact                | documented | G (entry cut off) | 0   | -      | -    | -                     | -
count                  | documented | G0                | 0   | -      | json | -                     | -
days_later             | documented | HD                | 1   | int    | -    | -                     | only a YYYY-MM-DD date is documented: other inputs and the output format of a date with a time are read plausibly
format_date_string     | documented | HD                | 0   | -      | -    | -                     | only an ISO 8601 timestamp with an offset (kept, not converted) and a YYYY-MM-DD date are documented; other text is read plausibly, and the text of a date printed without |date is Django's default, not Klaviyo's
missing_product_image  | documented | HI, HS            | 0   | -      | -    | -                     | the URL of Klaviyo's placeholder image is not documented
multiply               | documented | HF, UF            | 1   | number | json | -                     | $NUMERIC
# Named by Klaviyo, entries unread.
floatadd               | named      | G0; third-party   | 1   | number | json | -                     | $NUMERIC
round_up               | named      | G; third-party    | 0-1 | int    | json | -                     | Klaviyo names it but its entry could not be read: rounds up to N decimal places (default 0) and prints a float
# Described only by third-party notes (docs/templates.md, Sources).
divide                 | reported   | third-party       | 1   | number | json | -                     | $NUMERIC
floatsub               | reported   | third-party       | 1   | number | json | -                     | $NUMERIC
plus                   | reported   | third-party       | 1   | number | json | floatadd              | $NUMERIC
minus                  | reported   | third-party       | 1   | number | json | floatsub              | $NUMERIC
modulo                 | reported   | third-party       | 1   | number | json | -                     | $NUMERIC
remainder              | reported   | third-party       | 1   | number | json | modulo                | $NUMERIC
round                  | reported   | third-party       | 0-1 | int    | json | -                     | $THIRD_PARTY (half away from zero, a float)
round_down             | reported   | third-party       | 0-1 | int    | json | -                     | $THIRD_PARTY
floor                  | reported   | third-party       | 0   | -      | json | -                     | $THIRD_PARTY (as ceil: the float's text)
percentize             | reported   | third-party       | 0-1 | int    | json | -                     | $THIRD_PARTY
sum_list               | reported   | third-party       | 0   | -      | json | -                     | $THIRD_PARTY
gt                     | reported   | third-party       | 1   | number | json | -                     | $THIRD_PARTY
gte                    | reported   | third-party       | 1   | number | json | -                     | $THIRD_PARTY
lt                     | reported   | third-party       | 1   | number | json | -                     | $THIRD_PARTY
lte                    | reported   | third-party       | 1   | number | json | -                     | $THIRD_PARTY
prepend                | reported   | third-party       | 1   | text   | -    | -                     | $THIRD_PARTY
upcase                 | reported   | third-party       | 0   | -      | -    | upper                 | -
downcase               | reported   | third-party       | 0   | -      | -    | lower                 | -
size                   | reported   | third-party       | 0   | -      | json | length                | -
truncate               | reported   | third-party       | 0-1 | int    | -    | -                     | $THIRD_PARTY (default 50 characters, ending in "...")
strip                  | reported   | third-party       | 0   | -      | -    | -                     | $THIRD_PARTY
lstrip                 | reported   | third-party       | 0   | -      | -    | -                     | $THIRD_PARTY
rstrip                 | reported   | third-party       | 0   | -      | -    | -                     | $THIRD_PARTY
strip_html             | reported   | third-party       | 0   | -      | -    | striptags             | -
strip_newlines         | reported   | third-party       | 0   | -      | -    | -                     | $THIRD_PARTY
newline_to_br          | reported   | third-party       | 0   | -      | -    | linebreaksbr          | -
remove                 | reported   | third-party       | 1   | text   | -    | -                     | $THIRD_PARTY
remove_first           | reported   | third-party       | 1   | text   | -    | -                     | $THIRD_PARTY
remove_last            | reported   | third-party       | 1   | text   | -    | -                     | $THIRD_PARTY
find_replace           | reported   | third-party       | 1   | text   | -    | -                     | $THIRD_PARTY (one argument "find|replace", every occurrence)
replace_first          | reported   | third-party       | 1   | text   | -    | -                     | $THIRD_PARTY
replace_last           | reported   | third-party       | 1   | text   | -    | -                     | $THIRD_PARTY
split                  | reported   | third-party       | 1   | text   | -    | -                     | $THIRD_PARTY
resplit                | reported   | third-party       | 1   | text   | -    | -                     | $THIRD_PARTY
escape_once            | reported   | third-party       | 0   | -      | -    | -                     | $THIRD_PARTY
urlencodeplus          | reported   | third-party       | 0   | -      | json | -                     | $THIRD_PARTY
urldecode              | reported   | third-party       | 0   | -      | -    | -                     | $THIRD_PARTY
urldecodeplus          | reported   | third-party       | 0   | -      | -    | -                     | $THIRD_PARTY
md5_hash               | reported   | third-party       | 0   | -      | json | -                     | $THIRD_PARTY (lower-case hex of the UTF-8 text)
sha_1                  | reported   | third-party       | 0   | -      | json | -                     | $THIRD_PARTY (lower-case hex of the UTF-8 text)
sha_256                | reported   | third-party       | 0   | -      | json | -                     | $THIRD_PARTY (lower-case hex of the UTF-8 text)
httpize                | reported   | third-party       | 0   | -      | -    | -                     | $THIRD_PARTY
httpsize               | reported   | third-party       | 0   | -      | -    | -                     | $THIRD_PARTY
trim_slash             | reported   | third-party       | 0   | -      | -    | -                     | $THIRD_PARTY
list_to_string         | reported   | third-party       | 0   | -      | -    | -                     | $THIRD_PARTY ("a, b and c")
list_where             | reported   | third-party       | 1   | text   | -    | -                     | $THIRD_PARTY ("key=value")
dictfilter             | reported   | third-party       | 1   | text   | -    | -                     | $THIRD_PARTY ("key>2"; < <= == != >= >)
map                    | reported   | third-party       | 1   | text   | -    | -                     | $THIRD_PARTY
reverse                | reported   | third-party       | 0   | -      | -    | -                     | $THIRD_PARTY
sort                   | reported   | third-party       | 0-1 | text   | -    | -                     | $THIRD_PARTY
sort_natural           | reported   | third-party       | 0-1 | text   | -    | -                     | $THIRD_PARTY
uniq                   | reported   | third-party       | 0-1 | text   | -    | -                     | $THIRD_PARTY
missing_image          | reported   | third-party       | 0   | -      | -    | missing_product_image | the URL of Klaviyo's placeholder image is not documented
datetime_from_string   | reported   | third-party       | 0   | -      | -    | -                     | $THIRD_PARTY (read as format_date_string)
weeks_since            | reported   | third-party       | 0-1 | text   | -    | -                     | $THIRD_PARTY; depends on the send time, which preview takes as midnight UTC of today
# Asked about, described nowhere: known (never an unknown-filter error), but validate says so.
days_until             | unverified | -                 | 0-1 | -      | -    | -                     | $UNKNOWN
float                  | unverified | -                 | 0-1 | -      | -    | -                     | $UNKNOWN
integer                | unverified | -                 | 0-1 | -      | -    | -                     | $UNKNOWN
remove_trailing_zeros  | unverified | -                 | 0-1 | -      | -    | -                     | $UNKNOWN
trim                   | unverified | -                 | 0-1 | -      | -    | -                     | $UNKNOWN
url_safe               | unverified | -                 | 0-1 | -      | -    | -                     | $UNKNOWN
`;

/** Tags, one per row: name | evidence | source | closing tag | middle tags | what validate warns in a webhook | why preview approximates it. */
const TAG_ROWS = `
# Django 3.2's built-in tags (defaulttags and loader tags); closing and middle tags too, so each is known.
if                      | django     | django      | endif            | elif,else | -                | -
elif                    | django     | django      | -                | -         | -                | -
else                    | django     | django      | -                | -         | -                | -
endif                   | django     | django      | -                | -         | -                | -
for                     | django     | django      | endfor           | empty     | -                | -
empty                   | django     | django      | -                | -         | -                | -
endfor                  | django     | django      | -                | -         | -                | -
with                    | django     | django      | endwith          | -         | -                | -
endwith                 | django     | django      | -                | -         | -                | -
comment                 | django     | django      | endcomment       | -         | -                | -
endcomment              | django     | django      | -                | -         | -                | -
verbatim                | django     | django      | endverbatim      | -         | -                | -
endverbatim             | django     | django      | -                | -         | -                | -
spaceless               | django     | django      | endspaceless     | -         | -                | -
endspaceless            | django     | django      | -                | -         | -                | -
autoescape              | django     | django      | endautoescape    | -         | -                | -
endautoescape           | django     | django      | -                | -         | -                | -
filter                  | django     | django      | endfilter        | -         | -                | -
endfilter               | django     | django      | -                | -         | -                | -
ifchanged               | django     | django      | endifchanged     | else      | -                | -
endifchanged            | django     | django      | -                | -         | -                | -
block                   | django     | django      | endblock         | -         | -                | -
endblock                | django     | django      | -                | -         | -                | -
firstof                 | django     | django      | -                | -         | -                | -
cycle                   | django     | django      | -                | -         | -                | -
resetcycle              | django     | django      | -                | -         | -                | -
now                     | django     | django      | -                | -         | -                | -
regroup                 | django     | django      | -                | -         | -                | -
templatetag             | django     | django      | -                | -         | -                | -
widthratio              | django     | django      | -                | -         | -                | -
lorem                   | django     | django      | -                | -         | -                | -
load                    | django     | django      | -                | -         | -                | -
url                     | django     | django      | -                | -         | -                | -
csrf_token              | django     | django      | -                | -         | -                | -
debug                   | django     | django      | -                | -         | -                | -
extends                 | django     | django      | -                | -         | -                | -
include                 | django     | django      | -                | -         | -                | -
# Klaviyo's own (help articles HD, HP, HK, HO, HU, HB, HL).
today                   | documented | HD, HP      | -                | -         | -                | $NOW
current_day             | documented | HD          | -                | -         | -                | $NOW
current_weekday         | documented | HD          | -                | -         | -                | $NOW
current_month_name      | documented | HD          | -                | -         | -                | $NOW
current_year            | documented | HD          | -                | -         | -                | $NOW
current_month           | reported   | third-party | -                | -         | -                | $NOW; only third-party notes name this tag
currency_format         | documented | HP, HK, HS  | -                | -         | $CURRENCY        | rendered as US dollars with two decimals ($1,234.50): the currency comes from account settings preview does not have
coupon_code             | documented | HU, HU2     | -                | -         | $NOT_IN_WEBHOOKS | rendered as Klaviyo's in-app preview shows it: the coupon name + "-PREVIEW"
barcode_code            | documented | HU, HB      | -                | -         | $NOT_IN_WEBHOOKS | the barcode image URL is account data preview does not have: a stand-in URL
barcode                 | documented | HB          | -                | -         | $CHANNELS        | the barcode image URL is account data preview does not have: a stand-in URL
catalog                 | documented | HK          | endcatalog       | -         | $CHANNELS        | the catalog item is account data preview does not have: rendered with an empty catalog_item
endcatalog              | documented | HK          | -                | -         | -                | -
has_category            | documented | HK          | -                | -         | -                | the item's categories are account data preview does not have: taken as false
customobject            | documented | HO, HP      | endcustomobject  | -         | $CHANNELS        | the custom object is account data preview does not have: rendered with an empty object
endcustomobject         | documented | HO          | -                | -         | -                | -
customobjects           | documented | HO          | endcustomobjects | -         | $CHANNELS        | the custom objects are account data preview does not have: rendered with an empty list
endcustomobjects        | documented | HO          | -                | -         | -                | -
unsubscribe             | documented | HP          | -                | -         | $EMAIL_ONLY      | $STAND_IN
unsubscribe_link        | documented | HP          | -                | -         | $EMAIL_ONLY      | $STAND_IN
manage_preferences      | documented | HP          | -                | -         | $EMAIL_ONLY      | $STAND_IN
manage_preferences_link | documented | HP          | -                | -         | $EMAIL_ONLY      | $STAND_IN
web_view                | documented | HP          | -                | -         | $EMAIL_ONLY      | $STAND_IN
web_view_link           | documented | HP          | -                | -         | $EMAIL_ONLY      | $STAND_IN
render_variable         | documented | HP          | -                | -         | $EMAIL_ONLY      | $STAND_IN
update_property_link    | documented | HL          | -                | -         | $CHANNELS        | the tracking URL is account data preview does not have: a stand-in URL
`;

/**
 * Liquid (Shopify) tags people bring to Klaviyo, one per row: name | what Django writes instead. The renderer's
 * syntax error and validate's lint both word their advice from this table.
 */
const LIQUID_ROWS = `
elsif       | {% elif … %}
assign      | {% with name=value %}…{% endwith %}
capture     | {% with name=value %}…{% endwith %}
endcapture  | {% endwith %}
unless      | {% if not … %}
endunless   | {% endif %}
case        | {% if x == … %}{% elif x == … %}
when        | {% elif x == … %}
endcase     | {% endif %}
raw         | {% verbatim %}
endraw      | {% endverbatim %}
break       | a condition inside the loop ({% if … %}), Django has no break
continue    | a condition inside the loop ({% if … %}), Django has no continue
increment   | {{ forloop.counter }}
decrement   | {{ forloop.revcounter }}
tablerow    | {% for … %}
endtablerow | {% endfor %}
`;

/**
 * Django 3.2 tags outside the catalogue (deprecated, or from a library a body cannot load): validate calls them
 * unknown, the renderer names them as Django tags it does not support.
 */
export const DJANGO_TAGS_OUTSIDE = ['ifequal', 'ifnotequal', 'blocktrans', 'blocktranslate', 'trans', 'translate'];

const cell = (text: string | undefined): string | undefined => {
  const t = text?.trim();
  if (t === undefined || t === '' || t === '-') return undefined;
  const m = /^\$([A-Z_]+)(.*)$/s.exec(t);
  return m ? REASONS[m[1]!]! + m[2]! : t;
};

/** Rows by name (comments and blank lines skipped), each still text. */
function rowsByName(table: string): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const line of table.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const cells = line.split(' | ');
    rows.set(cells[0]!.trim(), cells);
  }
  return rows;
}

/** The filter rows, parsed on demand. */
export function readFilterRows(): Map<string, string[]> {
  return rowsByName(FILTER_ROWS);
}
export function readTagRows(): Map<string, string[]> {
  return rowsByName(TAG_ROWS);
}
export function readLiquidRows(): Map<string, string[]> {
  return rowsByName(LIQUID_ROWS);
}

export function filterFromRow(cells: readonly string[]): FilterEntry {
  const args = cells[3]!.trim();
  return {
    name: cells[0]!.trim(),
    evidence: cells[1]!.trim() as Evidence,
    source: cells[2]!.trim(),
    minArgs: args === '1' ? 1 : 0,
    maxArgs: args === '0' ? 0 : 1,
    arg: cell(cells[4]) as ArgKind | undefined,
    aliasOf: cell(cells[6]),
    jsonSafe: cells[5]!.trim() === 'json',
    // The reason may itself hold " | " (find_replace's "find|replace"): the rest of the row.
    approximate: cell(cells.slice(7).join(' | ')),
  };
}

export function tagFromRow(cells: readonly string[]): TagEntry {
  return {
    name: cells[0]!.trim(),
    evidence: cells[1]!.trim() as Evidence,
    source: cells[2]!.trim(),
    end: cell(cells[3]),
    middle: cell(cells[4])?.split(','),
    webhook: cell(cells[5]),
    approximate: cell(cells.slice(6).join(' | ')),
  };
}
