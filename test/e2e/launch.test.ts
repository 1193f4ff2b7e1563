/** The launcher's answers that need no CLI: `--version`, and `--help` to a pipe, from texts fixed at build time. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './run-cli.js';

const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { version: string };

describe('launcher fast paths', () => {
  it('prints exactly the help commander prints (`help`), for --help and -h', () => {
    const commander = runCli(['help']);
    expect(commander.code).toBe(0);
    expect(commander.stdout).toMatch(/^Usage: klaviyo-webhook-gen \[options\] \[command\]\n/);
    for (const flag of ['--help', '-h'])
      expect(runCli([flag])).toEqual({ code: 0, stdout: commander.stdout, stderr: '' });
  });

  it('prints the package version for --version and -v', () => {
    for (const flag of ['--version', '-v'])
      expect(runCli([flag])).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('leaves anything more to the CLI', () => {
    expect(runCli(['generate', '--help']).stdout).toMatch(/^Usage: klaviyo-webhook-gen generate \[options\]/);
    expect(runCli(['--version', '--help'])).toMatchObject({ code: 0, stdout: `${pkg.version}\n` }); // commander's answer: the first flag wins
  });
});
