#!/usr/bin/env node
// Build: precompile validators (no ajv at run time), bundle the CLI and the library with esbuild, emit the
// library's type declarations. Runs on `npm install` (prepare) and before `npm test`.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build, transform } from 'esbuild';

/** Must match src/launch/code-cache.ts, which checks for it. */
const CJS_WRAPPER_HEAD = '(function (exports, require, module, __filename, __dirname) {';
const CJS_WRAPPER_TAIL = '\n})';
const pick = (o, keys) => Object.fromEntries(keys.map((k) => [k, o[k]]));

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
      b.onResolve({ filter: new RegExp(`^${stub.module}$`) }, (args) =>
        stub.importer.test(args.importer) ? { path: String(i), namespace: 'stub' } : undefined,
      );
    }
    b.onLoad({ filter: /.*/, namespace: 'stub' }, (args) => ({
      contents: stubs[Number(args.path)].contents,
      loader: 'js',
    }));
  },
};

// Node built-ins imported by our own modules load through require(): an ES import of a built-in goes through
// Node's ESM loader (about 6 ms for node:fs on Node 20), require() does not. The banner defines require.
const builtinsPlugin = {
  name: 'builtins-via-require',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) =>
      /[\\/]src[\\/]/.test(args.importer) ? { path: args.path, namespace: 'builtin' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => ({
      contents: `module.exports=require(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
  },
};

const run = (script) => execFileSync(process.execPath, [script], { cwd: root, stdio: 'inherit' });

run('scripts/compile-validators.mjs');
run('scripts/compile-spec-schema.mjs');

rmSync(`${root}dist`, { recursive: true, force: true });
const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  minifySyntax: true,
  minifyWhitespace: true,
  legalComments: 'none',
  define: { __KWG_VERSION__: JSON.stringify(JSON.parse(readFileSync(`${root}package.json`, 'utf8')).version) },
  logLevel: 'warning',
};

// The library (`import … from 'klaviyo-webhook-gen'`): ES modules, split so ajv and yaml load only when used.
await build({
  ...common,
  entryPoints: { index: 'src/index.ts' },
  outdir: 'dist',
  splitting: true,
  format: 'esm',
  chunkNames: 'chunks/[name]-[hash]',
  // Bundled CommonJS dependencies (ajv) call require() for Node built-ins.
  banner: { js: "import{createRequire as __kwgRequire}from'node:module';const require=__kwgRequire(import.meta.url);" },
  plugins: [builtinsPlugin],
});

// The CLI: CommonJS files in dist/cli, loaded by dist/cli/launch.cjs with V8's code cache (src/launch). esbuild
// splits only ES modules, so the split ESM output is turned into CommonJS file by file: chunks stay chunks, each
// command still loads only what it needs, and import() becomes require() of the chunk.
const cli = await build({
  ...common,
  entryPoints: { main: 'src/cli/main.ts' },
  outdir: 'dist/cli',
  splitting: true,
  format: 'esm',
  outExtension: { '.js': '.cjs' },
  chunkNames: '[name]-[hash]',
  define: { ...common.define, 'import.meta.url': '__kwgImportMetaUrl' },
  // Short local names: a third less source to read and hold in memory on every start-up. KWG_READABLE_BUILD=1
  // keeps the names (for reading CPU profiles).
  minifyIdentifiers: !process.env.KWG_READABLE_BUILD,
  plugins: [stubPlugin],
  write: false,
});
mkdirSync(`${root}dist/cli`, { recursive: true });
// The launcher names its code-cache folder after the exact CLI files it loads, so a cache never outlives its code
// (an install that keeps dist/cli/.cache while replacing the files must not run bytecode compiled from other ones).
const buildHash = createHash('sha256');
for (const file of cli.outputFiles) {
  const { code } = await transform(file.text, {
    ...pick(common, ['platform', 'target', 'minifySyntax', 'minifyWhitespace', 'legalComments']),
    format: 'cjs',
    supported: { 'dynamic-import': false },
  });
  const prefix = code.includes('__kwgImportMetaUrl')
    ? "const __kwgImportMetaUrl=require('node:url').pathToFileURL(__filename).href;"
    : '';
  // Written inside Node's CommonJS function wrapper, which src/launch compiles as is: wrapping at run time would
  // copy every source string once more (young-generation garbage, so an earlier garbage collection).
  // V8 keeps a source with any non-ASCII character as a two-byte string: twice the memory and decoding time on
  // every start-up. esbuild escapes strings but not a regular expression's characters; write those as \uXXXX.
  const nonAscii = /[^\x00-\x7f]/.exec(code);
  if (nonAscii)
    throw new Error(
      `build: ${file.path} has a non-ASCII character near ${JSON.stringify(code.slice(Math.max(0, nonAscii.index - 40), nonAscii.index + 10))}; escape it in the source`,
    );
  const contents = `${CJS_WRAPPER_HEAD}${prefix}${code}${CJS_WRAPPER_TAIL}`;
  writeFileSync(file.path, contents);
  buildHash.update(file.path.slice(file.path.lastIndexOf('/') + 1)).update(contents);
}
const buildId = buildHash.digest('hex').slice(0, 12);
const buildLauncher = (help) =>
  build({
    ...common,
    entryPoints: { launch: 'src/launch/launch.ts' },
    outdir: 'dist/cli',
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
    define: { ...common.define, __KWG_BUILD_ID__: JSON.stringify(buildId), __KWG_HELP__: JSON.stringify(help) },
  });
// `--help` to a pipe, as commander prints it, so the launcher can answer it without loading the CLI.
await buildLauncher('');
const help = execFileSync(process.execPath, [`${root}bin/klaviyo-webhook-gen.js`, '--help'], {
  encoding: 'utf8',
  env: { ...process.env, KLAVIYO_WEBHOOK_GEN_CODE_CACHE: '0', NO_COLOR: '1' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
await buildLauncher(help);

// The spec file's JSON Schema ships for editors (`"$schema": "./node_modules/klaviyo-webhook-gen/dist/spec.schema.json"`).
copyFileSync(`${root}src/spec-file/spec.schema.json`, `${root}dist/spec.schema.json`);
// The JSON Schemas of `audit --format json` and `plan --format json`, stable contracts (docs/account.md).
for (const report of ['audit-report', 'plan-report'])
  copyFileSync(`${root}src/account/${report}.schema.json`, `${root}dist/${report}.schema.json`);

execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});
