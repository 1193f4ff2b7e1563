/** Inputs that validate and preview share: the body text, a sample event and a person, read as users give them. */
import { UserError } from '../../errors.js';
import { DEFAULT_REVISION } from '../../klaviyo/revisions.js';
import { parseJsonForRender } from '../../render/index.js';
import { parseSample, unwrapEventResource } from '../../sample/parse.js';
import { readInput } from '../io.js';

export function today(): string {
  // Tests pin the date so the revision support-window warnings are reproducible.
  return process.env.KLAVIYO_WEBHOOK_GEN_TODAY ?? new Date().toISOString().slice(0, 10);
}

export async function readBody(file: string): Promise<{ text: string; source: string }> {
  const body = await readInput(file, 'body');
  if (body.text.trim() === '') throw new UserError(`${body.source} is empty; give the JSON Body as pasted into Klaviyo`);
  return body;
}

/**
 * A sample event for rendering: checked like generate's samples, then re-read keeping Python's int/float
 * distinction (45.0 renders as "45.0", as Klaviyo prints it).
 */
export async function readRenderSample(file: string, what = 'sample'): Promise<unknown> {
  const { text, source } = await readInput(file, what);
  parseSample(text, source);
  return renderSampleFromText(text);
}

/** Sample text (already checked by parseSample) as the renderer reads it: floats stay floats. */
export function renderSampleFromText(text: string): unknown {
  const value = parseJsonForRender(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as Record<string, unknown>;
  return unwrapEventResource(value) ?? value;
}

export async function readPerson(file: string | undefined): Promise<unknown> {
  if (file === undefined) return undefined;
  const { text, source } = await readInput(file, 'person');
  return parseSample(text, source).properties;
}

export function revisionOption(revision: string | undefined): string {
  return revision ?? DEFAULT_REVISION;
}
