// The history as one unit for the composition root: the database (opened and migrated), a writer per
// journal that feeds it, the readings' minutes, retention, and whether it is ready and healthy.
import type { Clock } from '../clock';
import { REPORT_FINISHED } from '../../twin-assets/reports';
import type { Metrics } from '../metrics';
import { DrillSummaryFeed } from './drillSummaries';
import type { Aar } from '../drill/aar';
import { HistoryWriter } from './historyWriter';
import { migrate } from './migrations';
import { ReadingsWriter, ROLLUPS } from './readings';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, pgliteDirOf, type Sql } from './sql';

export interface HistoryOptions {
  databaseUrl: string | null; dataDir: string; clock: Clock; metrics: Metrics; log: (line: string) => void;
  /** Alarms, records and the audit log are kept this long (HISTORY_DAYS). */
  historyDays: number;
  /** Readings' aggregates are kept this long. */
  readingDays?: number;
}

const DAY = 86_400_000;

export class History {
  private readonly writers = new Set<HistoryWriter>();
  private readonly catchingUp = new Set<Promise<unknown>>();
  private readingsFailing: string | null = null;
  private pruneTimer: NodeJS.Timeout | null = null;
  readonly readings: ReadingsWriter;
  /** Ended drills' summaries and scores, once `feedDrills` has named their folder. */
  drills!: DrillSummaryFeed;

  private constructor(readonly sql: Sql, private readonly opts: HistoryOptions) {
    this.readings = new ReadingsWriter(sql, () => opts.clock.now(), {
      onFailing: (why) => { this.readingsFailing = why; this.updateGauge(); },
      onDropped: (minutes) => opts.metrics.readingMinutesDropped.inc(minutes),
    });
  }

  static async open(opts: HistoryOptions): Promise<History> {
    const dir = pgliteDirOf(opts.dataDir);
    if (!opts.databaseUrl && !existsSync(join(dir, 'PG_VERSION'))) opts.log(`history: creating the embedded database in ${dir} (first start only: a few seconds)`);
    const sql = await openDatabase(opts);
    try {
      await migrate(sql, opts.log);
    } catch (e) {
      await sql.close();
      throw e;
    }
    const history = new History(sql, opts);
    history.readings.start();
    // Retention once an hour (the first a minute after start, off the start's own work).
    history.pruneTimer = setTimeout(function again() {
      void history.prune().then(() => history.maintain()).catch(() => {});
      history.pruneTimer = setTimeout(again, 3600_000);
      history.pruneTimer.unref();
    }, 60_000);
    history.pruneTimer.unref();
    return history;
  }

  /** Ended drills of `dir` into the database, at start and every 30 s; `build` makes a drill's AAR (in a worker). */
  feedDrills(dir: string, build: (file: string) => Promise<Aar | null>): void {
    this.drills = new DrillSummaryFeed(this.sql, dir, build, this.opts.log);
    void this.drills.scan().catch(() => {});
    this.drills.start();
  }

  /** A writer for a journal (the live twin's), caught up at once from where the database stands; `name`: its
   * name in history_position when it is not the file's alone (processes sharing the database). */
  writerFor(journalFile: string, name?: string): HistoryWriter {
    const { metrics, log } = this.opts;
    const writer = new HistoryWriter(this.sql, journalFile, {
      ...(name ? { name } : {}),
      log,
      onWritten: (n, ms) => { metrics.historyWritten.inc(n); metrics.historyBatchSeconds.observe(ms / 1000); },
      onFailing: () => this.updateGauge(),
    });
    this.writers.add(writer);
    return writer;
  }

  /** The start's catch-up: `ready` is false until it is done. */
  track<T>(work: Promise<T>): Promise<T> {
    this.catchingUp.add(work);
    void work.finally(() => this.catchingUp.delete(work)).catch(() => {});
    return work;
  }

  forget(writer: HistoryWriter): void { this.writers.delete(writer); }

  get ready(): boolean { return this.catchingUp.size === 0; }

  /** Why the database cannot be written now, naming it; null when healthy. */
  get failing(): string | null {
    for (const w of this.writers) if (w.failing) return w.failing;
    return this.readingsFailing;
  }

