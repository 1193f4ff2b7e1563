/**
 * Where a JSON:API error's `source.pointer` (e.g. `/data/attributes/properties`) is in the body. Pure.
 *
 * Mapped in the template, the text the user edits and pastes: the body's canonical JSON shape (src/check/shape)
 * knows the offset of every member, `{% for %}` elements included (a rendered index past the template's elements
 * maps to the loop element that produced it). The same lookup on the rendered text gives the line in the request
 * as sent, shown beside it.
 */
import { buildShape, locate } from '../check/shape.js';
import { runPaths } from '../check/json-paths.js';
import { lexTemplatedJson } from '../check/templated-json.js';
import { tokenize } from '../render/index.js';
import { lineColumn } from '../util.js';

export interface PointerLocation {
  line: number;
  column: number;
  /** False when only an ancestor was found (a missing key is reported on the object that lacks it). */
  exact: boolean;
  /** The text of that line, trimmed (for showing beside the error). */
  text: string;
}

export function locatePointer(body: string, pointer: string): PointerLocation | undefined {
  if (pointer !== '' && !pointer.startsWith('/')) return undefined;
  let shape: ReturnType<typeof buildShape>;
  try {
    const doc = lexTemplatedJson(body, tokenize(body));
    shape = buildShape(runPaths(doc, true).root);
  } catch {
    return undefined; // a body we cannot read as templated JSON has no positions to give
  }
  const { located, exact } = locate(shape, pointer);
  if (!located) return undefined;
  const offset = located.keyStart ?? located.node.start;
  const { line, column } = lineColumn(body, offset);
  return { line, column, exact, text: body.split('\n')[line - 1]?.trim() ?? '' };
}
