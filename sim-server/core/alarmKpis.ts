// Alarm-system health as ANSI/ISA-18.2 (§16, table 5) and EEMUA 191 measure it, from the alarms'
// recorded lifecycles over a window: annunciation rate per operator console per 10 minutes, the share of
// 10-minute periods in flood (more than 10), standing and stale (standing over 24 h) alarms, chattering
// (3 or more from one source within a minute), the most frequent sources, time to acknowledge by level and
// the spread over levels. Pure: the caller reads the journal (in a worker) and passes the alarms.
import { KPI_TARGETS, type AckTimes, type AlarmKpis, type StandingAlarm } from '../../twin-assets/kpis';
import { RESPONSE_LEVELS, type AlarmState, type ResponseLevel } from '../../twin-assets/protocol';
import type { StoredAlarm } from './alarmEngine';

const TEN_MIN = 600_000;
export const STALE_MS = 24 * 3600_000;
/** ISA-18.2: an alarm that goes in and out three or more times in a minute chatters. */
export const CHATTER = { count: 3, withinMs: 60_000 };

/** The state an alarm was in at `t` (null before it was raised). */
export function stateAt(s: { history: readonly { at: number; to: AlarmState }[] }, t: number): AlarmState | null {
  let state: AlarmState | null = null;
  for (const tr of s.history) { if (tr.at > t) break; state = tr.to; }
  return state;
}

/** What the figures are made of, however they were gathered: from alarms in memory here, or by SQL from the
 * history (history/kpiQueries.ts). One assembly (`kpisFromFacts`) turns either into the answer. */
export interface KpiFacts {
  /** Alarms raised in the window in each 10-minute period, from `from`. */
  raisedPer10Min: number[];
  /** Each source (device and kind) raising in the window: how many, and the most within a minute. */
  sources: { deviceId: string; kind: string; count: number; mostInAMinute: number }[];
  /** Per level: raised in the window, and acknowledgement delays (ms) of those acknowledged by its end. */
  levels: Record<ResponseLevel, { raised: number; acked: number; medianMs: number | null; p90Ms: number | null; maxMs: number | null }>;
  /** Active (unacknowledged or acknowledged) at the window's end. */
  standing: StandingAlarm[];
  /** Raised in the window and shelved before its end. */
  shelved: number;
}

export function kpiFacts(alarms: StoredAlarm[], from: number, to: number): KpiFacts {
  const inWindow = alarms.filter((s) => s.alarm.raisedAt >= from && s.alarm.raisedAt < to);
  const raisedPer10Min = new Array<number>(periodsOf(from, to)).fill(0);
  for (const s of inWindow) raisedPer10Min[Math.floor((s.alarm.raisedAt - from) / TEN_MIN)]!++;

  const standing: StandingAlarm[] = [];
  for (const s of alarms) {
    const state = stateAt(s, to);
    if (state !== 'active_unacked' && state !== 'active_acked') continue;
    standing.push({ id: s.alarm.id, deviceId: s.alarm.deviceId, kind: s.alarm.kind, level: s.alarm.level, state, raisedAt: s.alarm.raisedAt, forS: Math.round((to - s.alarm.raisedAt) / 1000) });
  }

  const bySource = new Map<string, { deviceId: string; kind: string; times: number[] }>();
  for (const s of inWindow) {
    const key = `${s.alarm.deviceId}|${s.alarm.kind}`;
    const entry = bySource.get(key) ?? { deviceId: s.alarm.deviceId, kind: s.alarm.kind, times: [] };
    entry.times.push(s.alarm.raisedAt);
    bySource.set(key, entry);
  }
  const sources = [...bySource.values()].map(({ deviceId, kind, times }) => {
    times.sort((a, b) => a - b);
    let most = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i]! - times[j]! > CHATTER.withinMs) j++;
      most = Math.max(most, i - j + 1);
    }
    return { deviceId, kind, count: times.length, mostInAMinute: most };
  });

  const levels = {} as KpiFacts['levels'];
  for (const level of RESPONSE_LEVELS) {
    const of = inWindow.filter((s) => s.alarm.level === level);
    const delays = of.filter((s) => s.alarm.ackedAt !== null && s.alarm.ackedAt <= to).map((s) => s.alarm.ackedAt! - s.alarm.raisedAt).sort((a, b) => a - b);
    levels[level] = { raised: of.length, acked: delays.length, medianMs: quantile(delays, 0.5), p90Ms: quantile(delays, 0.9), maxMs: delays.at(-1) ?? null };
  }
  return { raisedPer10Min, sources, levels, standing, shelved: inWindow.filter((s) => s.history.some((t) => t.to === 'shelved' && t.at < to)).length };
}

