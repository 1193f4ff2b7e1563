/** One finding about a webhook body, shared by generate, validate and preview. */
export interface Problem {
  severity: 'error' | 'warning';
  /** One line: what is wrong and how to fix it. */
  message: string;
  /** JSON pointer into the body ('' for the whole body). */
  at: string;
  /** 1-based position in the body text, when known. */
  line?: number;
  column?: number;
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/** The problems without repeats (same severity, place and message), in their first order. */
export function dedupeProblems(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.severity}|${p.at}|${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
