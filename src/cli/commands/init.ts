/**
 * `init` (and no command on a terminal): the wizard's I/O. Asks through prompts on stderr, prints the result on
 * stdout exactly as `generate` would, then offers the clipboard, a spec file and the files, and prints the
 * equivalent one-line command. The questions themselves are in ../wizard.ts.
 */
import {
  CancelledError,
  UserError,
  generate,
  hasErrors,
  listExamples,
  readExample,
  parseSample,
  formatSpec,
} from '../../index.js';
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { ClipboardTool } from '../clipboard.js';
import { makeChalk } from '../color.js';
import { stderr as stderrTerminal, stdout as stdoutTerminal } from '../stdio.js';
import { writeFiles } from '../io.js';
import { nextSteps, terminalWidth, visibleHeaders } from '../output.js';
import type { Prompts } from '../prompts.js';
import {
  askNextSteps,
  commandLine,
  type Draft,
  partialCommand,
  runWizard,
  shellQuote,
  specForFile,
  type Step,
  type WizardDeps,
  type WizardPrefill,
} from '../wizard.js';
import { invokedName } from '../wizard-command.js';
import { withoutBack } from '../wizard-history.js';
import { formatResult, loadSample, outFiles } from './generate.js';
import { renderSampleFromText, today } from './shared.js';

/** The wizard's pre-filled answers, as flags. */
export interface InitFlags extends WizardPrefill {
  /** commander: false for --no-interactive. */
  interactive?: boolean;
}

/** Prompts only where a person can answer: both ends a terminal, not CI, not --no-interactive. */
export function isInteractive(
  flags: { interactive?: boolean },
  env: NodeJS.ProcessEnv = process.env,
  stdin: { isTTY?: boolean } = process.stdin,
  stdout: { isTTY?: boolean } = stdoutTerminal,
): boolean {
  return Boolean(stdin.isTTY && stdout.isTTY) && flags.interactive !== false && !isCi(env);
}

const FLAGS_NEEDED =
  'generate --example NAME (or --sample FILE) with --promote PATH[=NAME] --metric NAME and/or --to-profile PATH[=NAME] (generate --help lists them all; --list-examples, --list-fields help pick)';

export async function initCommand(flags: InitFlags, invokedAs: 'init' | 'no command' = 'init'): Promise<number> {
  if (!isInteractive(flags)) {
    const why =
      flags.interactive === false ? '--no-interactive is set' : isCi() ? 'CI is set' : 'this is not a terminal';
    const what = invokedAs === 'init' ? 'init asks questions, but' : 'no command given and';
    throw new UserError(`${what} ${why}, so nothing is asked; run: ${invokedName()} ${FLAGS_NEEDED}`);
  }
  const chalk = makeChalk(stderrTerminal);
  const { terminalPrompts } = await import('../prompts.js');
  const prompts = terminalPrompts({ output: process.stderr, chalk });
  const clipboard = await import('../clipboard.js');
  return runInit(prompts, flags, {
    out: stdoutTerminal.write,
    err: stderrTerminal.write,
    cwd: process.cwd(),
    stdout: stdoutTerminal,
    stderr: stderrTerminal,
    findClipboard: () => clipboard.findClipboard(),
    copy: (tool, text) => clipboard.copyTo(tool, text),
    program: invokedName(),
  });
}

/** CI=true, CI=1, CI=github…; CI=0 / CI=false / empty mean not CI. */
function isCi(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CI !== undefined && !['', '0', 'false'].includes(env.CI.toLowerCase());
}

export interface InitIO {
  out(text: string): void;
  err(text: string): void;
  cwd: string;
  /** For colour decisions: the result's as generate makes them, the messages' for stderr. */
  stdout: { isTTY?: boolean };
  stderr: { isTTY?: boolean };
  findClipboard(): ClipboardTool | undefined;
  copy(tool: ClipboardTool, text: string): Promise<void>;
  /** The name the user ran the program by, for the printed commands (default klaviyo-webhook-gen). */
  program?: string;
  /** Where KLAVIYO_API_KEY is looked for (default process.env): with a key, the account is offered as a source. */
  env?: NodeJS.ProcessEnv;
}

/** Samples read as generate reads them, relative to cwd. */
export function wizardDeps(cwd: string, env: NodeJS.ProcessEnv = process.env): WizardDeps {
  return {
    examples: listExamples(),
    loadExample: (id) => {
      const { text, source } = readExample(id);
      return parseSample(text, source);
    },
    loadFile: async (path) => {
      try {
        return await loadSample({ sample: path, webhooks: [] }, cwd);
      } catch (err) {
        // Name the file as the user typed it, not as resolved.
        if (err instanceof UserError && path !== '-')
          throw new UserError(err.message.replace(resolve(cwd, path), path), err.exitCode);
        throw err;
      }
    },
    exists: (p) => existsSync(resolve(cwd, p)),
    today: today(),
    // With a key set, the account is one more place to take the sample from (read-only).
    ...(env.KLAVIYO_API_KEY?.trim()
      ? {
          account: {
            metricNames: async () => {
              const { metricNamesFromAccount } = await import('./account.js');
              return metricNamesFromAccount({});
            },
            load: async (metric: string) => {
              const { sampleFromAccount } = await import('./account.js');
              return sampleFromAccount(metric, {});
            },
          },
        }
      : {}),
  };
}

