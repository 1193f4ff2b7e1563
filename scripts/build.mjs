#!/usr/bin/env node
// Build: precompile validators (no ajv at run time), bundle the CLI and the library with esbuild, emit the
// library's type declarations. Runs on `npm install` (prepare) and before `npm test`.
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = (script) => execFileSync(process.execPath, [script], { cwd: root, stdio: 'inherit' });

run('scripts/compile-validators.mjs');
run('scripts/compile-spec-schema.mjs');

rmSync(`${root}dist`, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { cli: 'src/cli/main.ts', index: 'src/index.ts' },
  outdir: 'dist',
  bundle: true,
  // Chunks let the CLI load prompts, ajv and the renderer only when a command needs them.
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minifySyntax: true,
  minifyWhitespace: true,
  legalComments: 'none',
  chunkNames: 'chunks/[name]-[hash]',
  // Bundled CommonJS dependencies (commander, ajv) call require() for Node built-ins.
  banner: { js: "import{createRequire as __kwgRequire}from'node:module';const require=__kwgRequire(import.meta.url);" },
  define: { __KWG_VERSION__: JSON.stringify(JSON.parse(readFileSync(`${root}package.json`, 'utf8')).version) },
  logLevel: 'warning',
});

// The spec file's JSON Schema ships for editors (`"$schema": "./node_modules/klaviyo-webhook-gen/dist/spec.schema.json"`).
copyFileSync(`${root}src/spec/spec.schema.json`, `${root}dist/spec.schema.json`);

execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
