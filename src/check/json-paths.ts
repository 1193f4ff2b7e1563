/**
 * A JSON pushdown parser run over the templated body's tree along every way it can render. Over 300 lines: the
 * parser's states and the walk that forks it at each tag are one machine.
 * `{% if %}` splits a path in two (or follows what the path already assumed about the same test), `{% for %}` runs
 * its body 0–3 times with forloop.first/last set, so a comma that is missing only when a guarded member is absent,
 * or only on a loop's second item, is found. The canonical run (every test true, each loop once) also builds the
 * node tree that shape.ts turns into the body's JSON shape.
 * Over 300 lines: the pushdown parser, the path enumeration and its sampling fallback share the Path state.
 */
import type { Token } from '../render/lexer.js';
import { memoize } from '../util.js';
import { condAtoms, describeAssumptions, outcomes, type Cond } from './conditions.js';
import type { Branch, ForNode, IfNode, Item, Lexeme, TemplatedJson } from './templated-json.js';

type StringLexeme = Extract<Lexeme, { k: 'string' }>;

export interface Member {
  key: string;
  keyStart: number;
  keyEnd: number;
  /** The key has tags in it: its rendered name is unknown. */
  dynamic: boolean;
  value: JNode;
}
export type JNode =
  | { kind: 'object'; start: number; end: number; members: Member[] }
  | { kind: 'array'; start: number; end: number; elements: JNode[]; fromLoop: boolean[] }
  | { kind: 'string'; start: number; end: number; lexeme: StringLexeme }
  | { kind: 'literal'; start: number; end: number; value: number | boolean | null }
  | { kind: 'tag'; start: number; end: number; token: Token };

export interface PathError {
  offset: number;
  message: string;
  /** What the failing path assumed, e.g. "when event.b is missing"; '' on the canonical path. */
  when: string;
}

/**
 * Parser frames: T0 top expects a value, T1 top done; O0 `{` just opened, Ok key expected after `,`, Oc colon,
 * Ov value, Oa after a member; A0 `[` just opened, Av value after `,`, Aa after an element.
 */
type Frame = 'T0' | 'T1' | 'O0' | 'Ok' | 'Oc' | 'Ov' | 'Oa' | 'A0' | 'Av' | 'Aa';

const EXPECTED: Record<Frame, string> = {
  T0: 'a JSON value',
  T1: 'the end of the body',
  O0: "a quoted key or '}'",
  Ok: 'a quoted key',
  Oc: "':'",
  Ov: 'a value',
  Oa: "',' or '}'",
  A0: "a value or ']'",
  Av: 'a value',
  Aa: "',' or ']'",
};

interface Builder {
  root?: JNode;
  stack: {
    node: Extract<JNode, { kind: 'object' | 'array' }>;
    loopDepth: number;
    key?: { text: string; start: number; end: number; dynamic: boolean };
  }[];
}

interface Path {
  frames: Frame[];
  assumed: Map<string, boolean>;
  saved: Map<string, boolean>[];
  /** Assumptions dropped once no later test used them: kept only to explain errors (not part of the key). */
  history: [string, boolean][];
  loopDepth: number;
  builder?: Builder;
  /** pathKey()'s assumed/saved part, cached: cleared (by `touched`) wherever `assumed` or `saved` changes. */
  assumedKey?: string;
}

/** Call after changing `p.assumed` or `p.saved`. */
const touched = (p: Path) => (p.assumedKey = undefined);

function describe(lx: Lexeme): string {
  switch (lx.k) {
    case 'punct':
      return `'${lx.ch}'`;
    case 'string':
      return lx.end - lx.start > 24 ? 'a string' : `the string ${JSON.stringify(lx.literal)}`;
    case 'literal':
      return lx.text;
    case 'tag':
      return `the tag {{ ${lx.token.contents} }}`;
  }
}

const isValueState = (f: Frame) => f === 'T0' || f === 'Ov' || f === 'A0' || f === 'Av';
const afterValue = (f: Frame): Frame => (f === 'T0' ? 'T1' : f === 'Ov' ? 'Oa' : 'Aa');

/** Adds a value node to the canonical path's tree, where its parser stands. */
function attach(p: Path, b: Builder, node: JNode): void {
  const top = b.stack[b.stack.length - 1];
  if (!top) b.root = node;
  else if (top.node.kind === 'object') {
    const key = top.key!;
    top.node.members.push({ key: key.text, keyStart: key.start, keyEnd: key.end, dynamic: key.dynamic, value: node });
    top.key = undefined;
  } else {
    top.node.elements.push(node);
    top.node.fromLoop.push(p.loopDepth > top.loopDepth);
  }
}

