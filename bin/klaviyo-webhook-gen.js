#!/usr/bin/env node
// Thin launcher: the real CLI is the bundled dist/cli.js (built by `npm run build` / `prepare`).
import { run } from '../dist/cli.js';

process.exitCode = await run(process.argv.slice(2));
