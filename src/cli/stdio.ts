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

/** Writes all of `text` to `fd`, waiting out a full non-blocking pipe; a closed reader ends the output quietly. */
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
      else throw err;
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
  return {
    get isTTY() {
      return (isTTY ??= isTerminal(fd));
    },
    write: (text) => writeAll(fd, text),
  };
}

export const stdout: Terminal = terminal(1);
export const stderr: Terminal = terminal(2);