/** Sets the parser's current frame. */
function setFrame(p: Path, next: Frame): void {
  p.frames[p.frames.length - 1] = next;
}

/**
 * Feeds one lexeme; returns an error message, or undefined. (Called per lexeme per path, so it allocates nothing
 * but the tree nodes: no closures.)
 */
function feed(p: Path, lx: Lexeme): string | undefined {
  const f = p.frames[p.frames.length - 1]!;
  const b = p.builder;
  if (lx.k === 'punct') {
    switch (lx.ch) {
      case '{':
      case '[':
        if (!isValueState(f)) break;
        setFrame(p, afterValue(f));
        p.frames.push(lx.ch === '{' ? 'O0' : 'A0');
        if (b) {
          const node: JNode =
            lx.ch === '{'
              ? { kind: 'object', start: lx.start, end: lx.end, members: [] }
              : { kind: 'array', start: lx.start, end: lx.end, elements: [], fromLoop: [] };
          attach(p, b, node);
          b.stack.push({ node, loopDepth: p.loopDepth });
        }
        return undefined;
      case '}':
      case ']': {
        const closes = lx.ch === '}' ? f === 'O0' || f === 'Oa' : f === 'A0' || f === 'Aa';
        if (closes) {
          p.frames.pop();
          if (b) b.stack.pop()!.node.end = lx.end;
          return undefined;
        }
        if (f === (lx.ch === '}' ? 'Ok' : 'Av'))
          return `trailing comma before '${lx.ch}': JSON does not allow it, remove the ','`;
        break;
      }
      case ':':
        if (f === 'Oc') {
          setFrame(p, 'Ov');
          return undefined;
        }
        break;
      case ',':
        if (f === 'Oa' || f === 'Aa') {
          setFrame(p, f === 'Oa' ? 'Ok' : 'Av');
          return undefined;
        }
        if (f === 'O0' || f === 'Ok' || f === 'A0' || f === 'Av')
          return `unexpected ',': expected ${EXPECTED[f]} (remove the extra comma)`;
        break;
    }
  } else if (isValueState(f)) {
    setFrame(p, afterValue(f));
    if (b) {
      attach(
        p,
        b,
        lx.k === 'string'
          ? { kind: 'string', start: lx.start, end: lx.end, lexeme: lx }
          : lx.k === 'literal'
            ? { kind: 'literal', start: lx.start, end: lx.end, value: lx.value }
            : { kind: 'tag', start: lx.start, end: lx.end, token: lx.token },
      );
    }
    return undefined;
  } else if (f === 'O0' || f === 'Ok') {
    if (lx.k === 'string') {
      setFrame(p, 'Oc');
      const top = b?.stack[b.stack.length - 1];
      if (top)
        top.key = { text: lx.literal, start: lx.start, end: lx.end, dynamic: lx.tags.length + lx.blocks.length > 0 };
      return undefined;
    }
    if (lx.k === 'tag') return `a key must be a quoted string: write "{{ ${lx.token.contents} }}"`;
  }
  if ((f === 'Oa' || f === 'Aa') && (lx.k !== 'punct' || lx.ch === '{' || lx.ch === '[')) {
    return p.assumed.get('forloop.first') === false
      ? `missing ',' between the loop's items: end the loop body with {% if not forloop.last %},{% endif %}`
      : `missing ',' before ${describe(lx)}`;
  }
  if (f === 'T1') return `unexpected ${describe(lx)} after the end of the JSON body: remove it`;
  if (f === 'Oc') return `expected ':' after the key, found ${describe(lx)}`;
  return `expected ${EXPECTED[f]}, found ${describe(lx)}`;
}

function clonePath(p: Path): Path {
  if (p.builder) throw new Error('bug: the canonical path never branches');
  return {
    frames: [...p.frames],
    assumed: new Map(p.assumed),
    saved: p.saved.map((m) => new Map(m)),
    history: [...p.history],
    loopDepth: p.loopDepth,
    assumedKey: p.assumedKey,
  };
}

/**
 * An assumption map as text, for path keys: each entry as a number (the atom's id in `ids` × 2, + 1 when true),
 * sorted, joined with ','. Equal maps give equal text, and different maps different text.
 */
function mapKey(x: Map<string, boolean>, ids: Map<string, number>): string {
  if (x.size === 0) return '';
  const codes: number[] = [];
  x.forEach((v, k) => {
    let id = ids.get(k);
    if (id === undefined) {
      id = ids.size;
      ids.set(k, id);
    }
    codes.push(id * 2 + (v ? 1 : 0));
  });
  if (codes.length > 1) codes.sort((a, b) => a - b);
  return codes.join(',');
}

