/**
 * Django's Parser (django/template/base.py) and the compile functions of the built-in tags this renderer
 * supports. Errors carry the offset of the token Django would blame.
 * Over 300 lines: Django's Parser and the compile functions of its built-in tags, side by side as in base.py and defaulttags.py, with the recovering parse's rules beside each.
 */
import { SyntaxProblem, TemplateSyntaxError } from './errors.js';
import { type FilterExpression, compileFilter, smartSplit, splitContents } from './expression.js';
import { lineColumn } from '../util.js';
import { type Token, tokenize } from './lexer.js';
import { isBlockPart, isDjangoTag, liquidInstead, tagEntry } from '../language/index.js';
import {
  AutoescapeNode,
  ConstantNode,
  CycleNode,
  FilterNode,
  FirstOfNode,
  ForNode,
  type IfBranch,
  IfNode,
  KeptBlockNode,
  type Node,
  SpacelessNode,
  TextNode,
  UnparsedVariableNode,
  VariableNode,
  WithNode,
} from './nodes.js';
import { compileKlaviyoTag } from './klaviyo-tags.js';
import { memoize } from '../util.js';
import { type Condition, Unparsed, parseCondition } from './smartif.js';
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

/** A block's tags that a recovering parse found out of place (validate words its own advice from these). */
export type BlockProblem =
  /** An opening tag whose closing tag never came. */
  | { kind: 'unclosed'; name: string; token: Token }
  /** A closing or middle tag where `open` is the innermost open block (a closing tag of an outer block closes it). */
  | { kind: 'misplaced'; name: string; token: Token; open: string }
  /** A closing or middle tag with no block open. */
  | { kind: 'stray'; name: string; token: Token };

export interface ParseResult {
  nodes: Node[];
  /** Django's errors in source order (a strict parse throws the first); empty when the template compiles. */
  errors: TemplateSyntaxError[];
  blocks: BlockProblem[];
}

/** Parses `source` and throws Django's first TemplateSyntaxError. `tokens`: tokenize(source), if at hand. */
export function parseTemplate(source: string, tokens?: Token[]): Node[] {
  return new Parser(source, tokens, false).parse();
}

/**
 * Parses `source` to the end whatever it meets: each error Django would raise is recorded (the first is the one
 * parseTemplate throws) and the tree is still built, so that validate can analyse a template Django refuses.
 */
export function parseRecovering(source: string, tokens?: Token[]): ParseResult {
  const parser = new Parser(source, tokens, true);
  const nodes = parser.parse();
  return { nodes, errors: parser.errors, blocks: parser.blocks };
}

/** A body parsed up to one of its closing tags: `closer` is that tag (consumed), absent where recovery ended it. */
interface Body {
  nodes: Node[];
  closer?: Token;
}

class Parser {
  private pos = 0;
  private readonly commandStack: [string, Token][] = [];
  /** The closing tags each open block waits for, innermost last (read by the recovering parse). */
  private readonly untilStack: (readonly string[])[] = [];
  private readonly namedCycles = new Map<string, CycleNode>();
  private readonly tokens: Token[];
  readonly errors: TemplateSyntaxError[] = [];
  readonly blocks: BlockProblem[] = [];
  /** A misplaced closing tag that ends the blocks inside the one waiting for it (recovering parse). */
  private passing: Token | undefined;

  constructor(
    private readonly source: string,
    tokens: Token[] | undefined,
    private readonly recover: boolean,
  ) {
    this.tokens = tokens ?? tokenize(source);
  }

  error(message: string, token: Token): TemplateSyntaxError {
    return new TemplateSyntaxError(message, token.start, this.source);
  }

