/**
 * validate's pure core: one webhook body in, problems out (template, templated JSON, request schema, Klaviyo
 * limits, robustness lints, and with a sample the rendered body). No I/O, no clock: `today` is passed in.
 * Over 300 lines: the pipeline, its refusals before analysis and the problem list's order and cut are one contract.
 */
import { ENDPOINTS, endpointForDataType, endpointForUrl, type EndpointId } from '../klaviyo/endpoints.js';
import { schemaRevisionFor } from '../klaviyo/revisions.js';
import { UserError } from '../errors.js';
import { tagEntry } from '../language/index.js';
import type { Problem } from '../problem.js';
import { compileRecovering, type CompiledTemplate, tokenize, type Token } from '../render/index.js';
import { lineIndex } from '../render/lexer.js';
import type { Finding } from './finding.js';
import { runPaths } from './json-paths.js';
import { identifierFindings, metricNameFindings, revisionFindings } from './limits.js';
import { tagLints, uniqueIdLints } from './lints.js';
import { missingFieldFindings, renderAndParse, renderContext } from './sample.js';
import { schemaFindings, type RequestValidator } from './schema-check.js';
import { analyzeScope } from './scope.js';
import { buildShape, getAt, pointerIndex, type Shape } from './shape.js';
import { lintTemplate } from './template-lint.js';
import { lexTemplatedJson, tagName, type TemplatedJson } from './templated-json.js';

export interface CheckOptions {
  /** Else from `url`, else from the body's data.type. */
  endpoint?: EndpointId;
  url?: string;
  /** The `revision` header value. */
  revision: string;
  /** YYYY-MM-DD. */
  today: string;
  /** Event properties (as Klaviyo shows them) to render with. */
  sample?: unknown;
  /** Profile context for rendering ({KlaviyoID, email, first_name, ...}); a plausible one by default. */
  person?: unknown;
  /** Checks the request schema instead of the shipped validators (from a user-supplied OpenAPI document). */
  schemaValidator?: RequestValidator;
  /** The body goes to a URL that is not a Klaviyo endpoint (audit): template and JSON checks only. */
  templateOnly?: boolean;
}

export interface CheckResult {
  endpoint: EndpointId;
  revision: string;
  /** The vendored spec revision whose request schema the body was checked against (the revision's own when
   * vendored; the nearest older one otherwise, e.g. the newest for a revision newer than every vendored spec). */
  schemaRevision: string;
  /** The raw body text is valid JSON before any tag is filled in (every tag sits inside a string). */
  editorSafe: boolean;
  problems: Problem[];
  /** The body rendered with `sample`, when one was given and the template compiles. */
  rendered?: string;
}

/** Deeper than this a body is refused before analysis (the checks walk the JSON tree recursively). */
export const MAX_BODY_NESTING = 200;

/** The renderer's syntax error for a Django tag it does not implement (parser.ts). */
const UNSUPPORTED_BY_RENDERER = /is a Django tag this renderer does not support/;

/**
 * More tags than this and a body is refused before analysis: a generated profile webhook with Klaviyo's 400
 * properties has about 1,200; the checks' cost and memory grow with every tag (800,000 took 900 MB).
 */
export const MAX_BODY_TAGS = 50_000;

/** Deeper than this, blocks ({% if %} in {% for %} in …) are refused before analysis: parsing and checking recurse. */
export const MAX_BLOCK_NESTING = 100;

/** The offset of the first block tag opened deeper than `max` (counting by tag names, as a linear scan). */
function blockNestingPast(tokens: readonly Token[], max: number): number | undefined {
  let depth = 0;
  for (const t of tokens) {
    if (t.type !== 'block') continue;
    const name = /^\S*/.exec(t.contents)![0];
    if (tagEntry(name)?.end !== undefined && ++depth > max) return t.start;
    if (name.startsWith('end') && depth > 0) depth--;
  }
  return undefined;
}

