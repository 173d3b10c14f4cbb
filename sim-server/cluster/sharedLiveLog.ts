// The live stream's write-ahead log shared by the processes of a district (REDIS_URL): table live_log in the
// history's PostgreSQL. The owner's journal commits each batch to its own file and here before anything is
// announced (journal.ts's mirror), so a process that takes the live stream over finds every recorded alarm,
// task, service change and report without a shared disk. A snapshot row (the state a start needs) goes in
// first and then once a minute, in order with the records; the rows before it are deleted with it, so the
// table stays a minute or two long. Alarms' history is the history tables' job, not this log's.
//
// One writer at a time (the lease's owner) and one insert in flight: rows commit in the order of their
// numbers. While the database refuses, records wait in memory in order and are tried again every second;
// `failing` says why, and the journal's commit fails meanwhile, as for a full disk: life-safety alarms are
// still announced, actions that must be recorded are refused (503).
import { describeIssue, journalRecord, snapshot as snapshotSchema, type JournalRecord, type Snapshot } from '../journal/records';
import type { JournalMirror, SnapshotState } from '../journal/journal';
import type { Sql } from '../history/sql';

interface Row { snapshot: boolean; record: string }

/** How `failing` begins: what refused is named for a person (the pipeline's 503 says so). */
export const SHARED_LOG_REFUSED = 'the shared live log cannot be written';

export interface SharedLiveLogOptions { snapshotEveryMs?: number; retryMs?: number; log?: (line: string) => void }

export class SharedLiveLog implements JournalMirror {
  private pending: Row[] = [];
  private inFlight: Promise<void> | null = null;
  private waiting: { resolve: () => void; reject: (e: Error) => void }[] = [];
  private retryTimer: NodeJS.Timeout | null = null;
  private lastSnapshotAt = -Infinity;
  private closed = false;
  private readonly opts: Required<Omit<SharedLiveLogOptions, 'log'>> & SharedLiveLogOptions;
  failing: string | null = null;
  onRecovered: () => void = () => {};

  constructor(private readonly sql: Sql, readonly district: string, opts: SharedLiveLogOptions = {}) {
    this.opts = { snapshotEveryMs: 60_000, retryMs: 1000, ...opts };
  }

  /** The newest snapshot and the records after it, or null when the log is empty (the first process of a
   * district, or one upgraded from a shared DATA_DIR: its own journal holds the state then). */
  static async read(sql: Sql, district: string): Promise<{ snapshot: Snapshot | null; records: JournalRecord[] } | null> {
    const rows = await sql.query<{ seq: number; snapshot: boolean; record: unknown }>(
      `select seq, snapshot, record from live_log where district = $1
       and seq >= coalesce((select max(seq) from live_log where district = $1 and snapshot), 0) order by seq`, [district]);
    if (rows.length === 0) return null;
    let base: Snapshot | null = null;
    const records: JournalRecord[] = [];
    for (const row of rows) {
      const parsed = (row.snapshot ? snapshotSchema : journalRecord).safeParse(row.record);
      if (!parsed.success) throw new Error(`the shared live log (live_log, district ${district}, row ${row.seq}) holds a ${row.snapshot ? 'snapshot' : 'record'} this version cannot read: ${describeIssue(parsed.error)}`);
      if (row.snapshot) base = parsed.data as Snapshot;
      else records.push(parsed.data as JournalRecord);
    }
    return { snapshot: base, records };
  }

  append(r: JournalRecord): void {
    if (!this.closed) this.pending.push({ snapshot: false, record: JSON.stringify(r) });
  }

  /** Resolves once everything appended so far is committed. While the database refuses it rejects at once
   * (an unreachable server must not hold an alarm's announcement for its connection timeout): what was
   * appended waits in memory for the retry. */
  commit(): Promise<void> {
    if (this.failing) return Promise.reject(new Error(this.failing));
    if (this.pending.length === 0 && !this.inFlight) return Promise.resolve();
    const done = new Promise<void>((resolve, reject) => this.waiting.push({ resolve, reject }));
    this.flush();
    return done;
  }

  /** A snapshot now (at the start of an owner's turn), or once a minute. */
  snapshotIfDue(now: number, state: () => SnapshotState, force = false): void {
    if (this.closed || this.failing || (!force && now - this.lastSnapshotAt < this.opts.snapshotEveryMs)) return;
    const body: Snapshot = { ...state(), v: 1, at: now, journalOffset: 0, lastLine: null, segment: now };
    this.pending.push({ snapshot: true, record: JSON.stringify(body) });
    this.lastSnapshotAt = now;
    void this.commit().catch(() => {});
  }

  /** Writes what waits, once; after this nothing more is taken. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearInterval(this.retryTimer);
    await this.inFlight;
    if (this.pending.length) { this.flush(); await this.inFlight; }
  }

  private flush(): void {
    if (this.inFlight) return;
    if (this.pending.length === 0) { for (const w of this.waiting.splice(0)) w.resolve(); return; }
    const rows = this.pending;
    const waiting = this.waiting;
    this.pending = [];
    this.waiting = [];
    this.inFlight = this.sql.query(
      `with ins as (
         insert into live_log (district, snapshot, record)
         select $1, s, r::jsonb from unnest($2::boolean[], $3::text[]) with ordinality as t(s, r, n) order by n
         returning seq, snapshot)
       delete from live_log where district = $1 and seq < (select max(seq) from ins where snapshot)`,
      [this.district, rows.map((r) => r.snapshot), rows.map((r) => r.record)],
    ).then(() => {
      if (this.failing) this.recovered();
      for (const w of waiting) w.resolve();
    }, (e: Error) => {
      // Back in front, in order, for the next try.
      this.pending = [...rows, ...this.pending];
      this.fail(e);
      for (const w of [...waiting, ...this.waiting.splice(0)]) w.reject(e);
    }).finally(() => {
      this.inFlight = null;
      if (!this.failing) this.flush();
    });
  }

  private fail(e: Error): void {
    const first = this.failing === null;
    this.failing = `${SHARED_LOG_REFUSED} (${e.message})`;
    if (first) this.opts.log?.(`live: ${this.failing}; records wait in memory and are tried again every ${this.opts.retryMs / 1000} s`);
    if (!this.retryTimer && !this.closed) {
      this.retryTimer = setInterval(() => this.flush(), this.opts.retryMs);
      this.retryTimer.unref();
    }
  }

  private recovered(): void {
    this.opts.log?.('live: the shared live log takes writes again; every record that waited is written');
    this.failing = null;
    if (this.retryTimer) { clearInterval(this.retryTimer); this.retryTimer = null; }
    this.onRecovered();
  }
}
