/**
 * What bin/klaviyo-webhook-gen.js runs: loads the bundled CLI (dist/cli/main.cjs) through the code-cache loader,
 * runs it, then saves the code cache of a first run. Bundled alone as dist/cli/launch.cjs.
 */
import { CachedModuleLoader, codeCacheDir, commandKey } from './code-cache.js';

/** A hash of the CLI's bundle files, set by scripts/build.mjs. */
declare const __KWG_BUILD_ID__: string;

/** Commands with a cache of their own (see commandKey); everything else shares `main`. */
const COMMANDS = ['generate', 'validate', 'preview', 'send', 'init'];

export function launch(distDir: string, argv: string[]): void {
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
      process.stderr.write(`klaviyo-webhook-gen: code cache ${where}: ${count('used')} used, ${count('none')} new, ${count('rejected')} rejected\n`);
    }
    loader.saveCodeCache();
  });
}
