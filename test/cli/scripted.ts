/**
 * Prompts that answer from a script, in order, checking that each question is the expected kind and message.
 * An input answer runs through the prompt's own validate first, as the terminal would (a refusal fails the test).
 */
import { expect } from 'vitest';
import { BackError } from '../../src/cli/prompt-errors.js';
import type { Choice, FieldChoice, Heading, Prompts, Validate } from '../../src/cli/prompts.js';

export type Step =
  | { select: RegExp; answer: unknown | ((choices: ReadonlyArray<Choice<unknown> | Heading>, def: unknown) => unknown) }
  | { input: RegExp; answer?: string }
  | { confirm: RegExp; answer: boolean }
  | { editor: RegExp; answer: string }
  | { pick: RegExp; answer: string[] | ((choices: readonly FieldChoice[]) => string[]) }
  /** Escape at a prompt of any kind whose message matches. */
  | { back: RegExp };

export interface Asked {
  kind: 'select' | 'input' | 'confirm' | 'editor' | 'pick';
  message: string;
  choices?: ReadonlyArray<Choice<unknown> | Heading> | readonly FieldChoice[];
  default?: unknown;
  validate?: Validate;
}

export function scripted(steps: Step[]): Prompts & { asked: Asked[]; remaining: () => number; forgotten: number } {
  const queue = [...steps];
  const asked: Asked[] = [];
  const next = <K extends string>(kind: K, message: string) => {
    const step = queue.shift();
    expect(step, `no scripted answer left for ${kind} "${message}"`).toBeDefined();
    const key = Object.keys(step!).find((k) => k !== 'answer')!;
    if (key === 'back') {
      expect(message).toMatch((step as { back: RegExp }).back);
      throw new BackError();
    }
    const expected = (step as Record<string, RegExp>)[key]!;
    expect(`${kind}: ${message}`, `the script expected a ${key} prompt matching ${expected}`).toMatch(
      new RegExp(`^${key}: `),
    );
    expect(message).toMatch(expected);
    return step as Step & { answer: unknown };
  };
  return {
    asked,
    remaining: () => queue.length,
    forgotten: 0,
    forgetLast() {
      this.forgotten++;
    },
    async select({ message, choices, default: def }) {
      asked.push({ kind: 'select', message, choices, default: def });
      const step = next('select', message);
      const answer =
        typeof step.answer === 'function'
          ? (step.answer as (c: unknown, d: unknown) => unknown)(choices, def)
          : step.answer;
      if (answer === undefined) return def as never;
      expect(
        choices.some((ch) => 'value' in ch && ch.value === answer),
        `${String(answer)} is not a choice of "${message}"`,
      ).toBe(true);
      return answer as never;
    },
    async input({ message, default: def, validate }) {
      asked.push({ kind: 'input', message, default: def, ...(validate ? { validate } : {}) });
      const step = next('input', message);
      const answer = (step.answer as string | undefined) ?? def ?? '';
      if (validate) expect(await validate(answer), `"${answer}" refused by "${message}"`).toBe(true);
      return answer;
    },
    async confirm({ message, default: def }) {
      asked.push({ kind: 'confirm', message, default: def });
      return next('confirm', message).answer as boolean;
    },
    async editor({ message, validate }) {
      asked.push({ kind: 'editor', message, ...(validate ? { validate } : {}) });
      const answer = next('editor', message).answer as string;
      if (validate) expect(await validate(answer)).toBe(true);
      return answer;
    },
    async pickFields({ message, choices }) {
      asked.push({ kind: 'pick', message, choices });
      const step = next('pick', message);
      return typeof step.answer === 'function'
        ? (step.answer as (c: readonly FieldChoice[]) => string[])(choices)
        : (step.answer as string[]);
    },
  };
}
