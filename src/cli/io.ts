/** The CLI's file and stream I/O: every read and write goes through here, with one-line errors. */
import { closeSync, fsyncSync, lstatSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
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

let tempCount = 0;

/**
 * Writes all files or none. Every target is checked first (a refusal to overwrite leaves nothing written); each
 * file is written whole to a new temporary name in its own folder (O_EXCL, so never through a symlink) and only
 * when every one is complete are they renamed into place — a full disk or a reader running alongside never sees
 * a fragment. A rename replaces a symlink at the target, never the file it points to. `secret`: the files hold
 * the API key (--reveal), so only the owner may read them (mode 0600).
 */
export function writeFiles(files: readonly PlannedFile[], force: boolean, options: { secret?: boolean } = {}): void {
  const existing: string[] = [];
  for (const f of files) {
    const st = lstatOrUndefined(f.path);
    if (st?.isDirectory()) throw new UserError(`cannot write ${f.path}: it is a folder`);
    // lstat, not exists: a dangling symlink counts as something already there.
    if (st) existing.push(f.path);
  }
  if (!force && existing.length)
    throw new UserError(`${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''}; pass --force to overwrite`);
  const temps: { tmp: string; path: string }[] = [];
  const removeTemps = () => {
    for (const t of temps) rmSync(t.tmp, { force: true });
  };
  for (const f of files) {
    let fd: number | undefined;
    try {
      mkdirSync(dirname(f.path), { recursive: true });
      const tmp = join(dirname(f.path), `.${basename(f.path)}.${process.pid}-${++tempCount}-${Math.random().toString(36).slice(2, 8)}.tmp`);
      fd = openSync(tmp, 'wx', options.secret ? 0o600 : 0o666);
      temps.push({ tmp, path: f.path });
      const bytes = Buffer.from(f.content, 'utf8');
      for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done);
      fsyncSync(fd);
    } catch (err) {
      removeTemps();
      throw new UserError(`cannot write ${f.path}: ${describeFsError(err)}; no file was written`);
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }
  const placed: string[] = [];
  for (const t of temps) {
    try {
      renameSync(t.tmp, t.path);
      placed.push(t.path);
    } catch (err) {
      removeTemps();
      // Without --force the targets did not exist: take back the ones already placed, so it stays all or nothing.
      if (!force) for (const p of placed) rmSync(p, { force: true });
      throw new UserError(`cannot write ${t.path}: ${describeFsError(err)}${!force || placed.length === 0 ? '; no file was written' : `; already replaced: ${placed.join(', ')}`}`);
    }
  }
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new UserError(`cannot write ${path}: ${describeFsError(err)}`);
  }
}

function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOSPC' ? 'no space left on the device'
    : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
    : code === 'EROFS' ? 'read-only file system'
    : code === 'ENOTDIR' ? 'a part of the path is a file, not a folder'
    : code ?? (err as Error).message;
}

export function slug(text: string): string {
  return text.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'webhook';
}

export { join };
