/**
 * Klaviyo's own tags (and Django's `now`) for `preview`. Most print something only Klaviyo's account knows (a
 * coupon, a catalog item, an unsubscribe URL): they render the documented preview form or a stand-in, and note why,
 * which the checks turn into a warning on the field. Date tags use the send date passed to the render.
 */
import { tagEntry } from '../language/index.js';
import type { Context } from './context.js';
import { PyDateTime, dayOf, formatDate, namedFormat, strftime } from './dates.js';
import { SyntaxProblem } from './errors.js';
import { type FilterExpression, compileFilter, splitContents } from './expression.js';
import type { Token } from './lexer.js';
import { Node, renderNodes } from './nodes.js';
import { PyFloat, isNumeric, isStr, numValue, pyFloatOfText, pyStr } from './values.js';
import { formatFixed } from './numfmt.js';

/** The send date as a naive midnight (1970-01-01 when the caller gave none). */
function sendDate(context: Context): PyDateTime {
  return (context.state.today !== undefined ? dayOf(context.state.today) : undefined) ?? new PyDateTime(1970, 1, 1);
}

function noteTag(context: Context, name: string, offset: number, message?: string) {
  const why = message ?? tagEntry(name)?.approximate;
  const notes = context.state.notes;
  // A tag in a loop notes once, not once per item.
  if (why === undefined || !notes || notes.some((n) => n.offset === offset && n.message === why)) return;
  notes.push({ name, message: why, offset });
}

/** The documented coupon `cut`: every occurrence of each listed character is removed (case-sensitive). */
export function cutCoupon(code: string, chars: string): string {
  const drop = new Set(chars);
  return [...code].filter((c) => !drop.has(c)).join('');
}

/** `$1,234.50`: how preview shows {% currency_format %} (the account's currency is unknown). */
export function currencyText(value: unknown): string {
  if (!isNumeric(value) || typeof value === 'boolean') return pyStr(value);
  const fixed = formatFixed(numValue(value), 2);
  const negative = fixed.startsWith('-');
  const [whole, cents] = (negative ? fixed.slice(1) : fixed).split('.');
  return `${negative ? '-' : ''}$${whole!.replace(/\B(?=(\d{3})+$)/g, ',')}.${cents}`;
}

/** A Klaviyo tag: notes why its output is approximate (the catalogue's reason, or `why`), then renders. */
class KlaviyoTagNode extends Node {
  constructor(
    offset: number,
    readonly name: string,
    private readonly run: (context: Context) => string,
    private readonly why?: string,
    private readonly body?: Node[],
  ) {
    super(offset);
  }
  override children(): readonly (readonly Node[])[] {
    return this.body ? [this.body] : [];
  }
  render(context: Context): string {
    noteTag(context, this.name, this.offset, this.why);
    return this.run(context);
  }
}

const unquote = (bit: string | undefined): string | undefined => {
  if (bit === undefined) return undefined;
  const q = bit[0];
  return (q === '"' || q === "'") && bit.endsWith(q) && bit.length >= 2 ? bit.slice(1, -1) : bit;
};

/** `… as name` at the end of the bits: the name, and the bits before it. */
function asName(bits: string[]): { bits: string[]; name?: string } {
  const i = bits.length - 2;
  return i >= 1 && bits[i] === 'as' ? { bits: bits.slice(0, i), name: bits[i + 1]! } : { bits };
}

/** Stand-in text for tags that print an account link (email-only in Klaviyo's docs). */
const LINKS: Record<string, string> = {
  unsubscribe: 'Unsubscribe',
  manage_preferences: 'Manage Preferences',
  web_view: 'View in Your Browser',
};

/**
 * Compiles a Klaviyo tag, or Django's `now`; undefined when `command` is neither (the parser then reports it).
 * `block(end)` parses the tag's body up to and past its closing tag.
 */
