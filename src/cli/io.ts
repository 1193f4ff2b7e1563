/** The CLI's file and stream I/O: every read and write goes through here, with one-line errors. */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UserError } from '../errors.js';

/** Reads FILE, or stdin for '-'. Never waits on a terminal: '-' with nothing piped in is an error. */
export async function readInput(file: string, what: string): Promise<{ text: string; source: string }> {
  if (file === '-') {
    if (process.stdin.isTTY) throw new UserError(`${what} "-" means standard input, but nothing is piped in; pipe a file (… < event.json) or give a path`);
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return { text: Buffer.concat(chunks).toString('utf8'), source: 'standard input' };
  }
  try {
    if (statSync(file).isDirectory()) throw new UserError(`${what} ${file} is a folder; give a JSON file`);
    return { text: readFileSync(file, 'utf8'), source: file };
  } catch (err) {
    if (err instanceof UserError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    throw new UserError(`cannot read ${what} ${file}: ${why}`);
  }
}

export interface PlannedFile {
  path: string;
  content: string;
}

/**
 * Writes all files or none: every target is checked first, so a refusal to overwrite leaves nothing half-written.
 */
export function writeFiles(files: readonly PlannedFile[], force: boolean): void {
  if (!force) {
    const existing = files.filter((f) => existsSync(f.path));
    if (existing.length)
      throw new UserError(`${existing.map((f) => f.path).join(', ')} already exist${existing.length === 1 ? 's' : ''}; pass --force to overwrite`);
  }
  for (const f of files) {
    try {
      mkdirSync(dirname(f.path), { recursive: true });
      writeFileSync(f.path, f.content);
    } catch (err) {
      throw new UserError(`cannot write ${f.path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }
}

export function slug(text: string): string {
  return text.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'webhook';
}

export { join };
