// The engine on a simulated clock: every rule kind, lifecycle path, grading factor and escalation step.
import { describe, expect, it } from 'vitest';
import { indexDistrict } from '../../twin-assets/districtIndex';
import { District } from '../../twin-assets/districtSchema';
import { RuleSet } from '../../twin-assets/rulesSchema';
import { bundledIndex, bundledRules, district } from '../../test/helpers/fixtures';
import { AlarmEngine, type AlarmEvent } from './alarmEngine';

const T0 = 1_763_870_400_000;
const SEC = 1000;
const MIN = 60 * SEC;

/** A test district: one building with a gas detector (no vulnerable resident), plus what a test adds. */
function testEngine(ruleOverrides: Record<string, unknown> = {}, extraDevices: { id: string; type: string }[] = [], exercise = false, faults: object = {}) {
  const base = bundledRules();
  const rules = RuleSet.parse({ ...base, faults: { ...base.faults, ...faults }, rules: base.rules.map((r) => ({ ...r, ...(ruleOverrides[r.id] as object ?? {}) })) });
  const d = district({ devices: [
    { id: 'gas1', type: 'gas', courtyardId: 'cy1', buildingId: 'b1', floor: 3, position: { x: 1, y: 2, z: 8 } },
    ...extraDevices.map((x) => ({ id: x.id, type: x.type as 'gas', courtyardId: 'cy1', buildingId: 'b1', floor: 1, position: { x: 0, y: 0, z: 1 } })),
  ] });
  return new AlarmEngine(indexDistrict(District.parse(d)), rules, exercise);
}
const NO_DELAY = { 'gas.lel': { offDelayMs: 0 } };
/** For tests that let hours pass without readings: the device's silence is not what they test. */
const QUIET_OK = { heartbeatMissedFactor: 10_000 };
const states = (events: AlarmEvent[]) => events.map((e) => `${e.type}:${e.alarm.state}:${e.alarm.level}`);

describe('rules', () => {
  it('raises a graded alarm at once for gas, with location, reading and the tiers of its level', () => {
    const [event] = testEngine().onReading('gas1', { gas_lel: 31.5 }, T0);
    expect(event).toMatchObject({ type: 'raised', notify: { tiers: ['household', 'building', 'grid'], round: 1 }, alarm: {
      deviceId: 'gas1', deviceType: 'gas', kind: 'gas_leak', level: 'II', state: 'active_unacked', raisedAt: T0,
      ackedAt: null, ackedBy: null, reading: { gas_lel: 31.5 }, notified: ['household', 'building', 'grid'], exercise: false,
      location: { courtyardId: 'cy1', buildingId: 'b1', floor: 3, x: 1, y: 2, z: 8 },
    } });
  });

  it('a repeat updates the open alarm and never duplicates it', () => {
    const e = testEngine();
    e.onReading('gas1', { gas_lel: 25 }, T0);
    expect(e.onReading('gas1', { gas_lel: 26 }, T0 + SEC)).toEqual([]);
    expect(e.openAlarms()).toHaveLength(1);
    expect(e.openAlarms()[0]!.reading).toEqual({ gas_lel: 26 });
  });

  it.each([
    ['on-delay: a spike shorter than the delay raises nothing', { 'gas.lel': { onDelayMs: 10 * SEC } }, [[0, 40], [5, 0], [20, 0]], []],
    ['on-delay: a condition that holds raises once the delay has passed (by tick)', { 'gas.lel': { onDelayMs: 10 * SEC } }, [[0, 40], [5, 41], ['tick', 10]], ['raised:active_unacked:II']],
    ['off-delay: a dip shorter than the delay does not clear', { 'gas.lel': { offDelayMs: 30 * SEC } }, [[0, 40], [5, 0], [20, 40], ['tick', 60]], ['raised:active_unacked:II']],
    ['off-delay: a clear that holds returns to normal after the delay', { 'gas.lel': { offDelayMs: 30 * SEC } }, [[0, 40], [5, 0], ['tick', 20], ['tick', 35]], ['raised:active_unacked:II', 'updated:rtn_unacked:II']],
    ['hysteresis: inside the deadband holds', NO_DELAY, [[0, 12], [1, 8], [2, 11]], ['raised:active_unacked:IV']],
    ['bands: a worse reading regrades up, a better one down', NO_DELAY, [[0, 12], [1, 55], [2, 25]], ['raised:active_unacked:IV', 'updated:active_unacked:I', 'updated:active_unacked:III']],
  ] as const)('%s', (_n, overrides, steps, expected) => {
    const e = testEngine(overrides);
    const events: AlarmEvent[] = [];
    for (const [at, v] of steps) {
      if (at === 'tick') events.push(...e.tick(T0 + (v as number) * SEC));
      else events.push(...e.onReading('gas1', { gas_lel: v as number }, T0 + (at as number) * SEC));
    }
    expect(states(events)).toEqual(expected);
  });

  it('rate of rise: a smoke detector whose temperature climbs 10 °C in a minute raises a fire alarm', () => {
    const e = testEngine({}, [{ id: 'smk1', type: 'smoke' }]);
    e.onReading('smk1', { temperature_c: 24 }, T0);
    const events = e.onReading('smk1', { temperature_c: 34 }, T0 + MIN);
    expect(events.map((x) => [x.alarm.kind, x.alarm.level, x.alarm.id.includes('smoke.rate_of_rise')])).toEqual([['fire', 'III', true]]);
  });

  it('alarms the device reports itself: a smoke detector\'s own alarm flag', () => {
    const e = testEngine({}, [{ id: 'smk1', type: 'smoke' }]);
    expect(states(e.onReading('smk1', { alarm: true }, T0))).toEqual(['raised:active_unacked:II']);
  });

  it('tamper: a manhole cover tilted', () => {
    const e = testEngine({}, [{ id: 'mh1', type: 'manhole' }]);
    expect(e.onReading('mh1', { tilt_deg: 50 }, T0).map((x) => [x.alarm.kind, x.alarm.level])).toEqual([['manhole_displaced', 'III']]);
  });
});