/** What makes two paths the same from here on: their frames, assumptions and the loops' saved assumptions. */
function pathKey(p: Path, ids: Map<string, number>): string {
  p.assumedKey ??= `${mapKey(p.assumed, ids)}|${p.saved.map((m) => mapKey(m, ids)).join(';')}`;
  return `${p.frames.join(',')}|${p.assumedKey}`;
}

export interface RunResult {
  errors: PathError[];
  root?: JNode;
}

/**
 * What the all-paths run depends on when it finds no error, as text: the lexemes' kinds (and punctuation), the
 * blocks with their ids, each condition with its atoms numbered by first use (forloop.first/last by name, as loops
 * set them), and for each loop which atoms its variables scope. Two bodies with the same text here take the same
 * paths through the same frame states, so they have the same errors; a body without errors is remembered by it.
 */
function structureKey(doc: TemplatedJson): string {
  const atoms = new Map<string, number>();
  const loops: ForNode[] = [];
  const cond = (c: Cond): string => {
    switch (c.op) {
      case 'atom': {
        if (c.atom === 'forloop.first' || c.atom === 'forloop.last') return c.atom === 'forloop.first' ? 'F' : 'L';
        let id = atoms.get(c.atom);
        if (id === undefined) {
          id = atoms.size;
          atoms.set(c.atom, id);
        }
        return `${id}`;
      }
      case 'not':
        return `!${cond(c.a)}`;
      default:
        return `(${cond(c.a)}${c.op === 'and' ? '&' : '|'}${cond(c.b)})`;
    }
  };
  let out = doc.lexError ? 'E' : '';
  const items = (list: Item[]) => {
    for (const it of list) {
      switch (it.k) {
        case 'punct':
          out += it.ch;
          break;
        case 'string':
          out += 's';
          break;
        case 'literal':
          out += 'l';
          break;
        case 'tag':
          out += 't';
          break;
        case 'if':
          out += `<if${it.id}`;
          for (const br of it.branches) {
            out += br.cond === undefined ? '?else:' : `?${cond(br.cond)}:`;
            items(br.body);
          }
          out += '>';
          break;
        case 'for':
          out += `<for${it.id}#${loops.length}:`;
          loops.push(it);
          items(it.body);
          out += '?empty:';
          items(it.empty);
          out += '>';
          break;
        case 'with':
          out += '<with:';
          items(it.body);
          out += '>';
          break;
      }
    }
  };
  items(doc.root);
  for (const loop of loops) {
    const scoped = scopeTest(loop);
    out += `;${[...atoms]
      .filter(([a]) => scoped.test(a))
      .map(([, id]) => id)
      .join(',')}`;
  }
  return out;
}

/** Matches the atoms a loop's variables (and forloop) scope. */
function scopeTest(node: ForNode): RegExp {
  return scopeRegExp(node.loopVars.join(','));
}

/**
 * The scopeTest of loop variables `vars` (joined with ',', which no variable name holds), built once per set of
 * names: the same few loops (`item`, `item2`) recur in every body and in every run over it. The RegExp has no
 * g or y flag, so sharing it keeps no state between tests.
 */
const scopeRegExp = memoize((vars: string): RegExp => {
  const names = [...(vars === '' ? [] : vars.split(',')), 'forloop'].map((v) =>
    v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
  );
  return new RegExp(`(^|[\\s(])(not )?(${names.join('|')})([.|\\s]|$)`);
});

/** structureKey()s of bodies whose all-paths run found no error (bounded like the other caches). */
const CLEAN = new Set<string>();
const CLEAN_LIMIT = 4096;

/** Raised when the guards of a body combine into more paths than `maxPaths`: the caller samples instead. */
class TooManyPaths extends Error {}

/**
 * Runs the parser along all paths (or only the canonical one) and returns the errors found. A body whose guards
 * combine into more than `maxPaths` paths (a profile body with a dozen guarded properties has 2^24 assumption sets)
 * is run along a fixed sample of consistent assignments instead: every error then found is real (it happens on an
 * actual rendering), and none is invented by forgetting how the guards correlate.
 */
