/**
 * Django's FilterExpression and Variable (django/template/base.py): the filter_re grammar, literal parsing
 * (numbers, quoted strings with unescape_string_literal, True/False/None via the context builtins), filter
 * argument checks, and resolution with string_if_invalid = ''.
 */
import { type Context, VariableDoesNotExist, resolveLookups } from './context.js';
import { checkSize } from './budget.js';
import { SyntaxProblem } from './errors.js';
import { memoize } from '../util.js';
import { FILTERS, type FilterDef, type FilterEnv, markSafe } from './filters.js';
import { filterEntry } from '../language/index.js';
import { klaviyoFilter } from './klaviyo-filters.js';
import { PY_WS, PyFloat, SafeString, isStr, pyFloatOfText, pyIntOfText, pyStr } from './values.js';

/**
 * The expression regexes of Django's FilterExpression and smart_split. Python's \w, \d and \s on str patterns are
 * Unicode-aware, so the patterns use \p{L}, \p{N} and Python's whitespace (PY_WS).
 */
const STR_DQ = '"[^"\\\\]*(?:\\\\[^\\n][^"\\\\]*)*"';
const STR_SQ = "'[^'\\\\]*(?:\\\\[^\\n][^'\\\\]*)*'";
const CONSTANT = `(?:_\\(${STR_DQ}\\)|_\\(${STR_SQ}\\)|${STR_DQ}|${STR_SQ})`;
const NUM = '[-+.]?[\\p{Nd}][\\p{Nd}.e]*';
const VAR = `(?:[\\p{L}\\p{N}_.]+|${NUM})`;
const FILTER = `[${PY_WS}]*\\|[${PY_WS}]*(?<name>[\\p{L}\\p{N}_]+)(?::(?:(?<carg>${CONSTANT})|(?<varg>${VAR})))?`;
const HEAD_RE = new RegExp(`(?<constant>${CONSTANT})|(?<var>${VAR})`, 'uy');
const FILTER_RE = new RegExp(FILTER, 'uy');
const ANY_FILTER_RE = new RegExp(FILTER, 'ug');
const SMART_SPLIT_RE = new RegExp(
  `((?:[^${PY_WS}'"]*(?:(?:"(?:[^"\\\\]|\\\\[^\\n])*"|'(?:[^'\\\\]|\\\\[^\\n])*')[^${PY_WS}'"]*)+)|[^${PY_WS}]+)`,
  'ug',
);

export type Operand = { kind: 'literal'; value: unknown } | { kind: 'lookup'; lookups: string[]; text: string };

/** unescape_string_literal, or null when `s` is not a quoted literal. */
function unescapeStringLiteral(s: string): string | null {
  const q = s[0];
  if ((q !== '"' && q !== "'") || s[s.length - 1] !== q) return null;
  return s.slice(1, -1).split(`\\${q}`).join(q).split('\\\\').join('\\');
}

/** Variable(var) from django.template.base. */
export function parseVariable(text: string): Operand {
  // Django tries float()/int() and catches ValueError; the non-throwing forms give the same answers.
  if (text.includes('.') || text.toLowerCase().includes('e')) {
    const f = pyFloatOfText(text);
    if (f !== undefined && !text.endsWith('.'))
      return { kind: 'literal', value: Number.isInteger(f) ? new PyFloat(f) : f };
  } else {
    const n = pyIntOfText(text);
    if (n !== undefined) return { kind: 'literal', value: n };
  }
  let body = text;
  let translate = false;
  if (body.startsWith('_(') && body.endsWith(')')) {
    translate = true;
    body = body.slice(2, -1);
  }
  const literal = unescapeStringLiteral(body);
  if (literal !== null) {
    // gettext of a message with no translation returns it; '%' was doubled for the msgid.
    return { kind: 'literal', value: new SafeString(translate ? literal.replace(/%/g, '%%') : literal) };
  }
  if (body.includes('._') || body[0] === '_') {
    throw new SyntaxProblem(`Variables and attributes may not begin with underscores: '${body}'`);
  }
  return { kind: 'lookup', lookups: body.split('.'), text: body };
}

/** A literal whose value is an object (a str or a float), so its identity is observable with `is`. */
function isObjectLiteral(op: Operand): boolean {
  return op.kind === 'literal' && (op.value instanceof SafeString || op.value instanceof PyFloat);
}

function freshLiteral(op: Operand): Operand {
  if (op.kind !== 'literal') return op;
  if (op.value instanceof SafeString) return { kind: 'literal', value: new SafeString(op.value.value) };
  if (op.value instanceof PyFloat) return { kind: 'literal', value: new PyFloat(op.value.value) };
  return op;
}

export function resolveOperand(op: Operand, context: Context): unknown {
  return op.kind === 'literal' ? op.value : resolveLookups(context, op.lookups);
}

interface AppliedFilter {
  name: string;
  def: FilterDef;
  arg: Operand | null;
}

export class FilterExpression {
  constructor(
    readonly token: string,
    readonly head: Operand,
    readonly filters: readonly AppliedFilter[],
  ) {
    this.objectLiterals = isObjectLiteral(head) || filters.some((f) => f.arg !== null && isObjectLiteral(f.arg));
  }