describe('device faults', () => {
  it('offline by missed heartbeat (three report intervals), cleared when heard again', () => {
    const e = testEngine(NO_DELAY);
    e.onReading('gas1', { gas_lel: 1 }, T0);
    expect(e.tick(T0 + 3 * MIN)).toEqual([]);
    const [offline] = e.tick(T0 + 3 * MIN + 1);
    expect(offline).toMatchObject({ type: 'raised', alarm: { kind: 'device_offline', level: 'IV' }, transition: { reason: 'missed heartbeat' } });
    expect(states(e.onReading('gas1', { gas_lel: 1 }, T0 + 4 * MIN))).toEqual(['updated:rtn_unacked:IV']);
  });

  it('offline by last will: a life-safety alarm stays active and escalates on its clock, with the offline fault beside it', () => {
    const e = testEngine(NO_DELAY);
    const gas = e.onReading('gas1', { gas_lel: 40 }, T0)[0]!.alarm;
    const events = e.onStatus('gas1', { online: false, battery: null }, T0 + SEC);
    expect(events.map((x) => `${x.alarm.kind}:${x.alarm.state}`)).toEqual(['device_offline:active_unacked']);
    expect(e.get(gas.id)!.state).toBe('active_unacked');
    // Still silent when its time to be acknowledged is up: escalated a level, its tiers told again.
    const later = e.tick(T0 + 3 * MIN + 2 * SEC).filter((x) => x.alarm.id === gas.id);
    expect(later.map((x) => `${x.type}:${x.alarm.state}:${x.alarm.level}`)).toEqual(['updated:active_unacked:I']);
    expect(later[0]!.notify?.round).toBe(2);
  });

  it('offline by last will: an alarm of a rule marked suppressWhenOffline is suppressed until the device is back', () => {
    const e = testEngine({ 'gas.lel': { offDelayMs: 0, kind: 'gas_reading', suppressWhenOffline: true } });
    const gas = e.onReading('gas1', { gas_lel: 40 }, T0)[0]!.alarm.id;
    const events = e.onStatus('gas1', { online: false, battery: null }, T0 + SEC);
    expect(events.map((x) => `${x.alarm.kind}:${x.alarm.state}`)).toEqual(['device_offline:active_unacked', 'gas_reading:suppressed']);
    const back = e.onStatus('gas1', { online: true, battery: null }, T0 + 2 * SEC);
    expect(back.map((x) => `${x.alarm.kind}:${x.alarm.state}`)).toEqual(['device_offline:rtn_unacked', 'gas_reading:active_unacked']);
    expect(e.history(gas).map((h) => h.reason ?? '')).toEqual(['', 'device offline', 'device back online']);
  });

  it('a rules file may not mark a life-safety rule suppressWhenOffline', () => {
    const base = bundledRules();
    const parsed = RuleSet.safeParse({ ...base, rules: base.rules.map((r) => (r.id === 'smoke.alarm' ? { ...r, suppressWhenOffline: true } : r)) });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/fire alarm is life safety/);
  });

  it.each([
    [[50, 19], ['raised:active_unacked:IV']],
    [[19, 22], ['raised:active_unacked:IV']],          // inside the 5 % hysteresis: still low
    [[19, 26], ['raised:active_unacked:IV', 'updated:rtn_unacked:IV']],
  ])('low battery %j', (levels, expected) => {
    const e = testEngine();
    const events = levels.flatMap((b, i) => e.onStatus('gas1', { online: true, battery: b }, T0 + i * SEC));
    expect(states(events)).toEqual(expected);
    expect(events[0]!.alarm.kind).toBe('low_battery');
  });

  it('a stuck value: the same reading thirty times in a row', () => {
    const e = testEngine(NO_DELAY);
    const events: AlarmEvent[] = [];
    for (let i = 0; i < 30; i++) events.push(...e.onReading('gas1', { gas_lel: 0.7 }, T0 + i * MIN));
    expect(events.map((x) => x.alarm.kind)).toEqual(['stuck_value']);
    expect(states(e.onReading('gas1', { gas_lel: 0.9 }, T0 + 31 * MIN))).toEqual(['updated:rtn_unacked:IV']);
  });
});

