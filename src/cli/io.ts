/** The CLI's file and stream I/O: every read and write goes through here, with one-line errors. */
import { UserError } from '../index.js';
import { isUtf8 } from 'node:buffer';
import {
  closeSync,
  fstatSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { isTerminalFd } from './stdio.js';

/**
 * The most this tool reads from one input (docs/limits.md): far above any real event (Klaviyo caps one at 5 MB),
 * body or spec, and small enough that parsing it stays well inside memory. An OpenAPI document is ~2 MB today.
 */
export const INPUT_LIMIT_BYTES = 16 * 1024 * 1024;
export const OPENAPI_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * Reads FILE, or stdin for '-', as UTF-8 text of at most `limit` bytes. Never waits on a terminal: '-' with nothing
 * piped in is an error. A bigger input (a huge file, /dev/zero, an endless pipe) is refused as soon as it passes the
 * limit; text that is not UTF-8 is refused with the offset of its first bad byte (never silently replaced by U+FFFD,
 * which would name keys that do not exist).
 */
export async function readInput(
  file: string,
  what: string,
  limit = INPUT_LIMIT_BYTES,
): Promise<{ text: string; source: string }> {
  const source = file === '-' ? 'standard input' : file;
  const named = file === '-' ? `${what} on standard input` : `${what} ${file}`;
  let bytes: Buffer;
  if (file === '-') {
    if (isTerminalFd(0))
      throw new UserError(
        `${what} "-" means standard input, but nothing is piped in; pipe a file (… < event.json) or give a path`,
      );
    bytes = readCapped(0, limit, named);
  } else {
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const why =
        code === 'ENOENT'
          ? 'no such file'
          : code === 'EACCES'
            ? 'permission denied'
            : code === 'EISDIR'
              ? 'it is a folder'
              : describeFsError(err);
      throw new UserError(`cannot read ${what} ${file}: ${why}`);
    }
    try {
      const st = fstatSync(fd);
      if (st.isDirectory()) throw new UserError(`${what} ${file} is a folder; give a JSON file`);
      if (st.isFile() && st.size > limit) throw tooBig(named, limit);
      bytes = readCapped(fd, limit, named);
    } finally {
      closeSync(fd);
    }
  }
  return { text: decodeUtf8(bytes, named), source };
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Everything `fd` holds until end of input, refused once it passes `limit` bytes (a device or pipe has no size). */
function readCapped(fd: number, limit: number, named: string): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(total < 65_536 ? 65_536 : 1_048_576);
    let n: number;
    try {
      n = readSync(fd, chunk, 0, chunk.length, null);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // A non-blocking pipe with nothing in it yet: wait a millisecond and try again.
      if (code === 'EAGAIN') {
        Atomics.wait(sleeper, 0, 0, 1);
        continue;
      }
      if (code === 'EOF') break; // Windows: a closed pipe
      throw new UserError(
        `cannot read ${named}: ${code === 'EBADF' ? 'it is closed' : code === 'EISDIR' ? 'it is a folder' : describeFsError(err)}`,
      );
    }
    if (n === 0) break;
    total += n;
    if (total > limit) throw tooBig(named, limit);
    chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
  }
  return Buffer.concat(chunks, total);
}

function tooBig(named: string, limit: number): UserError {
  return new UserError(
    `${named} is larger than ${limit / 1024 / 1024} MB, the most this tool reads (see docs/limits.md)`,
  );
}

/** UTF-8 text (a BOM is left for the parsers, which skip it); anything else refused at its first bad byte. */
function decodeUtf8(bytes: Buffer, named: string): string {
  if (isUtf8(bytes)) return bytes.toString('utf8');
  const at = firstInvalidUtf8(bytes);
  const b = bytes[at] ?? 0;
  const hint =
    bytes[0] === 0xff && bytes[1] === 0xfe
      ? 'it looks like UTF-16; convert it with iconv -f UTF-16 -t UTF-8'
      : bytes[0] === 0xfe && bytes[1] === 0xff
        ? 'it looks like UTF-16; convert it with iconv -f UTF-16 -t UTF-8'
        : 'if it is Latin-1 or Windows-1252, convert it with iconv -f WINDOWS-1252 -t UTF-8';
  throw new UserError(
    `${named} is not UTF-8 text: byte ${at} (0x${b.toString(16).padStart(2, '0')}) is not valid UTF-8; ${hint}`,
  );
}

/** The offset of the first byte that does not belong to a well-formed UTF-8 sequence. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    // Lead byte: sequence length and the allowed range of the second byte (no overlongs, surrogates or > U+10FFFF).
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) n = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      n = 3;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      n = 4;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k < n; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += n;
  }
  return bytes.length;
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
    throw new UserError(
      `${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''}; pass --force to overwrite`,
    );
  const temps: { tmp: string; path: string }[] = [];
  const removeTemps = () => {
    for (const t of temps) rmSync(t.tmp, { force: true });
  };
  for (const f of files) {
    let fd: number | undefined;
    try {
      mkdirSync(dirname(f.path), { recursive: true });
      const tmp = join(
        dirname(f.path),
        `.${basename(f.path)}.${process.pid}-${++tempCount}-${Math.random().toString(36).slice(2, 8)}.tmp`,
      );
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
      throw new UserError(
        `cannot write ${t.path}: ${describeFsError(err)}${!force || placed.length === 0 ? '; no file was written' : `; already replaced: ${placed.join(', ')}`}`,
      );
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
  return code === 'ENOSPC'
    ? 'no space left on the device'
    : code === 'EACCES' || code === 'EPERM'
      ? 'permission denied'
      : code === 'EROFS'
        ? 'read-only file system'
        : code === 'ENOTDIR'
          ? 'a part of the path is a file, not a folder'
          : (code ?? (err as Error).message);
}

export function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'webhook'
  );
}

export { join };