export function runPaths(doc: TemplatedJson, canonical: boolean, maxPaths = 400): RunResult {
  if (canonical) return runAllPaths(doc, canonical, maxPaths);
  const key = maxPaths === 400 ? structureKey(doc) : undefined;
  if (key !== undefined && CLEAN.has(key)) return { errors: [], root: undefined };
  let result: RunResult;
  try {
    result = runAllPaths(doc, canonical, maxPaths);
  } catch (err) {
    if (!(err instanceof TooManyPaths)) throw err;
    result = runSampled(doc, maxPaths);
  }
  if (key !== undefined && result.errors.length === 0) {
    if (CLEAN.size >= CLEAN_LIMIT) CLEAN.clear();
    CLEAN.add(key);
  }
  return result;
}

/** How many random assignments runSampled tries beyond the systematic ones. */
const RANDOM_SAMPLES = 48;

/**
 * The body run once per assignment of its top-level guard atoms (those no loop variable scopes): all true, all
 * false, each one alone flipped either way, and a fixed pseudo-random set. Loop conditions are still enumerated
 * inside each run. Assignments whose loops alone overflow are skipped.
 */
function runSampled(doc: TemplatedJson, maxPaths: number): RunResult {
  const atoms = new Set<string>();
  const loops: ForNode[] = [];
  const collect = (items: Item[]) => {
    for (const it of items) {
      if (it.k === 'if') {
        for (const br of it.branches) {
          if (br.cond !== undefined) for (const a of condAtoms(br.cond)) atoms.add(a);
          collect(br.body);
        }
      } else if (it.k === 'for') {
        loops.push(it);
        collect(it.body);
        collect(it.empty);
      } else if (it.k === 'with') collect(it.body);
    }
  };
  collect(doc.root);
  const scoped = loops.map(scopeTest);
  const free = [...atoms].filter((a) => !a.startsWith('forloop.') && !scoped.some((t) => t.test(a)));
  const assignments: boolean[][] = [free.map(() => true), free.map(() => false)];
  for (let i = 0; i < free.length; i++) {
    assignments.push(
      free.map((_, j) => j !== i),
      free.map((_, j) => j === i),
    );
  }
  let seed = 0x9e3779b9;
  const random = () => {
    seed = (seed ^ (seed << 13)) >>> 0;
    seed = (seed ^ (seed >>> 17)) >>> 0;
    seed = (seed ^ (seed << 5)) >>> 0;
    return seed / 2 ** 32;
  };
  for (let k = 0; k < RANDOM_SAMPLES; k++) assignments.push(free.map(() => random() < 0.5));

  const errors: PathError[] = [];
  const seen = new Set<string>();
  for (const values of assignments) {
    const preset = new Map(free.map((a, i) => [a, values[i]!] as [string, boolean]));
    let run: RunResult;
    try {
      run = runAllPaths(doc, false, maxPaths, preset);
    } catch (err) {
      if (err instanceof TooManyPaths) continue;
      throw err;
    }
    for (const e of run.errors) {
      const k = `${e.offset}\u0000${e.message}`;
      if (seen.has(k)) continue;
      seen.add(k);
      errors.push(e);
    }
  }
  return { errors };
}