describe('lifecycle', () => {
  it.each([
    ['ack then clear', ['ack', 'clear'], ['active_acked', 'closed']],
    ['clear then ack', ['clear', 'ack'], ['rtn_unacked', 'closed']],
    ['clear, return, ack', ['clear', 'raise', 'ack'], ['rtn_unacked', 'active_unacked', 'active_acked']],
    ['shelve, expire while active', ['shelve', 'expire'], ['shelved', 'active_unacked']],
    ['shelve, clear, expire', ['shelve', 'clear', 'expire'], ['shelved', 'rtn_unacked']],
    ['ack, shelve, clear, unshelve', ['ack', 'shelve', 'clear', 'unshelve'], ['active_acked', 'shelved', 'closed']],
    ['out of service and back', ['oos', 'back'], ['out_of_service', 'active_unacked']],
    ['out of service, clear, back', ['oos', 'clear', 'back'], ['out_of_service', 'rtn_unacked']],
  ] as const)('%s', (_n, steps, expected) => {
    const e = testEngine(NO_DELAY);
    const id = e.onReading('gas1', { gas_lel: 40 }, T0)[0]!.alarm.id;
    const seen: string[] = [];
    steps.forEach((step, i) => {
      const t = T0 + (i + 1) * MIN;
      const act = (r: { ok: boolean; events?: AlarmEvent[] }) => r.events ?? [];
      const events = step === 'ack' ? act(e.acknowledge(id, { id: 'test', name: 'op' }, t))
        : step === 'shelve' ? act(e.shelve(id, { id: 'test', name: 'op' }, t, t + 30 * SEC, 'maintenance call'))
        : step === 'unshelve' ? act(e.unshelve(id, { id: 'test', name: 'op' }, t))
        : step === 'expire' ? e.tick(t + 30 * SEC)
        : step === 'oos' ? act(e.setOutOfService('gas1', true, { id: 'test', name: 'op' }, t))
        : step === 'back' ? act(e.setOutOfService('gas1', false, { id: 'test', name: 'op' }, t))
        : e.onReading('gas1', { gas_lel: step === 'clear' ? 0 : 40 }, t);
      if (events.length) seen.push(events.at(-1)!.alarm.state);
    });
    expect(seen).toEqual(expected);
    const history = e.history(id);
    expect(history.every((h, i) => i === 0 || h.at >= history[i - 1]!.at)).toBe(true);
  });

  it('records who did what and when', () => {
    const e = testEngine(NO_DELAY);
    const id = e.onReading('gas1', { gas_lel: 40 }, T0)[0]!.alarm.id;
    e.acknowledge(id, { id: 'person-1', name: '张伟 (commander)' }, T0 + 5000);
    e.shelve(id, { id: 'person-2', name: '李敏' }, T0 + 6000, T0 + 60_000, 'known fault, repair booked');
    expect(e.get(id)).toMatchObject({ state: 'shelved', ackedAt: T0 + 5000, ackedBy: '张伟 (commander)' });
    expect(e.history(id).slice(1)).toEqual([
      { at: T0 + 5000, from: 'active_unacked', to: 'active_acked', level: 'II', by: '张伟 (commander)', byId: 'person-1' },
      { at: T0 + 6000, from: 'active_acked', to: 'shelved', level: 'II', by: '李敏', byId: 'person-2', reason: 'known fault, repair booked' },
    ]);
  });

  it.each([
    ['acknowledge an unknown alarm', (e: AlarmEngine) => e.acknowledge('nope', { id: 'test', name: 'op' }, T0), 'not_found'],
    ['acknowledge twice', (e: AlarmEngine, id: string) => (e.acknowledge(id, { id: 'test', name: 'op' }, T0), e.acknowledge(id, { id: 'test', name: 'op' }, T0)), 'wrong_state'],
    ['unshelve an alarm that is not shelved', (e: AlarmEngine, id: string) => e.unshelve(id, { id: 'test', name: 'op' }, T0), 'wrong_state'],
    ['acknowledge a shelved alarm', (e: AlarmEngine, id: string) => (e.shelve(id, { id: 'test', name: 'op' }, T0, T0 + MIN, 'x'), e.acknowledge(id, { id: 'test', name: 'op' }, T0)), 'wrong_state'],
  ])('refuses to %s', (_n, act, code) => {
    const e = testEngine(NO_DELAY);
    const id = e.onReading('gas1', { gas_lel: 40 }, T0)[0]!.alarm.id;
    expect(act(e, id)).toMatchObject({ ok: false, code });
  });

  it('no new alarm while a device is out of service; one is raised when it comes back with the condition still there', () => {
    const e = testEngine(NO_DELAY);
    e.setOutOfService('gas1', true, { id: 'test', name: 'op' }, T0);
    expect(e.onReading('gas1', { gas_lel: 40 }, T0 + SEC)).toEqual([]);
    expect(states((e.setOutOfService('gas1', false, { id: 'test', name: 'op' }, T0 + 2 * SEC) as { events: AlarmEvent[] }).events)).toEqual(['raised:active_unacked:II']);
  });

  it('after closing, a new activation raises a new alarm with a new id', () => {
    const e = testEngine(NO_DELAY);
    const first = e.onReading('gas1', { gas_lel: 40 }, T0)[0]!.alarm.id;
    e.acknowledge(first, { id: 'test', name: 'op' }, T0 + 1);
    e.onReading('gas1', { gas_lel: 0 }, T0 + 2);
    const [again] = e.onReading('gas1', { gas_lel: 40 }, T0 + 3);
    expect(again!.type).toBe('raised');
    expect(again!.alarm.id).not.toBe(first);
    expect(e.get(first)?.state).toBe('closed');
  });

  it('marks drill alarms as exercise', () => {
    expect(testEngine({}, [], true).onReading('gas1', { gas_lel: 40 }, T0)[0]!.alarm.exercise).toBe(true);
  });
});