export function compileKlaviyoTag(command: string, token: Token, block: (end: string) => Node[]): Node | undefined {
  const entry = tagEntry(command);
  if (command !== 'now' && (!entry || entry.evidence === 'django')) return undefined;
  const at = token.start;
  const bits = splitContents(token.contents);
  const node = (run: (context: Context) => string, why?: string, body?: Node[]) =>
    new KlaviyoTagNode(at, command, run, why, body);
  switch (command) {
    case 'now': {
      if (bits.length !== 2 && !(bits.length === 4 && bits[2] === 'as'))
        throw new SyntaxProblem("'now' statement takes one argument");
      const format = unquote(bits[1])!;
      const target = bits[3];
      return node((context) => {
        const text = formatDate(sendDate(context), namedFormat(format))?.text ?? '';
        if (target === undefined) return text;
        context.set(target, text);
        return '';
      }, 'depends on the send time, which preview takes as midnight UTC of today');
    }
    case 'today': {
      const { bits: rest, name } = asName(bits);
      const format = unquote(rest[1]) ?? '%Y-%m-%d';
      return node((context) => {
        const text = strftime(sendDate(context), format);
        if (name === undefined) return text;
        context.set(name, text);
        return '';
      });
    }
    case 'current_day':
      return node((context) => String(sendDate(context).day));
    case 'current_weekday':
      return node((context) => formatDate(sendDate(context), 'l')!.text);
    case 'current_month_name':
      return node((context) => formatDate(sendDate(context), 'F')!.text);
    case 'current_month':
      return node((context) => String(sendDate(context).month));
    case 'current_year':
      return node((context) => String(sendDate(context).year));
    case 'currency_format': {
      const expr: FilterExpression | undefined = bits[1] !== undefined ? compileFilter(bits[1]) : undefined;
      return node((context) => {
        const value = expr?.resolve(context);
        // Documented: numbers only; a stored string like "$40" is left as it is.
        if (isStr(value)) {
          const n = pyFloatOfText(pyStr(value));
          return n === undefined ? pyStr(value) : currencyText(n);
        }
        return value instanceof PyFloat || typeof value === 'number' ? currencyText(value) : pyStr(value ?? '');
      });
    }
    case 'coupon_code': {
      const couponName = unquote(bits[1]) ?? '';
      const cut = bits.find((b) => b.startsWith('cut='))?.slice(4) ?? '';
      return node(() => cutCoupon(`${couponName}-PREVIEW`, unquote(cut)!));
    }
    case 'barcode':
    case 'barcode_code':
      return node(() => 'https://www.klaviyo.com/barcode/preview.png');
    case 'update_property_link':
      return node(() => 'https://www.klaviyo.com/update-property/preview');
    case 'unsubscribe':
    case 'manage_preferences':
    case 'web_view': {
      const label = unquote(bits[1]) ?? LINKS[command]!;
      return node(() => label);
    }
    case 'unsubscribe_link':
    case 'manage_preferences_link':
    case 'web_view_link':
      return node(() => `https://www.klaviyo.com/${command.replace(/_link$/, '')}/preview`);
    case 'render_variable':
      return node(() => '');
    case 'has_category': {
      const { name } = asName(bits);
      return node((context) => {
        if (name !== undefined) context.set(name, false);
        return '';
      });
    }
    case 'catalog':
    case 'customobject':
    case 'customobjects': {
      const { name } = asName(bits);
      const variable = command === 'catalog' ? 'catalog_item' : name;
      const body = block(entry!.end!);
      return node(
        (context) => {
          context.push(
            variable === undefined ? undefined : new Map([[variable, command === 'customobjects' ? [] : {}]]),
          );
          try {
            return renderNodes(body, context);
          } finally {
            context.pop();
          }
        },
        undefined,
        body,
      );
    }
    default:
      // A closing tag (endcatalog, …) met on its own: the parser reports it as Django does.
      return undefined;
  }
}
