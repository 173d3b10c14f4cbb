// The alarm KPIs over any window, from the database: the facts of core/alarmKpis.ts, exactly as the kernel
// computes them from the same alarms, in well under a second for a year of a busy street on either engine.
// The window's whole 10-day buckets are read from the aggregates migration 2 keeps (a year: a few thousand rows);
// its edges — up to 10 days at the start and 1 to 11 days at the end — from the alarms. What the aggregates
// cannot know of a window is asked of the alarms through two expression indexes: alarms acknowledged or
// shelved after the window's end (only those with a delay of more than a day can be, as the end's raw edge is
// at least a day long), and the 100 ms bins inside the 10 s ones where a quantile falls.
import { CHATTER, kpisFromFacts, periodsOf, stateAt, type KpiFacts } from '../core/alarmKpis';
import type { AlarmKpis } from '../../twin-assets/kpis';
import { RESPONSE_LEVELS, type ResponseLevel } from '../../twin-assets/protocol';
import { KPI_BUCKET_MS as B } from './migrations';
import { transitionsOf, where, type AlarmFilter } from './queries';
import type { Sql } from './sql';

const TEN_MIN = 600_000;
/** The end's raw edge is at least this long: an alarm of a whole bucket acknowledged after the window's end took longer. */
const TAIL_MS = 86_400_000;
/** 100 ms bins in a 10 s one. */
const FINE = 100;
/** The quantiles the answer gives: median, 90th percentile and the maximum (the last rank). */
const QUANTILES = [0.5, 0.9, 1];

interface Level { raised: number; shelved: number; coarse: Map<number, number>; fine: Map<number, number> }
const add = (m: Map<number, number>, k: number, n: number) => m.set(k, (m.get(k) ?? 0) + n);
const pairs = (s: string | null | undefined) => (s ? s.split(',').map((x) => x.split(':')) : []);

export async function kpisFromDb(sql: Sql, f: AlarmFilter): Promise<AlarmKpis> {
  const S = Math.ceil(f.from / B) * B, E = Math.floor((f.to - TAIL_MS) / B) * B;
  const filtered = f.kind !== undefined || f.deviceId !== undefined || f.courtyardId !== undefined || f.level !== undefined || f.courtyards !== undefined;
  // A filtered or short window is read from the alarms alone.
  const buckets = !filtered && E > S ? { S, E } : null;
  const raisedPer10Min = new Array<number>(periodsOf(f.from, f.to)).fill(0);
  const levels = new Map<ResponseLevel, Level>(RESPONSE_LEVELS.map((l) => [l, { raised: 0, shelved: 0, coarse: new Map(), fine: new Map() }]));
  const sources = new Map<string, { deviceId: string; kind: string; count: number; mostInAMinute: number }>();
  const source = (deviceId: string, kind: string, n: number, most: number) => {
    const key = `${deviceId}\u0000${kind}`;
    const s = sources.get(key) ?? sources.set(key, { deviceId, kind, count: 0, mostInAMinute: 0 }).get(key)!;
    s.count += n;
    s.mostInAMinute = Math.max(s.mostInAMinute, most);
  };

  const [edges, edgeSources, standing, whole] = await Promise.all([
    edgeGroups(sql, f, buckets), edgeSourceRows(sql, f, buckets), standingAt(sql, f), buckets ? bucketRows(sql, f, buckets) : null,
  ]);
  for (const [p, c] of pairs(edges.periods)) raisedPer10Min[Number(p)]! += Number(c);
  for (const [level, b, c, shelved] of pairs(edges.delays)) {
    const l = levels.get(level as ResponseLevel)!;
    l.raised += Number(c);
    l.shelved += Number(shelved);
    if (b !== '') { add(l.fine, Number(b), Number(c)); add(l.coarse, Math.floor(Number(b) / FINE), Number(c)); }
  }
  for (const s of edgeSources) source(s.device_id, s.kind, s.n, s.most ?? 0);
  if (whole) {
    for (const [p, c] of pairs(whole.periods)) raisedPer10Min[Number(p)]! += Number(c);
    for (const r of whole.levels) {
      const l = levels.get(r.level)!;
      l.raised += r.n;
      l.shelved += r.shelved;
      if (r.coarse >= 0) add(l.coarse, r.coarse, r.n);
    }
    // Acknowledged after the window's end: not acknowledged in it. Shelved after it: not shelved in it.
    for (const r of whole.late) {
      const l = levels.get(r.level)!;
      if (r.late_ack) add(l.coarse, Math.floor(r.b / FINE), -1);
      if (r.late_shelve) l.shelved--;
    }
    for (const s of whole.sources) source(s.device_id, s.kind, s.n, s.most);
    await fineBinsOfQuantiles(sql, f, buckets!, levels);
  }

  const facts: KpiFacts = {
    raisedPer10Min,
    sources: [...sources.values()],
    levels: Object.fromEntries(RESPONSE_LEVELS.map((level) => {
      const l = levels.get(level)!;
      return [level, { raised: l.raised, acked: ackedOf(l), medianMs: quantileMs(l, 0.5), p90Ms: quantileMs(l, 0.9), maxMs: quantileMs(l, 1) }];
    })) as KpiFacts['levels'],
    standing,
    shelved: [...levels.values()].reduce((n, l) => n + l.shelved, 0),
  };
  return kpisFromFacts(facts, f.from, f.to);
}