  /** Django's error: thrown by a strict parse, recorded by a recovering one (which then carries on). */
  private fail(error: TemplateSyntaxError): void {
    if (!this.recover) throw error;
    this.errors.push(error);
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

  /** at(), but a recovering parse records the error and gets `fallback()`. */
  private orElse<T>(token: Token, f: () => T, fallback: () => T): T {
    try {
      return this.at(token, f);
    } catch (e) {
      if (!(this.recover && e instanceof TemplateSyntaxError)) throw e;
      this.errors.push(e);
      return fallback();
    }
  }

  private nextToken(): Token {
    return this.tokens[this.pos++]!;
  }

  parse(parseUntil: readonly string[] = []): Node[] {
    return this.body(parseUntil).nodes;
  }

  /** Django's Parser.parse(parse_until), leaving the closing tag to the caller (Body.closer). */
  private body(parseUntil: readonly string[]): Body {
    const nodes: Node[] = [];
    this.untilStack.push(parseUntil);
    try {
      while (this.pos < this.tokens.length) {
        const token = this.nextToken();
        if (token.type === 'text') nodes.push(new TextNode(token.start, token.contents));
        else if (token.type === 'var') {
          if (!token.contents) this.fail(this.error(`Empty variable tag on line ${this.lineOf(token)}`, token));
          else {
            const expr = this.orElse(
              token,
              () => compileFilter(token.contents),
              () => null,
            );
            if (expr) nodes.push(new VariableNode(token, expr));
            else nodes.push(new UnparsedVariableNode(token));
          }
        } else if (token.type === 'block') {
          const command = firstWord(token.contents);
          if (command === undefined) {
            this.fail(this.error(`Empty block tag on line ${this.lineOf(token)}`, token));
            continue;
          }
          if (parseUntil.includes(command)) return { nodes, closer: token };
          if (token === this.passing) {
            this.pos--; // a closing tag on its way out to the block that waits for it
            return { nodes };
          }
          if (this.recover && isBlockPart(command)) {
            if (this.misplaced(token, command, parseUntil)) return { nodes };
            continue;
          }
          this.commandStack.push([command, token]);
          nodes.push(this.compileTagRecovering(command, token, parseUntil));
          this.commandStack.pop();
        }
      }
      if (parseUntil.length > 0) this.unclosed(parseUntil);
      return { nodes };
    } finally {
      this.untilStack.pop();
    }
  }

  /**
   * A closing or middle tag the innermost block does not take, in a recovering parse: recorded; true when an
   * outer block waits for it (the innermost block then ends here and the tag is left to that block).
   */
  private misplaced(token: Token, command: string, parseUntil: readonly string[]): boolean {
    this.errors.push(this.invalidTag(token, command, parseUntil));
    const open = this.commandStack.at(-1)?.[0];
    this.blocks.push(
      open === undefined ? { kind: 'stray', name: command, token } : { kind: 'misplaced', name: command, token, open },
    );
    const outer = command.startsWith('end') && this.untilStack.slice(0, -1).some((u) => u.includes(command));
    if (outer) {
      this.pos--;
      this.passing = token;
    }
    return outer;
  }

  private unclosed(parseUntil: readonly string[]): void {
    const [command, token] = this.commandStack.at(-1)!;
    this.blocks.push({ kind: 'unclosed', name: command, token });
    this.fail(
      this.error(
        `Unclosed tag on line ${this.lineOf(token)}: '${command}'. Looking for one of: ${parseUntil.join(', ')}.`,
        token,
      ),
    );
  }

  private invalidTag(token: Token, command: string, parseUntil: readonly string[]): TemplateSyntaxError {
    const instead = liquidInstead(command);
    if (instead !== undefined)
      return this.error(
        `Invalid block tag on line ${this.lineOf(token)}: '${command}' is Liquid syntax; Django uses ${instead}.`,
        token,
      );
    // (The tags Django compiles itself reach here only when this renderer does not.)
    if (isDjangoTag(command))
      return this.error(
        `'${command}' is a Django tag this renderer does not support (line ${this.lineOf(token)}).`,
        token,
      );
    if (parseUntil.length > 0) {
      const expected = parseUntil.map((p) => `'${p}'`);
      const list = expected.length === 1 ? expected[0] : `${expected.slice(0, -1).join(', ')} or ${expected.at(-1)}`;
      return this.error(
        `Invalid block tag on line ${this.lineOf(token)}: '${command}', expected ${list}. Did you forget to register or load this tag?`,
        token,
      );
    }
    return this.error(
      `Invalid block tag on line ${this.lineOf(token)}: '${command}'. Did you forget to register or load this tag?`,
      token,
    );
  }

  /**
   * compileTag; where a recovering parse meets an error in the tag itself, the error is recorded and a block tag's
   * bodies are still parsed (to its closing tag in the catalogue), so the tags inside it keep their places.
   */
  private compileTagRecovering(command: string, token: Token, parseUntil: readonly string[]): Node {
    const after = this.pos;
    try {
      return this.compileTag(command, token, parseUntil);
    } catch (e) {
      if (!(this.recover && e instanceof TemplateSyntaxError)) throw e;
      this.errors.push(e);
      if (this.pos !== after) return new ConstantNode(token.start, '');
      const entry = tagEntry(command);
      const bodies: Node[][] = [];
      if (entry?.end !== undefined && command !== 'comment') {
        const until = [entry.end, ...(entry.middle ?? [])];
        let part: Body;
        do {
          part = this.body(until);
          bodies.push(part.nodes);
        } while (part.closer && firstWord(part.closer.contents) !== entry.end);
      }
      return new KeptBlockNode(token.start, command, bodies);
    }
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
        const body = this.parseBlock('endverbatim');
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
      case 'spaceless':
        return new SpacelessNode(token.start, this.parseBlock('endspaceless'));
      case 'autoescape': {
        const bits = pySplitWords(token.contents);
        if (bits.length !== 2) throw this.error("'autoescape' tag requires exactly one argument.", token);
        if (bits[1] !== 'on' && bits[1] !== 'off')
          throw this.error("'autoescape' argument should be 'on' or 'off'", token);
        return new AutoescapeNode(token.start, bits[1] === 'on', this.parseBlock('endautoescape'));
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
        return new FilterNode(token.start, expr, this.parseBlock('endfilter'));
      }
      default: {
        const node = this.at(token, () => compileKlaviyoTag(command, token, (end) => this.parseBlock(end)));
        if (node) return node;
        throw this.invalidTag(token, command, parseUntil);
      }
    }
  }

