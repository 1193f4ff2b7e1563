/**
 * A mistake in what the user gave us (flags, files, specs). The CLI prints `message` as one line on stderr and
 * exits with `exitCode`; anything that is not a UserError is a bug and is reported as one.
 */
const USER_ERROR: unique symbol = Symbol.for('klaviyo-webhook-gen.user-error');

export class UserError extends Error {
  readonly exitCode: number;
  /** Recognised by the CLI's entry without importing the library (src/cli/main.ts). */
  readonly [USER_ERROR] = true;
  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = 'UserError';
    this.exitCode = exitCode;
  }
}

/** The user pressed Ctrl-C at a prompt. */
export class CancelledError extends UserError {
  constructor() {
    super('Cancelled.', 130);
    this.name = 'CancelledError';
  }
}