/** The whole command with its prompts and I/O passed in (tests give scripted prompts and capture the output). */
export async function runInit(prompts: Prompts, flags: InitFlags, io: InitIO): Promise<number> {
  const at = (p: string) => resolve(io.cwd, p);
  const deps = wizardDeps(io.cwd, io.env);
  if (flags.sample !== undefined && flags.example !== undefined)
    throw new UserError('give either --sample or --example, not both');
  const c = makeChalk(io.stderr);
  const program = io.program ?? 'klaviyo-webhook-gen';
  const draft: Draft = {};
  const { spec, sample, pasted } = await runWizard(
    prompts,
    deps,
    {
      ...(flags.example !== undefined ? { example: flags.example } : {}),
      ...(flags.sample !== undefined ? { sample: flags.sample } : {}),
      ...(flags.toProfile ? { toProfile: flags.toProfile } : {}),
      ...(flags.promote ? { promote: flags.promote } : {}),
      ...(flags.each !== undefined ? { each: flags.each } : {}),
      ...(flags.append ? { append: flags.append } : {}),
      ...(flags.metric !== undefined ? { metric: flags.metric } : {}),
      ...(flags.identify !== undefined ? { identify: flags.identify } : {}),
      ...(flags.revision !== undefined ? { revision: flags.revision } : {}),
      ...(flags.escape !== undefined ? { escape: flags.escape } : {}),
    },
    draft,
  ).catch((err: unknown) => {
    // Ctrl-C: the answers given so far, as a command to pick up from, before the one line that says cancelled.
    const command = err instanceof CancelledError ? partialCommand(draft, program) : undefined;
    if (command !== undefined)
      io.err(
        `\n${c.bold(`The answers so far, as one command (${draft.complete ? 'it prints the webhook' : 'it asks the rest'}):`)}\n${command}\n`,
      );
    throw err;
  });
  // As generate does: checked as rendered from the sample's text, so the printed command reproduces this output.
  const result = generate(spec, sample.properties, {
    today: today(),
    sampleWarnings: sample.warnings,
    renderSample: renderSampleFromText(sample.text),
  });
  if (pasted?.path) {
    writeFiles([{ path: at(pasted.path), content: pasted.text }], false);
    io.err(`wrote ${pasted.path}\n`);
  }

  io.err('\n');
  io.out(formatResult(result, 'text', { reveal: false, today: today() }, io.stdout));
  // The wizard runs on a terminal only, so its result always ends with what to do in Klaviyo (as generate's does).
  if (!hasErrors(result.webhooks.flatMap((w) => w.problems))) io.err(nextSteps(result, c, terminalWidth()));
  io.err(`\n${c.bold('The same output from a script or CI:')}\n`);
  io.out(`${commandLine(spec, program)}\n`);
  if (pasted && !pasted.path) io.err(c.dim('(the pasted event was not saved: put it in a file and pipe it in)\n'));
  io.err('\n');

  const tool = io.findClipboard();
  const perform = async (step: Step): Promise<void> => {
    if (step.kind === 'copy') {
      const w = result.webhooks[step.webhook]!;
      const text =
        step.what === 'url'
          ? w.url
          : step.what === 'body'
            ? w.body
            : visibleHeaders(w.headers, { reveal: false })
                .map((h) => `${h.key}\t${h.value}`)
                .join('\n');
      try {
        await io.copy(tool!, text);
        io.err(
          `${c.green('✔')} copied the ${step.what === 'url' ? 'Destination URL' : step.what === 'body' ? 'JSON Body' : 'headers'} (${tool!.name})\n`,
        );
      } catch (err) {
        io.err(
          `${c.red('✘')} could not copy with ${tool!.name}: ${(err as Error).message}; copy from the output above\n`,
        );
      }
    } else if (step.kind === 'save-spec') {
      writeFiles(
        [{ path: at(step.path), content: await formatSpec(specForFile(spec, step.path, io.cwd), step.path) }],
        true,
      );
      io.err(
        `${c.green('✔')} wrote ${step.path}; ${program} generate --spec ${shellQuote(step.path)} prints the same webhooks\n`,
      );
    } else {
      const files = outFiles(result, at(step.dir), { reveal: false });
      writeFiles(files, true);
      io.err(`${c.green('✔')} wrote ${files.map((f) => relative(io.cwd, f.path)).join(', ')}\n`);
    }
  };
  await askNextSteps(
    withoutBack(prompts),
    {
      result,
      clipboard: tool?.name,
      exists: deps.exists,
      plannedFiles: (dir) => outFiles(result, at(dir), { reveal: false }).map((f) => relative(io.cwd, f.path)),
    },
    perform,
  );
  return result.webhooks.some((w) => hasErrors(w.problems)) ? 1 : 0;
}
