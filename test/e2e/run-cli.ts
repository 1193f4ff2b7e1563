/** Runs the built CLI (bin → dist) as users do, with no terminal: stdin is a pipe, stdout/stderr are captured. */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = `${ROOT}bin/klaviyo-webhook-gen.js`;
/** The Node that runs the CLI: this one, or another named by KWG_CLI_NODE (scripts/node-matrix.mjs). */
export const CLI_NODE = process.env.KWG_CLI_NODE || process.execPath;

/**
 * The environment the CLI runs in under test: this process's, less what changes the CLI's behaviour (CI, which turns
 * the wizard off; a key in KLAVIYO_API_KEY; colour; the npm variables that name the program), so a test reads the
 * same on a laptop and on a CI runner. A test that wants one of them sets it in `extra`; undefined removes.
 */
export function cliEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('npm_')) delete env[k];
  Object.assign(
    env,
    {
      CI: undefined,
      KLAVIYO_API_KEY: undefined,
      KLAVIYO_WEBHOOK_GEN_DEBUG: undefined,
      NO_COLOR: undefined,
      FORCE_COLOR: undefined,
      KLAVIYO_WEBHOOK_GEN_TODAY: '2026-11-28',
    },
    extra,
  );
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  return env as NodeJS.ProcessEnv;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: string[],
  options: { input?: string; env?: Record<string, string | undefined>; cwd?: string } = {},
): CliResult {
  const env = cliEnv(options.env);
  const r = spawnSync(CLI_NODE, [BIN, ...args], {
    input: options.input ?? '',
    env,
    cwd: options.cwd ?? ROOT,
    encoding: 'utf8',
    timeout: 15_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The same, asynchronously: for tests whose local Klaviyo stand-in runs in this process and must answer while the
 * CLI waits (spawnSync would block it).
 */
export function runCliAsync(
  args: string[],
  options: { env?: Record<string, string | undefined>; input?: string } = {},
): Promise<CliResult> {
  const env = cliEnv(options.env);
  return new Promise((resolve, reject) => {
    const child = spawn(CLI_NODE, [BIN, ...args], {
      cwd: ROOT,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}
