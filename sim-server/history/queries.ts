// What people ask of the history: a period's alarms with their transitions (paged by cursor), the same as a
// CSV for the monthly report, a device's readings at a step that fits the period, and the alarm KPIs over any
// period — computed by the database (the facts of core/alarmKpis.ts), so a year of a busy street stays a query.
import { CHATTER, kpisFromFacts, periodsOf, stateAt, type KpiFacts } from '../core/alarmKpis';
import type { AlarmKpis } from '../../twin-assets/kpis';
import { RESPONSE_LEVELS, type AlarmJson, type AlarmState, type ResponseLevel } from '../../twin-assets/protocol';
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
function where(f: AlarmFilter, first = 1): { sql: string; params: unknown[] } {
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

async function transitionsOf(sql: Sql, ids: string[]): Promise<Map<string, Transition[]>> {
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

/** The KPIs' facts by SQL: the counts per 10-minute period; each source's count and its most in a minute (a
 * window over the source's alarms, in index order); per level, the acknowledgement delays as a histogram by 100 ms
 * (the nearest-rank quantile of the histogram is the exact one rounded to the tenth of a second the answer gives;
 * `maxMs` too); and the alarms standing at the end. */
export async function kpisFromDb(sql: Sql, f: AlarmFilter): Promise<AlarmKpis> {
  const w = where(f);
  // One scan gives the counts per period and, per level, the acknowledgement delays by 100 ms (null: not
  // acknowledged by the end) with the shelved among them; the sources' window reads the source index.
  const [grouped, sources, open] = await Promise.all([
    // Tens of thousands of groups come back as two strings, not as rows: rows cost more to hand over than to count.
    sql.query<{ periods: string | null; delays: string | null }>(
      `with g as (
         select ((raised_at - $1) / 600000) as p, level, case when acked_at <= $2 then (acked_at - raised_at + 50) / 100 end as b,
                count(*) as c, count(*) filter (where first_shelved_at < $2) as shelved
         from alarms where ${w.sql} group by grouping sets ((1), (2, 3)))
       select (select string_agg(p || ':' || c, ',') from g where p is not null) as periods,
              (select string_agg(level || ':' || coalesce(b::text, '') || ':' || c || ':' || shelved, ',') from g where p is null) as delays`, w.params),
    sql.query<{ device_id: string; kind: string; c: number; most: number }>(
      `select device_id, kind, count(*) as c, max(inmin) as most from (
         select device_id, kind, count(*) over (partition by device_id, kind order by raised_at range between ${CHATTER.withinMs} preceding and current row) as inmin
         from alarms where ${w.sql}) s group by device_id, kind`, w.params),
    standingAt(sql, f),
  ]);
  const raisedPer10Min = new Array<number>(periodsOf(f.from, f.to)).fill(0);
  const histograms = new Map<ResponseLevel, { raised: number; shelved: number; bins: [number, number][] }>();
  for (const item of grouped[0]?.periods?.split(',') ?? []) {
    const [p, c] = item.split(':');
    raisedPer10Min[Number(p)] = Number(c);
  }
  for (const item of grouped[0]?.delays?.split(',') ?? []) {
    const [level, b, c, shelved] = item.split(':') as [ResponseLevel, string, string, string];
    const h = histograms.get(level) ?? histograms.set(level, { raised: 0, shelved: 0, bins: [] }).get(level)!;
    h.raised += Number(c);
    h.shelved += Number(shelved);
    if (b !== '') h.bins.push([Number(b), Number(c)]);
  }
  const facts: KpiFacts = {
    raisedPer10Min,
    sources: sources.map((s) => ({ deviceId: s.device_id, kind: s.kind, count: s.c, mostInAMinute: s.most })),
    levels: Object.fromEntries(RESPONSE_LEVELS.map((l) => {
      const h = histograms.get(l);
      const bins = (h?.bins ?? []).sort((a, b) => a[0] - b[0]);
      const acked = bins.reduce((n, [, c]) => n + c, 0);
      return [l, { raised: h?.raised ?? 0, acked, medianMs: quantileOfHistogram(bins, 0.5), p90Ms: quantileOfHistogram(bins, 0.9), maxMs: bins.length ? bins.at(-1)![0] * 100 : null }];
    })) as KpiFacts['levels'],
    standing: open,
    shelved: [...histograms.values()].reduce((n, h) => n + h.shelved, 0),
  };
  return kpisFromFacts(facts, f.from, f.to);
}

/** Nearest rank over a histogram of 100 ms bins (sorted), in ms. */
function quantileOfHistogram(bins: [number, number][], q: number): number | null {
  const n = bins.reduce((a, [, c]) => a + c, 0);
  if (n === 0) return null;
  const rank = Math.max(1, Math.ceil(q * n));
  let seen = 0;
  for (const [bin, c] of bins) { seen += c; if (seen >= rank) return bin * 100; }
  return bins.at(-1)![0] * 100;
}

/** Alarms raised before the end and not closed by then (a handful, even over a year), in their state at the end. */
async function standingAt(sql: Sql, f: AlarmFilter): Promise<KpiFacts['standing']> {
  const scope = f.courtyards ? ' and courtyard_id = any($2::text[])' : '';
  const rows = await sql.query<{ id: string; device_id: string; kind: string; level: ResponseLevel; raised_at: number }>(
    `select id, device_id, kind, level, raised_at from alarms where raised_at < $1 and (closed_at is null or closed_at > $1)${scope}`, f.courtyards ? [f.to, f.courtyards] : [f.to]);
  const transitions = await transitionsOf(sql, rows.map((r) => r.id));
  const out: KpiFacts['standing'] = [];
  for (const r of rows) {
    const state = stateAt({ history: transitions.get(r.id) ?? [] }, f.to);
    if (state !== 'active_unacked' && state !== 'active_acked') continue;
    out.push({ id: r.id, deviceId: r.device_id, kind: r.kind, level: r.level, state, raisedAt: r.raised_at, forS: Math.round((f.to - r.raised_at) / 1000) });
  }
  return out;
}
