/**
 * The catalogue by name. Rows are parsed on first lookup and kept; a name like `constructor` or `valueOf` finds
 * nothing (Maps, not object properties).
 */
import {
  type FilterEntry,
  type TagEntry,
  filterFromRow,
  DJANGO_TAGS_OUTSIDE,
  readFilterRows,
  readLiquidRows,
  readTagRows,
  tagFromRow,
} from './catalogue.js';

export type { ArgKind, Evidence, FilterEntry, TagEntry } from './catalogue.js';

function lazyTable<E>(read: () => Map<string, string[]>, parse: (cells: readonly string[]) => E) {
  let rows: Map<string, string[]> | undefined;
  const parsed = new Map<string, E>();
  let all: ReadonlyMap<string, E> | undefined;
  const table = (): Map<string, string[]> => {
    rows ??= read();
    return rows;
  };
  const entry = (name: string): E | undefined => {
    const known = parsed.get(name);
    if (known !== undefined) return known;
    const cells = table().get(name);
    if (cells === undefined) return undefined;
    const e = parse(cells);
    parsed.set(name, e);
    return e;
  };
  const every = (): ReadonlyMap<string, E> => {
    all ??= new Map([...table().keys()].map((n) => [n, entry(n)!]));
    return all;
  };
  return { entry, every };
}

const filters = lazyTable(readFilterRows, filterFromRow);
const tags = lazyTable(readTagRows, tagFromRow);

export const filterEntry: (name: string) => FilterEntry | undefined = filters.entry;
export const tagEntry: (name: string) => TagEntry | undefined = tags.entry;
/** Every filter, in the table's order. */
export const allFilters: () => ReadonlyMap<string, FilterEntry> = filters.every;
/** Every tag, in the table's order. */
export const allTags: () => ReadonlyMap<string, TagEntry> = tags.every;

let liquid: Map<string, string[]> | undefined;

/** What Django writes instead of a Liquid tag (`elsif` → `{% elif … %}`); undefined for other names. */
export function liquidInstead(name: string): string | undefined {
  liquid ??= readLiquidRows();
  return liquid.get(name)?.[1]?.trim();
}

let parts: Set<string> | undefined;

/** A tag that only closes or divides another tag's block (endif, elif, else, empty, endcatalog, …). */
export function isBlockPart(name: string): boolean {
  parts ??= new Set([...allTags().values()].flatMap((t) => [...(t.end ? [t.end] : []), ...(t.middle ?? [])]));
  return parts.has(name);
}

/** A Django 3.2 tag that opens or stands alone (not a block's part), whether the catalogue lists it or not. */
export function isDjangoTag(name: string): boolean {
  return DJANGO_TAGS_OUTSIDE.includes(name) || (tagEntry(name)?.evidence === 'django' && !isBlockPart(name));
}