export function checkWebhookBody(bodyText: string, options: CheckOptions): CheckResult {
  const refuse = (offset: number, message: string): CheckResult => {
    const { line, column } = lineIndex(bodyText)(offset);
    return {
      endpoint: options.endpoint ?? endpointForUrl(options.url ?? '')?.id ?? 'create-event',
      revision: options.revision,
      schemaRevision: schemaRevisionFor(options.revision),
      editorSafe: false,
      problems: [{ severity: 'error', message, at: '', line, column }],
    };
  };
  const deep = nestingOutsideStrings(bodyText);
  if (deep.depth > MAX_BODY_NESTING)
    return refuse(
      deep.offset,
      `the body nests more than ${MAX_BODY_NESTING} levels deep, which no Klaviyo request needs (events allow 10 levels of nested objects); it was not checked further`,
    );
  const tokens = tokenize(bodyText);
  const tags = tokens.filter((t) => t.type !== 'text');
  if (tags.length > MAX_BODY_TAGS)
    return refuse(
      tags[MAX_BODY_TAGS]!.start,
      `the body has ${tags.length} template tags, more than the ${MAX_BODY_TAGS} this tool checks (a webhook with Klaviyo's 400 properties has about 1,200); it was not checked further`,
    );
  const tooDeep = blockNestingPast(tokens, MAX_BLOCK_NESTING);
  if (tooDeep !== undefined)
    return refuse(
      tooDeep,
      `the body nests {% %} blocks more than ${MAX_BLOCK_NESTING} deep, which no webhook needs (a generated one with 400 properties nests at most about 60); it was not checked further`,
    );
  // One parse of the template: the tree every check below walks, Django's errors, and the template to render.
  const parsed = compileRecovering(bodyText, tokens);
  const doc = lexTemplatedJson(bodyText, tokens, parsed.nodes);
  const canonical = runPaths(doc, true);
  const shape = buildShape(canonical.root);
  const endpoint = resolveEndpoint(options, shape, bodyText);
  const findings: Finding[] = [];

  // 1. The body as a template.
  const lint = lintTemplate(bodyText, tokens, parsed);
  pushAll(findings, lint);
  const compiled: CompiledTemplate | undefined = parsed.template;
  const e = parsed.errors[0];
  // The specific messages above say the same thing better; the renderer's catches the rest.
  if (e && UNSUPPORTED_BY_RENDERER.test(e.message)) {
    // A Django tag Klaviyo may well have: not the body's fault, only preview's.
    findings.push({
      severity: 'warning',
      offset: e.offset,
      message: `preview cannot render this: ${e.message} The body is not rendered with a sample.`,
    });
  } else if (e && !lint.some((f) => f.severity === 'error')) {
    findings.push({ severity: 'error', offset: e.offset, message: `template syntax error: ${e.message}` });
  }

  // 2. The body as JSON with tags in it, along every way it can render.
  const jsonErrors: Finding[] = [];
  if (doc.lexError)
    jsonErrors.push({
      severity: 'error',
      offset: doc.lexError.offset,
      message: `invalid JSON: ${doc.lexError.message}`,
    });
  for (const e of canonical.errors)
    jsonErrors.push({ severity: 'error', offset: e.offset, message: `invalid JSON: ${e.message}` });
  if (jsonErrors.length === 0) {
    const seen = new Set<number>();
    for (const e of runPaths(doc, false).errors) {
      if (seen.has(e.offset)) continue;
      seen.add(e.offset);
      jsonErrors.push({
        severity: 'error',
        offset: e.offset,
        message: `invalid JSON${e.when ? ` ${e.when}` : ''}: ${e.message}`,
      });
    }
  }
  pushAll(findings, jsonErrors);
  const shapeComplete = !doc.lexError && canonical.errors.length === 0 && shape.value !== undefined;

  // 3–5. Schema, limits and lints on the shape (a partial shape would only add noise).
  const klaviyo = options.templateOnly !== true;
  if (klaviyo) findings.push(...revisionFindings(options.revision, options.today));
  const uses = analyzeScope(parsed.nodes);
  pushAll(findings, tagLints(doc.lexemes, new Map(uses.filter((u) => !u.iterable).map((u) => [u.token.start, u]))));
  if (shapeComplete && klaviyo) {
    const schema = schemaFindings(endpoint, options.revision, shape, false, options.schemaValidator);
    const limits = [...metricNameFindings(endpoint, shape), ...identifierFindings(endpoint, shape)];
    const limitAt = new Set(limits.map((f) => f.at));
    pushAll(
      findings,
      schema.filter((f) => !limitAt.has(f.at)),
    );
    pushAll(findings, [...limits, ...uniqueIdLints(endpoint, shape)]);
  }

  // 6. With a sample: fields it lacks, and the rendered body checked with its real values.
  let rendered: string | undefined;
  if (options.sample !== undefined) {
    pushAll(findings, missingFieldFindings(uses, options.sample, options.person));
    if (compiled) {
      const outcome = renderAndParse(
        bodyText,
        tokens,
        renderContext(options.sample, options.person),
        compiled,
        options.today,
      );
      rendered = outcome.rendered;
      // The same JSON mistake seen in the template already explains the rendered one.
      if (jsonErrors.length === 0) pushAll(findings, outcome.findings);
      if (outcome.value !== undefined && shapeComplete && klaviyo) {
        const real: Shape = { value: outcome.value, byPointer: shape.byPointer, root: shape.root };
        const pointerAt = pointerIndex(shape);
        const errorAt = new Set(
          findings.filter((f) => f.severity === 'error').map((f) => f.at ?? pointerAt(f.offset ?? -1)),
        );
        for (const f of [
          ...schemaFindings(endpoint, options.revision, real, true, options.schemaValidator),
          ...identifierFindings(endpoint, real),
        ]) {
          if (errorAt.has(f.at ?? pointerAt(f.offset ?? -1))) continue;
          findings.push({ ...f, message: `with the sample: ${f.message}` });
        }
      }
    }
  }

  return {
    endpoint,
    revision: options.revision,
    schemaRevision: schemaRevisionFor(options.revision),
    editorSafe: !tagOutsideJsonString(bodyText, tokens, doc) && isJson(bodyText),
    problems: toProblems(bodyText, shape, findings),
    ...(rendered !== undefined ? { rendered } : {}),
  };
}

