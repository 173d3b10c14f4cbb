import { describe, expect, it } from 'vitest';
import { EXPECTED, FROM, knownHistory, TO } from '../../test/helpers/alarmHistory';
import { alarmKpis, stateAt } from './alarmKpis';

describe('alarm-system KPIs (ISA-18.2, EEMUA 191)', () => {
  const k = alarmKpis(knownHistory(), FROM, TO);

  it('counts annunciations per 10 minutes and the share of periods in flood', () => {
    expect(k).toMatchObject({ raised: EXPECTED.raised, periods: EXPECTED.periods, floodPeriods: EXPECTED.floodPeriods, floodPct: EXPECTED.floodPct,
      averagePer10Min: EXPECTED.averagePer10Min, maxPer10Min: EXPECTED.maxPer10Min, averagePerHour: EXPECTED.averagePerHour });
    expect(k.per10Min.map((p) => p.count)).toEqual([0, 0, 0, 12, 0, 0, 0, 4, 0, 0, 1, 0]);
  });

  it('finds standing and stale alarms as they were at the end of the window, and the chattering source', () => {
    expect(k.standing.map((a) => a.id)).toEqual(EXPECTED.standing);
    expect(k.stale.map((a) => a.id)).toEqual(EXPECTED.stale);
    expect(k.chattering).toEqual(EXPECTED.chattering);
    // An hour earlier, the 09:40 alarm was not yet raised: one standing, the stale one.
    expect(alarmKpis(knownHistory(), FROM, TO - 3600_000).standing.map((a) => a.id)).toEqual(['stale']);
  });

  it('ranks sources and times acknowledgement by level', () => {
    expect(k.topSources[0]).toMatchObject(EXPECTED.top);
    expect(k.topSources).toHaveLength(10);
    expect(k.ackTime.IV).toEqual(EXPECTED.ackIV);
    expect(k.ackTime.II).toEqual(EXPECTED.ackII);
    expect(k.ackTime.III).toEqual(EXPECTED.ackIII);
    expect(Object.fromEntries(Object.entries(k.byLevel).map(([l, v]) => [l, v.count]))).toEqual(EXPECTED.byLevel);
  });

  it('reads an alarm\'s state at a moment from its transitions', () => {
    const flood = knownHistory()[0]!;
    expect(stateAt(flood, flood.alarm.raisedAt - 1)).toBeNull();
    expect(stateAt(flood, flood.alarm.raisedAt + 10_000)).toBe('active_acked');
    expect(stateAt(flood, TO)).toBe('closed');
  });
});
