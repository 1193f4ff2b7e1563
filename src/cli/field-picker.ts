/**
 * The wizard's field picker: a multi-select with a filter line, built on @inquirer/core (@inquirer/prompts has a
 * searchable single select and a multi-select without a filter). Space (or tab) ticks the highlighted field, as in
 * every multi-select; letters filter; ↑↓ and PageUp/PageDown move; enter finishes (taking the highlighted field when
 * nothing is ticked). The `[0]`, `[1]` variants of a list field fold under its `[*]` form: → unfolds, ← folds, and a
 * filter with an index in it (`[0`) shows them. Ticked fields are always listed, folded or not.
 */
import {
  createPrompt,
  isDownKey,
  isEnterKey,
  isSpaceKey,
  isTabKey,
  isUpKey,
  makeTheme,
  type KeypressEvent,
  useKeypress,
  useMemo,
  usePagination,
  usePrefix,
  useState,
} from '@inquirer/core';
import type { ChalkInstance } from 'chalk';
import type { FieldChoice } from './prompts.js';
import { escapeControls } from './stdio.js';

export interface PickerConfig {
  message: string;
  choices: readonly FieldChoice[];
  chalk: ChalkInstance;
  /** Rows of the list (the terminal's height less the prompt's other lines). */
  pageSize: number;
  width: number;
  /** Whether Escape goes back (the help line says so only then). */
  back?: boolean;
}

/**
 * The choices the filter shows, best first: paths containing every word of the filter ("ship rate"), then paths
 * containing each word's letters in order ("shipr" finds ShippingRate), as fzf does. Case-insensitive.
 */
export function filterFields<T extends { path: string }>(choices: readonly T[], filter: string): T[] {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...choices];
  const exact: T[] = [];
  const loose: T[] = [];
  for (const ch of choices) {
    const hay = ch.path.toLowerCase();
    if (words.every((w) => hay.includes(w))) exact.push(ch);
    else if (words.every((w) => isSubsequence(w, hay))) loose.push(ch);
  }
  return [...exact, ...loose];
}

function isSubsequence(needle: string, hay: string): boolean {
  let i = 0;
  for (const ch of hay) if (ch === needle[i] && ++i === needle.length) return true;
  return needle.length === 0;
}

/** For each `[0]`/`[1]` variant whose `[*]` form is also a choice: that form (the group it folds under). */
export function foldGroups(choices: readonly { path: string }[]): Map<string, string> {
  const paths = new Set(choices.map((c) => c.path));
  const parent = new Map<string, string>();
  for (const c of choices) {
    const parts = c.path.split(/(\[\d+\])/); // odd entries are the indexes
    const indexes = parts.length >> 1;
    if (indexes === 0 || indexes > 4) continue;
    // The form with the most indexes as [*] that is itself a choice: [0][1] under [*][*], else [0][*] or [*][1].
    let best: { path: string; stars: number } | undefined;
    for (let mask = 1; mask < 1 << indexes; mask++) {
      const path = parts.map((p, i) => (i % 2 === 1 && mask & (1 << (i >> 1)) ? '[*]' : p)).join('');
      let stars = 0;
      for (let m = mask; m; m >>= 1) stars += m & 1;
      if (paths.has(path) && (best === undefined || stars > best.stars)) best = { path, stars };
    }
    if (best) parent.set(c.path, best.path);
  }
  return parent;
}

/**
 * What the list shows: the filter's matches, less the variants of folded groups (unless ticked, or the filter asks
 * for an index); unfiltered, each unfolded group's variants come right under their `[*]` form.
 */
