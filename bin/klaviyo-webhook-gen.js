#!/usr/bin/env node
// Thin launcher for the bundled CLI in dist/cli (built by `npm run build` / `prepare`). CommonJS on purpose
// (bin/package.json): an ES module as the main script starts Node's asynchronous ESM loader (~10 ms), and the CLI is
// CommonJS so that src/launch can load it with V8's code cache.
'use strict';

const { join } = require('node:path');

require('../dist/cli/launch.cjs').launch(join(__dirname, '..', 'dist', 'cli'), process.argv.slice(2));
