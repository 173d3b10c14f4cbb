import { describe, expect, it } from 'vitest';
import { indexDistrict } from '../../twin-assets/districtIndex';
import { District } from '../../twin-assets/districtSchema';
import { bundledIndex, bundledRules, district } from '../../test/helpers/fixtures';
import { AlarmEngine } from './alarmEngine';

const T0 = 1_763_870_400_000;
const engine = (exercise = false) => new AlarmEngine(indexDistrict(District.parse(district())), bundledRules(), exercise);

describe('AlarmEngine', () => {
  it('raises a graded alarm with the device location and the tiers of its level', () => {
    const e = engine();
    const [event] = e.onReading('gas1', { gas_lel: 31.5 }, T0);
    expect(event).toMatchObject({ type: 'raised', alarm: {
      deviceId: 'gas1', deviceType: 'gas', kind: 'gas_leak', level: 'II', state: 'active_unacked', raisedAt: T0,
      ackedAt: null, ackedBy: null, reading: { gas_lel: 31.5 }, notified: ['household', 'building', 'grid'], exercise: false,
      location: { courtyardId: 'cy1', buildingId: 'b1', floor: 3, x: 1, y: 2, z: 8 },
    } });
  });

  it('a repeat updates the open alarm and never duplicates it', () => {
    const e = engine();
    e.onReading('gas1', { gas_lel: 25 }, T0);
    expect(e.onReading('gas1', { gas_lel: 26 }, T0 + 1000)).toEqual([]);
    expect(e.openAlarms()).toHaveLength(1);
    expect(e.openAlarms()[0]!.reading).toEqual({ gas_lel: 26 });
  });

  it('regrades up when the reading worsens, and widens the notified tiers', () => {
    const e = engine();
    e.onReading('gas1', { gas_lel: 12 }, T0);
    const [up] = e.onReading('gas1', { gas_lel: 55 }, T0 + 1000);
    expect(up).toMatchObject({ type: 'updated', alarm: { level: 'I', notified: ['household', 'building', 'grid', 'community', 'street'] } });
    expect(e.openAlarms()).toHaveLength(1);
  });

  it.each([
    ['ack then clear', ['ack', 'clear'], ['active_acked', 'closed']],
    ['clear then ack', ['clear', 'ack'], ['rtn_unacked', 'closed']],
    ['clear, return, ack', ['clear', 'raise', 'ack'], ['rtn_unacked', 'active_unacked', 'active_acked']],
  ] as const)('lifecycle: %s', (_name, steps, states) => {
    const e = engine();
    const [raised] = e.onReading('gas1', { gas_lel: 40 }, T0);
    const id = raised!.alarm.id;
    const seen: string[] = [];
    steps.forEach((step, i) => {
      const t = T0 + (i + 1) * 1000;
      const events = step === 'ack' ? (e.acknowledge(id, 'op', t) as { events: { alarm: { state: string } }[] }).events
        : e.onReading('gas1', { gas_lel: step === 'clear' ? 0 : 40 }, t);
      seen.push(events[0]!.alarm.state);
    });
    expect(seen).toEqual(states);
    const history = e.history(id);
    expect(history.map((h) => h.to)).toEqual(['active_unacked', ...states]);
    expect(history.every((h, i) => i === 0 || h.at > history[i - 1]!.at)).toBe(true);
  });

  it('records who acknowledged and when', () => {
    const e = engine();
    const id = e.onReading('gas1', { gas_lel: 40 }, T0)[0]!.alarm.id;
    e.acknowledge(id, '张伟 (commander)', T0 + 5000);
    expect(e.get(id)).toMatchObject({ state: 'active_acked', ackedAt: T0 + 5000, ackedBy: '张伟 (commander)' });
    expect(e.history(id).at(-1)).toMatchObject({ by: '张伟 (commander)', from: 'active_unacked', to: 'active_acked' });
  });

  it.each([
    ['unknown alarm', 'nope', 'not_found'],
    ['already acknowledged', 'acked', 'wrong_state'],
  ])('refuses to acknowledge: %s', (_name, which, code) => {
    const e = engine();
    const id = e.onReading('gas1', { gas_lel: 40 }, T0)[0]!.alarm.id;
    if (which === 'acked') e.acknowledge(id, 'op', T0 + 1);
    expect(e.acknowledge(which === 'nope' ? 'nope' : id, 'op', T0 + 2)).toMatchObject({ ok: false, code });
  });

  it('after closing, a new activation raises a new alarm with a new id', () => {
    const e = engine();
    const first = e.onReading('gas1', { gas_lel: 40 }, T0)[0]!.alarm.id;
    e.acknowledge(first, 'op', T0 + 1);
    e.onReading('gas1', { gas_lel: 0 }, T0 + 2);
    const [again] = e.onReading('gas1', { gas_lel: 40 }, T0 + 3);
    expect(again!.type).toBe('raised');
    expect(again!.alarm.id).not.toBe(first);
    expect(e.get(first)?.state).toBe('closed');
  });

  it('marks drill alarms as exercise', () => {
    expect(engine(true).onReading('gas1', { gas_lel: 40 }, T0)[0]!.alarm.exercise).toBe(true);
  });

  it('is deterministic: the same readings give the same events', () => {
    const run = () => {
      const e = new AlarmEngine(bundledIndex(), bundledRules(), false);
      const out = [];
      for (let i = 0; i < 50; i++) {
        out.push(...e.onReading('gas-a1-301', { gas_lel: (i * 7) % 60 }, T0 + i * 1000));
        out.push(...e.onReading('crane-d1', { moment_pct: (i * 13) % 130, wind_mps: i % 25 }, T0 + i * 1000 + 1));
        const open = e.openAlarms()[0];
        if (i % 9 === 0 && open) e.acknowledge(open.id, 'op', T0 + i * 1000 + 2);
      }
      return out;
    };
    expect(run()).toEqual(run());
    expect(run().length).toBeGreaterThan(10);
  });

  it('every bundled device type has a rule that can raise an alarm', () => {
    const rules = bundledRules();
    const index = bundledIndex();
    const types = new Set([...index.devices.values()].map((d) => d.type));
    for (const type of types) expect(rules.rules.some((r) => r.deviceType === type), type).toBe(true);
  });
});