/**
 * True when the raw text has a tag where JSON allows no "{": then it is not JSON, without asking JSON.parse (whose
 * SyntaxError is the expensive answer). Found when the first tag outside the lexer's strings is preceded only by
 * tags inside strings that hold no '"' or '\\' (so JSON reads the same strings as the lexer up to there) and no
 * lexing error; `{{`, `{%` or `{#` outside a string is never JSON. Anything else: undecided (false).
 */
function tagOutsideJsonString(text: string, tokens: readonly Token[], doc: TemplatedJson): boolean {
  const strings = doc.lexemes.filter((l) => l.k === 'string');
  let si = 0;
  for (const tok of tokens) {
    if (tok.type === 'text') continue;
    if (doc.lexError && doc.lexError.offset <= tok.start) return false;
    while (si < strings.length && strings[si]!.end <= tok.start) si++;
    const inString = si < strings.length && strings[si]!.start < tok.start;
    if (!inString) return text[tok.start] === '{' && '{%#'.includes(text[tok.start + 1] ?? '');
    if (tok.type === 'block' && tagName(tok) === 'comment') return false; // the lexer skips what follows
    const raw = text.slice(tok.start, tok.end);
    if (raw.includes('"') || raw.includes('\\')) return false;
  }
  return false;
}

/** The deepest {/[ nesting outside JSON strings, and where it first passes MAX_BODY_NESTING; a linear scan. */
function nestingOutsideStrings(text: string): { depth: number; offset: number } {
  let depth = 0;
  let max = 0;
  let offset = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) {
        max = depth;
        if (depth === MAX_BODY_NESTING + 1) offset = i;
      }
    } else if (c === 125 || c === 93) depth--;
  }
  return { depth: max, offset };
}

