/**
 * Regular expressions from somewhere untrusted (a template's `resplit`, an --openapi document's `pattern`), refused
 * when backtracking could take exponential time: a quantified group that itself holds a quantifier or an
 * alternation (`(a+)+`, `(a|a)*`), or a backreference. A heuristic: it refuses some safe patterns and cannot prove
 * every other one linear, but it stops the classic catastrophic ones.
 */
export function unsafePatternReason(pattern: string): string | undefined {
  if (pattern.length > 1000) return 'it is longer than 1,000 characters';
  const groups: { risky: boolean }[] = [];
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      if (!inClass && /[1-9k]/.test(pattern[i + 1] ?? '')) return 'it has a backreference';
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') groups.push({ risky: false });
    else if (c === '|' && groups.length) groups[groups.length - 1]!.risky = true;
    else if ((c === '+' || c === '*' || c === '{') && groups.length) groups[groups.length - 1]!.risky = true;
    else if (c === ')') {
      const g = groups.pop();
      const quantified = /[+*{]/.test(pattern[i + 1] ?? '');
      if (g?.risky && quantified)
        return 'a repeated group holds a repetition or an alternation, which can take exponential time';
      // What a group holds is inside its parent too.
      if (g && (g.risky || quantified) && groups.length) groups[groups.length - 1]!.risky = true;
    }
  }
  return undefined;
}
