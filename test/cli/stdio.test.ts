import fs from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { writeAll } from '../../src/cli/stdio.js';

const errno = (code: string) => Object.assign(new Error(code), { code });

describe('writeAll', () => {
  afterEach(() => vi.restoreAllMocks());

  it('writes every byte, across partial writes and a full non-blocking pipe (EAGAIN)', () => {
    const written: Buffer[] = [];
    let calls = 0;
    vi.spyOn(fs, 'writeSync').mockImplementation(((fd: number, buf: Buffer, offset: number) => {
      expect(fd).toBe(7);
      calls++;
      if (calls === 2) throw errno('EAGAIN');
      const n = Math.min(3, buf.length - offset); // a reader that takes 3 bytes at a time
      written.push(Buffer.from(buf.subarray(offset, offset + n)));
      return n;
    }) as typeof fs.writeSync);
    writeAll(7, 'héllo wörld\n');
    expect(Buffer.concat(written).toString('utf8')).toBe('héllo wörld\n');
  });

  it('stops quietly when the reader has gone (EPIPE), and turns any other error into a one-line OutputError (exit 2)', () => {
    vi.spyOn(fs, 'writeSync').mockImplementation((() => {
      throw errno('EPIPE');
    }) as typeof fs.writeSync);
    expect(() => writeAll(7, 'x')).not.toThrow();
    vi.spyOn(fs, 'writeSync').mockImplementation((() => {
      throw errno('EBADF');
    }) as typeof fs.writeSync);
    expect(() => writeAll(7, 'x')).toThrow('cannot write to descriptor 7: it is closed');
    vi.spyOn(fs, 'writeSync').mockImplementation((() => {
      throw errno('ENOSPC');
    }) as typeof fs.writeSync);
    expect(() => writeAll(1, 'x')).toThrow(expect.objectContaining({ name: 'OutputError', exitCode: 2 }));
  });
});
