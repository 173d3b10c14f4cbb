// Feeds the database from the journal. The journal stays the write-ahead log (nothing is announced before it
// is fsync'ed, as before); records reach the database after that, in batches, in one transaction each with
// the journal position they reach. A crash loses nothing: at start the writer reads the journal again from the
// position the database holds, and every row is idempotent (projection.ts). While the database is away the
// records wait (in memory, and past a bound only in the journal, which is not compacted meanwhile) and are
// written when it is back; `failing` names the database meanwhile, for health and for refusing actions.
import { basename } from 'node:path';
import type { JournalRecord } from '../journal/records';
import { archivedAt, archiveSegments, journalChunks, snapshotRecords } from './journalFiles';
import { positionStatement, project } from './projection';
import type { Sql } from './sql';

export interface HistoryWriterOptions {
  log?: (line: string) => void;
  /** The journal's name in history_position (default its file name): per process where processes share the database. */
  name?: string;
  /** Records collected before a write (a storm writes in bigger batches, not more of them). */
  batchMs?: number;
  retryMs?: number;
  /** Records held in memory while the database is away; past it they are read again from the journal. */
  maxQueued?: number;
  onWritten?: (records: number, ms: number) => void;
  onFailing?: (failing: boolean) => void;
}

export class HistoryWriter {
  private queue: JournalRecord[] = [];
  private position: { offset: number; segment: number } | null = null;
  /** Records were dropped from memory while the database was away: read them again from the journal. */
  private reread = false;
  private writing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private started = false;
  private closed = false;
  private readonly opts: Required<Omit<HistoryWriterOptions, 'log' | 'onWritten' | 'onFailing' | 'name'>> & HistoryWriterOptions;
  readonly journal: string;
  /** Why the database cannot be written now, or null. */
  failing: string | null = null;
  written = 0;

  constructor(private readonly sql: Sql, private readonly journalFile: string, opts: HistoryWriterOptions = {}) {
    this.opts = { batchMs: 200, retryMs: 1000, maxQueued: 50_000, ...opts };
    this.journal = opts.name ?? basename(journalFile);
  }

  /** The journal's records now on disk (Journal's onDurable). */
  add(records: JournalRecord[], offset: number, segment: number): void {
    if (this.closed) return;
    if (this.reread) return; // the journal has them; the catch-up reads them
    this.queue.push(...records);
    this.position = { offset, segment };
    if (this.queue.length > this.opts.maxQueued) {
      this.queue = [];
      this.reread = true;
      this.opts.log?.(`history: ${this.opts.maxQueued} records wait for the database; they will be read again from the journal when it is back`);
    }
    this.schedule(this.opts.batchMs);
  }

  /** Whether the journal may be archived now: the database takes writes, and whatever it has still to take is in
   * memory or, after a crash, found again in the archive (`catchUp` reads the segments archived since its position).
   * While the database is away the journal stays put, so no archive it has not read is ever deleted. */
  mayArchive(): boolean { return this.started && !this.reread && !this.failing; }

