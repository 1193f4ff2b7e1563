/**
 * Every question the wizard asks goes through the Prompts interface; this module is the only one that touches
 * @inquirer. Tests replace the interface with scripted answers (as changesets does), so the flow in wizard.ts is
 * tested without a terminal, and the real prompts are tested once, end to end, in a pseudo-terminal.
 *
 * Prompts draw on stderr: stdout carries only the result, as `generate` prints it.
 */
import {
  createPrompt,
  isDownKey,
  isEnterKey,
  isTabKey,
  isUpKey,
  makeTheme,
  useKeypress,
  useMemo,
  usePagination,
  usePrefix,
  useState,
  type KeypressEvent,
} from '@inquirer/core';
import { CancelledError } from '../errors.js';
import type { ChalkInstance } from 'chalk';

export interface Choice<V> {
  value: V;
  name: string;
  /** Shown under the list while the choice is highlighted. */
  description?: string;
  /** Shown as the answer once chosen (default: name). */
  short?: string;
}

/** A heading between choices; not selectable. */
export interface Heading {
  separator: string;
}

/** Returns true when the answer is fine, or the message to show under the prompt. */
export type Validate = (answer: string) => true | string | Promise<true | string>;

export interface FieldChoice {
  /** The path as users write it; what the picker returns. */
  value: string;
  path: string;
  /** `string`, `→ list of 2 strings`, … */
  type: string;
  /** A short JSON rendering of a sample value. */
  example: string;
  checked?: boolean;
}

export interface Prompts {
  select<V>(options: { message: string; choices: ReadonlyArray<Choice<V> | Heading>; default?: V }): Promise<V>;
  input(options: { message: string; default?: string; validate?: Validate }): Promise<string>;
  confirm(options: { message: string; default?: boolean }): Promise<boolean>;
  /** Opens $VISUAL/$EDITOR; the answer is the saved text. */
  editor(options: { message: string; validate?: Validate }): Promise<string>;
  /** A multi-select with a filter line: the sample's fields. Returns the ticked values in list order. */
  pickFields(options: { message: string; choices: readonly FieldChoice[] }): Promise<string[]>;
}

export interface TerminalOptions {
  input?: NodeJS.ReadableStream;
  /** stderr: prompts never mix into stdout. */
  output: NodeJS.WritableStream & { columns?: number; rows?: number };
  chalk: ChalkInstance;
}

/** The real prompts. @inquirer/prompts is imported here, on first use, so nothing else pays for loading it. */
export function terminalPrompts(options: TerminalOptions): Prompts {
  const context = { output: options.output, ...(options.input ? { input: options.input } : {}) };
  const c = options.chalk;
  // Node's styleText (inquirer's default theme) looks at stdout; colour here follows our own NO_COLOR/FORCE_COLOR rules.
  const theme = {
    prefix: { idle: c.blue('?'), done: c.green('✔') },
    style: {
      answer: (t: string) => c.cyan(t),
      message: (t: string) => c.bold(t),
      error: (t: string) => c.red(`> ${t}`),
      defaultAnswer: (t: string) => c.dim(`(${t})`),
      help: (t: string) => c.dim(t),
      highlight: (t: string) => c.cyan(t),
      description: (t: string) => c.cyan(t),
      disabled: (t: string) => c.dim(t),
      keysHelpTip: (keys: [string, string][]) => keys.map(([k, a]) => `${c.bold(k)} ${c.dim(a)}`).join(c.dim(' • ')),
    },
  };
  const ask = async <T>(run: (m: typeof import('@inquirer/prompts')) => Promise<T>): Promise<T> => {
    const m = await import('@inquirer/prompts');
    try {
      return await run(m);
    } catch (err) {
      throw asCancelled(err);
    }
  };
  const rows = () => Math.max(5, (options.output.rows ?? 24) - 8);
  const width = () => Math.max(40, options.output.columns ?? 80);
  return {
    select: ({ message, choices, default: def }) =>
      ask((m) =>
        m.select(
          {
            message,
            // One line per choice: a wrapped choice breaks the list's layout on narrow terminals.
            choices: choices.map((ch) =>
              'separator' in ch
                ? new m.Separator(c.dim(fitWidth(ch.separator, width() - 2)))
                : { ...ch, name: fitWidth(ch.name, width() - 3) },
            ),
            ...(def !== undefined ? { default: def } : {}),
            pageSize: Math.min(rows(), 15),
            loop: false,
            theme,
          },
          context,
        ),
      ),
    input: ({ message, default: def, validate }) =>
      ask((m) =>
        m.input(
          { message, ...(def !== undefined ? { default: def } : {}), ...(validate ? { validate } : {}), theme },
          context,
        ),
      ),
    confirm: ({ message, default: def }) =>
      ask((m) => m.confirm({ message, ...(def !== undefined ? { default: def } : {}), theme }, context)),
    editor: ({ message, validate }) =>
      ask((m) =>
        m.editor(
          { message, postfix: '.json', waitForUserInput: true, ...(validate ? { validate } : {}), theme },
          context,
        ),
      ),
    pickFields: ({ message, choices }) =>
      ask(() => fieldPicker({ message, choices, chalk: c, pageSize: Math.min(rows(), 14), width: width() }, context)),
  };
}

/** Ctrl-C (inquirer's ExitPromptError) becomes our CancelledError: one line, exit 130. */
function asCancelled(err: unknown): unknown {
  return err instanceof Error && (err.name === 'ExitPromptError' || err.name === 'AbortPromptError')
    ? new CancelledError()
    : err;
}