function isJson(text: string): boolean {
  // Most bodies are not JSON before rendering: the SyntaxError is only a "no", so skip capturing its stack.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

function resolveEndpoint(options: CheckOptions, shape: Shape, bodyText: string): EndpointId {
  if (options.endpoint) return options.endpoint;
  const known = Object.values(ENDPOINTS);
  if (options.url !== undefined) {
    const e = endpointForUrl(options.url);
    if (!e)
      throw new UserError(
        `${options.url} is not a Klaviyo endpoint this tool checks: use one of ${known.map((k) => k.url).join(', ')}`,
      );
    return e.id;
  }
  let dataType = getAt(shape.value, '/data/type');
  if (typeof dataType !== 'string') dataType = /"type"\s*:\s*"([^"]*)"/.exec(bodyText)?.[1];
  const list = known.map((k) => `"${k.dataType}" (${k.title})`).join(', ');
  if (typeof dataType !== 'string') {
    throw new UserError(
      `cannot tell which endpoint the body is for: it has no data.type — expected one of ${list}, or pass --url`,
    );
  }
  const e = endpointForDataType(dataType);
  if (!e) throw new UserError(`unknown data.type "${dataType}": expected one of ${list}, or pass --url`);
  return e.id;
}

/** The start of the lint that asks for |escapejs on a text tag (lints.ts). */
const ESCAPE_ADVICE = 'a quote, backslash or line break in this value would break the JSON';

/** push(...items) without passing every item as an argument (a body can have more findings than a call takes). */
function pushAll<T>(to: T[], items: readonly T[]): void {
  for (const x of items) to.push(x);
}

/** The most problems reported for one body; past it, one more problem says how many were left out. */
export const MAX_PROBLEMS = 200;

function toProblems(source: string, shape: Shape, findings: Finding[]): Problem[] {
  const problems: (Problem & { offset: number })[] = [];
  const seen = new Set<string>();
  const lineColumn = lineIndex(source);
  const pointers = pointerIndex(shape);
  for (const f of findings) {
    const at = f.at ?? (f.offset !== undefined ? pointers(f.offset) : '');
    const pos = f.offset !== undefined ? lineColumn(f.offset) : undefined;
    const key = `${f.severity}\u0000${f.message}\u0000${f.offset ?? ''}\u0000${at}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({
      severity: f.severity,
      message: f.message,
      at,
      ...(pos ? { line: pos.line, column: pos.column } : {}),
      offset: f.offset ?? -1,
    });
  }
  problems.sort(
    (a, b) =>
      a.offset - b.offset ||
      (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) ||
      a.message.localeCompare(b.message),
  );
  // Where a value already has an error (say, a quoted tag where a number belongs), advice to escape it as text
  // would contradict the fix.
  const errorAt = new Set(problems.filter((p) => p.severity === 'error' && p.at !== '').map((p) => p.at));
  const kept = problems
    .filter((p) => !(p.severity === 'warning' && errorAt.has(p.at) && p.message.startsWith(ESCAPE_ADVICE)))
    .map(({ offset: _o, ...p }) => p);
  if (kept.length <= MAX_PROBLEMS) return kept;
  const rest = kept.slice(MAX_PROBLEMS);
  const errors = rest.filter((p) => p.severity === 'error').length;
  const counts = [
    errors ? `${errors} error${errors === 1 ? '' : 's'}` : '',
    rest.length - errors ? `${rest.length - errors} warning${rest.length - errors === 1 ? '' : 's'}` : '',
  ]
    .filter(Boolean)
    .join(' and ');
  const summary: Problem = {
    severity: errors ? 'error' : 'warning',
    at: '',
    message: `${rest.length} more problems not listed (${counts}): only the first ${MAX_PROBLEMS} are shown; fix those and check again`,
  };
  omitted.set(summary, { errors, warnings: rest.length - errors });
  return [...kept.slice(0, MAX_PROBLEMS), summary];
}

/** What the "N more problems not listed" problem stands for (toProblems). */
const omitted = new WeakMap<Problem, { errors: number; warnings: number }>();

/** Errors and warnings in `problems`, counting those a cut list only summarises. */
export function problemTotals(problems: readonly Problem[]): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const p of problems) {
    const cut = omitted.get(p);
    if (cut) {
      errors += cut.errors;
      warnings += cut.warnings;
    } else if (p.severity === 'error') errors++;
    else warnings++;
  }
  return { errors, warnings };
}
