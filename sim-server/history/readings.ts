// Readings as 1-minute aggregates (min, mean, max, last per quantity per device), the way historians keep
// telemetry: the alarm path adds a reading to the minute in memory (a few map lookups), and the minutes
// that have ended are written in one batch every few seconds. A crash loses at most the minutes not yet
// written; readings are measurements, not records (the alarms they raised are in the journal).
import { columns, unnest } from './projection';
import type { Sql, Statement } from './sql';

export const MINUTE = 60_000;

export interface Aggregate { deviceId: string; quantity: string; t: number; n: number; min: number; mean: number; max: number; last: number; lastAt: number }

export class ReadingMinutes {
  /** minute → device → quantity → its aggregate: no key is built per reading (the alarm path adds every reading). */
  private minutes = new Map<number, Map<string, Map<string, Aggregate>>>();
  private count = 0;

  /** One device's aggregates of the minute beginning at `t`, made when it has none yet. */
  private of(t: number, deviceId: string): Map<string, Aggregate> {
    let ofMinute = this.minutes.get(t);
    if (!ofMinute) this.minutes.set(t, (ofMinute = new Map()));
    let ofDevice = ofMinute.get(deviceId);
    if (!ofDevice) ofMinute.set(deviceId, (ofDevice = new Map()));
    return ofDevice;
  }

  add(deviceId: string, values: Record<string, number | boolean>, now: number): void {
    const t = now - (now % MINUTE);
    const ofDevice = this.of(t, deviceId);
    for (const quantity in values) {
      const raw = values[quantity];
      const v = typeof raw === 'boolean' ? (raw ? 1 : 0) : raw;
      if (!Number.isFinite(v)) continue;
      const a = ofDevice.get(quantity);
      if (!a) { ofDevice.set(quantity, { deviceId, quantity, t, n: 1, min: v!, mean: v!, max: v!, last: v!, lastAt: now }); this.count++; continue; }
      a.n++;
      a.mean += (v! - a.mean) / a.n;
      if (v! < a.min) a.min = v!;
      if (v! > a.max) a.max = v!;
      if (now >= a.lastAt) { a.last = v!; a.lastAt = now; }
    }
  }

  /** The minutes that ended before `now` (every minute with `all`), taken out. */
  take(now: number, all = false): Aggregate[] {
    const current = now - (now % MINUTE);
    const out: Aggregate[] = [];
    for (const [t, ofMinute] of this.minutes) {
      if (!all && t >= current) continue;
      for (const ofDevice of ofMinute.values()) for (const a of ofDevice.values()) out.push(a);
      this.minutes.delete(t);
    }
    this.count -= out.length;
    return out;
  }

  /** Put back after a write the database refused, merged with what came since. */
  restore(rows: Aggregate[]): void {
    for (const r of rows) {
      const ofDevice = this.of(r.t, r.deviceId);
      const a = ofDevice.get(r.quantity);
      if (!a) this.count++;
      ofDevice.set(r.quantity, a ? merge(r, a) : r);
    }
  }

  get size(): number { return this.count; }
}

export function merge(a: Aggregate, b: Aggregate): Aggregate {
  const n = a.n + b.n;
  const later = b.lastAt >= a.lastAt ? b : a;
  return { ...a, n, min: Math.min(a.min, b.min), max: Math.max(a.max, b.max), mean: (a.mean * a.n + b.mean * b.n) / n, last: later.last, lastAt: later.lastAt };
}

/** The tables a reading's aggregates go to, by the period each row covers. */
export const ROLLUPS = [{ table: 'readings_1m', ms: 60_000 }, { table: 'readings_1h', ms: 3_600_000 }, { table: 'readings_1d', ms: 86_400_000 }] as const;

/** The minutes, and their hours and days, each in one statement; a period already in the database (another
 * process, a restart, an earlier batch) is merged with them: the same merge as `merge`, so the order of writes
 * does not matter. */
export function upsertMinutes(rows: Aggregate[]): Statement[] {
  return ROLLUPS.map(({ table, ms }) => {
    const periods = new Map<string, Aggregate>();
    for (const r of rows) {
      const t = r.t - (r.t % ms);
      const key = `${r.deviceId}\u0000${r.quantity}\u0000${t}`;
      const was = periods.get(key);
      periods.set(key, was ? merge(was, { ...r, t }) : { ...r, t });
    }
    return {
      sql: `insert into ${table} (device_id, quantity, t, n, min, mean, max, last, last_at)
            ${unnest(['text', 'text', 'bigint', 'int', 'float8', 'float8', 'float8', 'float8', 'bigint'])}
            on conflict (device_id, quantity, t) do update set
              mean = (${table}.mean * ${table}.n + excluded.mean * excluded.n) / (${table}.n + excluded.n),
              n = ${table}.n + excluded.n,
              min = least(${table}.min, excluded.min), max = greatest(${table}.max, excluded.max),
              last = case when excluded.last_at >= ${table}.last_at then excluded.last else ${table}.last end,
              last_at = greatest(${table}.last_at, excluded.last_at)`,
      params: columns([...periods.values()], (r) => [r.deviceId, r.quantity, r.t, r.n, r.min, r.mean, r.max, r.last, r.lastAt]),
    };
  });
}

/** Writes the ended minutes every `everyMs`; while the database is away they wait (up to `maxMinutes`, then the oldest go). */
export class ReadingsWriter {
  readonly minutes = new ReadingMinutes();
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> | null = null;

  constructor(private readonly sql: Sql, private readonly now: () => number, private readonly opts: { everyMs?: number; maxMinutes?: number; onFailing?: (why: string | null) => void; onDropped?: (minutes: number) => void } = {}) {}

  start(): void {
    this.timer = setInterval(() => void this.flush(), this.opts.everyMs ?? 5000);
    this.timer.unref();
  }

  flush(all = false): Promise<void> {
    if (this.writing) return this.writing;
    const rows = this.minutes.take(this.now(), all);
    if (rows.length === 0) return Promise.resolve();
    this.writing = this.sql.batch(upsertMinutes(rows)).then(() => this.opts.onFailing?.(null), (e) => {
      this.minutes.restore(rows);
      const over = this.minutes.size - (this.opts.maxMinutes ?? 200_000);
      if (over > 0) { this.minutes.restore(this.minutes.take(Infinity, true).sort((a, b) => a.t - b.t).slice(over)); this.opts.onDropped?.(over); }
      this.opts.onFailing?.((e as Error).message);
    }).finally(() => { this.writing = null; });
    return this.writing;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.writing;
    await this.flush(true);
  }
}
