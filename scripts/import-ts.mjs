// Imports the project's own TypeScript modules into a build or bench script (Node 20 cannot load .ts files):
// esbuild bundles `exports` (TypeScript export lines) into node_modules/.kwg/<name>.mjs — two folders below the
// root, like src/<folder>/ and test/<folder>/, so the modules' import.meta.url-relative reads (vendored specs,
// bundled samples) still find the repository's files.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

export async function importTs(name, exports) {
  const dir = join(root, 'node_modules/.kwg');
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, `${name}.mjs`);
  await build({
    stdin: { contents: exports.join('\n'), resolveDir: root, loader: 'ts' },
    bundle: true,
    outfile,
    format: 'esm',
    platform: 'node',
    logLevel: 'warning',
    // Bundled CommonJS dependencies (ajv) call require().
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  });
  return import(`${pathToFileURL(outfile).href}?${Date.now()}`);
}