function runAllPaths(
  doc: TemplatedJson,
  canonical: boolean,
  maxPaths: number,
  preset?: ReadonlyMap<string, boolean>,
): RunResult {
  const errors: PathError[] = [];
  const conds = new Map<Branch, Cond>();
  const lastUse = new Map<string, number>();
  const maxId = new Map<Item, number>();
  const atomIds = new Map<string, number>();

  // Pre-pass: parse conditions, and note where each atom is last tested so dead assumptions can be dropped (the
  // canonical run keeps every assumption: it needs only the conditions).
  const scan = (items: Item[]): number => {
    let hi = -1;
    for (const it of items) {
      let m = -1;
      if (it.k === 'if') {
        m = it.id;
        for (const br of it.branches) {
          if (br.cond !== undefined) {
            const c = br.cond;
            conds.set(br, c);
            if (!canonical) for (const a of condAtoms(c)) lastUse.set(a, Math.max(lastUse.get(a) ?? -1, it.id));
          }
          m = Math.max(m, scan(br.body));
        }
      } else if (it.k === 'for') m = Math.max(it.id, scan(it.body), scan(it.empty));
      else if (it.k === 'with') m = scan(it.body);
      if (!canonical) maxId.set(it, m);
      hi = Math.max(hi, m);
    }
    return hi;
  };
  scan(doc.root);

  const fail = (p: Path, offset: number, message: string) => {
    const known = new Map([...p.history.slice(-3), ...p.assumed]);
    errors.push({ offset, message, when: canonical ? '' : describeAssumptions(known) });
  };

  const dedupe = (paths: Path[]): Path[] => {
    if (canonical || paths.length < 2) return paths;
    const seen = new Map<string, Path>();
    for (const p of paths) seen.set(pathKey(p, atomIds), p);
    // No two alike (the usual case): the same paths in the same order, without a copy.
    const out = seen.size === paths.length ? paths : [...seen.values()];
    if (out.length > maxPaths) throw new TooManyPaths();
    return out;
  };

  const runItems = (items: Item[], paths: Path[]): Path[] => {
    for (const it of items) {
      if (paths.length === 0) return paths;
      if (it.k === 'if') paths = runIf(it, paths);
      else if (it.k === 'for') paths = runFor(it, paths);
      else if (it.k === 'with') paths = runItems(it.body, paths);
      else {
        let kept = 0;
        for (const p of paths) {
          const err = feed(p, it);
          if (err) fail(p, it.start, err);
          else paths[kept++] = p;
        }
        paths.length = kept;
      }
      const done = canonical ? -1 : (maxId.get(it) ?? -1);
      if (done >= 0) {
        for (const p of paths) {
          if (p.loopDepth > 0) continue;
          // (Deleting the entry being visited is safe while iterating a Map; forEach makes no [key, value] pairs.)
          p.assumed.forEach((v, a) => {
            if ((lastUse.get(a) ?? -1) > done) return;
            p.assumed.delete(a);
            p.history.push([a, v]);
            touched(p);
          });
        }
      }
      paths = dedupe(paths);
    }
    return paths;
  };

  const runIf = (node: IfNode, paths: Path[]): Path[] => {
    const out: Path[] = [];
    let rest = paths;
    for (const br of node.branches) {
      if (br.cond === undefined) {
        out.push(...runItems(br.body, rest));
        rest = [];
        break;
      }
      const cond = conds.get(br)!;
      const taken: Path[] = [];
      const notTaken: Path[] = [];
      for (const r of rest) {
        const os = outcomes(cond, r.assumed, canonical);
        for (const o of os) {
          const c = os.length > 1 ? clonePath(r) : r;
          for (const [a, v] of o.adds) c.assumed.set(a, v);
          touched(c);
          (o.value ? taken : notTaken).push(c);
        }
      }
      out.push(...runItems(br.body, taken));
      rest = notTaken;
    }
    return dedupe([...out, ...rest]);
  };

  const runFor = (node: ForNode, paths: Path[]): Path[] => {
    const scoped = scopeTest(node);
    const clearScoped = (p: Path) => {
      for (const a of [...p.assumed.keys()]) if (scoped.test(a)) p.assumed.delete(a);
      touched(p);
    };
    for (const p of paths) {
      const saved = new Map([...p.assumed].filter(([a]) => scoped.test(a)));
      p.saved.push(saved);
      clearScoped(p);
    }
    const results: Path[] = [];
    const counts = canonical ? [1] : [0, 1, 2, 3];
    for (const n of counts) {
      let ps = canonical ? paths : paths.map(clonePath);
      if (n === 0) ps = runItems(node.empty, ps);
      for (let i = 0; i < n; i++) {
        for (const p of ps) {
          clearScoped(p);
          p.assumed.set('forloop.first', i === 0);
          p.assumed.set('forloop.last', i === n - 1);
          touched(p);
          p.loopDepth++;
        }
        ps = runItems(node.body, ps);
        for (const p of ps) p.loopDepth--;
      }
      results.push(...ps);
    }
    for (const p of results) {
      clearScoped(p);
      for (const [a, v] of p.saved.pop() ?? []) p.assumed.set(a, v);
      touched(p);
    }
    return dedupe(results);
  };

  const start: Path = { frames: ['T0'], assumed: new Map(preset), saved: [], history: [], loopDepth: 0 };
  if (canonical) start.builder = { stack: [] };
  const ends = runItems(doc.root, [start]);
  if (!doc.lexError) {
    for (const p of ends) {
      const f = p.frames[p.frames.length - 1]!;
      if (f === 'T1') continue;
      const open = p.frames.filter((x) => x[0] === 'O' || x[0] === 'A').map((x) => (x[0] === 'O' ? '}' : ']'));
      const msg =
        f === 'T0'
          ? 'the body is empty: it must be one JSON object'
          : `the body ends too early: expected ${EXPECTED[f]}${open.length ? `; close it with ${open.reverse().join('')}` : ''}`;
      fail(p, doc.endOffset, msg);
    }
  }
  const seen = new Set<string>();
  const unique = errors.filter((e) => {
    const k = `${e.offset}\u0000${e.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return { errors: unique, root: start.builder?.root };
}
