/**
 * The catalogue by name. Maps, not the literal objects: a name like `constructor` or `valueOf` must find nothing.
 */
import { FILTER_TABLE, TAG_TABLE, type FilterEntry, type TagEntry } from './catalogue.js';

export type { ArgKind, Evidence, FilterEntry, TagEntry } from './catalogue.js';

export const FILTERS: ReadonlyMap<string, FilterEntry> = new Map(Object.keys(FILTER_TABLE).map((name) => [name, { name, ...FILTER_TABLE[name]! }]));
export const TAGS: ReadonlyMap<string, TagEntry> = new Map(Object.keys(TAG_TABLE).map((name) => [name, { name, ...TAG_TABLE[name]! }]));

export const filterEntry = (name: string): FilterEntry | undefined => FILTERS.get(name);
export const tagEntry = (name: string): TagEntry | undefined => TAGS.get(name);

/** Closing tag → its opener, for every block tag. */
export const CLOSERS: ReadonlyMap<string, string> = new Map([...TAGS.values()].filter((t) => t.end).map((t) => [t.end!, t.name]));
