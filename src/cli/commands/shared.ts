/** Inputs that validate and preview share: the body text, a sample event and a person, read as users give them. */
import {
  UserError,
  DEFAULT_REVISION,
  parseJsonForRender,
  readExample,
  parseSample,
  unwrapEventResource,
} from '../../index.js';
import { readInput } from '../io.js';

/** Today's date in UTC (YYYY-MM-DD); tests pin it so the revision support-window warnings are reproducible. */
export function today(env: NodeJS.ProcessEnv = process.env): string {
  return env.KLAVIYO_WEBHOOK_GEN_TODAY ?? new Date().toISOString().slice(0, 10);
}

export async function readBody(file: string): Promise<{ text: string; source: string }> {
  const body = await readInput(file, 'body');
  if (body.text.trim() === '')
    throw new UserError(`${body.source} is empty; give the JSON Body as pasted into Klaviyo`);
  return body;
}

/**
 * The `<name>.webhook.json` that `generate --out` writes describes a webhook (url, headers, body, …); it is not a
 * body. Its body is checked with its own URL and revision header (flags still win).
 */
export function describedWebhook(text: string): { body: string; url?: string; revision?: string } | undefined {
  if (!text.includes('"body"')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(value) || 'data' in value || typeof value.body !== 'string' || !Array.isArray(value.headers))
    return undefined;
  const revision = value.headers.find(
    (h): h is Record<string, unknown> => isObject(h) && typeof h.key === 'string' && h.key.toLowerCase() === 'revision',
  )?.value;
  return {
    body: value.body,
    ...(typeof value.url === 'string' ? { url: value.url } : {}),
    ...(typeof revision === 'string' ? { revision } : {}),
  };
}

/** A body file, or the `<name>.webhook.json` --out writes: then its body, named as such, with its URL and revision. */
export async function readBodyOrWebhook(
  file: string,
): Promise<{ text: string; source: string; url?: string; revision?: string }> {
  const input = await readBody(file);
  const described = describedWebhook(input.text);
  if (described === undefined) return input;
  const { body, ...from } = described;
  return { ...from, text: body, source: `${input.source} (the body it describes)` };
}

/** The sample's text from --sample FILE or --example NAME (a bundled one); undefined when neither is given. */
export async function readSampleOption(flags: {
  sample?: string;
  example?: string;
}): Promise<{ text: string; source: string } | undefined> {
  if (flags.sample !== undefined && flags.example !== undefined)
    throw new UserError('give either --sample or --example, not both');
  if (flags.example !== undefined) return readExample(flags.example);
  return flags.sample !== undefined ? readInput(flags.sample, 'sample') : undefined;
}

/**
 * A sample event for rendering: checked like generate's samples, then re-read keeping Python's int/float
 * distinction (45.0 renders as "45.0", as Klaviyo prints it).
 */
export async function readRenderSample(input: { text: string; source: string }): Promise<unknown> {
  const { text, source } = input;
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