describe('grading', () => {
  it('an elderly resident living alone raises the grade of a gas leak', () => {
    const e = new AlarmEngine(bundledIndex(), bundledRules(), false);
    const [alone] = e.onReading('gas-a1-301', { gas_lel: 25 }, T0);   // 王秀兰, 82, lives alone
    expect(alone).toMatchObject({ alarm: { level: 'II' }, factors: ['reading:III', 'vulnerable_household'] });
  });

  it('spread: a third alarm in one building raises every alarm there', () => {
    const e = testEngine({}, [{ id: 'smk1', type: 'smoke' }, { id: 'smk2', type: 'smoke' }]);
    e.onReading('gas1', { gas_lel: 25 }, T0);
    e.onReading('smk1', { alarm: true }, T0 + SEC);
    const events = e.onReading('smk2', { alarm: true }, T0 + 2 * SEC);
    expect(events.map((x) => `${x.alarm.deviceId}:${x.type}:${x.alarm.level}`)).toEqual(['smk2:raised:I', 'gas1:updated:II', 'smk1:updated:I']);
    expect(events[0]!.factors).toEqual(['reading:II', 'spread_building:2']);
    // ...and falls back as the spread goes: closing a neighbour regrades the others at once.
    const smk = e.openAlarms().filter((a) => a.deviceId !== 'gas1');
    for (const a of smk) e.acknowledge(a.id, { id: 'test', name: 'op' }, T0 + 3 * SEC);
    const closing = e.onReading('smk1', { alarm: false }, T0 + 4 * SEC);
    expect(closing.map((x) => `${x.alarm.deviceId}:${x.type}:${x.alarm.level}`)).toEqual(['smk1:closed:I', 'gas1:updated:III', 'smk2:updated:II']);
  });

  it.each([
    ['IV', 12, 10 * MIN, ['IV', 'III', 'II', 'I']],
    ['II', 35, 3 * MIN, ['II', 'I', 'I', 'I']],
  ] as const)('time unacknowledged escalates from %s step by step, notifying again each round', (_from, lel, first, levels) => {
    const e = testEngine(NO_DELAY, [], false, QUIET_OK);
    const raised = e.onReading('gas1', { gas_lel: lel }, T0)[0]!;
    const seen = [raised.alarm.level];
    let t = T0;
    const rounds: number[] = [1];
    for (let step = 0; step < 3; step++) {
      t += step === 0 ? first : e.stored(raised.alarm.id)!.escalateAt! - t;
      const [esc] = e.tick(t);
      seen.push(esc!.alarm.level);
      rounds.push(esc!.notify!.round);
      expect(esc!.notify!.tiers).toEqual(esc!.alarm.notified);
    }
    expect(seen).toEqual(levels);
    expect(rounds).toEqual([1, 2, 3, 4]);
    expect(e.get(raised.alarm.id)!.notified).toEqual(levels.at(-1) === 'I' ? ['household', 'building', 'grid', 'community', 'street'] : expect.anything());
  });

  it('acknowledging stops escalation', () => {
    const e = testEngine(NO_DELAY, [], false, QUIET_OK);
    const id = e.onReading('gas1', { gas_lel: 35 }, T0)[0]!.alarm.id;
    e.acknowledge(id, { id: 'test', name: 'op' }, T0 + MIN);
    expect(e.tick(T0 + 60 * MIN)).toEqual([]);
  });

  it('escalation stops after the configured number of rounds', () => {
    const e = testEngine(NO_DELAY, [], false, QUIET_OK);
    e.onReading('gas1', { gas_lel: 55 }, T0);
    let n = 0;
    for (let t = T0; t < T0 + 120 * MIN; t += 10 * SEC) n += e.tick(t).length;
    expect(n).toBe(bundledRules().escalation.maxRounds);
  });
});

