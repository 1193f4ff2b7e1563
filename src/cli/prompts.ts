/**
 * Every question the wizard asks goes through the Prompts interface; this module is the only one that touches
 * @inquirer. Tests replace the interface with scripted answers (as changesets does), so the flow in wizard.ts is
 * tested without a terminal, and the real prompts are tested once, end to end, in a pseudo-terminal.
 *
 * Prompts draw on stderr: stdout carries only the result, as `generate` prints it. Escape at any prompt rejects
 * with BackError (the wizard goes back a question); Ctrl-C with CancelledError. Text from the sample or the user
 * (paths, names, defaults, messages that quote them) is shown through escapeControls, as all other output is.
 */
import { CancelledError } from '../index.js';
import type { ChalkInstance } from 'chalk';
import { fieldPicker, fitWidth } from './field-picker.js';
import { BackError } from './prompt-errors.js';
import { escapeControls } from './stdio.js';

export interface Choice<V> {
  value: V;
  name: string;
  /** Shown under the list while the choice is highlighted. */
  description?: string;
  /** Shown as the answer once chosen (default: name). */
  short?: string;
}

/** A heading between choices; not selectable. */
export interface Heading {
  separator: string;
}

/** Returns true when the answer is fine, or the message to show under the prompt. */
export type Validate = (answer: string) => true | string | Promise<true | string>;

export interface FieldChoice {
  /** The path as users write it; what the picker returns. */
  value: string;
  path: string;
  /** `string`, `→ list of 2 strings`, … */
  type: string;
  /** A short JSON rendering of a sample value. */
  example: string;
  checked?: boolean;
}

export interface Prompts {
  select<V>(options: { message: string; choices: ReadonlyArray<Choice<V> | Heading>; default?: V }): Promise<V>;
  input(options: { message: string; default?: string; validate?: Validate }): Promise<string>;
  confirm(options: { message: string; default?: boolean }): Promise<boolean>;
  /** Opens $VISUAL/$EDITOR; the answer is the saved text. */
  editor(options: { message: string; default?: string; validate?: Validate }): Promise<string>;
  /** A multi-select with a filter line: the sample's fields. Returns the ticked values in list order. */
  pickFields(options: { message: string; choices: readonly FieldChoice[] }): Promise<string[]>;
  /** Going back: remove the last answered question from the screen (it is about to be asked again). */
  forgetLast?(): void;
  /** Whether Escape goes back from the next questions (their key help says so); off until told. */
  offerBack?(yes: boolean): void;
}

export interface TerminalOptions {
  input?: NodeJS.ReadableStream;
  /** stderr: prompts never mix into stdout. */
  output: NodeJS.WritableStream & { columns?: number; rows?: number };
  chalk: ChalkInstance;
}

