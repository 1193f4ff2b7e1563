/**
 * Colour only where a person reads it: on a terminal, never with NO_COLOR set (chalk alone ignores NO_COLOR),
 * and FORCE_COLOR to force it (e.g. `FORCE_COLOR=1 … | less -R`).
 *
 * chalk loads (loadColor) only when stdout or stderr can show colour: building its styles costs a few ms of every
 * start-up that prints no colour at all. Without colour, makeChalk returns a stand-in that gives exactly what chalk
 * gives at level 0.
 */
import type { ChalkInstance } from 'chalk';
import { stderr, stdout } from './stdio.js';

export function colorLevel(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): 0 | 1 | 2 | 3 {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === '0' || force === 'false') return 0;
    return force === '2' ? 2 : force === '3' ? 3 : 1;
  }
  if (!stream.isTTY || env.TERM === 'dumb') return 0;
  return 1;
}

let chalkModule: typeof import('chalk') | undefined;

/** Loads chalk if stdout or stderr can show colour. The CLI calls it once, before any command runs. */
export async function loadColor(): Promise<void> {
  if (!chalkModule && (colorLevel(stdout) > 0 || colorLevel(stderr) > 0)) chalkModule = await import('chalk');
}

/**
 * A chalk instance for `stream`. Colour needs loadColor() first (which looks at stdout and stderr):
 * a stream that would get colour while neither of those can show it gets none.
 */
export function makeChalk(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): ChalkInstance {
  const level = colorLevel(stream, env);
  return level > 0 && chalkModule ? new chalkModule.Chalk({ level }) : plainChalk();
}

// ---------------------------------------------------------------------------------------------------------------
// chalk at level 0: a style returns its text (`'' + text`, or several joined with ' '); after `visible`, ''.

const STYLE_NAMES = [
  'reset',
  'bold',
  'dim',
  'italic',
  'underline',
  'overline',
  'inverse',
  'hidden',
  'strikethrough',
  'black',
  'red',
  'green',
  'yellow',
  'blue',
  'magenta',
  'cyan',
  'white',
  'blackBright',
  'gray',
  'grey',
  'redBright',
  'greenBright',
  'yellowBright',
  'blueBright',
  'magentaBright',
  'cyanBright',
  'whiteBright',
  'bgBlack',
  'bgRed',
  'bgGreen',
  'bgYellow',
  'bgBlue',
  'bgMagenta',
  'bgCyan',
  'bgWhite',
  'bgBlackBright',
  'bgGray',
  'bgGrey',
  'bgRedBright',
  'bgGreenBright',
  'bgYellowBright',
  'bgBlueBright',
  'bgMagentaBright',
  'bgCyanBright',
  'bgWhiteBright',
];
const MODEL_NAMES = ['rgb', 'hex', 'ansi256', 'bgRgb', 'bgHex', 'bgAnsi256'];

type Styler = ((...text: unknown[]) => string) & Record<string, unknown>;

function plainStyles(fn: (...text: unknown[]) => string, chain: () => Styler, visible: () => Styler): Styler {
  const f = fn as Styler;
  const props: PropertyDescriptorMap = {
    level: { get: () => 0, set: () => {}, enumerable: true },
    visible: { get: visible },
  };
  for (const name of STYLE_NAMES) props[name] = { get: chain };
  for (const name of MODEL_NAMES) props[name] = { get: () => () => chain() };
  return Object.defineProperties(f, props);
}

const text = (parts: unknown[]) => (parts.length === 1 ? `${parts[0]}` : parts.join(' '));
let plain: ChalkInstance | undefined;

/** Built on first use: defining its ~100 getters is wasted on --help, --version and errors. */
function plainChalk(): ChalkInstance {
  if (plain) return plain;
  const empty: Styler = plainStyles(
    () => '',
    () => empty,
    () => empty,
  );
  const style: Styler = plainStyles(
    (...parts) => text(parts),
    () => style,
    () => empty,
  );
  plain = plainStyles(
    (...parts) => parts.join(' '),
    () => style,
    () => empty,
  ) as unknown as ChalkInstance;
  return plain;
}
