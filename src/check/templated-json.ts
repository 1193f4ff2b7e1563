/**
 * JSON with Django template tags in it, read as JSON lexemes plus the template's control structure.
 * A tag inside a JSON string is string content; an unquoted `{{ }}` is a value placeholder; the renderer's
 * `{% if %}`, `{% for %}` and `{% with %}` nodes whose tags stand outside strings become tree nodes around the
 * lexemes, so that every way the body can render can be checked (json-paths.ts).
 * Over 300 lines: the JSON lexer and the placing of its lexemes in the renderer's tree share one data model.
 */
import { tokenize, type Token } from '../render/lexer.js';
import * as render from '../render/nodes.js';
import { parseRecovering } from '../render/parser.js';
import { type Cond, condOf, type WithScope } from './conditions.js';

export type Punct = '{' | '}' | '[' | ']' | ':' | ',';

export type Lexeme =
  | { k: 'punct'; ch: Punct; start: number; end: number }
  /**
   * `literal` is the decoded text outside tags, `template` the decoded text with the tags written back in;
   * `tags` the `{{ }}` inside, `blocks` the `{% %}` inside.
   */
  | { k: 'string'; start: number; end: number; literal: string; template: string; tags: Token[]; blocks: Token[] }
  | { k: 'literal'; value: number | boolean | null; text: string; start: number; end: number }
  /** An unquoted `{{ }}` (or an output tag such as `{% firstof %}`) standing where a value goes. */
  | { k: 'tag'; token: Token; start: number; end: number };

export interface Branch {
  /** The condition (`if`/`elif`), undefined for `else`. */
  cond?: Cond;
  token: Token;
  body: Item[];
}
export interface IfNode {
  k: 'if';
  id: number;
  branches: Branch[];
  start: number;
  end: number;
}
export interface ForNode {
  k: 'for';
  id: number;
  loopVars: readonly string[];
  token: Token;
  body: Item[];
  empty: Item[];
  start: number;
  end: number;
}
export interface WithNode {
  k: 'with';
  body: Item[];
  start: number;
  end: number;
}
export type Item = Lexeme | IfNode | ForNode | WithNode;

export interface JsonSyntaxError {
  offset: number;
  message: string;
}

export interface TemplatedJson {
  tokens: Token[];
  lexemes: Lexeme[];
  root: Item[];
  /** Lexing stopped here (the first lexical error), so later structure is unknown. */
  lexError?: JsonSyntaxError;
  /** Offset of the end of the text, for "unexpected end" errors. */
  endOffset: number;
}

/** Tags that print something: they stand for a value like `{{ }}`. */
const OUTPUT_TAGS = new Set(['firstof', 'cycle', 'now', 'widthratio', 'templatetag', 'lorem', 'url']);

