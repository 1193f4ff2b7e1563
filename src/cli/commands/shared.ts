/** Inputs that validate and preview share: the body text, a sample event and a person, read as users give them. */
import { UserError } from '../../errors.js';
import { DEFAULT_REVISION } from '../../klaviyo/revisions.js';
import { parseJsonForRender } from '../../render/index.js';
import { parseSample, unwrapEventResource } from '../../sample/parse.js';
import { readInput } from '../io.js';

export function today(): string {
  // Tests pin the date so the revision support-window warnings are reproducible.
  return process.env.KLAVIYO_WEBHOOK_GEN_TODAY ?? utcDate(Date.now());
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/**
 * YYYY-MM-DD in UTC of a time in ms since 1970, as `new Date(ms).toISOString().slice(0, 10)` gives for years
 * 0–9999 — by arithmetic, because the first Date a process makes costs about a millisecond of every start-up.
 * The days-to-civil-date algorithm is Howard Hinnant's (https://howardhinnant.github.io/date_algorithms.html).
 */
export function utcDate(ms: number): string {
  const z = Math.floor(ms / 86_400_000) + 719_468; // days since 0000-03-01
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153); // month from March = 0
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
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
