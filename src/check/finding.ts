/**
 * A problem found by one check, located by offset in the body text (index.ts turns the offset into line:column
 * and, when `at` is not given, into the JSON pointer of the innermost value there).
 */
export interface Finding {
  severity: 'error' | 'warning';
  message: string;
  offset?: number;
  at?: string;
}
