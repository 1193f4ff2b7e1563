/**
 * "Did you mean" for a filter Klaviyo does not have: names from other template languages mapped to what Klaviyo
 * spells, then the nearest catalogue names by edit distance.
 */
import { closest } from '../util.js';
import { allFilters } from './index.js';

/** Filter names from PHP, Liquid, Jinja and others, and the Klaviyo filter (or advice) that does the same. */
const FOREIGN: ReadonlyMap<string, string> = new Map([
  ['nl2br', 'linebreaksbr'],
  ['times', 'multiply'],
  ['divided_by', 'divide'],
  ['replace', 'find_replace'],
  ['where', 'list_where'],
  ['sum', 'sum_list'],
  ['url_encode', 'urlencode'],
  ['url_escape', 'urlencode'],
  ['escape_javascript', 'escapejs'],
  ['escape_json', 'escapejs'],
  ['md5', 'md5_hash'],
  ['sha1', 'sha_1'],
  ['sha256', 'sha_256'],
  ['base64', 'base64_encode'],
  ['date_format', 'date'],
  ['strftime', 'date'],
  ['money', 'floatformat:2 (or the {% currency_format %} tag)'],
  ['capitalise', 'capitalize'],
  ['int', 'floatformat:0'],
  ['json', 'escapejs inside a quoted string (no Klaviyo filter prints JSON)'],
  ['to_json', 'escapejs inside a quoted string (no Klaviyo filter prints JSON)'],
  ['tojson', 'escapejs inside a quoted string (no Klaviyo filter prints JSON)'],
  ['jsonify', 'escapejs inside a quoted string (no Klaviyo filter prints JSON)'],
]);

/** Up to three suggestions for an unknown filter name, nearest first. */
export function suggestFilters(name: string): string[] {
  const foreign = FOREIGN.get(name);
  return foreign !== undefined ? [foreign] : closest(name, allFilters().keys(), 3);
}
