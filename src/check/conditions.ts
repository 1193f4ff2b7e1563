/**
 * `{% if %}` conditions as boolean formulas over opaque atoms (`event.b != None`, `forloop.last`), so that
 * json-paths.ts can follow correlated guards: the comma under `{% if event.b != None %}` and the member under the
 * same test are present together. Converted from the renderer's parsed condition (render/smartif.ts): `and`, `or`
 * and `not` stay operators, each comparison becomes one atom.
 */
import type { Condition } from '../render/smartif.js';
import { PRESENT_SUFFIX } from '../template/expression.js';

export type Cond = { op: 'or' | 'and'; a: Cond; b: Cond } | { op: 'not'; a: Cond } | { op: 'atom'; atom: string };

/** Atoms that a loop iteration fixes, mapped to the two we track. */
const LOOP_ATOMS: Record<string, string> = {
  'forloop.first': 'forloop.first',
  'forloop.counter == 1': 'forloop.first',
  'forloop.counter0 == 0': 'forloop.first',
  'forloop.last': 'forloop.last',
  'forloop.revcounter == 1': 'forloop.last',
  'forloop.revcounter0 == 0': 'forloop.last',
};

const CONVERTED = new WeakMap<Condition, Cond>();

/**
 * The names bound by the `{% with %}` tags around a condition, each to a number for its binding: `x` under two
 * different `{% with x=… %}` is two variables, so its atoms must differ (else a path through the body would assume
 * both hold the same truth, and miss the renderings where they do not).
 */
export type WithScope = ReadonlyMap<string, number>;

/** Marks a with-bound name in an atom: `x` bound by binding 3 is `x\u00003` (no variable name holds U+0000). */
const BOUND = '\u0000';

/**
 * The formula of a parsed condition. The parser shares one Condition among equal tags, and so does this (unless a
 * name in it is with-bound: then it is converted for its scope). A condition Django refuses (kept by the
 * recovering parse as its words) is one unknown atom.
 */
export function condOf(condition: Condition, scope?: WithScope): Cond {
  if (scope?.size) {
    // Keyed by the bindings of the names it mentions (numbered per body, so equal bodies share them too).
    const key = bindingsOf(condition, scope).join(',');
    if (key !== '') {
      let byKey = SCOPED.get(condition);
      if (!byKey) {
        byKey = new Map();
        SCOPED.set(condition, byKey);
      }
      let cond = byKey.get(key);
      if (!cond) {
        cond = convert(condition, scope);
        byKey.set(key, cond);
      }
      return cond;
    }
  }
  let cond = CONVERTED.get(condition);
  if (!cond) {
    cond = convert(condition);
    CONVERTED.set(condition, cond);
  }
  return cond;
}

const SCOPED = new WeakMap<Condition, Map<string, Cond>>();

/** `name=binding` for each operand of the condition that starts with a name of `scope`, in order. */
function bindingsOf(c: Condition, scope: WithScope, out: string[] = []): string[] {
  if (c.kind === 'literal') {
    const name = rootName(c.text);
    const binding = scope.get(name);
    if (binding !== undefined) out.push(`${name}=${binding}`);
  } else if (c.kind === 'operation') for (const o of c.operands) bindingsOf(o, scope, out);
  return out;
}

const rootName = (operand: string) => /^[A-Za-z_][A-Za-z0-9_]*/.exec(operand)?.[0] ?? '';

function convert(c: Condition, scope?: WithScope): Cond {
  if (c.kind === 'literal') return atom(text(c, scope));
  if (c.kind === 'unparsed') return atom(c.bits.join(' '));
  const [x, y] = c.operands;
  if (c.op === 'not') return { op: 'not', a: convert(x!, scope) };
  if (c.op === 'and' || c.op === 'or') return { op: c.op, a: convert(x!, scope), b: convert(y!, scope) };
  const rhs = text(y!, scope);
  if (rhs === 'None' && (c.op === '==' || c.op === 'is')) return { op: 'not', a: atom(`${text(x!, scope)} != None`) };
  if (rhs === 'None' && (c.op === '!=' || c.op === 'is not')) return atom(`${text(x!, scope)} != None`);
  return atom(`${text(x!, scope)} ${c.op} ${rhs}`);
}

/** The words of a condition, as written (one space apart), with-bound names marked with their binding. */
function text(c: Condition, scope?: WithScope): string {
  if (c.kind === 'literal') {
    const name = rootName(c.text);
    const binding = scope?.get(name);
    return binding === undefined ? c.text : `${name}${BOUND}${binding}${c.text.slice(name.length)}`;
  }
  if (c.kind === 'unparsed') return c.bits.join(' ');
  return c.operands.length === 1
    ? `${c.op} ${text(c.operands[0]!, scope)}`
    : `${text(c.operands[0]!, scope)} ${c.op} ${text(c.operands[1]!, scope)}`;
}

