/**
 * The body as a Django/Klaviyo template: tags that do not close on their line, stray closers, JSON braces that
 * collide with tag openers, unknown and Liquid-only tags, unbalanced blocks, and the filter-expression mistakes
 * expression.ts recognises — each with a message that says the fix. Friendlier than the renderer's syntax error,
 * which index.ts adds only where this found nothing.
 */
import { allTags, liquidInstead } from '../language/index.js';
import type { Token } from '../render/lexer.js';
import { ForNode, type Node } from '../render/nodes.js';
import { type BlockProblem, type ParseResult, parseRecovering } from '../render/parser.js';
import { blockEnd, filterCallFindings, isKnownTag, suggestTags, tagWarning } from './catalogue-lint.js';
import { hasErrorIssue, parseFilterExprShared, splitBits, splitBitsShared } from './expression.js';
import type { Finding } from './finding.js';
import { contentsOffset } from './scope.js';
import { tagName } from './templated-json.js';

const IF_WORDS = new Set(['and', 'or', 'not', 'in', 'is', '==', '!=', '<', '>', '<=', '>=']);

export interface LintOptions {
  /** Check filter names, arity and argument kinds against the catalogue (default true). */
  filters?: boolean;
}

/**
 * `parsed`: the renderer's recovering parse of the same tokens (compileRecovering): the block tags it found out of
 * place are worded here as fixes, and its {% for %} nodes say what each loop iterates; the other checks read the
 * tokens one by one.
 */
export function lintTemplate(
  source: string,
  tokens: Token[],
  parsed: Pick<ParseResult, 'nodes' | 'blocks'> = parseRecovering(source, tokens),
  options: LintOptions = {},
): Finding[] {
  const out: Finding[] = [];
  const err = (offset: number, message: string) => out.push({ severity: 'error', message, offset });

  const lintExpr = (text: string, offset: number, printed = false) => {
    // The shared parse of `text` (offsets from 0), moved to `offset` only where something is reported.
    const e = parseFilterExprShared(text);
    for (const i of e.issues)
      out.push({ severity: i.severity ?? 'error', message: i.message, offset: offset + i.start });
    if (options.filters !== false && !hasErrorIssue(e) && e.filters.length > 0) {
      for (const f of filterCallFindings(e, printed))
        out.push({ severity: f.severity, message: f.message, offset: offset + f.start });
    }
  };

  const loops = forNodes(parsed.nodes);
  for (const b of parsed.blocks) {
    const message = blockMessage(b);
    if (message !== undefined) err(b.token.start, message);
  }
  let inComment = false;
  let inVerbatim = false;
  for (const tok of tokens) {
    if (inComment && !(tok.type === 'block' && tagName(tok) === 'endcomment')) continue;
    if (tok.type === 'text') {
      if (!inVerbatim) lintText(source, tok, err);
      continue;
    }
    if (tok.type === 'comment') continue;
    const at = contentsOffset(source, tok);
    if (tok.type === 'var') {
      if (tok.contents === '') err(tok.start, 'empty tag {{ }}: put a variable in it or remove it');
      else if (tok.contents[0] === '{' || tok.contents[0] === '%' || tok.contents[0] === '#') {
        const opener = `{{${tok.contents[0]}`;
        err(
          tok.start,
          `"${opener}": the JSON "{" runs into the tag's opening braces, so Klaviyo reads "{{" as a tag: put a space or newline after the JSON brace ("{ {${tok.contents[0]}")`,
        );
      } else lintExpr(tok.contents, at, true);
      continue;
    }
    const name = tagName(tok);
    const rest = tok.contents.slice(name.length).trim();
    const restAt = at + tok.contents.length - rest.length;
    if (name === 'endcomment') {
      inComment = false;
      continue;
    }
    if (name === 'else' && /^if\b/.test(rest)) {
      err(tok.start, `"else if" is not Django: write {% elif ${rest.slice(2).trim()} %}`);
      continue;
    }
    const instead = liquidInstead(name);
    if (instead !== undefined) {
      err(tok.start, `{% ${name} %} is Liquid, not Django (Klaviyo uses Django templates): use ${instead}`);
      continue;
    }
    if (!isKnownTag(name)) {
      const near = suggestTags(name);
      err(
        tok.start,
        `unknown tag {% ${name} %}: Klaviyo templates use Django's tags and Klaviyo's own${near.length ? ` — did you mean ${near.join(', ')}?` : ''}`,
      );
      continue;
    }
    const webhook = tagWarning(name);
    if (webhook) out.push({ severity: 'warning', offset: tok.start, message: webhook });
    if (name === 'currency_format' && rest) lintExpr(splitBits(rest, restAt)[0]!.text, restAt);
    if (name === 'comment') {
      inComment = true;
      continue;
    }
    if (name === 'verbatim') inVerbatim = true;
    else if (name === 'endverbatim') inVerbatim = false;
    if (name === 'if' || name === 'elif') lintCondition(rest, restAt, err, lintExpr);
    else if (name === 'for') {
      const loop = loops.get(tok.start);
      if (!loop) continue;
      const seq = loop.sequenceText;
      if (loop.loopvars.length === 0 || seq === '') err(tok.start, `{% for %} needs the form {% for item in list %}`);
      else {
        const end = loop.reversed ? rest.lastIndexOf('reversed') : rest.length;
        let at = rest.lastIndexOf(seq, end - seq.length);
        // A header Django refuses is read loosely, its words joined by one space: find its first word instead.
        if (at < 0) at = rest.indexOf(seq.split(' ')[0]!, rest.indexOf(loop.loopvars.at(-1)!) + 1);
        lintExpr(seq, restAt + Math.max(0, at));
      }
    } else if (name === 'with') {
      for (const bit of splitBits(rest, restAt)) {
        const eq = /^(\w+)=(.+)$/.exec(bit.text);
        if (eq) lintExpr(eq[2]!, bit.start + eq[1]!.length + 1);
      }
    }
  }
  return out;
}