  private readonly objectLiterals: boolean;

  /** The same expression with new literal objects, as compiling its token again would give. */
  copy(): FilterExpression {
    if (!this.objectLiterals) return this;
    return new FilterExpression(
      this.token,
      freshLiteral(this.head),
      this.filters.map((f) => (f.arg === null ? f : { ...f, arg: freshLiteral(f.arg) })),
    );
  }

  /** FilterExpression.resolve: a missing variable becomes None (ignoreFailures) or ''. */
  resolve(context: Context, ignoreFailures = false): unknown {
    let obj: unknown;
    if (context.state.notes) context.state.expression = this.token;
    try {
      obj = resolveOperand(this.head, context);
    } catch (e) {
      if (!(e instanceof VariableDoesNotExist)) throw e;
      obj = ignoreFailures ? null : '';
    }
    for (const f of this.filters) {
      // A filter argument naming a missing variable raises VariableDoesNotExist, as in Django.
      const arg = f.arg === null ? undefined : resolveOperand(f.arg, context);
      obj = applyFilter(f.def, obj, arg, context.state);
      checkSize(`the filter ${f.name}`, obj);
    }
    return obj;
  }
}

export function applyFilter(def: FilterDef, value: unknown, arg: unknown, env: FilterEnv): unknown {
  const input = def.stringFilter && !isStr(value) ? pyStr(value) : value;
  const out = def.fn(input, arg, env);
  // Both @stringfilter and FilterExpression.resolve keep is_safe output safe when the input was.
  return def.isSafe && value instanceof SafeString ? markSafe(out) : out;
}

const compileShared = memoize(compileFilterUncached);

/**
 * Parser.compile_filter(token). The parse is cached by token text; each call still gets literal objects of its
 * own (Python's `is` tells apart two "a" literals compiled separately), the rest is immutable and shared.
 */
export function compileFilter(token: string): FilterExpression {
  return compileShared(token).copy();
}

function compileFilterUncached(token: string): FilterExpression {
  HEAD_RE.lastIndex = 0;
  const head = HEAD_RE.exec(token);
  if (!head) {
    FILTER_RE.lastIndex = 0;
    if (FILTER_RE.test(token)) throw new SyntaxProblem(`Could not find variable at start of ${token}.`);
    throw remainderProblem(token, 0);
  }
  const constant = head.groups!.constant;
  const operand: Operand = constant !== undefined ? parseVariable(constant) : parseVariable(head.groups!.var!);
  let upto = head[0].length;
  const filters: AppliedFilter[] = [];
  while (upto < token.length) {
    FILTER_RE.lastIndex = upto;
    const m = FILTER_RE.exec(token);
    if (!m) throw remainderProblem(token, upto);
    const name = m.groups!.name!;
    const carg = m.groups!.carg;
    const varg = m.groups!.varg;
    // The catalogue says which filters exist and their arity; Django's or Klaviyo's module renders them.
    const entry = filterEntry(name);
    const def = entry && (klaviyoFilter(entry, FILTERS) ?? FILTERS.get(name));
    if (!entry || !def) throw new SyntaxProblem(`Invalid filter: '${name}'`);
    const arg: Operand | null =
      carg !== undefined ? parseVariable(carg) : varg !== undefined ? parseVariable(varg) : null;
    const provided = arg ? 2 : 1;
    if (provided < entry.minArgs + 1 || provided > entry.maxArgs + 1) {
      throw new SyntaxProblem(`${name} requires ${entry.minArgs + 1} arguments, ${provided} provided`);
    }
    filters.push({ name, def, arg });
    upto = m.index + m[0].length;
  }
  return new FilterExpression(token, operand, filters);
}

function remainderProblem(token: string, upto: number): SyntaxProblem {
  ANY_FILTER_RE.lastIndex = upto;
  const later = ANY_FILTER_RE.exec(token);
  if (later) {
    const start = later.index;
    return new SyntaxProblem(
      `Could not parse some characters: ${token.slice(0, upto)}|${token.slice(upto, start)}|${token.slice(start)}`,
    );
  }
  return new SyntaxProblem(`Could not parse the remainder: '${token.slice(upto)}' from '${token}'`);
}

/** Django's smart_split: words, with quoted text kept whole. */
export function smartSplit(contents: string): string[] {
  return [...contents.matchAll(SMART_SPLIT_RE)].map((m) => m[0]);
}

/** Token.split_contents(): smart_split, re-joining translated `_("a b")` pieces. */
export function splitContents(contents: string): string[] {
  const bits = smartSplit(contents);
  const out: string[] = [];
  for (let i = 0; i < bits.length; i++) {
    let bit = bits[i]!;
    if (bit.startsWith('_("') || bit.startsWith("_('")) {
      const sentinel = `${bit[2]})`;
      const parts = [bit];
      while (!bit.endsWith(sentinel)) {
        i++;
        if (i >= bits.length) throw new SyntaxProblem(`Unclosed translation string in '${contents}'`);
        bit = bits[i]!;
        parts.push(bit);
      }
      bit = parts.join(' ');
    }
    out.push(bit);
  }
  return out;
}