/** An atom as the body writes it (the binding marks left out). */
const written = (atom: string) => (atom.includes(BOUND) ? atom.replace(/\u0000\d+/g, '') : atom);

function atom(text: string): Cond {
  return { op: 'atom', atom: Object.hasOwn(LOOP_ATOMS, text) ? LOOP_ATOMS[text]! : text };
}

export function atomsOf(cond: Cond, out: Set<string> = new Set()): Set<string> {
  if (cond.op === 'atom') out.add(cond.atom);
  else if (cond.op === 'not') atomsOf(cond.a, out);
  else {
    atomsOf(cond.a, out);
    atomsOf(cond.b, out);
  }
  return out;
}

const ATOMS = new WeakMap<Cond, readonly string[]>();

/** atomsOf(cond) in order, once per condition: the path runs ask for the same shared conditions at every branch. */
export function condAtoms(cond: Cond): readonly string[] {
  let atoms = ATOMS.get(cond);
  if (!atoms) {
    atoms = Object.freeze([...atomsOf(cond)]);
    ATOMS.set(cond, atoms);
  }
  return atoms;
}

/** A condition's truth under `values` plus `adds` (atoms `values` lacks), without building the merged map. */
function evaluateWith(cond: Cond, values: ReadonlyMap<string, boolean>, adds: readonly [string, boolean][]): boolean {
  switch (cond.op) {
    case 'atom': {
      const v = values.get(cond.atom);
      if (v !== undefined) return v;
      for (const [a, w] of adds) if (a === cond.atom) return w;
      return true;
    }
    case 'not':
      return !evaluateWith(cond.a, values, adds);
    case 'and':
      return evaluateWith(cond.a, values, adds) && evaluateWith(cond.b, values, adds);
    case 'or':
      return evaluateWith(cond.a, values, adds) || evaluateWith(cond.b, values, adds);
  }
}

/**
 * The ways `cond` can come out given what a path already assumes: each outcome with the assumptions it adds.
 * With `canonical`, unknown atoms are taken as true (the "field present" reading) and one outcome is returned.
 */
export function outcomes(
  cond: Cond,
  assumed: ReadonlyMap<string, boolean>,
  canonical: boolean,
): { value: boolean; adds: [string, boolean][] }[] {
  const free = condAtoms(cond).filter((a) => !assumed.has(a));
  if (canonical) {
    const adds = free.map((a): [string, boolean] => [a, true]);
    return [{ value: evaluateWith(cond, assumed, adds), adds }];
  }
  if (free.length > 8) {
    // Too many unknowns to enumerate: both outcomes, without correlating them.
    return [
      { value: true, adds: [] },
      { value: false, adds: [] },
    ];
  }
  const result: { value: boolean; adds: [string, boolean][] }[] = [];
  for (let mask = 0; mask < 1 << free.length; mask++) {
    const adds = free.map((a, j): [string, boolean] => [a, (mask & (1 << j)) !== 0]);
    result.push({ value: evaluateWith(cond, assumed, adds), adds });
  }
  return result;
}

/** How to say, in a message, what a path assumed: "when event.b is missing". */
export function describeAssumptions(assumed: ReadonlyMap<string, boolean>, relevant?: ReadonlySet<string>): string {
  const parts: string[] = [];
  const shown = new Map<string, string>(); // written text → the atom first shown with it
  for (const [key, v] of assumed) {
    if (relevant && !relevant.has(key)) continue;
    let a = written(key);
    // The same name bound by two {% with %} tags: say which is which.
    if ((shown.get(a) ?? key) !== key) a = a.replace(/^[A-Za-z_][A-Za-z0-9_]*/, '$& (another {% with %})');
    else shown.set(a, key);
    if (a === 'forloop.first') {
      if (!v) parts.push('from the loop’s second item on');
    } else if (a === 'forloop.last') {
      if (assumed.get('forloop.first') === false) continue;
      parts.push(v ? 'on the loop’s last item' : 'when the loop has more items');
    } else if (a.endsWith(' != None')) {
      parts.push(`when ${a.slice(0, -8)} is ${v ? 'present' : 'missing'}`);
    } else if (a.endsWith(PRESENT_SUFFIX)) {
      parts.push(`when ${a.slice(0, -PRESENT_SUFFIX.length)} is ${v ? 'present' : 'missing'}`);
    } else {
      parts.push(`when \`${a}\` is ${v ? 'true' : 'false'}`);
    }
  }
  return parts.slice(-3).join(', ');
}