export function visibleFields<T extends FieldChoice>(
  choices: readonly T[],
  term: string,
  parents: ReadonlyMap<string, string>,
  unfolded: ReadonlySet<string>,
  ticked: ReadonlySet<string>,
): T[] {
  const indexAsked = /\[\d/.test(term);
  const keep = (c: T) => {
    const parent = parents.get(c.path);
    return parent === undefined || indexAsked || unfolded.has(parent) || ticked.has(c.value);
  };
  const base = term.trim() === '' ? choices : filterFields(choices, term);
  const present = new Set(base.map((c) => c.path));
  // Each variant shown comes right under its [*] form (when that is shown too), in the list's order.
  // An unfolded group shows all its variants, matching the filter or not (the filter found their [*] form).
  const matched = new Set(base);
  const under = new Map<string, T[]>();
  for (const c of choices) {
    const parent = parents.get(c.path);
    if (parent === undefined || !present.has(parent)) continue;
    if (unfolded.has(parent) || (matched.has(c) && keep(c))) under.set(parent, [...(under.get(parent) ?? []), c]);
  }
  const out: T[] = [];
  for (const c of base) {
    const parent = parents.get(c.path);
    if (parent !== undefined && (present.has(parent) || !keep(c))) continue;
    out.push(c, ...(under.get(c.path) ?? []));
  }
  return out;
}

export const fieldPicker = createPrompt<string[], PickerConfig>((config, done) => {
  const c = config.chalk;
  const theme = makeTheme({
    prefix: { idle: c.blue('?'), done: c.green('\u2714') },
    style: { message: (t: string) => c.bold(t) },
  });
  const parents = useMemo(() => foldGroups(config.choices), []);
  const folded = useMemo(() => {
    const n = new Map<string, number>();
    for (const p of parents.values()) n.set(p, (n.get(p) ?? 0) + 1);
    return n;
  }, []);
  const [status, setStatus] = useState<'idle' | 'done'>('idle');
  const [term, setTerm] = useState('');
  const [ticked, setTicked] = useState<ReadonlySet<string>>(
    new Set(config.choices.filter((ch) => ch.checked).map((ch) => ch.value)),
  );
  const [unfolded, setUnfolded] = useState<ReadonlySet<string>>(new Set());
  const [active, setActive] = useState(0);
  const [error, setError] = useState<string | undefined>(undefined);
  const prefix = usePrefix({ status: status === 'done' ? 'done' : 'idle', theme });
  const shown = visibleFields(config.choices, term, parents, unfolded, ticked);
  const at = Math.min(active, Math.max(0, shown.length - 1));
  const current = shown[at];
  const moveTo = (i: number) => setActive(Math.max(0, Math.min(shown.length - 1, i)));

  useKeypress((key: KeypressEvent, rl) => {
    // Keys that act on the list must not edit the filter: readline has already put them into its line.
    const restore = () => {
      rl.clearLine(0);
      rl.write(term);
    };
    if (isEnterKey(key)) {
      const picked = ticked.size ? ticked : current ? new Set([current.value]) : ticked;
      if (picked.size === 0) {
        rl.write(term); // readline cleared the line on enter; keep the filter
        setError('nothing matches the filter; change it (backspace) and tick a field with space');
        return;
      }
      setStatus('done');
      done(config.choices.filter((ch) => picked.has(ch.value)).map((ch) => ch.value));
    } else if (isSpaceKey(key) || isTabKey(key)) {
      restore();
      if (!current) return;
      const next = new Set(ticked);
      if (next.has(current.value)) next.delete(current.value);
      else next.add(current.value);
      setTicked(next);
      setError(undefined);
    } else if (isUpKey(key) || isDownKey(key)) {
      restore(); // up/down would otherwise recall readline history
      moveTo(at + (isUpKey(key) ? -1 : 1));
    } else if (key.name === 'pageup' || key.name === 'pagedown') {
      restore();
      moveTo(at + (key.name === 'pageup' ? -1 : 1) * config.pageSize);
    } else if (key.name === 'right' || key.name === 'left') {
      restore();
      if (!current) return;
      const group = parents.get(current.path) ?? (folded.has(current.path) ? current.path : undefined);
      if (group === undefined) return;
      const next = new Set(unfolded);
      if (key.name === 'right') next.add(group);
      else {
        next.delete(group);
        const i = visibleFields(config.choices, term, parents, next, ticked).findIndex((ch) => ch.path === group);
        if (i >= 0) setActive(i);
      }
      setUnfolded(next);
    } else if (key.ctrl && key.name === 'a') {
      // Tick (or untick) everything shown: "line_items[*]" then ctrl-a takes every line-item field.
      restore();
      const next = new Set(ticked);
      const all = shown.every((ch) => next.has(ch.value));
      for (const ch of shown)
        if (all) next.delete(ch.value);
        else next.add(ch.value);
      setTicked(next);
    } else if (rl.line !== term) {
      setTerm(rl.line);
      setActive(0);
      setError(undefined);
    }
  });

  const message = theme.style.message(escapeControls(config.message), status);
  if (status === 'done') {
    const picked = config.choices.filter((ch) => ticked.has(ch.value) || (ticked.size === 0 && ch === current));
    return `${prefix} ${message} ${c.cyan(escapeControls(picked.map((ch) => ch.path).join(', ')))}`;
  }
  // Columns sized to the terminal: marker, path, type, then whatever room is left for the example value.
  const pathWidth = Math.min(
    Math.floor(config.width * 0.45),
    Math.max(12, ...config.choices.map((ch) => ch.path.length)),
  );
  const typeWidth = Math.min(20, Math.max(6, ...config.choices.map((ch) => ch.type.length)));
  const room = Math.max(8, config.width - pathWidth - typeWidth - 12);
  const page = usePagination({
    items: shown,
    active: at,
    pageSize: config.pageSize,
    loop: false,
    renderItem({ item, isActive }) {
      const box = ticked.has(item.value) ? c.green('\u25c9') : '\u25ef';
      const cursor = isActive ? c.cyan('\u276f') : ' ';
      const count = folded.get(item.path);
      const fold =
        count === undefined ? ' ' : unfolded.has(item.path) || /\[\d/.test(term) ? '\u25be' : c.dim('\u25b8');
      const text = escapeControls(item.path);
      // Long paths lose their start, not the key being picked; the parent part is dimmed so the list reads as a tree.
      const path = text.length > pathWidth ? `\u2026${text.slice(text.length - pathWidth + 1)}` : text;
      const cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
      const shownPath = cut > 0 ? c.dim(path.slice(0, cut + 1)) + path.slice(cut + 1) : path;
      const indent = parents.has(item.path) ? '  ' : '';
      const pad = ' '.repeat(Math.max(0, pathWidth - path.length - indent.length));
      const line = `${cursor} ${box} ${fold} ${indent}${shownPath}${pad}  ${c.yellow(item.type.padEnd(typeWidth))}  ${c.dim(fitWidth(escapeControls(item.example), room))}`;
      return isActive ? c.bold(line) : line;
    },
  });
  const hidden = [...parents.keys()].filter((p) => !shown.some((s) => s.path === p)).length;
  const tickedPaths = config.choices.filter((ch) => ticked.has(ch.value)).map((ch) => ch.path);
  const count = `${shown.length} of ${config.choices.length} fields${term.trim() === '' && hidden ? ` (${hidden} [0], [1]\u2026 folded under [*]: \u2192 unfolds)` : ''}`;
  const tickedLine = tickedPaths.length
    ? fitWidth(`${tickedPaths.length} ticked: ${tickedPaths.join(', ')}`, config.width - 3)
    : '';
  const keys: Array<[string, string]> = [
    ['type', 'to filter'],
    ['\u2191\u2193 pgup/dn', 'move'],
    ['space', 'tick'],
    ['\u2192\u2190', 'unfold/fold'],
    ['ctrl-a', 'tick all shown'],
    ...(config.back ? [['esc', 'back'] as [string, string]] : []),
    ['\u23ce', ticked.size ? 'done' : 'take the highlighted'],
  ];
  const short: Array<[string, string]> = [
    ['\u2191\u2193', 'move'],
    ['space', 'tick'],
    ['\u2192\u2190', 'fold'],
    ...(config.back ? [['esc', 'back'] as [string, string]] : []),
    ['\u23ce', ticked.size ? 'done' : 'take'],
  ];
  // The full line where it fits, else the short one: a wrapped help line would break the list's layout.
  const fits = keys.map(([k, a]) => `${k} ${a}`).join(' \u2022 ').length <= config.width;
  const help = (fits ? keys : short)
    .map(([k, a]) => `${c.bold(k)} ${c.dim(a)}`)
    .join(c.dim(fits ? ' \u2022 ' : ' \u00b7 '));
  const body = [
    shown.length ? page : c.dim('  no field matches; backspace to widen the filter'),
    c.dim(`  ${count}`),
    tickedLine ? c.green(`  ${escapeControls(tickedLine)}`) : '',
    error ? c.red(`> ${error}`) : '',
    help,
  ]
    .filter(Boolean)
    .join('\n');
  // The cursor stays on the first line, after the filter text, where typing goes.
  return [`${prefix} ${message} ${c.cyan(escapeControls(term))}`, body];
});

export function fitWidth(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, Math.max(1, width - 1))}\u2026` : text;
}
