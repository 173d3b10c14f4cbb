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
export function stateAt(s: StoredAlarm, t: number): AlarmState | null {
  let state: AlarmState | null = null;
  for (const tr of s.history) { if (tr.at > t) break; state = tr.to; }
  return state;
}

export function alarmKpis(alarms: StoredAlarm[], from: number, to: number): AlarmKpis {
  const inWindow = alarms.filter((s) => s.alarm.raisedAt >= from && s.alarm.raisedAt < to);
  const raised = inWindow.length;

  const periods = Math.max(1, Math.ceil((to - from) / TEN_MIN));
  const per10Min = Array.from({ length: periods }, (_, i) => ({ start: from + i * TEN_MIN, count: 0 }));
  for (const s of inWindow) per10Min[Math.floor((s.alarm.raisedAt - from) / TEN_MIN)]!.count++;
  const floodPeriods = per10Min.filter((p) => p.count > KPI_TARGETS.floodPer10Min).length;
  const hours = (to - from) / 3600_000;

  const standing: StandingAlarm[] = [];
  for (const s of alarms) {
    const state = stateAt(s, to);
    if (state !== 'active_unacked' && state !== 'active_acked') continue;
    standing.push({ id: s.alarm.id, deviceId: s.alarm.deviceId, kind: s.alarm.kind, level: s.alarm.level, state, raisedAt: s.alarm.raisedAt, forS: Math.round((to - s.alarm.raisedAt) / 1000) });
  }
  standing.sort((a, b) => a.raisedAt - b.raisedAt);

  const bySource = new Map<string, { deviceId: string; kind: string; times: number[] }>();
  for (const s of inWindow) {
    const key = `${s.alarm.deviceId}|${s.alarm.kind}`;
    const entry = bySource.get(key) ?? { deviceId: s.alarm.deviceId, kind: s.alarm.kind, times: [] };
    entry.times.push(s.alarm.raisedAt);
    bySource.set(key, entry);
  }
  const chattering: AlarmKpis['chattering'] = [];
  for (const { deviceId, kind, times } of bySource.values()) {
    times.sort((a, b) => a - b);
    let most = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i]! - times[j]! > CHATTER.withinMs) j++;
      most = Math.max(most, i - j + 1);
    }
    if (most >= CHATTER.count) chattering.push({ deviceId, kind, count: times.length, maxInAMinute: most });
  }
  chattering.sort((a, b) => b.maxInAMinute - a.maxInAMinute || b.count - a.count);

  const topSources = [...bySource.values()].map(({ deviceId, kind, times }) => ({ deviceId, kind, count: times.length, sharePct: raised ? round((times.length / raised) * 100) : 0 }))
    .sort((a, b) => b.count - a.count || a.deviceId.localeCompare(b.deviceId)).slice(0, 10);

  const ackTime = {} as Record<ResponseLevel, AckTimes>;
  const byLevel = {} as AlarmKpis['byLevel'];
  for (const level of RESPONSE_LEVELS) {
    const of = inWindow.filter((s) => s.alarm.level === level);
    const delays = of.filter((s) => s.alarm.ackedAt !== null && s.alarm.ackedAt <= to).map((s) => (s.alarm.ackedAt! - s.alarm.raisedAt) / 1000).sort((a, b) => a - b);
    ackTime[level] = { raised: of.length, acked: delays.length, unacked: of.length - delays.length, medianS: quantile(delays, 0.5), p90S: quantile(delays, 0.9), maxS: delays.length ? round(delays.at(-1)!) : null };
    byLevel[level] = { count: of.length, pct: raised ? round((of.length / raised) * 100) : 0 };
  }

  return {
    from, to, raised, per10Min,
    averagePer10Min: round(raised / periods), maxPer10Min: Math.max(0, ...per10Min.map((p) => p.count)), averagePerHour: hours > 0 ? round(raised / hours) : 0,
    floodPeriods, periods, floodPct: round((floodPeriods / periods) * 100),
    standing, stale: standing.filter((a) => a.forS * 1000 > STALE_MS),
    chattering, topSources, topTenSharePct: round(topSources.reduce((n, s) => n + s.sharePct, 0)),
    ackTime, byLevel,
    shelved: inWindow.filter((s) => s.history.some((t) => t.to === 'shelved' && t.at < to)).length,
    targets: KPI_TARGETS,
  };
}

/** Nearest-rank quantile, in seconds to a tenth. */
function quantile(sorted: number[], q: number): number | null {
  if (!sorted.length) return null;
  return round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!);
}

const round = (v: number) => Math.round(v * 10) / 10;
