/** The README's quick start stays true: its generate command, run through the built CLI, prints its output block. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './run-cli.js';

const readme = readFileSync(`${ROOT}README.md`, 'utf8');

/** Splits a shell command line (single quotes and backslash-newline continuations only, as the README uses). */
function shellWords(line: string): string[] {
  return [...line.replace(/\\\n\s*/g, ' ').matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

describe('README quick start', () => {
  it('prints exactly the output the README shows', () => {
    const quickStart = readme.slice(readme.indexOf('## Quick start'));
    const command = /npx (klaviyo-webhook-gen generate[^\n]*\\\n[^\n]*)/.exec(quickStart)![1]!;
    const shown = /prints \(colour on a terminal only\):\n\n```text\n([\s\S]*?)```\n/.exec(quickStart)![1]!;
    const r = runCli(shellWords(command).slice(1));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(shown);
  });
});
