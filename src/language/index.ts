/**
 * The catalogue by name. Rows are parsed on first lookup and kept; a name like `constructor` or `valueOf` finds
 * nothing (Maps, not object properties).
 */
import { type FilterEntry, type TagEntry, filterFromRow, readFilterRows, readTagRows, tagFromRow } from './catalogue.js';

export type { ArgKind, Evidence, FilterEntry, TagEntry } from './catalogue.js';

function lazyTable<E>(read: () => Map<string, string[]>, parse: (cells: readonly string[]) => E) {
  let rows: Map<string, string[]> | undefined;
  const parsed = new Map<string, E>();
  let all: ReadonlyMap<string, E> | undefined;
  const entry = (name: string): E | undefined => {
    let e = parsed.get(name);
    if (e === undefined) {
      const cells = (rows ??= read()).get(name);
      if (cells === undefined) return undefined;
      parsed.set(name, (e = parse(cells)));
    }
    return e;
  };
  const every = (): ReadonlyMap<string, E> => (all ??= new Map([...(rows ??= read()).keys()].map((n) => [n, entry(n)!])));
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
