/** The bundled sample events in templates/examples, found relative to this module as create-vite does. */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { UserError } from './errors.js';
import { closest } from './util.js';

export interface ExampleInfo {
  id: string;
  file: string;
  title: string;
  description: string;
}

let examplesDir: string | undefined;

/** templates/examples from the bundle (dist/…) or from the sources (src/sample/…). */
export function findExamplesDir(): string {
  if (examplesDir) return examplesDir;
  for (const rel of ['../templates/examples/', '../../templates/examples/']) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(`${dir}index.json`)) {
      examplesDir = dir;
      return dir;
    }
  }
  throw new Error('bundled examples not found next to the program (templates/examples/index.json)');
}

export function listExamples(): ExampleInfo[] {
  return JSON.parse(readFileSync(`${findExamplesDir()}index.json`, 'utf8')) as ExampleInfo[];
}

export function readExample(id: string): { text: string; source: string } {
  const examples = listExamples();
  const info = examples.find((e) => e.id === id);
  if (!info) {
    const near = closest(
      id,
      examples.map((e) => e.id),
    );
    const hint = near.length ? `did you mean ${near.map((n) => `"${n}"`).join(' or ')}? ` : '';
    throw new UserError(`unknown example "${id}"; ${hint}--list-examples shows them all`);
  }
  return { text: readFileSync(`${findExamplesDir()}${info.file}`, 'utf8'), source: `example ${id}` };
}
