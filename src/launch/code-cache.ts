/**
 * A CommonJS loader for the CLI's bundle files that keeps V8's code cache between runs.
 *
 * Why: Node 20 has no compile cache for ES modules, and a cold `generate` spent more time compiling and lazily
 * compiling its ~400 kB of bundled code than doing its work. V8 can serialise the bytecode of every function that
 * ran (`script.createCachedData()` after the run) and start from it next time, so a later run neither parses nor
 * compiles. The cache lives next to the code it was made from (dist/cli/.cache/<build>-<node>-<arch>/<command>/),
 * so a new build or a new install starts without it; V8 itself rejects a cache from another V8 version or other
 * flags, and such a cache is then rewritten.
 *
 * Kept to node built-ins: this file is bundled on its own (dist/cli/launch.cjs) and loaded by plain require().
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

/**
 * scripts/build.mjs writes each file as one function expression with Node's CommonJS wrapper parameters, so the
 * source is compiled as read (no copy to wrap it). A file without it is an error in the build, not user input.
 */
export const WRAPPER_HEAD = '(function (exports, require, module, __filename, __dirname) {';

/**
 * Where the code cache for `command` goes, or undefined when it is turned off: KLAVIYO_WEBHOOK_GEN_CODE_CACHE=0
 * (or false/off), or Node's own NODE_DISABLE_COMPILE_CACHE. By default it is in the package (dist/cli/.cache);
 * KLAVIYO_WEBHOOK_GEN_CODE_CACHE=<folder> puts it elsewhere, for an install the user cannot write to. Below that:
 * one folder per build of the bundle (V8 checks only a source's length, so a cache must never meet other code), per
 * Node version and architecture (a cache is only valid for the V8 that wrote it) and per command (each command runs
 * different functions, and a cache holds the functions that ran).
 */
export function codeCacheDir(
  distDir: string,
  buildId: string,
  command: string,
  env: NodeJS.ProcessEnv = process.env,
  node: { version: string; arch: string } = process,
): string | undefined {
  const setting = env.KLAVIYO_WEBHOOK_GEN_CODE_CACHE?.trim() ?? '';
  if (['0', 'false', 'off'].includes(setting.toLowerCase())) return undefined;
  if (env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  const root =
    setting === '' || ['1', 'true', 'on'].includes(setting.toLowerCase())
      ? path.join(distDir, '.cache')
      : path.resolve(setting);
  return path.join(root, `${buildId}-${node.version}-${node.arch}`, command);
}

/**
 * The cache key for a command line: the command name when it is one of `commands`, else `main` (help, version,
 * errors, the wizard with no command). A fixed list, so arguments never become folder names.
 */
export function commandKey(argv: readonly string[], commands: readonly string[]): string {
  const first = argv[0];
  return first !== undefined && commands.includes(first) ? first : 'main';
}

/** What became of one file's code cache: none found, used, or refused by V8 (another V8 or other flags). */
export type CacheUse = 'none' | 'used' | 'rejected';

interface LoadedScript {
  file: string;
  script: vm.Script;
  cacheFile: string;
  use: CacheUse;
  /** No usable cache was found: write one after the run. */
  stale: boolean;
}

interface CjsModule {
  exports: unknown;
}

/**
 * Loads the CommonJS files of one folder (the bundle's entry and its chunks), each compiled with its code cache
 * when there is one. Relative require()s between them go through this loader; anything else (node built-ins) goes
 * to Node's require.
 */
export class CachedModuleLoader {
  private readonly modules = new Map<string, CjsModule>();
  private readonly scripts: LoadedScript[] = [];
  private readonly nodeRequire: NodeJS.Require;

  constructor(
    private readonly dir: string,
    private readonly cacheDir: string | undefined,
    /** Told about cache files that could not be written (a read-only install, say); the run goes on without them. */
    private readonly onCacheError: (err: unknown) => void = () => {},
  ) {
    this.nodeRequire = createRequire(path.join(dir, 'launch.cjs'));
  }

  /** require() of a file in the folder, e.g. `main.cjs` or `./chunk-X.cjs`. */
  load(file: string): unknown {
    const name = path.basename(file);
    const known = this.modules.get(name);
    if (known) return known.exports;
    const filename = path.join(this.dir, name);
    const source = fs.readFileSync(filename, 'utf8');
    const cacheFile = this.cacheDir === undefined ? '' : path.join(this.cacheDir, `${name}.bin`);
    const cachedData = this.cacheDir === undefined ? undefined : readIfPresent(cacheFile);
    if (!source.startsWith(WRAPPER_HEAD)) throw new Error(`${filename} is not a CLI bundle file (run npm run build)`);
    const script = new vm.Script(source, { filename, cachedData });
    if (this.cacheDir !== undefined) {
      const use: CacheUse =
        cachedData === undefined ? 'none' : script.cachedDataRejected === true ? 'rejected' : 'used';
      this.scripts.push({ file: name, script, cacheFile, use, stale: use !== 'used' });
    }
    const module: CjsModule = { exports: {} };
    this.modules.set(name, module); // before running it, as Node does, so a require cycle sees the partial exports
    const wrapper = script.runInThisContext() as (
      exports: unknown,
      require: (id: string) => unknown,
      module: CjsModule,
      filename: string,
      dirname: string,
    ) => void;
    wrapper.call(module.exports, module.exports, this.require, module, filename, this.dir);
    return module.exports;
  }

  private readonly require = (id: string): unknown => (id.startsWith('./') ? this.load(id) : this.nodeRequire(id));

  /** For each file loaded so far (with a cache folder), what became of its code cache. */
  cacheUse(): { file: string; use: CacheUse }[] {
    return this.scripts.map(({ file, use }) => ({ file, use }));
  }

  /**
   * Writes the code cache of every file that had none (or a rejected one). Call after the command ran: the cache
   * then holds the bytecode of every function the run compiled, not only the top level. Each file is written to a
   * temporary name and renamed, so a concurrent run reads either the old file or the whole new one.
   */
  saveCodeCache(): void {
    const stale = this.scripts.filter((s) => s.stale);
    if (stale.length === 0 || this.cacheDir === undefined) return;
    let tmp: string | undefined;
    try {
      fs.mkdirSync(this.cacheDir, { recursive: true });
      for (const s of stale) {
        tmp = `${s.cacheFile}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, s.script.createCachedData());
        fs.renameSync(tmp, s.cacheFile);
        tmp = undefined;
        s.stale = false;
      }
    } catch (err) {
      if (tmp !== undefined) fs.rmSync(tmp, { force: true }); // a full disk, say: leave no half-written file behind
      this.onCacheError(err);
    }
  }
}

function readIfPresent(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined; // no cache yet (or unreadable): compile from source
  }
}