  get kind() { return this.sql.kind; }

  private updateGauge(): void { this.opts.metrics.historyFailing.set(this.failing ? 1 : 0); }

  /** Removes what is older than the retention, a few thousand rows at a time so no lock is held long. */
  async prune(now = this.opts.clock.now()): Promise<Record<string, number>> {
    const keep = now - this.opts.historyDays * DAY;
    const keepReadings = now - (this.opts.readingDays ?? 400) * DAY;
    const removed: Record<string, number> = {};
    const count = (table: string, n: number) => {
      removed[table] = (removed[table] ?? 0) + n;
      if (n > 0) this.opts.metrics.historyPruned.inc({ table }, n);
    };
    // Alarms closed before the retention, with their transitions and tasks.
    for (;;) {
      const ids = (await this.sql.query<{ id: string }>('select id from alarms where closed_at < $1 limit 2000', [keep])).map((r) => r.id);
      if (ids.length === 0) break;
      await this.sql.batch([
        { sql: 'delete from alarm_transitions where alarm_id = any($1::text[])', params: [ids] },
        { sql: 'delete from tasks where alarm_id = any($1::text[])', params: [ids] },
        { sql: 'delete from alarm_docs where id = any($1::text[])', params: [ids] },
        { sql: 'delete from alarms where id = any($1::text[])', params: [ids] },
      ]);
      count('alarms', ids.length);
      if (ids.length < 2000) break;
    }
    const step = async (table: string, sql: string, params: unknown[]) => {
      for (;;) {
        const n = (await this.sql.query<{ n: number }>(`with gone as (${sql} returning 1) select count(*) as n from gone`, params))[0]?.n ?? 0;
        count(table, n);
        if (n < 5000) break;
      }
    };
    await step('reports', `delete from reports where id in (select id from reports where updated_at < $1 and status = any($2::text[]) limit 5000)`, [keep, REPORT_FINISHED]);
    await step('audit', 'delete from audit where id in (select id from audit where at < $1 limit 5000)', [keep]);
    // Photos of reports no longer kept (a photo is stored before its report is recorded: only old ones go).
    await step('report_photos', `delete from report_photos where name in (select p.name from report_photos p where p.at < $1 and not exists (
      select 1 from reports r where r.report->'photo'->>'file' = p.name or r.report->'afterPhoto'->>'file' = p.name) limit 5000)`, [keep]);
    // The people log keeps latest states: sessions over (and their ends), and versions of a person behind a newer
    // one, matter to no reader (a session is checked against its end time; a newer version is read after).
    await step('people_log', `delete from people_log where seq in (select l.seq from people_log l where
      (l.record->>'t' = 'session' and (l.record->'session'->>'expiresAt')::bigint < $1)
      or (l.record->>'t' = 'session_end' and not exists (select 1 from people_log s where s.record->>'t' = 'session' and s.record->'session'->>'hash' = l.record->>'hash'))
      or (l.record->>'t' = 'person' and exists (select 1 from people_log n where n.record->>'t' = 'person' and n.record->'person'->>'id' = l.record->'person'->>'id' and n.seq > l.seq))
      limit 5000)`, [now]);
    await step('commands', 'delete from commands where req_id in (select req_id from commands where sent_at < $1 limit 5000)', [keep]);
    await step('service_notes', 'delete from service_notes where ctid in (select ctid from service_notes where at < $1 limit 5000)', [keep]);
    for (const { table } of ROLLUPS) await step(table, `delete from ${table} where ctid in (select ctid from ${table} where t < $1 limit 5000)`, [keepReadings]);
    return removed;
  }

  /** Statistics for the planner, and on PGlite (which has no autovacuum) the visibility map its index-only scans need. */
  async maintain(): Promise<void> {
    await this.sql.query(this.sql.kind === 'pglite' ? 'vacuum analyze' : 'analyze');
  }

  async close(): Promise<void> {
    if (this.pruneTimer) clearTimeout(this.pruneTimer);
    this.drills?.stop();
    for (const w of this.writers) await w.close();
    await this.readings.close().catch(() => {});
    await this.sql.close();
  }
}