/** The {% for %} nodes of a tree, by the offset of their tag. */
function forNodes(nodes: readonly Node[], out = new Map<number, ForNode>()): Map<number, ForNode> {
  for (const node of nodes) {
    if (node instanceof ForNode) out.set(node.offset, node);
    for (const child of node.children()) forNodes(child, out);
  }
  return out;
}

/** Tags a middle tag may stand in (elif and else in if, empty in for, …), from the catalogue. */
const middleOf = (name: string): string[] =>
  [...allTags().values()].filter((t) => t.middle?.includes(name)).map((t) => t.name);

/** The fix for a tag out of place; undefined where the renderer's own error says it better. */
function blockMessage(b: BlockProblem): string | undefined {
  const { name } = b;
  // An unclosed comment or verbatim swallows the rest of the body: the renderer's error points at it.
  if (name === 'comment' || name === 'verbatim' || name === 'endcomment') return undefined;
  // `{% else if … %}` has a message of its own (lintTemplate).
  if (name === 'else' && /^else\s+if\b/.test(b.token.contents)) return undefined;
  if (b.kind === 'unclosed') return `{% ${name} %} is never closed: add {% ${blockEnd(name)} %}`;
  const open = b.kind === 'misplaced' ? b.open : undefined;
  if (name.startsWith('end')) {
    return open === undefined
      ? `{% ${name} %} has no opening {% ${name.slice(3)} %}: remove it or add the opening tag`
      : `{% ${name} %} closes nothing here: the innermost open block is {% ${open} %} — close it first with {% ${blockEnd(open)} %}`;
  }
  const places = middleOf(name);
  if (name === 'else' && open === 'for')
    return '{% else %} in a loop is Liquid: Django uses {% empty %} for "no items"';
  // In its block but out of order (a second else): the renderer's error says what it expected.
  if (open !== undefined && places.includes(open)) return undefined;
  return `{% ${name} %} outside ${places.map((n) => `{% ${n} %}`).join(' or ')}: move it inside the block`;
}

