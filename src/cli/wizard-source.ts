/** The wizard's first question: where the sample event comes from (an example, a file, pasted JSON, the account). */
import { UserError, parseSample, type ParsedSample } from '../index.js';
import type { Prompts } from './prompts.js';
import type { WizardDeps, WizardPrefill } from './wizard.js';

export interface Source {
  where: { example: string } | { sample: string } | { sampleMetric: string } | Record<string, never>;
  sample: ParsedSample;
  pasted?: { text: string; path: string | undefined };
}

export async function askSource(p: Prompts, deps: WizardDeps, prefill: WizardPrefill): Promise<Source> {
  if (prefill.example !== undefined)
    return { where: { example: prefill.example }, sample: deps.loadExample(prefill.example) };
  if (prefill.sample !== undefined)
    return { where: { sample: prefill.sample }, sample: await deps.loadFile(prefill.sample) };
  const width = Math.max(...deps.examples.map((e) => e.title.length));
  const choice = await p.select<string>({
    message: 'Where does the sample trigger event come from?',
    choices: [
      ...(deps.account
        ? [
            {
              value: 'account',
              name: 'The newest event of a metric in your Klaviyo account',
              description: 'read with the key in $KLAVIYO_API_KEY',
            },
          ]
        : []),
      { value: 'file', name: 'A JSON file', description: 'the event as Klaviyo shows it (or as its API returns it)' },
      { value: 'paste', name: 'Paste JSON into an editor', description: 'opens $VISUAL / $EDITOR' },
      { separator: '── Bundled examples ──' },
      ...deps.examples.map((e) => ({
        value: `example:${e.id}`,
        name: `${e.title.padEnd(width)}  ${e.description}`,
        short: `${e.title} (${e.id})`,
        // In full under the list: a narrow terminal cuts the line above short.
        description: e.description,
      })),
    ],
  });
  if (choice.startsWith('example:')) {
    const id = choice.slice('example:'.length);
    return { where: { example: id }, sample: deps.loadExample(id) };
  }
  if (choice === 'account' && deps.account) {
    const names = [...new Set(await deps.account.metricNames())];
    if (names.length === 0)
      throw new UserError('your Klaviyo account has no metrics yet; choose a file or a bundled example');
    const metric = await p.select<string>({
      message: 'Which metric triggers the flow?',
      choices: names.map((n) => ({ value: n, name: n })),
    });
    return { where: { sampleMetric: metric }, sample: await deps.account.load(metric) };
  }
  if (choice === 'file') {
    let loaded: { path: string; sample: ParsedSample } | undefined;
    const path = await p.input({
      message: 'Path of the sample event (JSON):',
      validate: async (answer) => {
        const file = answer.trim();
        if (file === '') return 'type the path of a .json file';
        try {
          loaded = { path: file, sample: await deps.loadFile(file) };
          return true;
        } catch (err) {
          if (err instanceof UserError) return inWizardWords(err.message);
          throw err;
        }
      },
    });
    const file = path.trim();
    const sample = loaded?.path === file ? loaded.sample : await deps.loadFile(file);
    return { where: { sample: file }, sample };
  }
  const text = await p.editor({
    message: 'Paste the event JSON into the editor, save and close it.',
    validate: validateJson,
  });
  const sample = parseSample(text, 'the pasted JSON');
  const saveAs = (
    await p.input({
      message: 'Save the pasted event as (the one-line command reads it; leave empty not to save):',
      default: 'sample-event.json',
      validate: (answer) =>
        answer.trim() !== '' && deps.exists(answer.trim())
          ? `${answer.trim()} already exists; choose another name`
          : true,
    })
  ).trim();
  return {
    where: saveAs ? { sample: saveAs } : {},
    sample,
    pasted: { text: text.endsWith('\n') ? text : `${text}\n`, path: saveAs || undefined },
  };
}

function validateJson(text: string): true | string {
  try {
    parseSample(text, 'the pasted JSON');
    return true;
  } catch (err) {
    if (err instanceof UserError) return err.message;
    throw err;
  }
}

/** A message written for the command line, said as the wizard asks: a flag to give becomes a question to answer. */
export function inWizardWords(message: string): string {
  return message.replace(/\bstart from --example [\w-]+/, 'press Esc and choose a bundled example');
}
