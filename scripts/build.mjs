#!/usr/bin/env node
// Build: precompile validators (no ajv at run time), bundle the CLI and the library with esbuild, emit the
// library's type declarations. Runs on `npm install` (prepare) and before `npm test`.
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

// Stand-ins for bundled modules, as esbuild plugins. Each is `{ importer, module, contents }`.
const stubs = [
  // commander requires node:child_process (and with it net, streams, dgram: ~5 ms) at load time, only to run
  // executable subcommands, which this CLI has none of. Load it on first use instead.
  {
    importer: /[\\/]commander[\\/]/,
    module: 'node:child_process',
    contents: "let m;module.exports=new Proxy({},{get:(_,k)=>(m??=require('node:child_process'))[k]});",
  },
  // @inquirer/external-editor (the wizard's editor prompt) decodes the edited file with iconv-lite: 500 kB of
  // code tables, over a third of the package. Node's TextDecoder knows the encodings chardet reports.
  {
    importer: /[\\/]@inquirer[\\/]external-editor[\\/]/,
    module: 'iconv-lite',
    contents:
      'const d=(e)=>{try{return new TextDecoder(e)}catch{}};' +
      'module.exports={encodingExists:(e)=>d(e)!==void 0,decode:(b,e)=>(d(e)??new TextDecoder()).decode(b)};',
  },
];
const stubPlugin = {
  name: 'stubs',
  setup(b) {
    for (const [i, stub] of stubs.entries()) {
      b.onResolve({ filter: new RegExp(`^${stub.module}$`) }, (args) => (stub.importer.test(args.importer) ? { path: String(i), namespace: 'stub' } : undefined));
    }
    b.onLoad({ filter: /.*/, namespace: 'stub' }, (args) => ({ contents: stubs[Number(args.path)].contents, loader: 'js' }));
  },
};

// Node built-ins imported by our own modules load through require(): an ES import of a built-in goes through
// Node's ESM loader (about 6 ms for node:fs on Node 20), require() does not. The banner defines require.
const builtinsPlugin = {
  name: 'builtins-via-require',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) => (/[\\/]src[\\/]/.test(args.importer) ? { path: args.path, namespace: 'builtin' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => ({ contents: `module.exports=require(${JSON.stringify(args.path)});`, loader: 'js' }));
  },
};

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
  plugins: [stubPlugin, builtinsPlugin],
  logLevel: 'warning',
});

// The spec file's JSON Schema ships for editors (`"$schema": "./node_modules/klaviyo-webhook-gen/dist/spec.schema.json"`).
copyFileSync(`${root}src/spec/spec.schema.json`, `${root}dist/spec.schema.json`);

execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
