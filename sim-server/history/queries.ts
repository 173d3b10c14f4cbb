// What people ask of the history: a period's alarms with their transitions (paged by cursor), the same as a
// CSV for the monthly report, a device's readings at a step that fits the period, and the alarm KPIs over any
// period — computed by the database (the facts of core/alarmKpis.ts), so a year of a busy street stays a query.
import { type AlarmJson, type AlarmState, type ResponseLevel } from '../../twin-assets/protocol';
import { ROLLUPS } from './readings';
import type { Sql } from './sql';

export interface AlarmFilter {
  from: number; to: number;
  kind?: string; deviceId?: string; courtyardId?: string; level?: ResponseLevel;
  /** Scoped staff: only these courtyards (undefined: everywhere). */
  courtyards?: string[];
}

export interface Transition { at: number; from: AlarmState | null; to: AlarmState; level: ResponseLevel; by: string | null; byId?: string; reason?: string }
export type HistoryAlarm = AlarmJson & { transitions: Transition[] };

/** `where` and its parameters for a filter, numbered from `first`. */
export function where(f: AlarmFilter, first = 1): { sql: string; params: unknown[] } {
  const params: unknown[] = [f.from, f.to];
  const parts = [`raised_at >= $${first}`, `raised_at < $${first + 1}`];
  const add = (column: string, value: unknown, op = '=') => { params.push(value); parts.push(`${column} ${op} $${first + params.length - 1}`); };
  if (f.kind) add('kind', f.kind);
  if (f.deviceId) add('device_id', f.deviceId);
  if (f.courtyardId) add('courtyard_id', f.courtyardId);
  if (f.level) add('level', f.level);
  if (f.courtyards) { params.push(f.courtyards); parts.push(`courtyard_id = any($${first + params.length - 1}::text[])`); }
  return { sql: parts.join(' and '), params };
}

/** Newest first; the cursor is where the last page ended (raised_at and id), opaque to clients. */
export async function alarmsPage(sql: Sql, f: AlarmFilter, cursor: string | null, limit = 100): Promise<{ alarms: HistoryAlarm[]; next: string | null }> {
  const w = where(f);
  const params = [...w.params];
  let after = '';
  if (cursor) {
    const c = decodeCursor(cursor);
    params.push(c.raisedAt, c.id);
    after = ` and (raised_at, id) < ($${params.length - 1}, $${params.length})`;
  }
  params.push(limit + 1);
  const rows = await sql.query<{ id: string; raised_at: number; alarm: AlarmJson }>(
    `select a.id, a.raised_at, d.alarm from (select id, raised_at from alarms where ${w.sql}${after} order by raised_at desc, id desc limit $${params.length}) a
     join alarm_docs d on d.id = a.id order by a.raised_at desc, a.id desc`, params);
  const page = rows.slice(0, limit);
  const transitions = await transitionsOf(sql, page.map((r) => r.id));
  const last = page.at(-1);
  return {
    alarms: page.map((r) => ({ ...r.alarm, transitions: transitions.get(r.id) ?? [] })),
    next: rows.length > limit && last ? encodeCursor(last.raised_at, last.id) : null,
  };
}

export async function transitionsOf(sql: Sql, ids: string[]): Promise<Map<string, Transition[]>> {
  const out = new Map<string, Transition[]>();
  if (!ids.length) return out;
  const rows = await sql.query<{ alarm_id: string; at: number; from_state: AlarmState | null; to_state: AlarmState; level: ResponseLevel; by: string | null; by_id: string | null; reason: string | null }>(
    'select alarm_id, at, from_state, to_state, level, by, by_id, reason from alarm_transitions where alarm_id = any($1::text[]) order by alarm_id, seq', [ids]);
  for (const r of rows) {
    const list = out.get(r.alarm_id) ?? [];
    list.push({ at: r.at, from: r.from_state, to: r.to_state, level: r.level, by: r.by, ...(r.by_id ? { byId: r.by_id } : {}), ...(r.reason ? { reason: r.reason } : {}) });
    out.set(r.alarm_id, list);
  }
  return out;
}

export const encodeCursor = (raisedAt: number, id: string) => Buffer.from(JSON.stringify([raisedAt, id])).toString('base64url');

export class BadCursor extends Error {}
export function decodeCursor(cursor: string): { raisedAt: number; id: string } {
  try {
    const [raisedAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof raisedAt === 'number' && Number.isFinite(raisedAt) && typeof id === 'string') return { raisedAt, id };
  } catch { /* below */ }
  throw new BadCursor('the cursor is not one this server gave: ask again without it');
}

/** Every alarm of the period, oldest first, for the CSV (at most `limit`; `truncated` says when there were more). */
export async function alarmsForExport(sql: Sql, f: AlarmFilter, limit = 100_000): Promise<{ alarms: (AlarmJson & { closedAt: number | null; ackedById: string | null })[]; truncated: boolean }> {
  const w = where(f);
  const rows = await sql.query<{ alarm: AlarmJson; closed_at: number | null; acked_by_id: string | null }>(
    `select d.alarm, a.closed_at, a.acked_by_id from (select id, raised_at, closed_at, acked_by_id from alarms where ${w.sql} order by raised_at, id limit $${w.params.length + 1}) a
     join alarm_docs d on d.id = a.id order by a.raised_at, a.id`, [...w.params, limit + 1]);
  return { alarms: rows.slice(0, limit).map((r) => ({ ...r.alarm, closedAt: r.closed_at, ackedById: r.acked_by_id })), truncated: rows.length > limit };
}

export const STEPS = { '1m': 60_000, '5m': 300_000, '1h': 3_600_000, '1d': 86_400_000 } as const;
export type Step = keyof typeof STEPS;

/** The step that gives a chart a few hundred to ~1,500 points over the period. */
export function stepFor(from: number, to: number): Step {
  const span = to - from;
  if (span <= 26 * 3600_000) return '1m';
  if (span <= 5 * 86_400_000) return '5m';
  if (span <= 62 * 86_400_000) return '1h';
  return '1d';
}

export interface ReadingPoint { t: number; quantity: string; min: number; mean: number; max: number; last: number }

export async function readingSeries(sql: Sql, deviceId: string, from: number, to: number, step: Step): Promise<ReadingPoint[]> {
  const ms = STEPS[step];
  // Minutes, hours and days are kept as written (readings.ts ROLLUPS); five minutes are the minutes grouped.
  const table = ROLLUPS.find((r) => r.ms === ms)?.table;
  if (table) {
    // A period that began before `from` but overlaps it counts (a day's row starts at midnight).
    return sql.query<ReadingPoint>(`select t, quantity, min, mean, max, last from ${table} where device_id = $1 and t > $2 and t < $3 order by quantity, t`, [deviceId, from - ms, to]);
  }
  return sql.query<ReadingPoint>(
    `select (t - t % $4) as t, quantity, min(min) as min, sum(mean * n) / sum(n) as mean, max(max) as max,
            (array_agg(last order by last_at desc))[1] as last
     from readings_1m where device_id = $1 and t >= $2 and t < $3 group by quantity, t - t % $4 order by quantity, 1`, [deviceId, from, to, ms]);
}