/** The real prompts. @inquirer/prompts is imported here, on first use, so nothing else pays for loading it. */
export function terminalPrompts(options: TerminalOptions): Prompts {
  const input = options.input ?? process.stdin;
  const context = { output: options.output, ...(options.input ? { input: options.input } : {}) };
  const c = options.chalk;
  const safe = (t: string) => escapeControls(t);
  let back = false;
  // Node's styleText (inquirer's default theme) looks at stdout; colour here follows our own NO_COLOR/FORCE_COLOR rules.
  const theme = {
    prefix: { idle: c.blue('?'), done: c.green('\u2714') },
    style: {
      answer: (t: string) => c.cyan(safe(t)),
      message: (t: string) => c.bold(safe(t)),
      error: (t: string) => c.red(`> ${safe(t)}`),
      defaultAnswer: (t: string) => c.dim(`(${safe(t)})`),
      help: (t: string) => c.dim(t),
      highlight: (t: string) => c.cyan(t),
      description: (t: string) => c.cyan(safe(t)),
      disabled: (t: string) => c.dim(t),
      keysHelpTip: (keys: [string, string][]) =>
        [...keys, ...(back ? [['esc', 'back'] as [string, string]] : [])]
          .map(([k, a]) => `${c.bold(k)} ${c.dim(a)}`)
          .join(c.dim(' \u2022 ')),
    },
  };
  const width = () => Math.max(40, options.output.columns ?? 80);
  const rows = () => Math.max(10, options.output.rows ?? 24);
  /** Screen rows of each answered question's line, newest last: going back erases the last one. */
  const answered: number[] = [];
  const ask = async <T>(
    message: string,
    run: (m: typeof import('@inquirer/prompts'), ctx: object) => Promise<T>,
    shown: (answer: T) => string,
  ): Promise<T> => {
    const m = await import('@inquirer/prompts');
    // Escape aborts the prompt. Readline reports a lone Escape as the key "escape" (arrows and the like arrive as
    // their own keys), after its escape-sequence timeout.
    const back = new AbortController();
    const onKey = (_: unknown, key: { name?: string } | undefined) => {
      if (key?.name === 'escape') back.abort();
    };
    input.on('keypress', onKey);
    try {
      const answer = await run(m, { ...context, signal: back.signal, clearPromptOnDone: true });
      // The prompt clears itself; the answered line is ours, so that going back can take it off again.
      const line = `${c.green('\u2714')} ${c.bold(safe(message))} ${c.cyan(safe(shown(answer)))}`;
      // (inquirer ends the stream it was given when that is not process.stderr, which cannot end: tests' streams)
      if (!(options.output as { writableEnded?: boolean }).writableEnded) {
        options.output.write(`${line}\n`);
        answered.push(Math.max(1, Math.ceil(visibleLength(line) / width())));
      }
      return answer;
    } catch (err) {
      if (back.signal.aborted) throw new BackError();
      throw asCancelled(err);
    } finally {
      input.removeListener('keypress', onKey);
    }
  };
  return {
    select: ({ message, choices, default: def }) =>
      ask(
        message,
        (m, ctx) =>
          m.select(
            {
              message,
              // One line per choice: a wrapped choice breaks the list's layout on narrow terminals.
              choices: choices.map((ch) =>
                'separator' in ch
                  ? new m.Separator(c.dim(fitWidth(safe(ch.separator), width() - 2)))
                  : { ...ch, name: fitWidth(safe(ch.name), width() - 3) },
              ),
              ...(def !== undefined ? { default: def } : {}),
              pageSize: Math.min(rows() - 8, 15),
              loop: false,
              theme,
            },
            ctx,
          ),
        (answer) => {
          const ch = choices.find((x) => 'value' in x && x.value === answer) as Choice<unknown> | undefined;
          return ch ? (ch.short ?? ch.name) : String(answer);
        },
      ),
    input: ({ message, default: def, validate }) =>
      ask(
        message,
        (m, ctx) =>
          m.input(
            { message, ...(def !== undefined ? { default: def } : {}), ...(validate ? { validate } : {}), theme },
            ctx,
          ),
        (answer) => answer,
      ),
    confirm: ({ message, default: def }) =>
      ask(
        message,
        (m, ctx) => m.confirm({ message, ...(def !== undefined ? { default: def } : {}), theme }, ctx),
        (answer) => (answer ? 'Yes' : 'No'),
      ),
    editor: ({ message, default: def, validate }) =>
      ask(
        message,
        (m, ctx) =>
          m.editor(
            {
              message,
              postfix: '.json',
              waitForUserInput: true,
              ...(def !== undefined ? { default: def } : {}),
              ...(validate ? { validate } : {}),
              theme,
            },
            ctx,
          ),
        (answer) => `${answer.split('\n').length} lines`,
      ),
    pickFields: ({ message, choices }) =>
      ask(
        message,
        // The list takes the terminal's height, less the question, the count, ticked, error and help lines.
        (_, ctx) =>
          fieldPicker({ message, choices, chalk: c, pageSize: Math.max(5, rows() - 7), width: width(), back }, ctx),
        (answer) => answer.join(', '),
      ),
    offerBack: (yes) => {
      back = yes;
    },
    forgetLast: () => {
      const n = answered.pop();
      // Up n rows, then clear to the end of the screen.
      if (n !== undefined) options.output.write(`\x1b[${n}A\r\x1b[J`);
    },
  };
}

/** Ctrl-C (inquirer's ExitPromptError) becomes our CancelledError: exit 130. */
function asCancelled(err: unknown): unknown {
  return err instanceof Error && (err.name === 'ExitPromptError' || err.name === 'AbortPromptError')
    ? new CancelledError()
    : err;
}

const SGR = /\x1b\[[0-9;]*m/g;
function visibleLength(text: string): number {
  return [...text.replace(SGR, '')].length;
}

export { filterFields } from './field-picker.js';
