/**
 * Escape goes back a question, with its answer kept. The wizard's questions depend on earlier answers (which
 * fields, how many names, bulk or not), so going back re-runs the whole flow: the answers before the question gone
 * back to are replayed without asking, that question is asked again with its answer as the default, and every later
 * question that comes again (the same kind and message) offers its latest answer too.
 */
import { BackError } from './prompt-errors.js';
import type { Prompts } from './prompts.js';

interface Answer {
  kind: 'select' | 'input' | 'confirm' | 'editor' | 'pick';
  message: string;
  value: unknown;
}

export async function withBack<T>(p: Prompts, flow: (p: Prompts) => Promise<T>): Promise<T> {
  let replay: Answer[] = [];
  const kept = new Map<string, unknown>(); // kind and message → the latest answer
  for (;;) {
    const log: Answer[] = [];
    const take = async <V>(kind: Answer['kind'], message: string, ask: (before: V | undefined) => Promise<V>) => {
      const i = log.length;
      const old = replay[i];
      if (old !== undefined && old.kind === kind && old.message === message) {
        log.push(old);
        return old.value as V;
      }
      replay = []; // the flow went another way: nothing further to replay
      p.offerBack?.(i > 0); // the first question has nothing before it
      const value = await ask(kept.get(`${kind}:${message}`) as V | undefined);
      kept.set(`${kind}:${message}`, value);
      log.push({ kind, message, value });
      return value;
    };
    const remembering: Prompts = {
      select: (o) =>
        take('select', o.message, (before) => p.select(before === undefined ? o : { ...o, default: before })),
      input: (o) => take('input', o.message, (before) => p.input(before === undefined ? o : { ...o, default: before })),
      confirm: (o) =>
        take('confirm', o.message, (before) => p.confirm(before === undefined ? o : { ...o, default: before })),
      editor: (o) =>
        take('editor', o.message, (before) => p.editor(before === undefined ? o : { ...o, default: before })),
      pickFields: (o) =>
        take('pick', o.message, (before: string[] | undefined) =>
          p.pickFields(
            before === undefined
              ? o
              : { ...o, choices: o.choices.map((ch) => ({ ...ch, checked: before.includes(ch.value) })) },
          ),
        ),
    };
    try {
      return await flow(remembering);
    } catch (err) {
      if (!(err instanceof BackError)) throw err;
      // Escape at question n (log.length): ask n-1 again. At the first question there is nowhere to go: ask it again.
      replay = log.slice(0, -1);
      if (log.length > 0) p.forgetLast?.();
    }
  }
}

/** Prompts where there is no question to go back to (after the result): Escape asks the same question again. */
export function withoutBack(p: Prompts): Prompts {
  const again = async <T>(ask: () => Promise<T>): Promise<T> => {
    p.offerBack?.(false);
    for (;;) {
      try {
        return await ask();
      } catch (err) {
        if (!(err instanceof BackError)) throw err;
      }
    }
  };
  return {
    select: (o) => again(() => p.select(o)),
    input: (o) => again(() => p.input(o)),
    confirm: (o) => again(() => p.confirm(o)),
    editor: (o) => again(() => p.editor(o)),
    pickFields: (o) => again(() => p.pickFields(o)),
  };
}