/** The tag's first word: the text before its first whitespace (found without splitting or copying the rest). */
export function tagName(token: Token): string {
  const end = token.contents.search(/\s/);
  return end < 0 ? token.contents : token.contents.slice(0, end);
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
const NUMBER_RE = /-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/y;
const WORD_RE = /true|false|null/y;

function describeChar(ch: string): string {
  return JSON.stringify(ch);
}

/**
 * Lexes the body. `tokens` defaults to the template lexer's (pass one text token to read plain JSON); `nodes`, the
 * renderer's tree of the same tokens, to its recovering parse.
 */
export function lexTemplatedJson(
  source: string,
  tokens: Token[] = tokenize(source),
  nodes: readonly render.Node[] = parseRecovering(source, tokens).nodes,
): TemplatedJson {
  const lexemes: Lexeme[] = [];
  /** The block tags outside strings (a tag inside a string is the string's text). */
  const outside = new Set<number>();
  let lexError: JsonSyntaxError | undefined;
  let str: { start: number; literal: string; template: string; tags: Token[]; blocks: Token[] } | undefined;
  let skipUntil: string | undefined; // inside {% comment %}: Django drops everything until endcomment

  outer: for (const tok of tokens) {
    const name = tok.type === 'block' ? tagName(tok) : undefined;
    if (skipUntil !== undefined) {
      if (name === skipUntil) skipUntil = undefined;
      continue;
    }
    if (tok.type === 'comment') continue;
    if (name === 'comment') {
      skipUntil = 'endcomment';
      continue;
    }
    if (name === 'verbatim' || name === 'endverbatim') continue;
    if (tok.type !== 'text') {
      if (str) {
        (tok.type === 'var' ? str.tags : str.blocks).push(tok);
        str.template += tok.type === 'var' ? `{{ ${tok.contents} }}` : `{% ${tok.contents} %}`;
        continue;
      }
      if (tok.type === 'var' || OUTPUT_TAGS.has(name!)) {
        lexemes.push({ k: 'tag', token: tok, start: tok.start, end: tok.end });
      } else outside.add(tok.start);
      continue;
    }
    const text = tok.contents;
    let i = 0;
    while (i < text.length) {
      const at = tok.start + i;
      const ch = text[i]!;
      if (str) {
        // A run of ordinary characters at once (what the last branch below does one character at a time).
        let j = i;
        while (j < text.length) {
          const c = text.charCodeAt(j);
          if (c === 0x22 || c === 0x5c || c < 0x20) break;
          j++;
        }
        if (j > i) {
          const run = text.slice(i, j);
          str.literal += run;
          str.template += run;
          i = j;
          continue;
        }
        if (ch === '"') {
          lexemes.push({
            k: 'string',
            start: str.start,
            end: at + 1,
            literal: str.literal,
            template: str.template,
            tags: str.tags,
            blocks: str.blocks,
          });
          str = undefined;
          i++;
        } else if (ch === '\\') {
          const e = text[i + 1];
          if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
            str.template += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
            str.literal += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
            i += 6;
          } else if (e !== undefined && e in ESCAPES) {
            str.literal += ESCAPES[e];
            str.template += ESCAPES[e];
            i += 2;
          } else {
            lexError = {
              offset: at,
              message:
                e === undefined
                  ? 'a backslash cannot end the text before a tag inside a JSON string: escape it as \\\\'
                  : `invalid escape \\${e} in a JSON string: write \\\\${e} for a backslash`,
            };
            break outer;
          }
        } else if (ch.charCodeAt(0) < 0x20) {
          lexError = {
            offset: at,
            message:
              ch === '\n' || ch === '\r'
                ? 'a JSON string cannot span lines: close the quote on the same line or write \\n'
                : `control character U+${ch.charCodeAt(0).toString(16).padStart(4, '0')} inside a JSON string: escape it`,
          };
          break outer;
        } else {
          str.literal += ch;
          str.template += ch;
          i++;
        }
        continue;
      }
      if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
        i++;
      } else if ('{}[]:,'.includes(ch)) {
        lexemes.push({ k: 'punct', ch: ch as Punct, start: at, end: at + 1 });
        i++;
      } else if (ch === '"') {
        str = { start: at, literal: '', template: '', tags: [], blocks: [] };
        i++;
      } else if (ch === '-' || (ch >= '0' && ch <= '9')) {
        NUMBER_RE.lastIndex = i;
        const m = NUMBER_RE.exec(text);
        if (!m) {
          lexError = { offset: at, message: `invalid number: a JSON number needs digits after "-"` };
          break outer;
        }
        lexemes.push({ k: 'literal', value: Number(m[0]), text: m[0], start: at, end: at + m[0].length });
        i += m[0].length;
      } else if (ch === 't' || ch === 'f' || ch === 'n') {
        WORD_RE.lastIndex = i;
        const m = WORD_RE.exec(text);
        if (!m || /[\w$]/.test(text[i + m[0].length] ?? '')) {
          lexError = { offset: at, message: unexpectedWord(text, i) };
          break outer;
        }
        const value = m[0] === 'true' ? true : m[0] === 'false' ? false : null;
        lexemes.push({ k: 'literal', value, text: m[0], start: at, end: at + m[0].length });
        i += m[0].length;
      } else {
        lexError = { offset: at, message: unexpectedChar(text, i) };
        break outer;
      }
    }
  }
  if (!lexError && str) {
    lexError = { offset: str.start, message: 'this JSON string is never closed: add the closing "' };
  }
  return {
    tokens,
    lexemes,
    root: itemsOf(nodes, lexemes, outside),
    lexError,
    endOffset: source.length,
  };
}

