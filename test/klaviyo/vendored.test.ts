/**
 * The vendored specs (vendor/klaviyo-openapi) are what `npm run openapi:extract` makes of Klaviyo's full specs,
 * byte for byte. The full specs are not in the repository: this runs where they sit beside it
 * (../shared/klaviyo-openapi, as in this project's workplace) and says it skipped elsewhere.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SCHEMA_REVISIONS } from '../../src/klaviyo/revisions.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const VENDOR = join(ROOT, 'vendor/klaviyo-openapi');
const FULL = join(ROOT, '../shared/klaviyo-openapi');
const fullSpecs = existsSync(FULL)
  ? readdirSync(FULL)
      .filter((f) => f.endsWith('.json'))
      .map((f) => join(FULL, f))
  : [];
const provenance = (file: string) => JSON.parse(readFileSync(file, 'utf8'))['x-provenance'];

describe('vendored OpenAPI specs', () => {
  it('one file per vendored revision, each with its provenance and the licence beside it', () => {
    expect(readdirSync(VENDOR).sort()).toEqual(
      [...SCHEMA_REVISIONS.map((r) => `${r}.json`), 'LICENSE', 'README.md'].sort(),
    );
    expect(readFileSync(join(VENDOR, 'LICENSE'), 'utf8')).toMatch(/MIT License/);
    for (const r of SCHEMA_REVISIONS) {
      const p = provenance(join(VENDOR, `${r}.json`));
      expect(p).toMatchObject({
        source: expect.stringContaining('github.com/klaviyo/openapi'),
        by: 'scripts/openapi-extract.mjs',
      });
      expect(p.commit).toMatch(/^[0-9a-f]{40}$/);
      expect(p.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(p.extracted).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(p.operations).toEqual(
        expect.arrayContaining([
          'POST /api/profile-import',
          'POST /api/events',
          'POST /api/event-bulk-create-jobs',
          'GET /api/flows',
        ]),
      );
    }
  });

  const title = fullSpecs.length
    ? `a fresh extraction from the full specs in ../shared/klaviyo-openapi is byte-identical`
    : 'a fresh extraction is byte-identical (skipped: full specs not found in ../shared/klaviyo-openapi)';
  if (!fullSpecs.length) console.warn(`vendored.test.ts: ${title}`);
  it.skipIf(!fullSpecs.length)(title, () => {
    const out = mkdtempSync(join(tmpdir(), 'kwg-extract-'));
    const date = provenance(join(VENDOR, `${SCHEMA_REVISIONS[0]}.json`)).extracted;
    const r = spawnSync(
      process.execPath,
      [join(ROOT, 'scripts/openapi-extract.mjs'), '--out', out, '--date', date, ...fullSpecs],
      { encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(0);
    for (const f of readdirSync(VENDOR))
      expect(readFileSync(join(out, f), 'utf8'), f).toBe(readFileSync(join(VENDOR, f), 'utf8'));
  });
});