/** The alarms outside the whole buckets (all of them without buckets) in one scan: the counts per period and, per
 * level, the acknowledgement delays by 100 ms (null: not acknowledged by the end) with the shelved among them.
 * Tens of thousands of groups come back as two strings, not as rows: rows cost more to hand over than to count. */
async function edgeGroups(sql: Sql, f: AlarmFilter, buckets: { S: number; E: number } | null) {
  const w = where(f);
  const outside = buckets ? ` and (raised_at < $${w.params.length + 1} or raised_at >= $${w.params.length + 2})` : '';
  const [row] = await sql.query<{ periods: string | null; delays: string | null }>(
    `with g as (
       select ((raised_at - $1) / ${TEN_MIN}) as p, level, case when acked_at <= $2 then (acked_at - raised_at + 50) / 100 end as b,
              count(*) as c, count(*) filter (where first_shelved_at < $2) as shelved
       from alarms where ${w.sql}${outside} group by grouping sets ((1), (2, 3)))
     select (select string_agg(p || ':' || c, ',') from g where p is not null) as periods,
            (select string_agg(level || ':' || coalesce(b::text, '') || ':' || c || ':' || shelved, ',') from g where p is null) as delays`,
    buckets ? [...w.params, buckets.S, buckets.E] : w.params);
  return row ?? { periods: null, delays: null };
}

/** Each source's alarms outside the whole buckets, and its most within a minute where the buckets cannot say:
 * in the edges, and in the first minute of each bucket (whose minute before is in the bucket before). Each
 * counted alarm is read with the minute before it, so its count is the window's. */
async function edgeSourceRows(sql: Sql, f: AlarmFilter, buckets: { S: number; E: number } | null) {
  const w = where(f);
  const within = CHATTER.withinMs;
  if (!buckets) {
    return sql.query<{ device_id: string; kind: string; n: number; most: number }>(
      `select device_id, kind, count(*) as n, max(c) as most from (
         select device_id, kind, count(*) over (partition by device_id, kind order by raised_at range between ${within} preceding and current row) as c
         from alarms where ${w.sql}) s group by device_id, kind`, w.params);
  }
  const { S, E } = buckets;
  const spans: [number, number][] = [[f.from, S]];
  for (let b = S; b < E; b += B) spans.push([Math.max(f.from, b - within), b + within]);
  spans.push([E - within, f.to]);
  const params: unknown[] = [f.from, f.to, S, E];
  const inSpans = spans.map(([a, z]) => { params.push(a, z); return `(raised_at >= $${params.length - 1} and raised_at < $${params.length})`; }).join(' or ');
  return sql.query<{ device_id: string; kind: string; n: number; most: number | null }>(
    `select device_id, kind, count(*) filter (where raised_at < $3 or raised_at >= $4) as n,
            max(c) filter (where raised_at < $3 or raised_at >= $4 or (raised_at - $3::bigint) % ${B} < ${within}) as most
     from (select device_id, kind, raised_at, count(*) over (partition by device_id, kind order by raised_at range between ${within} preceding and current row) as c
           from alarms where raised_at >= $1 and raised_at < $2 and (${inSpans})) s
     group by device_id, kind`, params);
}