function lintCondition(
  cond: string,
  offset: number,
  err: (offset: number, message: string) => void,
  lintExpr: (text: string, offset: number) => void,
) {
  if (cond === '') return err(offset, '{% if %} needs a condition');
  // (Quoted text is taken out only when there is a parenthesis at all: most conditions have none.)
  if (/[()]/.test(cond) && /[()]/.test(cond.replace(/'[^']*'|"[^"]*"/g, ''))) {
    return err(
      offset,
      'Django’s {% if %} has no parentheses: split the test into nested {% if %} blocks or rely on "and" binding tighter than "or"',
    );
  }
  for (const bit of splitBitsShared(cond)) {
    const t = bit.text;
    const at = offset + bit.start;
    if (t === '&&' || t === '||' || t === '!')
      err(at, `"${t}" is not Django: use ${t === '&&' ? 'and' : t === '||' ? 'or' : 'not'}`);
    else if (t === '=' || t === '===' || t === '!==')
      err(at, `"${t}" is not a Django operator: use ${t === '!==' ? '!=' : '=='}`);
    else if (!IF_WORDS.has(t) && !/^(None|True|False)$/.test(t)) lintExpr(t, at);
  }
}

const VAR_START = /^(?:event|person|organization|forloop)\b/;

/** Text tokens in which lintText found nothing (it reports only what its patterns match in the token's own text). */
const CLEAN_TEXT = new Set<string>();

function lintText(source: string, tok: Token, err: (offset: number, message: string) => void) {
  const text = tok.contents;
  if (CLEAN_TEXT.has(text)) return;
  let found = false;
  const report = (offset: number, message: string) => {
    found = true;
    err(offset, message);
  };
  lintTextOnce(source, tok, report);
  if (!found) {
    if (CLEAN_TEXT.size >= 4096) CLEAN_TEXT.clear();
    CLEAN_TEXT.add(text);
  }
}

/** The last answer of source.indexOf(what, from) per `what`, for one source. */
let searched: { source: string; found: Map<string, { from: number; at: number }> } | undefined;

/**
 * source.indexOf(what, from), reusing the previous answer while it still holds: the unclosed tags of a body are
 * met in order, and searching to the end of the text for each made 100,000 of them take a minute.
 */
function nextIndex(source: string, what: string, from: number): number {
  if (searched?.source !== source) searched = { source, found: new Map() };
  const last = searched.found.get(what);
  if (last && last.from <= from && (last.at === -1 || last.at >= from)) return last.at;
  const at = source.indexOf(what, from);
  searched.found.set(what, { from, at });
  return at;
}

function lintTextOnce(source: string, tok: Token, err: (offset: number, message: string) => void) {
  const text = tok.contents;
  for (const m of text.matchAll(/\{\{|\{%|\{#/g)) {
    const at = tok.start + m.index;
    const close = m[0] === '{{' ? '}}' : m[0] === '{%' ? '%}' : '#}';
    const newline = nextIndex(source, '\n', at);
    const laterOnOtherLine = nextIndex(source, close, at) > newline && newline >= 0;
    err(
      at,
      `"${m[0]}" has no closing "${close}" on the same line${laterOnOtherLine ? ': a tag cannot span lines, join it onto one line' : `: add "${close}"`}`,
    );
  }
  // `{ event.x }}` or `{event.x}}`: a variable missing one opening brace.
  for (const m of text.matchAll(/(?<!\{)\{\s*([^{}\n]*?)\s*\}\}/g)) {
    if (!VAR_START.test(m[1]!)) continue;
    err(tok.start + m.index, `"{ ${m[1]} }}" is missing a brace: write {{ ${m[1]} }}`);
  }
  for (const m of text.matchAll(
    /(?<!\{)\{\s*((?:if|elif|else|endif|for|endfor|empty|with|endwith)\b[^{}\n]*?)\s*%\}/g,
  )) {
    err(tok.start + m.index, `"{ ${m[1]} %}" is missing its %: write {% ${m[1]} %}`);
  }
}
