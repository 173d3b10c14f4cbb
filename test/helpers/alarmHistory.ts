// A known alarm history, written as the live journal writes it, for the alarm-system KPIs: a flood of 12
// level IV alarms in one 10-minute period, a gas detector chattering (4 in 45 s), one alarm standing and
// one stale (30 h). The figures it must give are in EXPECTED, worked out by hand.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StoredAlarm } from '../../sim-server/core/alarmEngine';
import type { JournalRecord } from '../../sim-server/journal/records';
import type { AlarmState, ResponseLevel } from '../../twin-assets/protocol';

/** The window: two hours from 2026-11-30 08:00 China time. */
export const FROM = Date.UTC(2026, 10, 30, 0, 0);
export const TO = FROM + 2 * 3600_000;

const FLOOD_DEVICES = ['smk-a1-301', 'smk-a1-602', 'smk-a2-502', 'smk-a3-101', 'smk-b1-201', 'smk-b2-401', 'gas-a2-502', 'gas-b1-201', 'gas-s-main-1', 'gas-s-main-2', 'elec-b2-shop', 'pile-b-yard'];

function stored(id: string, deviceId: string, kind: string, ruleId: string, level: ResponseLevel, raisedAt: number, steps: [number, AlarmState, string | null][]): StoredAlarm {
  const history = [{ at: raisedAt, from: null, to: 'active_unacked' as AlarmState, level, by: null }];
  let state: AlarmState = 'active_unacked';
  let ackedAt: number | null = null, ackedBy: string | null = null;
  for (const [at, to, by] of steps) {
    history.push({ at, from: state, to, level, by } as never);
    if (by && ackedAt === null) { ackedAt = at; ackedBy = by; }
    state = to;
  }
  return {
    alarm: { id, deviceId, deviceType: kind === 'gas_leak' ? 'gas' : 'smoke', kind, level, state, raisedAt, ackedAt, ackedBy,
      location: { courtyardId: null, buildingId: null, floor: null, x: 0, y: 0, z: 0 }, reading: {}, notified: ['household'], exercise: false },
    ruleId, history, baseLevel: level, factors: [], escalations: 0, escalateAt: null, round: 1,
    conditionActive: state === 'active_unacked' || state === 'active_acked', shelvedUntil: null,
  };
}

export function knownHistory(): StoredAlarm[] {
  const out: StoredAlarm[] = [];
  // The flood: 12 alarms, 20 s apart from 08:30, acknowledged after 10, 20 … 120 s, closed 5 minutes later.
  FLOOD_DEVICES.forEach((deviceId, i) => {
    const at = FROM + 30 * 60_000 + i * 20_000;
    out.push(stored(`flood-${i}`, deviceId, 'fire', 'smoke.alarm', 'IV', at, [[at + (i + 1) * 10_000, 'active_acked', '值班员'], [at + 300_000, 'closed', null]]));
  });
  // Chattering: the kitchen gas detector of 1-301 four times in 45 s from 09:10, each acknowledged after 5 s.
  for (let i = 0; i < 4; i++) {
    const at = FROM + 70 * 60_000 + i * 15_000;
    out.push(stored(`chatter-${i}`, 'gas-a1-301', 'gas_leak', 'gas.lel', 'II', at, [[at + 5_000, 'active_acked', '值班员'], [at + 10_000, 'closed', null]]));
  }
  // Standing since 09:40, never acknowledged.
  out.push(stored('standing', 'smk-a1-301', 'fire', 'smoke.alarm', 'III', FROM + 100 * 60_000, []));
  // Stale: raised 30 hours before the window's end, acknowledged, still active.
  const staleAt = TO - 30 * 3600_000;
  out.push(stored('stale', 'gas-a2-502', 'gas_leak', 'gas.lel', 'I', staleAt, [[staleAt + 120_000, 'active_acked', '值班员']]));
  return out;
}

/** What the KPIs of FROM–TO must be. */
export const EXPECTED = {
  raised: 17, periods: 12, floodPeriods: 1, floodPct: 8.3, averagePer10Min: 1.4, maxPer10Min: 12, averagePerHour: 8.5,
  standing: ['stale', 'standing'], stale: ['stale'],
  chattering: [{ deviceId: 'gas-a1-301', kind: 'gas_leak', count: 4, maxInAMinute: 4 }],
  top: { deviceId: 'gas-a1-301', count: 4, sharePct: 23.5 },
  ackIV: { raised: 12, acked: 12, unacked: 0, medianS: 60, p90S: 110, maxS: 120 },
  ackII: { raised: 4, acked: 4, unacked: 0, medianS: 5, p90S: 5, maxS: 5 },
  ackIII: { raised: 1, acked: 0, unacked: 1, medianS: null, p90S: null, maxS: null },
  byLevel: { IV: 12, III: 1, II: 4, I: 0 },
};

/** Writes the history into DATA_DIR as the live journal of the district, one record per alarm as it ended. */
export function writeKnownJournal(dataDir: string, districtId = 'jinhe'): void {
  mkdirSync(dataDir, { recursive: true });
  const lines = knownHistory().map((s): JournalRecord => ({ t: 'alarm', at: s.history.at(-1)!.at, s }));
  writeFileSync(join(dataDir, `journal-${districtId}.jsonl`), lines.map((r) => JSON.stringify(r)).join('\n') + '\n');
}