  /** A block's body up to `end`, and the closing tag itself. */
  private parseBlock(end: string): Node[] {
    return this.body([end]).nodes;
  }

  private skipPast(endtag: string) {
    while (this.pos < this.tokens.length) {
      const t = this.nextToken();
      if (t.type === 'block' && t.contents === endtag) return;
    }
    this.unclosed([endtag]);
  }

  /** Where a block ends: after its closing tag, or (recovering) where its body stopped. */
  private endOf(closer: Token | undefined): number {
    return closer?.end ?? this.tokens[this.pos]?.start ?? this.source.length;
  }

  private parseIf(token: Token): Node {
    const branches: IfBranch[] = [];
    const condition = (t: Token): Condition =>
      this.orElse(
        t,
        () => ifCondition(t.contents),
        () => looseCondition(smartSplit(t.contents).slice(1)),
      );
    const until = ['elif', 'else', 'endif'];
    const first = condition(token);
    let part = this.body(until);
    branches.push({ condition: first, body: part.nodes, token });
    while (part.closer?.contents.startsWith('elif')) {
      const t = part.closer;
      const c = condition(t);
      part = this.body(until);
      branches.push({ condition: c, body: part.nodes, token: t });
    }
    if (part.closer && firstWord(part.closer.contents) === 'else') {
      const t = part.closer;
      // `{% else if … %}` is malformed; a recovering parse reads it as the else it was probably meant to be.
      if (t.contents !== 'else')
        this.fail(this.error(`Malformed template tag at line ${this.lineOf(t)}: "${t.contents}"`, t));
      part = this.body(['endif']);
      branches.push({ condition: null, body: part.nodes, token: t });
    }
    const t = part.closer;
    if (t && t.contents !== 'endif')
      this.fail(this.error(`Malformed template tag at line ${this.lineOf(t)}: "${t.contents}"`, t));
    return new IfNode(branches, this.endOf(t));
  }