function unexpectedWord(text: string, i: number): string {
  const word = /^[\w$.]+/.exec(text.slice(i))?.[0] ?? text[i];
  if (word === 'True' || word === 'False' || word === 'None') {
    return `${word} is Python, not JSON: write ${word === 'None' ? 'null' : word.toLowerCase()}`;
  }
  return `unexpected ${JSON.stringify(word)}: JSON text must be quoted ("${word}")`;
}

function unexpectedChar(text: string, i: number): string {
  const ch = text[i]!;
  if ('“”'.includes(ch)) return `curly quote ${ch} in JSON: use a straight double quote "`;
  if ("'‘’".includes(ch)) return `JSON strings need double quotes, not ${ch}`;
  if (/[A-Za-z_$]/.test(ch)) return unexpectedWord(text, i);
  if (ch === '/' && (text[i + 1] === '/' || text[i + 1] === '*'))
    return 'JSON has no comments: remove it (or use {# … #})';
  if (ch === '%' || ch === '#') return `stray ${describeChar(ch)}: is a tag missing its opening brace?`;
  return `unexpected character ${describeChar(ch)} in JSON`;
}

/**
 * The lexemes placed in the renderer's tree: an if/for/with node whose tag stands outside strings becomes an
 * item holding the lexemes that start inside each of its bodies; other nodes are looked through.
 */
function itemsOf(nodes: readonly render.Node[], lexemes: readonly Lexeme[], outside: ReadonlySet<number>): Item[] {
  let next = 0;
  let nextId = 0;
  let nextBinding = 0;
  /** Appends to `out` the lexemes that start before `offset`. */
  const upTo = (offset: number, out: Item[]) => {
    while (next < lexemes.length && lexemes[next]!.start < offset) out.push(lexemes[next++]!);
  };
  // The names the `{% with %}` tags around the current node bind (conditions.ts: WithScope).
  const walk = (list: readonly render.Node[], out: Item[], scope: WithScope = new Map()) => {
    for (const node of list) {
      if (node instanceof render.WithNode) {
        const inner = new Map(scope);
        const binding = nextBinding++;
        for (const [name] of node.names) inner.set(name, binding);
        if (outside.has(node.offset)) {
          upTo(node.offset, out);
          const item: WithNode = { k: 'with', body: [], start: node.offset, end: node.end };
          walk(node.body, item.body, inner);
          upTo(node.end, item.body);
          out.push(item);
        } else walk(node.body, out, inner);
      } else if (node instanceof render.IfNode && outside.has(node.offset)) {
        upTo(node.offset, out);
        const item: IfNode = { k: 'if', id: nextId++, branches: [], start: node.offset, end: node.end };
        node.branches.forEach((b, i) => {
          const branch: Branch = {
            ...(b.condition ? { cond: condOf(b.condition, scope) } : {}),
            token: b.token,
            body: [],
          };
          walk(b.body, branch.body, scope);
          upTo(node.branches[i + 1]?.token.start ?? node.end, branch.body);
          item.branches.push(branch);
        });
        out.push(item);
      } else if (node instanceof render.ForNode && outside.has(node.offset)) {
        upTo(node.offset, out);
        const item: ForNode = {
          k: 'for',
          id: nextId++,
          loopVars: node.loopvars,
          token: node.token,
          body: [],
          empty: [],
          start: node.offset,
          end: node.end,
        };
        walk(node.body, item.body, scope);
        upTo(node.emptyToken?.start ?? node.end, item.body);
        walk(node.empty, item.empty, scope);
        upTo(node.end, item.empty);
        out.push(item);
      } else for (const child of node.children()) walk(child, out, scope);
    }
  };
  const root: Item[] = [];
  walk(nodes, root);
  upTo(Number.POSITIVE_INFINITY, root);
  return root;
}
