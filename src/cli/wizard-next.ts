/** After the result is shown: copy to the clipboard, save a spec file, write the files — until Done. */
import type { GenerateResult } from '../index.js';
import type { Choice, Heading, Prompts } from './prompts.js';

export type Step =
  | { kind: 'copy'; what: 'url' | 'headers' | 'body'; webhook: number }
  | { kind: 'save-spec'; path: string }
  | { kind: 'write-files'; dir: string };

export interface NextStepsContext {
  result: GenerateResult;
  /** The clipboard tool's name, or undefined when none exists. */
  clipboard: string | undefined;
  exists(path: string): boolean;
  /** The files `write-files` would write into dir. */
  plannedFiles(dir: string): string[];
}

/**
 * "What next?" until Done. Each step runs (through `perform`) as soon as it is chosen and confirmed, so a Ctrl-C
 * later leaves only whole files behind. Files are never overwritten without a yes.
 */
export async function askNextSteps(
  p: Prompts,
  ctx: NextStepsContext,
  perform: (step: Step) => Promise<void>,
): Promise<Step[]> {
  const done: Step[] = [];
  const many = ctx.result.webhooks.length > 1;
  for (;;) {
    const choices: Array<Choice<string> | Heading> = [];
    if (ctx.clipboard) {
      ctx.result.webhooks.forEach((w, i) => {
        const of = many ? ` (webhook ${i + 1}: ${w.name})` : '';
        const mark = (what: string) =>
          done.some((s) => s.kind === 'copy' && s.what === what && s.webhook === i) ? ' ✓' : '';
        choices.push(
          { value: `copy:body:${i}`, name: `Copy the JSON Body${of}${mark('body')}` },
          { value: `copy:url:${i}`, name: `Copy the Destination URL${of}${mark('url')}` },
          { value: `copy:headers:${i}`, name: `Copy the headers (Key<tab>Value lines)${of}${mark('headers')}` },
        );
      });
    } else
      choices.push({
        separator: 'No clipboard tool found (pbcopy, wl-copy, xclip, xsel, clip.exe): copy from the output above',
      });
    choices.push(
      { value: 'save-spec', name: 'Save the answers as a spec file (for generate --spec)' },
      { value: 'write-files', name: "Write each webhook's body and description into a folder" },
      { value: 'done', name: 'Done' },
    );
    const answer = await p.select<string>({
      message: 'What next?',
      choices,
      default: ctx.clipboard && done.length === 0 ? 'copy:body:0' : 'done',
    });
    if (answer === 'done') return done;
    let step: Step | undefined;
    if (answer.startsWith('copy:')) {
      const [, what, index] = answer.split(':');
      step = { kind: 'copy', what: what as 'url' | 'headers' | 'body', webhook: Number(index) };
    } else if (answer === 'save-spec') {
      const path = await askTarget(p, ctx, 'Save the spec as (.json, .yaml or .yml):', 'klaviyo-webhook.json', (f) => [
        f,
      ]);
      if (path !== undefined) step = { kind: 'save-spec', path };
    } else {
      const dir = await askTarget(p, ctx, 'Folder to write the files into:', 'klaviyo-webhooks', ctx.plannedFiles);
      if (dir !== undefined) step = { kind: 'write-files', dir };
    }
    if (step) {
      await perform(step);
      done.push(step);
    }
  }
}

/** A file or folder name; when that would overwrite files, asks first (no: type another name, empty to skip). */
async function askTarget(
  p: Prompts,
  ctx: NextStepsContext,
  message: string,
  suggestion: string,
  files: (target: string) => string[],
): Promise<string | undefined> {
  let def: string | undefined = suggestion;
  for (;;) {
    const target = (
      await p.input({
        message: def === undefined ? `${message.replace(/:$/, '')} (another name; empty to skip):` : message,
        ...(def !== undefined ? { default: def } : {}),
      })
    ).trim();
    if (target === '') return undefined;
    const existing = files(target).filter((f) => ctx.exists(f));
    if (existing.length === 0) return target;
    if (
      await p.confirm({
        message: `${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''}. Overwrite?`,
        default: false,
      })
    )
      return target;
    def = undefined;
  }
}
