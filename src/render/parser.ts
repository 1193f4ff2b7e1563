/**
 * Django's Parser (django/template/base.py) and the compile functions of the built-in tags this renderer
 * supports. Errors carry the offset of the token Django would blame.
 */
import { SyntaxProblem, TemplateSyntaxError } from './errors.js';
import { type FilterExpression, compileFilter, splitContents } from './expression.js';
import { type Token, lineColumn, tokenize } from './lexer.js';
import {
  AutoescapeNode,
  ConstantNode,
  CycleNode,
  FilterNode,
  FirstOfNode,
  ForNode,
  IfNode,
  type Node,
  SpacelessNode,
  TextNode,
  VariableNode,
  WithNode,
} from './nodes.js';
import { isDjangoTag, liquidInstead } from '../language/index.js';
import { compileKlaviyoTag } from './klaviyo-tags.js';
import { memoize } from './memo.js';
import { type Condition, parseCondition } from './smartif.js';
import { PY_WS } from './values.js';

const TEMPLATETAG: Record<string, string> = {
  openblock: '{%',
  closeblock: '%}',
  openvariable: '{{',
  closevariable: '}}',
  openbrace: '{',
  closebrace: '}',
  opencomment: '{#',
  closecomment: '#}',
};

const KWARG_RE = /^(?:([\p{L}\p{N}_]+)=)?([^\n]+)/u;
// Built once: a RegExp made per call is compiled (and allocated) per block tag.
const PY_WS_RUN = new RegExp(`[${PY_WS}]+`);
const pySplitWords = (s: string) => s.split(PY_WS_RUN).filter((w) => w !== '');
const FILTER_TAG_RE = new RegExp(`^[^${PY_WS}]+[${PY_WS}]+([^]*)$`);
const WORD_RE = new RegExp(`[^${PY_WS}]+`);
/** pySplitWords(s)[0], without splitting the rest (an `{% if %}` tag's condition can be long). */
const firstWord = (s: string): string | undefined => WORD_RE.exec(s)?.[0];

/** The condition of `{% if … %}`/`{% elif … %}` from the tag's contents; Conditions hold no state, so equal tags share one. */
const ifCondition = memoize((contents: string): Condition => parseCondition(splitContents(contents).slice(1)));

export class Parser {
  private pos = 0;
  private readonly commandStack: [string, Token][] = [];
  private readonly namedCycles = new Map<string, CycleNode>();
  private readonly tokens: Token[];

  /** `tokens`: tokenize(source), when the caller has it already. */
  constructor(
    private readonly source: string,
    tokens?: Token[],
  ) {
    this.tokens = tokens ?? tokenize(source);
  }

  error(message: string, token: Token): TemplateSyntaxError {
    return new TemplateSyntaxError(message, token.start, this.source);
  }

  private lineOf(token: Token) {
    return lineColumn(this.source, token.start).line;
  }

  /** Compile part of a tag; expression problems become TemplateSyntaxErrors at `token`. */
  private at<T>(token: Token, f: () => T): T {
    try {
      return f();
    } catch (e) {
      if (e instanceof SyntaxProblem) throw this.error(e.message, token);
      throw e;
    }
  }

  private nextToken(): Token {
    return this.tokens[this.pos++]!;
  }

  parse(parseUntil: readonly string[] = []): Node[] {
    const nodes: Node[] = [];
    while (this.pos < this.tokens.length) {
      const token = this.nextToken();
      if (token.type === 'text') nodes.push(new TextNode(token.start, token.contents));
      else if (token.type === 'var') {
        if (!token.contents) throw this.error(`Empty variable tag on line ${this.lineOf(token)}`, token);
        nodes.push(
          new VariableNode(
            token.start,
            this.at(token, () => compileFilter(token.contents)),
          ),
        );
      } else if (token.type === 'block') {
        const command = firstWord(token.contents);
        if (command === undefined) throw this.error(`Empty block tag on line ${this.lineOf(token)}`, token);
        if (parseUntil.includes(command)) {
          this.pos--; // the caller reads the closing tag
          return nodes;
        }
        this.commandStack.push([command, token]);
        nodes.push(this.compileTag(command, token, parseUntil));
        this.commandStack.pop();
      }
    }
    if (parseUntil.length > 0) this.unclosed(parseUntil);
    return nodes;
  }

  private unclosed(parseUntil: readonly string[]): never {
    const [command, token] = this.commandStack.pop()!;
    throw this.error(
      `Unclosed tag on line ${this.lineOf(token)}: '${command}'. Looking for one of: ${parseUntil.join(', ')}.`,
      token,
    );
  }

