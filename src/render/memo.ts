/**
 * Memoizes a pure function of a string whose results are never mutated (compiled filter expressions, parsed
 * conditions): a batch of generated bodies repeats the same few hundred tags. Only results are kept (a call that
 * throws throws again next time); the cache is emptied when it reaches `limit` entries, so memory stays bounded.
 */
export function memoize<T>(fn: (text: string) => T, limit = 4096): (text: string) => T {
  const cache = new Map<string, T>();
  return (text: string): T => {
    const hit = cache.get(text);
    if (hit !== undefined) return hit;
    const value = fn(text);
    if (cache.size >= limit) cache.clear();
    cache.set(text, value);
    return value;
  };
}
