/**
 * What bin/klaviyo-webhook-gen.js runs: loads the bundled CLI (dist/cli/main.cjs) through the code-cache loader,
 * runs it, then saves the code cache of a first run. Bundled alone as dist/cli/launch.cjs.
 */
import { OutputError, stderr, stdout, writeAll } from '../cli/stdio.js';
import { CachedModuleLoader, codeCacheDir, commandKey } from './code-cache.js';

/** Set by scripts/build.mjs: a hash of the CLI's bundle files, the version, and `--help` as the CLI prints it to a pipe. */
declare const __KWG_BUILD_ID__: string;
declare const __KWG_VERSION__: string;
declare const __KWG_HELP__: string;

/** Commands with a cache of their own (see commandKey); everything else shares `main`. */
const COMMANDS = ['generate', 'validate', 'preview', 'send', 'init'];

export function launch(distDir: string, argv: string[]): void {
  try {
    if (answerWithoutCli(argv)) return;
  } catch (err) {
    // stdout cannot be written (a full disk, >/dev/full): one line, exit 2, as the CLI answers the same failure.
    if (!(err instanceof OutputError)) throw err;
    try {
      writeAll(2, `klaviyo-webhook-gen: ${err.message}\n`);
    } catch {
      // stderr cannot be written either: the exit code is all that is left
    }
    process.exitCode = err.exitCode;
    return;
  }
  const debug = Boolean(process.env.KLAVIYO_WEBHOOK_GEN_DEBUG);
  const command = commandKey(argv, COMMANDS);
  const cacheDir = codeCacheDir(distDir, __KWG_BUILD_ID__, command);
  const loader = new CachedModuleLoader(distDir, cacheDir, (err) => {
    if (debug) process.stderr.write(`klaviyo-webhook-gen: code cache not saved: ${String(err)}\n`);
  });
  const cli = loader.load('main.cjs') as { run(argv: readonly string[]): Promise<number> };
  void cli.run(argv).then((code) => {
    process.exitCode = code;
    if (debug) {
      const count = (use: string) => loader.cacheUse().filter((u) => u.use === use).length;
      const where = cacheDir ?? 'off (KLAVIYO_WEBHOOK_GEN_CODE_CACHE=0 or NODE_DISABLE_COMPILE_CACHE)';
      process.stderr.write(
        `klaviyo-webhook-gen: code cache ${where}: ${count('used')} used, ${count('none')} new, ${count('rejected')} rejected\n`,
      );
    }
    loader.saveCodeCache();
    // All output is written by now (synchronously: src/cli/stdio), so a script's run ends here instead of tearing the
    // heap down (~2 ms). On a terminal the prompts write through process.stdout/stderr, which can be asynchronous
    // (on Windows), so Node ends that run the normal way.
    if (!stdout.isTTY && !stderr.isTTY) process.exit(code);
  });
}

/**
 * `--version` and, to a pipe or file, `--help`: their text is fixed when the CLI is built, so they are printed
 * without loading it (commander alone costs more than the rest of such a run). On a terminal commander wraps help
 * to the window's width, so the CLI runs. test/e2e checks the text against commander's own (`help`).
 */
function answerWithoutCli(argv: string[]): boolean {
  if (argv.length !== 1) return false;
  const [arg] = argv;
  if (arg === '--version' || arg === '-v') writeAll(1, `${__KWG_VERSION__}\n`);
  else if ((arg === '--help' || arg === '-h') && __KWG_HELP__ !== '' && !stdout.isTTY) writeAll(1, __KWG_HELP__);
  else return false;
  return true;
}
