// An append-only file of lines: the one writer under the live journal (journal.ts) and the drills' logs
// (drill/drillLog.ts). A write goes down whole or not at all: when the disk refuses part-way, the file is cut
// back to where the write began and the caller keeps the bytes to try again, so a refused record never lands
// later by halves. At open, a last line a crash cut short is cut off and kept aside, so the next line starts
// on a line of its own.
import { closeSync, fdatasyncSync, fstatSync, ftruncateSync, openSync, readSync, writeFileSync, writeSync } from 'node:fs';

export const tornFileOf = (file: string, offset: number) => `${file}.torn-${offset}`;

export class LineFile {
  private fd: number;
  /** Bytes on disk. */
  size: number;
  /** Where a refused write began, when cutting the file back there failed too: done before the next write. */
  private cutBackTo: number | null = null;

  /** `sync`: each write is fdatasync'ed before it counts (the live journal); without, the page cache holds it. */
  constructor(readonly file: string, private readonly sync: boolean) {
    this.fd = openSync(file, 'a');
    this.size = fstatSync(this.fd).size;
  }

  /** Opens a file whose last line may have been cut short by a crash: that tail is cut off first. */
  static openCut(file: string, sync: boolean, log: (line: string) => void = () => {}): LineFile {
    const f = new LineFile(file, sync);
    const torn = f.tornTail();
    if (torn) {
      closeSync(f.fd);
      LineFile.cutTornTail(file, torn.tail, torn.offset, log);
      return new LineFile(file, sync);
    }
    return f;
  }

  /** The bytes after the last newline, if the file does not end with one. */
  private tornTail(): { tail: Buffer; offset: number } | null {
    if (this.size === 0) return null;
    const fd = openSync(this.file, 'r');
    try {
      const last = Buffer.alloc(1);
      readSync(fd, last, 0, 1, this.size - 1);
      if (last[0] === 0x0a) return null;
      // Back to the line's start, a block at a time (a line is a record: kilobytes, not more).
      for (let end = this.size, chunk = 64 * 1024; ; end -= chunk) {
        const from = Math.max(0, end - chunk);
        const b = Buffer.alloc(end - from);
        readSync(fd, b, 0, b.length, from);
        const nl = b.lastIndexOf(0x0a);
        if (nl !== -1 || from === 0) {
          const offset = nl === -1 ? 0 : from + nl + 1;
          const tail = Buffer.alloc(this.size - offset);
          readSync(fd, tail, 0, tail.length, offset);
          return { tail, offset };
        }
      }
    } finally { closeSync(fd); }
  }

  /** Cuts a torn last line off at `offset`, keeping its bytes in a file beside it. */
  static cutTornTail(file: string, tail: Buffer, offset: number, log: (line: string) => void, line?: number): { offset: number; bytes: number; keptIn: string } {
    const keptIn = tornFileOf(file, offset);
    writeFileSync(keptIn, tail);
    const fd = openSync(file, 'r+');
    try { ftruncateSync(fd, offset); fdatasyncSync(fd); } finally { closeSync(fd); }
    log(`${file}${line !== undefined ? `:${line}` : ''}: a last record cut short by a crash (${tail.length} bytes at byte ${offset}) was cut off and kept in ${keptIn}`);
    return { offset, bytes: tail.length, keptIn };
  }

  /** Writes every byte (and syncs, if asked), or throws the disk's error with the file as it was before. */
  write(data: Buffer): void {
    const at = this.size;
    let written = 0;
    try {
      if (this.cutBackTo !== null) { ftruncateSync(this.fd, this.cutBackTo); this.cutBackTo = null; }
      // writeSync may write less than asked (a full disk, a signal): go on until every byte is down.
      while (written < data.length) written += writeSync(this.fd, data, written);
      if (this.sync) fdatasyncSync(this.fd);
    } catch (e) {
      if (written > 0) try { ftruncateSync(this.fd, at); } catch { this.cutBackTo = at; }
      throw e;
    }
    this.size += data.length;
  }

  close(): void { closeSync(this.fd); }
}
