/** Reading a spec file's text (JSON or YAML) into a checked GenerateSpec, and writing one back. */
import type { ErrorObject } from 'ajv';
import { UserError } from '../errors.js';
import { lineColumn } from '../util.js';
import { parseJsonText } from '../sample/parse.js';
import type { GenerateSpec } from './types.js';
import validateSpec from './validate-spec.generated.js';

/** The yaml package on demand; bundled as CommonJS, its exports may arrive under `default`. */
async function loadYaml(): Promise<typeof import('yaml')> {
  const mod = (await import('yaml')) as typeof import('yaml') & { default?: typeof import('yaml') };
  return mod.default ?? mod;
}

export function isYamlName(fileName: string): boolean {
  return /\.ya?ml$/i.test(fileName);
}

export async function parseSpec(text: string, source: string): Promise<GenerateSpec> {
  let value: unknown;
  if (isYamlName(source)) {
    // Loaded on demand: most runs never read YAML.
    const { parse, YAMLParseError } = await loadYaml();
    if (text.trim() === '') throw new UserError(`${source} is empty; the format is in docs/spec-files.md`);
    try {
      // maxAliasCount: aliases that expand exponentially (a "billion laughs") are refused, not expanded.
      value = parse(text, { prettyErrors: false, maxAliasCount: 100 });
    } catch (err) {
      if (err instanceof YAMLParseError) {
        const { line, column } = lineColumn(text, err.pos[0]);
        throw new UserError(`${source}:${line}:${column}: invalid YAML: ${err.message.split('\n')[0]}`);
      }
      // The yaml package reports an alias bomb (and too deep a document) with a plain Error or ReferenceError.
      if (err instanceof Error && /alias|resource exhaustion|call stack/i.test(err.message))
        throw new UserError(
          `${source}: YAML refused: ${err.message.replace(/\s+/g, ' ')} (a spec needs no more than a few aliases)`,
        );
      throw err;
    }
  } else value = parseJsonText(text, source);
  return checkSpec(value, source);
}

export function checkSpec(value: unknown, source: string): GenerateSpec {
  if (validateSpec(value)) return value as GenerateSpec;
  const error = mostSpecific(validateSpec.errors ?? []);
  throw new UserError(`${source}: ${describe(error, value)}`);
}

/** The deepest error; among equals, a missing or unknown key before a type mismatch. */
function mostSpecific(errors: ErrorObject[]): ErrorObject | undefined {
  const rank = (e: ErrorObject) =>
    ['additionalProperties', 'required', 'enum', 'const', 'pattern', 'type'].indexOf(e.keyword);
  const useful = errors.filter((e) => !['oneOf', 'if', 'anyOf'].includes(e.keyword));
  return (
    useful.sort(
      (a, b) => b.instancePath.split('/').length - a.instancePath.split('/').length || rank(a) - rank(b),
    )[0] ?? errors[0]
  );
}

function describe(error: ErrorObject | undefined, root: unknown): string {
  if (!error) return 'not a valid spec';
  const at = error.instancePath || '(top level)';
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `${at}: unknown key "${String(p.additionalProperty)}"; see spec.schema.json for the allowed keys`;
    case 'required':
      if (
        p.missingProperty === 'properties' &&
        (valueAt(root, error.instancePath) as { kind?: unknown } | undefined)?.kind === 'profile-import'
      )
        return `${at}: missing "properties" (or "append", or "unset"): a profile webhook needs at least one of them`;
      return `${at}: missing "${String(p.missingProperty)}"`;
    case 'enum':
      return `${at}: must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'pattern':
      return `${at}: ${JSON.stringify(valueAt(root, error.instancePath))} is not valid here${patternHint(at)}`;
    case 'minItems':
      return `${at}: must list at least one entry`;
    default:
      return `${at}: ${error.message ?? 'is not valid'}`;
  }
}

/** What a value of the field at `at` must look like, when its pattern refuses one. */
function patternHint(at: string): string {
  if (at.endsWith('/revision')) return ' (write YYYY-MM-DD)';
  if (at.endsWith('/valueCurrency')) return ' (write a 3-letter ISO 4217 code such as USD)';
  if (/\/append\/\d+$/.test(at)) return ' (write PATH=NAME: NAME is the profile list property to append to)';
  return ' (it must not be empty)';
}

function valueAt(root: unknown, pointer: string): unknown {
  let v = root;
  for (const part of pointer.split('/').slice(1))
    v = (v as Record<string, unknown>)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  return v;
}

export async function formatSpec(spec: GenerateSpec, fileName: string): Promise<string> {
  if (isYamlName(fileName)) {
    const { stringify } = await loadYaml();
    return stringify(spec);
  }
  return `${JSON.stringify(spec, null, 2)}\n`;
}