interface PickerConfig {
  message: string;
  choices: readonly FieldChoice[];
  chalk: ChalkInstance;
  pageSize: number;
  width: number;
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

/**
 * @inquirer/prompts has a searchable single select (`search`) and a multi-select without a filter (`checkbox`),
 * so this is both in one: typed letters filter the list, tab ticks the highlighted field, enter finishes (taking
 * the highlighted field when nothing is ticked, so a single field costs only the filter and enter). Space is
 * filter text, not a toggle, because field keys contain spaces ("Item Count").
 */
const fieldPicker = createPrompt<string[], PickerConfig>((config, done) => {
  const c = config.chalk;
  const theme = makeTheme({
    prefix: { idle: c.blue('?'), done: c.green('✔') },
    style: { message: (t: string) => c.bold(t) },
  });
  const [status, setStatus] = useState<'idle' | 'done'>('idle');
  const [term, setTerm] = useState('');
  const [ticked, setTicked] = useState<ReadonlySet<string>>(
    new Set(config.choices.filter((ch) => ch.checked).map((ch) => ch.value)),
  );
  const [active, setActive] = useState(0);
  const [error, setError] = useState<string | undefined>(undefined);
  const prefix = usePrefix({ status: status === 'done' ? 'done' : 'idle', theme });
  const shown = useMemo(() => filterFields(config.choices, term), [term]);
  const current = shown[Math.min(active, shown.length - 1)];

  useKeypress((key: KeypressEvent, rl) => {
    if (isEnterKey(key)) {
      const picked = ticked.size ? ticked : current ? new Set([current.value]) : ticked;
      if (picked.size === 0) {
        rl.write(term); // readline cleared the line on enter; keep the filter
        setError('nothing matches the filter; change it (backspace) and tick a field with tab');
        return;
      }
      setStatus('done');
      done(config.choices.filter((ch) => picked.has(ch.value)).map((ch) => ch.value));
    } else if (isTabKey(key)) {
      rl.clearLine(0); // readline inserted the tab into the line
      rl.write(term);
      if (!current) return;
      const next = new Set(ticked);
      if (next.has(current.value)) next.delete(current.value);
      else next.add(current.value);
      setTicked(next);
      setError(undefined);
    } else if (isUpKey(key) || isDownKey(key)) {
      rl.clearLine(0); // up/down would otherwise recall readline history
      rl.write(term);
      if (shown.length)
        setActive((Math.min(active, shown.length - 1) + (isUpKey(key) ? shown.length - 1 : 1)) % shown.length);
    } else if (key.ctrl && key.name === 'a') {
      // Tick (or untick) everything the filter shows: "line_items[*]" then ctrl-a takes every line-item field.
      rl.clearLine(0);
      rl.write(term);
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

  const message = theme.style.message(config.message, status);
  if (status === 'done') {
    const picked = config.choices.filter((ch) => ticked.has(ch.value) || (ticked.size === 0 && ch === current));
    return `${prefix} ${message} ${c.cyan(picked.map((ch) => ch.path).join(', '))}`;
  }
  // Columns sized to the terminal: path, type, then whatever room is left for the example value.
  const pathWidth = Math.min(
    Math.floor(config.width * 0.45),
    Math.max(12, ...config.choices.map((ch) => ch.path.length)),
  );
  const typeWidth = Math.min(20, Math.max(6, ...config.choices.map((ch) => ch.type.length)));
  const room = Math.max(8, config.width - pathWidth - typeWidth - 10);
  const page = usePagination({
    items: shown,
    active: Math.min(active, Math.max(0, shown.length - 1)),
    pageSize: config.pageSize,
    loop: false,
    renderItem({ item, isActive }) {
      const box = ticked.has(item.value) ? c.green('◉') : '◯';
      const cursor = isActive ? c.cyan('❯') : ' ';
      // Long paths lose their start, not the key being picked; the parent part is dimmed so the list reads as a tree.
      const path = item.path.length > pathWidth ? `…${item.path.slice(item.path.length - pathWidth + 1)}` : item.path;
      const cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
      const shownPath = cut > 0 ? c.dim(path.slice(0, cut + 1)) + path.slice(cut + 1) : path;
      const line = `${cursor} ${box} ${shownPath}${' '.repeat(pathWidth - path.length)}  ${c.yellow(item.type.padEnd(typeWidth))}  ${c.dim(fitWidth(item.example, room))}`;
      return isActive ? c.bold(line) : line;
    },
  });
  const count = `${shown.length} of ${config.choices.length} fields${ticked.size ? ` · ${ticked.size} ticked` : ''}`;
  const keys: Array<[string, string]> = [
    ['type', 'to filter'],
    ['↑↓', 'move'],
    ['tab', 'tick'],
    ['ctrl-a', 'tick all shown'],
    ['⏎', ticked.size ? 'done' : 'take the highlighted'],
  ];
  let help = keys.map(([k, a]) => `${c.bold(k)} ${c.dim(a)}`).join(c.dim(' • '));
  if (keys.map(([k, a]) => `${k} ${a}`).join(' • ').length > config.width)
    help = keys.map(([k, a]) => `${c.bold(k)} ${c.dim(a.split(' ').at(-1)!)}`).join(c.dim(' · '));
  const body = [
    shown.length ? page : c.dim('  no field matches; backspace to widen the filter'),
    c.dim(`  ${count}`),
    error ? c.red(`> ${error}`) : '',
    help,
  ]
    .filter(Boolean)
    .join('\n');
  // The cursor stays on the first line, after the filter text, where typing goes.
  return [`${prefix} ${message} ${c.cyan(term)}`, body];
});

function fitWidth(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, Math.max(1, width - 1))}…` : text;
}