  private parseFor(token: Token): Node {
    const bits = this.orElse(
      token,
      () => splitContents(token.contents),
      () => smartSplit(token.contents),
    );
    const reversed = bits[bits.length - 1] === 'reversed';
    const inIndex = bits.length + (reversed ? -3 : -2);
    let loopvars: string[] = [];
    let sequence: FilterExpression | null = null;
    // A recovering parse reads a malformed header loosely, for the names it binds (what validate's scope needs).
    const loose = () => {
      const at = bits.indexOf('in');
      loopvars = at < 0 ? [] : bits.slice(1, at).join(' ').split(/ *, */).filter(Boolean);
      sequenceText = at < 0 ? '' : bits.slice(at + 1, reversed ? -1 : undefined).join(' ');
    };
    let sequenceText = bits[inIndex + 1] ?? '';
    if (bits.length < 4) {
      this.fail(this.error(`'for' statements should have at least four words: ${token.contents}`, token));
      loose();
    } else if (bits[inIndex] !== 'in') {
      this.fail(this.error(`'for' statements should use the format 'for x in y': ${token.contents}`, token));
      loose();
    } else {
      loopvars = bits.slice(1, inIndex).join(' ').split(/ *, */);
      if (loopvars.some((v) => !v || /[ "'|]/.test(v))) {
        this.fail(this.error(`'for' tag received an invalid argument: ${token.contents}`, token));
        loose();
      } else
        sequence = this.orElse(
          token,
          () => compileFilter(bits[inIndex + 1]!),
          () => null,
        );
    }
    const part = this.body(['empty', 'endfor']);
    let empty: Node[] = [];
    let end = part.closer;
    const emptyToken = end?.contents === 'empty' ? end : undefined;
    if (emptyToken) {
      const rest = this.body(['endfor']);
      empty = rest.nodes;
      end = rest.closer;
    }
    return new ForNode(
      token,
      loopvars,
      sequenceText,
      sequence,
      reversed,
      part.nodes,
      empty,
      emptyToken,
      this.endOf(end),
    );
  }

  private parseWith(token: Token): Node {
    const bits = this.orElse(
      token,
      () => splitContents(token.contents),
      () => smartSplit(token.contents),
    );
    const remaining = bits.slice(1);
    const { values, names } = tokenKwargs(remaining);
    const assignments = this.orElse(
      token,
      () => {
        for (const v of values) compileFilter(v);
        return names.map(([name, text]): [string, FilterExpression] => [name, compileFilter(text)]);
      },
      () => [],
    );
    if (names.length === 0) this.fail(this.error(`'${bits[0]}' expected at least one variable assignment`, token));
    else if (remaining.length > 0) {
      this.fail(this.error(`'${bits[0]}' received an invalid token: '${remaining[0]}'`, token));
      // A recovering parse still reads the later `name=value` words, for validate's scope.
      for (const bit of remaining) {
        const m = KWARG_RE.exec(bit);
        if (m?.[1] !== undefined) names.push([m[1], m[2]!]);
      }
    }
    const part = this.body(['endwith']);
    return new WithNode(token, assignments, names, part.nodes, this.endOf(part.closer));
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

/** A condition Django refuses, read by a recovering parse: its operators if only operands fail, else its words. */
function looseCondition(bits: string[]): Condition {
  try {
    return parseCondition(bits, true);
  } catch (e) {
    if (e instanceof SyntaxProblem) return new Unparsed(bits);
    throw e;
  }
}

/**
 * token_kwargs(bits, parser, support_legacy=True), without compiling: every value read in order (Django compiles
 * each as it reads it) and the assignments (a later one of the same name replaces the value). Consumes what it
 * parses from `bits`.
 */
function tokenKwargs(bits: string[]): { values: string[]; names: [string, string][] } {
  const values: string[] = [];
  const out = new Map<string, string>();
  const result = () => ({ values, names: [...out.entries()] });
  if (bits.length === 0) return result();
  const first = KWARG_RE.exec(bits[0]!);
  const kwargFormat = first !== null && first[1] !== undefined;
  if (!kwargFormat && (bits.length < 3 || bits[1] !== 'as')) return result();
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
    values.push(value);
    out.set(key, value);
    if (bits.length > 0 && !kwargFormat) {
      if (bits[0] !== 'and') return result();
      bits.splice(0, 1);
    }
  }
  return result();
}
