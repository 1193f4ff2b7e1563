/** "Did you mean" suggestions: the closest candidates by edit distance, case differences counting little. */
export function closest(target: string, candidates: Iterable<string>, max = 3): string[] {
  const scored: Array<[number, string]> = [];
  const lower = target.toLowerCase();
  for (const c of candidates) {
    const d = c.toLowerCase() === lower ? 0.5 : editDistance(lower, c.toLowerCase());
    const limit = Math.max(2, Math.ceil(Math.max(target.length, c.length) / 3));
    if (d <= limit) scored.push([d, c]);
  }
  scored.sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1]));
  return scored.slice(0, max).map(([, c]) => c);
}

/** Levenshtein distance over UTF-16 code units, two rows of memory. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  let cur = new Array<number>(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}
