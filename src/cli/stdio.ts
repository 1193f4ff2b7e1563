/**
 * Output to stdout and stderr without building process.stdout / process.stderr.
 *
 * Those getters build a stream (for a pipe, a net.Socket with its stream and event machinery): a few ms of every
 * run whose output goes to a pipe or a file, which is how scripts and CI use the CLI. Writes here go straight to
 * the file descriptor and are synchronous, as process.stdout's are for files, pipes (on Linux and macOS) and
 * terminals — so output is complete when the command returns, and writes to the two descriptors keep their order.
 */
import fs from 'node:fs';

/** What colour and prompt decisions need to know about a descriptor, without building its stream. */
export interface Terminal {
  readonly isTTY: boolean;
  write(text: string): void;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** A write to stdout or stderr that failed (a full disk, a closed descriptor): exit 2 with one line, not a bug. */
export class OutputError extends Error {
  readonly exitCode = 2;
  constructor(fd: number, code: string | undefined) {
    const why =
      code === 'ENOSPC'
        ? 'no space left on the device'
        : code === 'EBADF'
          ? 'it is closed'
          : code === 'EIO'
            ? 'input/output error'
            : (code ?? 'unknown error');
    super(`cannot write to ${fd === 1 ? 'standard output' : fd === 2 ? 'standard error' : `descriptor ${fd}`}: ${why}`);
    this.name = 'OutputError';
  }
}

/**
 * Writes all of `text` to `fd`, waiting out a full non-blocking pipe; a closed reader ends the output quietly.
 * Any other failure is an OutputError.
 */
export function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let done = 0;
  while (done < bytes.length) {
    try {
      done += fs.writeSync(fd, bytes, done);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // A non-blocking pipe that is full (its reader is slow): wait a millisecond and go on.
      if (code === 'EAGAIN') Atomics.wait(sleeper, 0, 0, 1);
      // The reader has gone (`… | head`): nobody reads the rest, and that is not an error of ours.
      else if (code === 'EPIPE') return;
      else throw new OutputError(fd, code);
    }
  }
}

/**
 * isatty() without loading node:tty when the answer is plainly no: node:tty loads node:net and the stream modules
 * (a few ms). Only a character device can be a terminal; pipes and files are not, and that is what scripts use.
 */
function isTerminal(fd: number): boolean {
  try {
    if (!fs.fstatSync(fd).isCharacterDevice()) return false;
  } catch {
    return false; // closed descriptor
  }
  return process.getBuiltinModule('node:tty').isatty(fd);
}

function terminal(fd: 1 | 2): Terminal {
  let isTTY: boolean | undefined;
  let colour: boolean | undefined;
  const self: Terminal = {
    get isTTY() {
      isTTY ??= isTerminal(fd);
      return isTTY;
    },
    write: (text) => {
      colour ??= mayShowColour(self);
      writeAll(fd, escapeControls(text, colour));
    },
  };
  return self;
}

/** colorLevel(stream) > 0 (src/cli/color), repeated here so that stdio needs nothing else loaded. */
function mayShowColour(t: Terminal, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return t.isTTY && env.TERM !== 'dumb';
}

// C0 and C1 control characters other than tab and newline, and a carriage return not ending a line: a name or
// value from a spec or sample must not drive the terminal. With colour on, an escape that starts a colour (SGR)
// sequence is ours (chalk's) and stays.
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)/g;
const CONTROL_BUT_SGR = /[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f-\x9f]|\r(?!\n)|\x1b(?!\[[0-9;]*m)/g;

/**
 * Control characters shown as \uXXXX. Inside a JSON string that is the same value (JSON.stringify already escapes
 * C0, not DEL or C1), so JSON output stays equal; in text output the character becomes visible instead of acting.
 */
export function escapeControls(text: string, keepColour = false): string {
  const re = keepColour ? CONTROL_BUT_SGR : CONTROL;
  re.lastIndex = 0;
  if (!re.test(text)) return text;
  re.lastIndex = 0;
  return text.replace(re, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Whether `fd` is a terminal (for stdin: '-' with nothing piped in). */
export function isTerminalFd(fd: number): boolean {
  return isTerminal(fd);
}

export const stdout: Terminal = terminal(1);
export const stderr: Terminal = terminal(2);
