/** `validate`: a body as pasted into Klaviyo in, problems with line:column out; exit 1 when one is an error. */
import {
  validate,
  validatorFromOpenApi,
  problemTotals,
  UserError,
  ENDPOINTS,
  endpointForDataType,
  endpointForUrl,
  parseJsonText,
  hasErrors,
  isRevisionFormat,
  supportEndsOn,
} from '../../index.js';
import { OPENAPI_LIMIT_BYTES, readInput } from '../io.js';
import { makeChalk } from '../color.js';
import { stdout } from '../stdio.js';
import { formatProblemsText } from '../output.js';
import { readBodyOrWebhook, readPerson, readRenderSample, readSampleOption, revisionOption, today } from './shared.js';

export interface ValidateFlags {
  url?: string;
  revision?: string;
  sample?: string;
  example?: string;
  person?: string;
  openapi?: string;
  format: 'text' | 'json';
}

/** The request schema from a Klaviyo OpenAPI document the user supplies (ajv loads only on this path). */
async function openApiValidator(file: string, bodyText: string, url: string | undefined) {
  const { text, source } = await readInput(file, 'OpenAPI document', OPENAPI_LIMIT_BYTES);
  const doc = parseJsonText(text, source);
  // The endpoint is needed before checking; resolve it the way the check does (URL, else data.type).
  const endpoint =
    url !== undefined
      ? endpointForUrl(url)?.id
      : endpointForDataType(/"type"\s*:\s*"([^"]*)"/.exec(bodyText)?.[1] ?? '')?.id;
  if (endpoint === undefined)
    throw new UserError('--openapi needs to know the endpoint: pass --url (e.g. https://a.klaviyo.com/api/events)');
  return validatorFromOpenApi(doc, endpoint);
}

/** After the revision: until when Klaviyo supports it, and which schema checked it when that is another one. */
function revisionNote(revision: string, schemaRevision: string, c: ReturnType<typeof makeChalk>): string {
  if (!isRevisionFormat(revision)) return '';
  const other =
    schemaRevision !== revision.slice(0, 10)
      ? `; checked against the ${schemaRevision} schema${revision > schemaRevision ? ', the newest this tool vendors' : ''}`
      : '';
  return c.dim(` (Klaviyo supports it until ${supportEndsOn(revision)}${other})`);
}

export async function validateCommand(file: string, flags: ValidateFlags): Promise<number> {
  const body = await readBodyOrWebhook(file);
  const input = await readSampleOption(flags);
  const url = flags.url ?? body.url;
  const sample = input !== undefined ? await readRenderSample(input) : undefined;
  const person = await readPerson(flags.person);
  const schemaValidator =
    flags.openapi !== undefined ? await openApiValidator(flags.openapi, body.text, url) : undefined;
  const result = validate(body.text, {
    ...(schemaValidator ? { schemaValidator } : {}),
    revision: revisionOption(flags.revision ?? body.revision),
    today: today(),
    ...(url !== undefined ? { url } : {}),
    ...(sample !== undefined ? { sample } : {}),
    ...(person !== undefined ? { person } : {}),
  });
  if (flags.format === 'json') {
    const { endpoint, revision, schemaRevision, editorSafe, problems } = result;
    stdout.write(`${JSON.stringify({ endpoint, revision, schemaRevision, editorSafe, problems }, null, 2)}\n`);
  } else {
    const c = makeChalk(stdout);
    const endpoint = ENDPOINTS[result.endpoint];
    const { errors, warnings } = problemTotals(result.problems);
    // A body that is not JSON even once the tags are filled in must not read as "JSON after rendering".
    const notJson = result.problems.filter(
      (p) => p.severity === 'error' && p.message.startsWith('invalid JSON'),
    ).length;
    const lines = [
      `${c.bold(body.source)}: ${endpoint.title} (${endpoint.url}), revision ${result.revision}${revisionNote(result.revision, result.schemaRevision, c)}`,
      `  editor-safe: ${result.editorSafe ? 'yes — the raw text is already valid JSON' : notJson ? `no — not valid JSON (see the error${notJson > 1 ? 's' : ''} below)` : 'no — valid JSON only after Klaviyo fills in the tags'}`,
    ];
    if (result.problems.length) lines.push(formatProblemsText(result.problems, c));
    lines.push(
      errors
        ? c.red(`${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`)
        : warnings
          ? c.yellow(`no errors, ${warnings} warning${warnings === 1 ? '' : 's'}`)
          : c.green('no problems found'),
    );
    stdout.write(`${lines.join('\n')}\n`);
  }
  return hasErrors(result.problems) ? 1 : 0;
}