describe('flood and persistence', () => {
  it('flags an ISA-18.2 flood: more than 10 alarms in 10 minutes', () => {
    const devices = Array.from({ length: 12 }, (_, i) => ({ id: `smk${i}`, type: 'smoke' }));
    const e = testEngine({}, devices);
    devices.forEach((d, i) => e.onReading(d.id, { alarm: true }, T0 + i * SEC));
    expect(e.floodAt(T0 + 12 * SEC)).toEqual({ active: true, count: 12 });
    expect(e.floodAt(T0 + 10 * MIN + 500)).toEqual({ active: true, count: 11 });   // the first has left the window
    expect(e.floodAt(T0 + 10 * MIN + 1500)).toEqual({ active: false, count: 10 }); // ten is not more than ten
  });

  it('an alarm restored from its stored form carries on: state, escalation timer, clearing', () => {
    const a = testEngine(NO_DELAY, [], false, QUIET_OK);
    const id = a.onReading('gas1', { gas_lel: 35 }, T0)[0]!.alarm.id;
    const stored = a.stored(id)!;
    const b = testEngine(NO_DELAY, [], false, QUIET_OK);
    b.restoreStored(stored);
    expect(b.get(id)).toEqual(a.get(id));
    expect(b.tick(stored.escalateAt!).map((x) => x.alarm.level)).toEqual(['I']);
    expect(states(b.onReading('gas1', { gas_lel: 0 }, stored.escalateAt! + SEC))).toEqual(['updated:rtn_unacked:I']);
  });

  it('is deterministic: the same inputs give the same events', () => {
    const run = () => {
      const e = new AlarmEngine(bundledIndex(), bundledRules(), false);
      const out: AlarmEvent[] = [];
      for (let i = 0; i < 200; i++) {
        const t = T0 + i * 7 * SEC;
        out.push(...e.onReading('gas-a1-301', { gas_lel: (i * 7) % 60 }, t));
        out.push(...e.onReading('crane-d1', { moment_pct: (i * 13) % 130, wind_mps: i % 25 }, t + 1));
        out.push(...e.tick(t + 2));
        const open = e.openAlarms()[0];
        if (i % 9 === 0 && open) e.acknowledge(open.id, { id: 'test', name: 'op' }, t + 3);
      }
      return out;
    };
    expect(run()).toEqual(run());
    expect(run().length).toBeGreaterThan(20);
  });
});
