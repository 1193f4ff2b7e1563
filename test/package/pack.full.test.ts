/**
 * The published package: what `npm pack` ships, that the bundle needs nothing outside it, and that the tarball
 * installs into an empty folder and runs through npx with no network and no repository around it.
 * Needs a built dist (`npm test` builds first). Scripts are skipped when packing so that `prepare` does not
 * rebuild dist under the other tests.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  bin: Record<string, string>;
  dependencies?: Record<string, string>;
};

interface PackResult {
  filename: string;
  size: number;
  unpackedSize: number;
  files: { path: string; size: number }[];
}

const work = mkdtempSync(join(tmpdir(), 'kwg-pack-'));
// Inherited npm_config_* (from `npm test`) and NODE_PATH would let the installed copy see the repository.
const env: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && k !== 'NODE_PATH' && k !== 'NODE_OPTIONS'),
);
Object.assign(env, { npm_config_cache: join(work, 'npm-cache'), npm_config_update_notifier: 'false', NO_COLOR: '1' });

function run(cmd: string, args: string[], cwd: string, extraEnv: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(cmd, args, {
    cwd,
    env: { ...env, ...extraEnv },
    encoding: 'utf8',
    timeout: 60_000,
    shell: process.platform === 'win32',
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function pack(...extra: string[]): PackResult {
  const r = run('npm', ['pack', '--json', '--ignore-scripts', ...extra], ROOT);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as PackResult[])[0]!;
}

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm pack', () => {
  let packed: PackResult;
  let paths: string[];
  beforeAll(() => {
    expect(existsSync(join(ROOT, 'dist/cli/main.cjs')), 'dist/cli/main.cjs is missing: run `npm run build` first').toBe(
      true,
    );
    // A run leaves a code cache in dist/cli/.cache, which must never be packed.
    expect(
      run(process.execPath, [join(ROOT, 'bin/klaviyo-webhook-gen.js'), 'generate', '--list-examples'], ROOT).code,
    ).toBe(0);
    expect(existsSync(join(ROOT, 'dist/cli/.cache'))).toBe(true);
    packed = pack('--dry-run');
    paths = packed.files.map((f) => f.path);
  }, 60_000);

  it('ships bin, dist, templates and the docs and nothing else (npm adds package.json, README, LICENSE)', () => {
    const stray = paths.filter(
      (p) =>
        !/^(bin|dist|templates|docs)\//.test(p) &&
        !/^(package\.json|ARCHITECTURE\.md|(README|LICEN[CS]E|CHANGELOG)(\.\w+)?)$/i.test(p),
    );
    expect(stray).toEqual([]);
    for (const p of [
      'package.json',
      'dist/cli/main.cjs',
      'dist/cli/launch.cjs',
      'dist/index.js',
      'dist/types/index.d.ts',
      'templates/examples/index.json',
      'dist/spec.schema.json',
      'dist/audit-report.schema.json',
      'dist/plan-report.schema.json',
      'docs/cli.md',
      ...Object.values(pkg.bin),
    ])
      expect(paths).toContain(p.replace(/^\.\//, ''));
    expect(paths.filter((p) => /\.map$|\.tsbuildinfo$|(?<!\.d)\.ts$|\.test\.|[\\/]\.cache[\\/]/.test(p))).toEqual([]);
    // Every example the index names is shipped.
    const index = JSON.parse(readFileSync(join(ROOT, 'templates/examples/index.json'), 'utf8')) as { file: string }[];
    for (const e of index) expect(paths).toContain(`templates/examples/${e.file}`);
  });

  it("ships every file the README's and the docs' relative links point to, so they work in an install", () => {
    const broken: string[] = [];
    for (const doc of paths.filter((p) => p.endsWith('.md'))) {
      const text = readFileSync(join(ROOT, doc), 'utf8');
      for (const [, target] of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue; // https:, mailto:
        const file = join(doc, '..', target!).replace(/\\/g, '/');
        if (!paths.includes(file) && !paths.some((p) => p.startsWith(`${file}/`))) broken.push(`${doc} → ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('has runnable bins: a node shebang, in the package', () => {
    for (const file of Object.values(pkg.bin)) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      expect(text.split('\n')[0], file).toBe('#!/usr/bin/env node');
    }
  });

  it('bundles everything: dist imports only node built-ins, declared dependencies and shipped files', () => {
    const allowed = new Set([...builtinModules, ...Object.keys(pkg.dependencies ?? {})]);
    const js = paths.filter((p) => /^(dist|bin)\/.*\.c?js$/.test(p));
    const problems: string[] = [];
    for (const file of js) {
      const code = readFileSync(join(ROOT, file), 'utf8');
      // esbuild's output forms: import{…}from"x", import"x", export…from"x", import("x"), __require("x") in
      // bundled CommonJS, and in the CLI's CommonJS files require("./chunk.cjs") and require("node:x") (any other
      // bare require("…") is only ever text, such as ajv's code generator's).
      const specifiers = [
        ...code.matchAll(
          /(?:\bfrom|\bimport)\s*\(?\s*["']((?:\.{1,2}\/|node:|@?[a-z])[\w./@-]*)["']|\b__require\(["']([^"']+)["']\)|\brequire\(["']((?:\.\/|node:)[\w./-]+)["']\)/g,
        ),
      ].map((m) => m[1] ?? m[2] ?? m[3]!);
      for (const s of specifiers) {
        if (s.startsWith('.')) {
          const target = join(file, '..', s).replace(/\\/g, '/');
          if (!paths.includes(target)) problems.push(`${file} imports ${s}, which is not packed`);
        } else if (!allowed.has(s.replace(/^node:/, '')) && !allowed.has(s.split('/')[0]!)) {
          problems.push(`${file} imports "${s}", which is neither built in nor a dependency`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('the packed tarball, installed into an empty folder (offline)', () => {
  let app: string;
  let tarball: PackResult;
  beforeAll(() => {
    const dest = join(work, 'pkg');
    mkdirSync(dest);
    tarball = pack('--pack-destination', dest);
    app = join(work, 'app');
    mkdirSync(app);
    const r = run(
      'npm',
      ['install', '--offline', '--no-audit', '--no-fund', '--prefix', app, join(dest, tarball.filename)],
      work,
    );
    expect(r.code, r.stderr).toBe(0);
  }, 120_000);

  it('runs --help through npx', () => {
    const r = run('npx', ['--offline', pkg.name, '--help'], app);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Usage: klaviyo-webhook-gen /);
    expect(r.stdout).toContain('generate');
  }, 60_000);

  it('runs the README quick start through npx, finding the bundled examples', () => {
    const args = [
      'generate',
      '--example',
      'shopify-placed-order',
      '--promote',
      '$extra.line_items[*].sku=SKUs',
      '--metric',
      'Placed Order SKUs',
    ];
    const text = run('npx', ['--offline', pkg.name, ...args], app);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('https://a.klaviyo.com/api/events');
    const json = run('npx', ['--offline', pkg.name, ...args, '--format', 'json'], app);
    expect(json.code, json.stderr).toBe(0);
    const out = JSON.parse(json.stdout) as { webhooks: { body: string }[] };
    expect(out.webhooks[0]!.body).toContain('"SKUs"');
  }, 60_000);

  it('keeps a V8 code cache in the installed package after the first run, and runs the same with it or without it', () => {
    const installed = join(app, 'node_modules', pkg.name);
    const args = [
      '--offline',
      pkg.name,
      'generate',
      '--example',
      'shopify-placed-order',
      '--to-profile',
      '$extra.line_items[0].title=Last Title',
      '--format',
      'json',
    ];
    const withDebug = (extra: NodeJS.ProcessEnv) => run('npx', args, app, { KLAVIYO_WEBHOOK_GEN_DEBUG: '1', ...extra });
    rmSync(join(installed, 'dist/cli/.cache'), { recursive: true, force: true }); // the other tests' runs made one
    const off = withDebug({ KLAVIYO_WEBHOOK_GEN_CODE_CACHE: '0' });
    expect(off.code, off.stderr).toBe(0);
    expect(off.stderr).toContain('code cache off');
    expect(existsSync(join(installed, 'dist/cli/.cache'))).toBe(false);
    const first = withDebug({});
    expect(first.stderr).toMatch(
      /code cache \S+[\\/]dist[\\/]cli[\\/]\.cache[\\/][0-9a-f]{12}-v[\d.]+-\w+[\\/]generate: 0 used, [1-9]\d* new, 0 rejected/,
    );
    const second = withDebug({});
    expect(second.stderr).toMatch(/: [1-9]\d* used, 0 new, 0 rejected/);
    expect(first.stdout).toBe(off.stdout);
    expect(second.stdout).toBe(off.stdout);

    // Elsewhere, for an install the user cannot write to.
    rmSync(join(installed, 'dist/cli/.cache'), { recursive: true, force: true });
    const elsewhere = join(work, 'user-cache');
    const moved = withDebug({ KLAVIYO_WEBHOOK_GEN_CODE_CACHE: elsewhere });
    expect(moved.stderr).toContain(`code cache ${elsewhere}`);
    expect(withDebug({ KLAVIYO_WEBHOOK_GEN_CODE_CACHE: elsewhere }).stderr).toMatch(
      /: [1-9]\d* used, 0 new, 0 rejected/,
    );
    expect(existsSync(join(installed, 'dist/cli/.cache'))).toBe(false);
    expect(moved.stdout).toBe(off.stdout);
  }, 60_000);

  it('loads every shipped module and the library entry from the install', () => {
    const installed = join(app, 'node_modules', pkg.name);
    const modules = readdirSync(join(installed, 'dist'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.js'))
      .map((f) => join(installed, 'dist', f));
    const script =
      `for (const f of ${JSON.stringify(modules)}) await import(f); const lib = await import(${JSON.stringify(pkg.name)}); if (typeof lib.generate !== 'function') throw new Error('no generate export');` +
      // The library API end to end: a float stays a float in the preview, as Klaviyo renders it.
      `const text = '{"Price": 10.0, "$event_id": "e1"}'; const r = lib.generate({ webhooks: [{ kind: 'create-event', metric: 'M', properties: ['Price'] }] }, lib.parseSample(text, 'x').properties, { today: '2026-11-28', renderSample: lib.parseJsonForRender(text), preview: true });` +
      `if (!r.webhooks[0].preview.rendered.includes('"Price": 10.0')) throw new Error('preview: ' + JSON.stringify(r.webhooks[0].preview));`;
    const r = run(process.execPath, ['--input-type=module', '-e', script], app);
    expect(r.code, r.stderr).toBe(0);
  }, 60_000);

  it("runs the README's library example, as written, against the install", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## As a library'));
    const example = /```js\n([\s\S]*?)\n```/.exec(section)?.[1];
    expect(example, 'README: no ```js block under "## As a library"').toBeDefined();
    const r = run(process.execPath, ['--input-type=module', '-e', example!], app);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^\[\]\n/); // validate found no problem
    expect(r.stdout).toContain('"ShippingRate": 4.95');
  }, 60_000);

  it('is small: report the sizes', () => {
    const installed = join(app, 'node_modules', pkg.name);
    const du = (dir: string): number =>
      readdirSync(dir, { withFileTypes: true }).reduce(
        (n, e) => n + (e.isDirectory() ? du(join(dir, e.name)) : statSync(join(dir, e.name)).size),
        0,
      );
    const installedBytes = du(join(app, 'node_modules'));
    // Visible in the test output; the figures go in ARCHITECTURE.md, not in an assertion that would need upkeep.
    console.log(
      `packed ${tarball.size} B (${tarball.files.length} files), unpacked ${tarball.unpackedSize} B, node_modules after install ${installedBytes} B`,
    );
    expect(readdirSync(join(app, 'node_modules')).filter((n) => !n.startsWith('.'))).toEqual([pkg.name]);
    expect(existsSync(join(installed, 'package.json'))).toBe(true);
  });
});