  /** At start: what the journal holds past the database's position (everything, on the first start on a
   * database: the archives and the snapshot too). Resolves when it is written. `upTo`: the journal's size
   * when it was opened; newer records come through `add`. */
  async catchUp(segment: number, upTo: number): Promise<{ records: number; fromScratch: boolean }> {
    const rows = await this.sql.query<{ segment: number; offset: number }>('select segment, "offset" from history_position where journal = $1', [this.journal]);
    const fromScratch = rows.length === 0;
    let records = 0;
    const write = async (chunk: JournalRecord[], offset: number | null) => {
      const statements = project(chunk);
      if (offset !== null) statements.push(positionStatement(this.journal, segment, offset, Date.now()));
      if (statements.length) await this.sql.batch(statements);
      records += chunk.length;
      // The alarm path runs between chunks.
      await new Promise((r) => setImmediate(r));
    };
    if (fromScratch) {
      for (const file of archiveSegments(this.journalFile)) for (const c of journalChunks(file)) await write(c.records, null);
      await write(snapshotRecords(this.journalFile), null);
    }
    const held = rows[0];
    if (held && held.segment !== segment) {
      // Archived since the database's position: its own segment from where it stopped, any later ones whole.
      const since = archiveSegments(this.journalFile).filter((f) => (archivedAt(f) ?? Infinity) > held.segment);
      for (const [i, file] of since.entries()) for (const c of journalChunks(file, i === 0 && held.segment > 0 ? held.offset : 0)) await write(c.records, null);
    }
    const from = held && held.segment === segment ? Math.min(held.offset, upTo) : 0;
    let wrotePosition = false;
    for (const c of journalChunks(this.journalFile, from, 2000, upTo)) { await write(c.records, c.offset); wrotePosition = true; }
    if (!wrotePosition) await this.sql.batch([positionStatement(this.journal, segment, from, Date.now())]);
    this.started = true;
    this.schedule(0);
    if (records) this.opts.log?.(`history: ${records} journal record(s) brought into the database${fromScratch ? ' (first start on this database)' : ''}`);
    return { records, fromScratch };
  }

  /** The start's catch-up, tried again every second while the database refuses it (health names it meanwhile). */
  async start(segment: number, upTo: number): Promise<{ records: number; fromScratch: boolean }> {
    for (;;) {
      try {
        const done = await this.catchUp(segment, upTo);
        this.recovered();
        return done;
      } catch (e) {
        if (this.closed) throw e;
        this.fail(e as Error);
        await new Promise((r) => setTimeout(r, this.opts.retryMs).unref());
      }
    }
  }

  /** Resolves once everything added so far is written (or the database refuses it). */
  async drain(): Promise<void> {
    while (this.writing || (this.started && this.queue.length && !this.failing)) {
      if (!this.writing) this.flush();
      await this.writing;
    }
  }

  /** Writes what is queued (the journal is closed by then: nothing more comes). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.drain().catch(() => {});
  }

  private schedule(ms: number): void {
    if (this.timer || this.closed || !this.started) return;
    this.timer = setTimeout(() => { this.timer = null; this.flush(); }, ms);
    this.timer.unref?.();
  }

  private flush(): void {
    if (this.writing || !this.started) return;
    if (this.reread) { this.writing = this.rereadJournal().finally(() => { this.writing = null; }); return; }
    if (this.queue.length === 0 || !this.position) return;
    const records = this.queue;
    const position = this.position;
    this.queue = [];
    const started = Date.now();
    const statements = [...project(records), positionStatement(this.journal, position.segment, position.offset, started)];
    this.writing = this.sql.batch(statements).then(() => {
      this.written += records.length;
      this.opts.onWritten?.(records.length, Date.now() - started);
      this.recovered();
    }, (e) => {
      // Back in front, in order; tried again in a second.
      this.queue = [...records, ...this.queue];
      this.fail(e as Error);
    }).finally(() => {
      this.writing = null;
      if (this.queue.length || this.reread) this.schedule(this.failing ? this.opts.retryMs : this.opts.batchMs);
    });
  }

  /** After records were let go from memory: the journal from the database's position, as at start. */
  private async rereadJournal(): Promise<void> {
    try {
      const segment = this.position?.segment ?? 0;
      this.reread = false;
      this.started = false;
      await this.catchUp(segment, Infinity);
      this.recovered();
    } catch (e) {
      this.reread = true;
      this.started = true;
      this.fail(e as Error);
      this.schedule(this.opts.retryMs);
    }
  }

  private fail(e: Error): void {
    const first = this.failing === null;
    this.failing = e.message;
    if (first) { this.opts.log?.(`history: ${e.message}; records wait and are written when it is back`); this.opts.onFailing?.(true); }
  }

  private recovered(): void {
    if (this.failing === null) return;
    this.failing = null;
    this.opts.log?.('history: the database is back; every waiting record is written');
    this.opts.onFailing?.(false);
  }
}
