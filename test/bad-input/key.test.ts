/** Issue 14 §1: the API key is never shown, whatever the variable holds or a server echoes. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { maskApiKey } from '../../src/klaviyo/headers.js';
import { redactApiKey } from '../../src/send/plan.js';
import { runCli } from '../e2e/run-cli.js';
import { expectOneLine, tmp } from './helpers.js';

const GEN = [
  'generate',
  '--example',
  'shopify-placed-order',
  '--to-profile',
  'ShippingRate',
  '--api-key-env',
  'KWG_KEY',
];

describe('the key is never shown', () => {
  test('masking hides the whole value after the scheme, spaces and all', () => {
    expect(maskApiKey('Klaviyo-API-Key pk_REALKEY42')).toBe('Klaviyo-API-Key pk_\u2026(hidden; --reveal shows it)');
    for (const v of [
      'Klaviyo-API-Key Klaviyo-API-Key pk_REALKEY42',
      'Klaviyo-API-Key a b c pk_REALKEY42',
      'Klaviyo-API-Key x\tpk_REALKEY42\n',
    ])
      expect(maskApiKey(v)).not.toMatch(/REALKEY|pk_R/);
  });

  test('a variable holding more than the key is refused with one line that does not quote it, and nothing is written', () => {
    const dir = tmp();
    for (const value of ['Klaviyo-API-Key pk_REALKEY42', 'pk_REALKEY42 extra', 'pk_REAL\u001bKEY42']) {
      const r = runCli([...GEN, '--out', join(dir, 'leak')], { env: { KWG_KEY: value } });
      expectOneLine(r, 2, /KWG_KEY/);
      expect(r.stdout + r.stderr).not.toContain('REALKEY42');
      expect(() => readdirSync(join(dir, 'leak'))).toThrow();
    }
  });

  test('every format and the written files mask the key; --reveal files are created mode 0600', () => {
    const dir = tmp();
    for (const format of ['text', 'json', 'markdown', 'flow-action']) {
      const r = runCli([...GEN, '--format', format, '--out', join(dir, format)], {
        env: { KWG_KEY: 'pk_REALKEY42abcdef' },
      });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).not.toContain('REALKEY42');
      for (const f of readdirSync(join(dir, format)))
        expect(readFileSync(join(dir, format, f), 'utf8')).not.toContain('REALKEY42');
    }
    const r = runCli([...GEN, '--reveal', '--out', join(dir, 'shown')], { env: { KWG_KEY: 'pk_REALKEY42abcdef' } });
    expect(r.code, r.stderr).toBe(0);
    const files = readdirSync(join(dir, 'shown'));
    expect(files.some((f) => readFileSync(join(dir, 'shown', f), 'utf8').includes('pk_REALKEY42abcdef'))).toBe(true);
    for (const f of files) expect(statSync(join(dir, 'shown', f)).mode & 0o777).toBe(0o600);
  });

  test('redaction covers any pk_ token, and runs before a response is cut to length', () => {
    expect(redactApiKey('echo pk_OTHERKEY1234 and pk_MINE5678', 'pk_MINE5678')).toBe(
      'echo pk_[redacted] and [redacted]',
    );
    // The send command redacts the response first, then cuts it (test/send/command.test.ts has the cut case).
    expect(redactApiKey('x'.repeat(195) + 'pk_MINE5678'.slice(0, 8), 'pk_MINE5678')).not.toContain('pk_MINE5');
  });
});
