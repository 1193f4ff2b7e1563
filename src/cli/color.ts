/**
 * Colour only where a person reads it: on a terminal, never with NO_COLOR set (chalk alone ignores NO_COLOR),
 * and FORCE_COLOR to force it (e.g. `FORCE_COLOR=1 … | less -R`).
 */
import { Chalk, type ChalkInstance } from 'chalk';

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

export function makeChalk(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): ChalkInstance {
  return new Chalk({ level: colorLevel(stream, env) });
}