  private invalidTag(token: Token, command: string, parseUntil: readonly string[]): never {
    const instead = liquidInstead(command);
    if (instead !== undefined)
      throw this.error(
        `Invalid block tag on line ${this.lineOf(token)}: '${command}' is Liquid syntax; Django uses ${instead}.`,
        token,
      );
    // (The tags Django compiles itself reach here only when this renderer does not.)
    if (isDjangoTag(command)) {
      throw this.error(
        `'${command}' is a Django tag this renderer does not support (line ${this.lineOf(token)}).`,
        token,
      );
    }
    if (parseUntil.length > 0) {
      const expected = parseUntil.map((p) => `'${p}'`);
      const list = expected.length === 1 ? expected[0] : `${expected.slice(0, -1).join(', ')} or ${expected.at(-1)}`;
      throw this.error(
        `Invalid block tag on line ${this.lineOf(token)}: '${command}', expected ${list}. Did you forget to register or load this tag?`,
        token,
      );
    }
    throw this.error(
      `Invalid block tag on line ${this.lineOf(token)}: '${command}'. Did you forget to register or load this tag?`,
      token,
    );
  }

  private compileTag(command: string, token: Token, parseUntil: readonly string[]): Node {
    switch (command) {
      case 'if':
        return this.parseIf(token);
      case 'for':
        return this.parseFor(token);
      case 'with':
        return this.parseWith(token);
      case 'firstof':
        return this.parseFirstOf(token);
      case 'cycle':
        return this.parseCycle(token);
      case 'comment':
        this.skipPast('endcomment');
        return new ConstantNode(token.start, '');
      case 'verbatim': {
        const body = this.parse(['endverbatim']);
        this.pos++;
        return new ConstantNode(token.start, body.map((n) => (n as TextNode).text).join(''));
      }
      case 'templatetag': {
        const bits = pySplitWords(token.contents);
        if (bits.length !== 2) throw this.error("'templatetag' statement takes one argument", token);
        const text = Object.hasOwn(TEMPLATETAG, bits[1]!) ? TEMPLATETAG[bits[1]!] : undefined;
        if (text === undefined) {
          throw this.error(
            `Invalid templatetag argument: '${bits[1]}'. Must be one of: [${Object.keys(TEMPLATETAG)
              .map((k) => `'${k}'`)
              .join(', ')}]`,
            token,
          );
        }
        return new ConstantNode(token.start, text);
      }
      case 'spaceless': {
        const body = this.parse(['endspaceless']);
        this.pos++;
        return new SpacelessNode(token.start, body);
      }
      case 'autoescape': {
        const bits = pySplitWords(token.contents);
        if (bits.length !== 2) throw this.error("'autoescape' tag requires exactly one argument.", token);
        if (bits[1] !== 'on' && bits[1] !== 'off')
          throw this.error("'autoescape' argument should be 'on' or 'off'", token);
        const body = this.parse(['endautoescape']);
        this.pos++;
        return new AutoescapeNode(token.start, bits[1] === 'on', body);
      }
      case 'filter': {
        const m = FILTER_TAG_RE.exec(token.contents);
        if (!m) throw this.error("'filter' tag requires a filter expression", token);
        const expr = this.at(token, () => compileFilter(`var|${m[1]}`));
        for (const f of expr.filters) {
          if (f.name === 'escape' || f.name === 'safe') {
            throw this.error(`"filter ${f.name}" is not permitted.  Use the "autoescape" tag instead.`, token);
          }
        }
        const body = this.parse(['endfilter']);
        this.pos++;
        return new FilterNode(token.start, expr, body);
      }
      default:
        return (
          this.at(token, () => compileKlaviyoTag(command, token, (end) => this.parseBlock(end))) ??
          this.invalidTag(token, command, parseUntil)
        );
    }
  }

  /** A block's body up to `end`, and the closing tag itself. */
  private parseBlock(end: string): Node[] {
    const body = this.parse([end]);
    this.pos++;
    return body;
  }

  private skipPast(endtag: string) {
    while (this.pos < this.tokens.length) {
      const t = this.nextToken();
      if (t.type === 'block' && t.contents === endtag) return;
    }
    this.unclosed([endtag]);
  }

  private parseIf(token: Token): Node {
    const branches: { condition: Condition | null; body: Node[] }[] = [];
    const condition = (t: Token) => this.at(t, () => ifCondition(t.contents));
    branches.push({ condition: condition(token), body: this.parse(['elif', 'else', 'endif']) });
    let t = this.nextToken();
    while (t.contents.startsWith('elif')) {
      const c = condition(t);
      branches.push({ condition: c, body: this.parse(['elif', 'else', 'endif']) });
      t = this.nextToken();
    }
    if (t.contents === 'else') {
      branches.push({ condition: null, body: this.parse(['endif']) });
      t = this.nextToken();
    }
    if (t.contents !== 'endif')
      throw this.error(`Malformed template tag at line ${this.lineOf(t)}: "${t.contents}"`, t);
    return new IfNode(token.start, branches);
  }

