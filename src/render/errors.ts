import { lineColumn } from '../util.js';
import type { PyException } from './values.js';

/** A template that Django would refuse to compile. `offset` points at the offending token in the source. */
export class TemplateSyntaxError extends Error {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  constructor(message: string, offset: number, source: string) {
    const { line, column } = lineColumn(source, offset);
    super(message);
    this.name = 'TemplateSyntaxError';
    this.offset = offset;
    this.line = line;
    this.column = column;
  }
}

/**
 * An exception Django would let escape from Template.render() (e.g. `divisibleby` on a non-number raises
 * ValueError, a filter argument naming a missing variable raises VariableDoesNotExist). `pythonType` is the class
 * Django raises.
 */
export class TemplateRenderError extends Error {
  readonly pythonType: string;
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  constructor(cause: PyException, offset: number, source: string) {
    const { line, column } = lineColumn(source, offset);
    super(`${cause.pythonType}: ${cause.message}`);
    this.name = 'TemplateRenderError';
    this.pythonType = cause.pythonType;
    this.offset = offset;
    this.line = line;
    this.column = column;
  }
}

/** Thrown while compiling an expression; the parser attaches the token offset. */
export class SyntaxProblem extends Error {}
