/** Shared by the bad-input suite (issue 14): what a clear answer to bad input looks like. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { CliResult } from '../e2e/run-cli.js';

export const tmp = () => mkdtempSync(join(tmpdir(), 'kwg-bad-'));

/** One line on stderr starting with the tool's name, no stack trace, the given exit code (never 70). */
export function expectOneLine(r: CliResult, code: number, fragment?: string | RegExp): void {
  expect(r.code, r.stderr).toBe(code);
  expect(r.stderr.trimEnd().split('\n'), r.stderr).toHaveLength(1);
  expect(r.stderr).toMatch(/^klaviyo-webhook-gen: /);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  if (fragment !== undefined) expect(r.stderr).toMatch(fragment);
}