  private parseFor(token: Token): Node {
    const bits = this.at(token, () => splitContents(token.contents));
    if (bits.length < 4) throw this.error(`'for' statements should have at least four words: ${token.contents}`, token);
    const reversed = bits[bits.length - 1] === 'reversed';
    const inIndex = bits.length + (reversed ? -3 : -2);
    if (bits[inIndex] !== 'in')
      throw this.error(`'for' statements should use the format 'for x in y': ${token.contents}`, token);
    const loopvars = bits.slice(1, inIndex).join(' ').split(/ *, */);
    for (const v of loopvars) {
      if (!v || /[ "'|]/.test(v)) throw this.error(`'for' tag received an invalid argument: ${token.contents}`, token);
    }
    const sequence = this.at(token, () => compileFilter(bits[inIndex + 1]!));
    const body = this.parse(['empty', 'endfor']);
    const t = this.nextToken();
    let empty: Node[] = [];
    if (t.contents === 'empty') {
      empty = this.parse(['endfor']);
      this.pos++;
    }
    return new ForNode(token.start, loopvars, sequence, reversed, body, empty);
  }

  private parseWith(token: Token): Node {
    const bits = this.at(token, () => splitContents(token.contents));
    const remaining = bits.slice(1);
    const assignments = this.at(token, () => tokenKwargs(remaining));
    if (assignments.length === 0) throw this.error(`'${bits[0]}' expected at least one variable assignment`, token);
    if (remaining.length > 0) throw this.error(`'${bits[0]}' received an invalid token: '${remaining[0]}'`, token);
    const body = this.parse(['endwith']);
    this.pos++;
    return new WithNode(token.start, assignments, body);
  }

  private parseFirstOf(token: Token): Node {
    let bits = this.at(token, () => splitContents(token.contents)).slice(1);
    if (bits.length === 0) throw this.error("'firstof' statement requires at least one argument", token);
    let asvar: string | null = null;
    if (bits.length >= 2 && bits[bits.length - 2] === 'as') {
      asvar = bits[bits.length - 1]!;
      bits = bits.slice(0, -2);
    }
    return new FirstOfNode(
      token.start,
      this.at(token, () => bits.map(compileFilter)),
      asvar,
    );
  }

  private parseCycle(token: Token): Node {
    let args = this.at(token, () => splitContents(token.contents));
    if (args.length < 2) throw this.error("'cycle' tag requires at least two arguments", token);
    if (args.length === 2) {
      const name = args[1]!;
      if (this.namedCycles.size === 0) throw this.error(`No named cycles in template. '${name}' is not defined`, token);
      const node = this.namedCycles.get(name);
      if (!node) throw this.error(`Named cycle '${name}' does not exist`, token);
      return node;
    }
    let asForm = false;
    let silent = false;
    if (args.length > 4) {
      if (args[args.length - 3] === 'as') {
        if (args[args.length - 1] !== 'silent') {
          throw this.error(`Only 'silent' flag is allowed after cycle's name, not '${args[args.length - 1]}'.`, token);
        }
        asForm = true;
        silent = true;
        args = args.slice(0, -1);
      } else if (args[args.length - 2] === 'as') asForm = true;
    }
    if (asForm) {
      const name = args[args.length - 1]!;
      const values = this.at(token, () => args.slice(1, -2).map(compileFilter));
      const node = new CycleNode(token.start, values, name, silent);
      this.namedCycles.set(name, node);
      return node;
    }
    return new CycleNode(
      token.start,
      this.at(token, () => args.slice(1).map(compileFilter)),
      null,
      false,
    );
  }
}

/** token_kwargs(bits, parser, support_legacy=True); consumes what it parses from `bits`. */
function tokenKwargs(bits: string[]): [string, FilterExpression][] {
  if (bits.length === 0) return [];
  const first = KWARG_RE.exec(bits[0]!);
  const kwargFormat = first !== null && first[1] !== undefined;
  if (!kwargFormat && (bits.length < 3 || bits[1] !== 'as')) return [];
  const out = new Map<string, FilterExpression>();
  const result = () => [...out.entries()];
  while (bits.length > 0) {
    let key: string;
    let value: string;
    if (kwargFormat) {
      const m = KWARG_RE.exec(bits[0]!);
      if (!m || m[1] === undefined) return result();
      key = m[1];
      value = m[2]!;
      bits.splice(0, 1);
    } else {
      if (bits.length < 3 || bits[1] !== 'as') return result();
      key = bits[2]!;
      value = bits[0]!;
      bits.splice(0, 3);
    }
    out.set(key, compileFilter(value));
    if (bits.length > 0 && !kwargFormat) {
      if (bits[0] !== 'and') return result();
      bits.splice(0, 1);
    }
  }
  return result();
}