/** What the aggregates hold of the whole buckets, and the alarms of those buckets acknowledged or shelved after the end. */
async function bucketRows(sql: Sql, f: AlarmFilter, { S, E }: { S: number; E: number }) {
  const aligned = f.from % TEN_MIN === 0;
  const [periods, levels, late, sources] = await Promise.all([
    aligned
      ? sql.query<{ periods: string | null }>(`select string_agg((bucket - $1) || ':' || n, ',') as periods from kpi_periods where bucket >= $2 and bucket < $3`, [f.from / TEN_MIN, S / TEN_MIN, E / TEN_MIN])
      // A window that does not start on a 10-minute mark counts its own periods.
      : sql.query<{ periods: string | null }>(`select string_agg(p || ':' || c, ',') as periods from (select (raised_at - $1) / ${TEN_MIN} as p, count(*) as c from alarms where raised_at >= $2 and raised_at < $3 group by 1) g`, [f.from, S, E]),
    sql.query<{ level: ResponseLevel; coarse: number; n: number; shelved: number }>(
      'select level, coarse, sum(n) as n, sum(shelved) as shelved from kpi_levels where bucket >= $1 and bucket < $2 group by 1, 2', [S / B, E / B]),
    sql.query<{ level: ResponseLevel; b: number; late_ack: boolean | null; late_shelve: boolean | null }>(
      `select level, (acked_at - raised_at + 50) / 100 as b, acked_at > $3 as late_ack, first_shelved_at >= $3 as late_shelve from alarms
       where raised_at >= $1 and raised_at < $2 and (((acked_at - raised_at) > $4 and acked_at > $3) or ((first_shelved_at - raised_at) > $4 and first_shelved_at >= $3))`,
      [S, E, f.to, f.to - E]),
    sql.query<{ device_id: string; kind: string; n: number; most: number }>(
      'select device_id, kind, sum(n) as n, max(most) as most from kpi_sources where bucket >= $1 and bucket < $2 group by 1, 2', [S / B, E / B]),
  ]);
  return { periods: periods[0]?.periods ?? null, levels, late, sources };
}

/** The 100 ms bins of the whole buckets inside each 10 s bin where a level's median, 90th percentile or maximum
 * falls (the edges' bins are known already). */
async function fineBinsOfQuantiles(sql: Sql, f: AlarmFilter, { S, E }: { S: number; E: number }, levels: Map<ResponseLevel, Level>) {
  const params: unknown[] = [S, E, f.to];
  const wanted: string[] = [];
  for (const [level, l] of levels) {
    const coarse = new Set(QUANTILES.flatMap((q) => quantileIn10s(l, q)?.coarse ?? []));
    for (const c of coarse) {
      params.push(level, c * FINE * 100 - 50, (c + 1) * FINE * 100 - 50);
      wanted.push(`(level = $${params.length - 2} and (acked_at - raised_at) >= $${params.length - 1} and (acked_at - raised_at) < $${params.length})`);
    }
  }
  if (!wanted.length) return;
  const rows = await sql.query<{ level: ResponseLevel; b: number; c: number }>(
    `select level, (acked_at - raised_at + 50) / 100 as b, count(*) as c from alarms
     where raised_at >= $1 and raised_at < $2 and acked_at <= $3 and (${wanted.join(' or ')}) group by 1, 2`, params);
  for (const r of rows) add(levels.get(r.level)!.fine, r.b, r.c);
}

/** Nearest rank (PostgreSQL's percentile_disc); the maximum is the last. */
const rankOf = (n: number, q: number) => Math.max(1, Math.ceil(q * n));

function binOfRank(sorted: [number, number][], rank: number): number | null {
  let seen = 0;
  for (const [bin, c] of sorted) { seen += c; if (c > 0 && seen >= rank) return bin; }
  return null;
}

const ackedOf = (l: Level) => [...l.coarse.values()].reduce((n, c) => n + c, 0);

/** Where a level's quantile falls among its 10 s counts: its nearest rank, the 10 s bin holding it and how many
 * acknowledgements come before that bin (null: none acknowledged). */
function quantileIn10s(l: Level, q: number): { rank: number; coarse: number; before: number } | null {
  const acked = ackedOf(l);
  if (acked === 0) return null;
  const rank = rankOf(acked, q);
  let before = 0;
  for (const [coarse, c] of [...l.coarse].sort((a, b) => a[0] - b[0])) {
    if (c > 0 && before + c >= rank) return { rank, coarse, before };
    before += c;
  }
  return null;
}

/** The quantile in ms from the 100 ms bins inside the 10 s one it falls in: the exact delay's nearest rank,
 * rounded to the tenth of a second the answer gives. */
function quantileMs(l: Level, q: number): number | null {
  const at = quantileIn10s(l, q);
  if (!at) return null;
  const fine = [...l.fine].filter(([b]) => Math.floor(b / FINE) === at.coarse).sort((a, b) => a[0] - b[0]);
  return binOfRank(fine, at.rank - at.before)! * 100;
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
