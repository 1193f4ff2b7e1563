/** The README's quick start stays true: its generate command, run through the built CLI, prints its output block. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
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

describe('README and docs', () => {
  it('keeps the README short: at most 8 KB (the rest lives in docs/ and ARCHITECTURE.md)', () => {
    expect(Buffer.byteLength(readme)).toBeLessThanOrEqual(8192);
  });

  it('links only to files that exist', () => {
    const files = [
      'README.md',
      'ARCHITECTURE.md',
      'docs/cli.md',
      'docs/bodies.md',
      'docs/editor-safe.md',
      'docs/spec-files.md',
      'docs/library.md',
      'docs/known-limits.md',
      'docs/templates.md',
      'docs/limits.md',
      'docs/account.md',
      'docs/webhooks-as-code.md',
      'docs/contributing.md',
    ];
    const missing: string[] = [];
    for (const file of files) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      for (const [, target] of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue;
        if (!existsSync(join(ROOT, dirname(file), target!))) missing.push(`${file} → ${target}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
