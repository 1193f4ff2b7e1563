/**
 * Filter calls and tags checked against the catalogue of Klaviyo's template language (src/language): an unknown
 * filter, a missing or extra argument, or a literal argument of the wrong kind fails Klaviyo's render (errors); a
 * documented filter or tag never does. Warnings say where Klaviyo's docs leave a filter or tag open in a webhook.
 */
import { allTags, filterEntry, tagEntry } from '../language/index.js';
import { suggestFilters } from '../language/suggest.js';
import { closest } from '../util.js';
import { pyFloatOfText, pyIntOfText } from '../render/values.js';
import type { FilterCall, FilterExpr } from './expression.js';

export interface CatalogueFinding {
  severity: 'error' | 'warning';
  message: string;
  /** Offset within the expression's text (FilterCall offsets of a shared parse). */
  start: number;
}

/** Filters that turn text into a datetime: printed bare, it shows in Django's default format. */
const TO_DATETIME = new Set(['format_date_string', 'datetime_from_string']);

function callFindings(call: FilterCall, out: CatalogueFinding[]) {
  const entry = filterEntry(call.name);
  const at = call.start;
  if (!entry) {
    const near = suggestFilters(call.name);
    const hint = near.length ? `did you mean ${near.join(', ')}?` : "check the name against Klaviyo's filter list";
    out.push({
      severity: 'error',
      start: at,
      message: `unknown filter "${call.name}": Klaviyo fails to render the body — ${hint}`,
    });
    return;
  }
  if (!call.arg && entry.minArgs > 0) {
    out.push({
      severity: 'error',
      start: at,
      message: `|${call.name} needs an argument, or Klaviyo fails to render the body: write |${call.name}:${entry.arg === 'number' || entry.arg === 'int' ? '2' : "'…'"}`,
    });
    return;
  }
  if (call.arg && entry.maxArgs === 0) {
    out.push({
      severity: 'error',
      start: at,
      message: `|${call.name} takes no argument, so Klaviyo fails to render the body: write |${call.name}`,
    });
    return;
  }
  const arg = call.arg;
  if (arg && arg.kind === 'string' && (entry.arg === 'number' || entry.arg === 'int')) {
    const ok = entry.arg === 'int' ? pyIntOfText(arg.value) !== undefined : pyFloatOfText(arg.value) !== undefined;
    if (!ok) {
      out.push({
        severity: 'error',
        start: arg.start,
        message: `|${call.name} needs a ${entry.arg === 'int' ? 'whole number' : 'number'}, and ${arg.text} is not one: Klaviyo fails to render the body`,
      });
    }
  }
  if (entry.evidence === 'unverified') {
    out.push({
      severity: 'warning',
      start: at,
      message: `no Klaviyo page or third-party note this tool knows describes |${call.name}: if Klaviyo does not have it, the body fails to render — check with Send Test Request`,
    });
  }
}

/** Findings for the filter calls of one parsed expression; `printed`: the expression is a {{ }} tag's. */
export function filterCallFindings(expr: Readonly<FilterExpr>, printed: boolean): CatalogueFinding[] {
  const out: CatalogueFinding[] = [];
  for (const call of expr.filters) callFindings(call, out);
  const last = expr.filters.at(-1);
  if (printed && last && TO_DATETIME.has(last.name)) {
    out.push({
      severity: 'warning',
      start: last.start,
      message: `|${last.name} makes a date, printed here in Django's default form ("Feb. 11, 2016, 4:46 p.m."); Klaviyo does not document its own: add a format, e.g. |${last.name}|date:'Y-m-d'`,
    });
  }
  return out;
}

/** The closing tag of a block tag (none for comment, which the lint skips through). */
export function blockEnd(name: string): string | undefined {
  return name === 'comment' ? undefined : tagEntry(name)?.end;
}

export const isKnownTag = (name: string): boolean => tagEntry(name) !== undefined;

/** The warning for a tag Klaviyo documents elsewhere than in webhooks, if any. */
export function tagWarning(name: string): string | undefined {
  const why = tagEntry(name)?.webhook;
  return why === undefined ? undefined : `{% ${name} %}: ${why}`;
}

/** Nearest known tag names, for an unknown one. */
export const suggestTags = (name: string): string[] => closest(name, allTags().keys(), 3);