export const periodsOf = (from: number, to: number) => Math.max(1, Math.ceil((to - from) / TEN_MIN));

export function alarmKpis(alarms: StoredAlarm[], from: number, to: number): AlarmKpis {
  return kpisFromFacts(kpiFacts(alarms, from, to), from, to);
}

export function kpisFromFacts(f: KpiFacts, from: number, to: number): AlarmKpis {
  const raised = f.raisedPer10Min.reduce((n, c) => n + c, 0);
  const per10Min = f.raisedPer10Min.map((count, i) => ({ start: from + i * TEN_MIN, count }));
  const periods = per10Min.length;
  const floodPeriods = per10Min.filter((p) => p.count > KPI_TARGETS.floodPer10Min).length;
  const hours = (to - from) / 3600_000;
  const standing = [...f.standing].sort((a, b) => a.raisedAt - b.raisedAt || a.id.localeCompare(b.id));
  const chattering = f.sources.filter((s) => s.mostInAMinute >= CHATTER.count).map(({ deviceId, kind, count, mostInAMinute }) => ({ deviceId, kind, count, maxInAMinute: mostInAMinute }))
    .sort((a, b) => b.maxInAMinute - a.maxInAMinute || b.count - a.count || a.deviceId.localeCompare(b.deviceId));
  const topSources = f.sources.map(({ deviceId, kind, count }) => ({ deviceId, kind, count, sharePct: raised ? round((count / raised) * 100) : 0 }))
    .sort((a, b) => b.count - a.count || a.deviceId.localeCompare(b.deviceId) || a.kind.localeCompare(b.kind)).slice(0, 10);
  const ackTime = {} as Record<ResponseLevel, AckTimes>;
  const byLevel = {} as AlarmKpis['byLevel'];
  // To a tenth of a second from whole milliseconds (ms / 100 is exact at every half): the database's
  // histogram of delays by 100 ms (history/kpiQueries.ts) rounds the same way, so both give the same figures.
  const seconds = (ms: number | null) => (ms === null ? null : Math.round(ms / 100) / 10);
  for (const level of RESPONSE_LEVELS) {
    const l = f.levels[level];
    ackTime[level] = { raised: l.raised, acked: l.acked, unacked: l.raised - l.acked, medianS: seconds(l.medianMs), p90S: seconds(l.p90Ms), maxS: seconds(l.maxMs) };
    byLevel[level] = { count: l.raised, pct: raised ? round((l.raised / raised) * 100) : 0 };
  }
  return {
    from, to, raised, per10Min,
    averagePer10Min: round(raised / periods), maxPer10Min: per10Min.reduce((m, p) => Math.max(m, p.count), 0), averagePerHour: hours > 0 ? round(raised / hours) : 0,
    floodPeriods, periods, floodPct: round((floodPeriods / periods) * 100),
    standing, stale: standing.filter((a) => a.forS * 1000 > STALE_MS),
    chattering, topSources, topTenSharePct: round(topSources.reduce((n, s) => n + s.sharePct, 0)),
    ackTime, byLevel, shelved: f.shelved, targets: KPI_TARGETS,
  };
}

/** Nearest-rank quantile (PostgreSQL's percentile_disc). */
function quantile(sorted: number[], q: number): number | null {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

const round = (v: number) => Math.round(v * 10) / 10;
