/**
 * The render budget: work bounded by the input, never by what a template asks for. Three nested loops over a
 * thousand items, `ljust:"2000000000"` or a `{% with %}` chain doubling a string each time would otherwise run for
 * minutes and gigabytes. Each limit is far above any real webhook (Klaviyo accepts at most 5 MB per request and
 * 1,000 events per bulk job); past one, rendering stops with a RenderLimit naming the tag or filter, reported like
 * any exception that escapes Django's render (docs/limits.md).
 */
import { PyException } from './values.js';

export const RENDER_LIMITS = Object.freeze({
  /** Characters of rendered output, and of any one value a filter makes (four times Klaviyo's 5 MB request). */
  outputChars: 20_000_000,
  /** Elements of a list a filter makes. */
  listItems: 2_000_000,
  /** {% for %} iterations in one render, all loops together. */
  loopIterations: 1_000_000,
  /** A width a filter pads to (ljust, rjust, center, stringformat). */
  width: 1_000_000,
  /** Digits after the point a filter computes (floatformat, stringformat's precision). */
  precision: 100_000,
  /** Widths and precisions of all filters of one render together, so a loop cannot multiply them. */
  filterWork: 5_000_000,
});

/** Rendering went past a RENDER_LIMITS entry. Not a Python exception: no `except` in Django would catch it. */
export class RenderLimit extends PyException {
  constructor(message: string) {
    super('RenderLimit', message);
  }
}

const n = (x: number) => x.toLocaleString('en-US');

interface Spent {
  iterations: number;
  filterWork: number;
}

// One render at a time (rendering is synchronous and never nests), so the current spend lives here rather than
// in every filter's signature.
let spent: Spent = { iterations: 0, filterWork: 0 };

/** A new render starts with nothing spent. */
export function startRenderBudget(): void {
  spent = { iterations: 0, filterWork: 0 };
}

export function chargeIteration(): void {
  if (++spent.iterations > RENDER_LIMITS.loopIterations)
    throw new RenderLimit(`the {% for %} loops ran more than ${n(RENDER_LIMITS.loopIterations)} iterations in all`);
}

/** A filter padding or formatting to `size` characters (`kind` says which limit applies). */
export function chargeFilter(filter: string, size: number, kind: 'width' | 'precision' = 'width'): void {
  const limit = RENDER_LIMITS[kind];
  if (size > limit)
    throw new RenderLimit(`${filter} asks for a ${kind} of ${n(size)}, more than the ${n(limit)} a render allows`);
  spent.filterWork += Math.max(0, size);
  if (spent.filterWork > RENDER_LIMITS.filterWork)
    throw new RenderLimit(
      `${filter}: the filters' widths and precisions add up to more than ${n(RENDER_LIMITS.filterWork)} characters in one render`,
    );
}

/** A value a filter made, or output so far: refused past the size limits. */
export function checkSize(what: string, value: unknown): void {
  const text =
    typeof value === 'string'
      ? value
      : value !== null && typeof value === 'object' && 'value' in value && typeof value.value === 'string'
        ? value.value
        : undefined;
  if (text !== undefined && text.length > RENDER_LIMITS.outputChars)
    throw new RenderLimit(`${what} makes more than ${n(RENDER_LIMITS.outputChars)} characters`);
  if (Array.isArray(value) && value.length > RENDER_LIMITS.listItems)
    throw new RenderLimit(`${what} makes a list of more than ${n(RENDER_LIMITS.listItems)} items`);
}
