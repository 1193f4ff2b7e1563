#!/usr/bin/env node
// Thin launcher for the bundled dist/cli.js (built by `npm run build` / `prepare`).
// CommonJS on purpose (bin/package.json): an ES module as the main script starts Node's asynchronous ESM loader
// (fs/promises, streams: ~10 ms, a tenth of a bare start), while require() of an ES module (Node >= 20.19, 22.12)
// loads it synchronously. Node versions without require(esm) take the import() path.
'use strict';

let cli;
try {
  cli = require('../dist/cli.js');
} catch (err) {
  if (err?.code !== 'ERR_REQUIRE_ESM') throw err;
}
(cli ? Promise.resolve(cli) : import('../dist/cli.js'))
  .then((m) => m.run(process.argv.slice(2)))
  .then((code) => {
    process.exitCode = code;
  });
