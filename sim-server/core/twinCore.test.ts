import { describe, expect, it } from 'vitest';
import { bundledIndex, bundledRules } from '../../test/helpers/fixtures';
import { TwinCore } from './twinCore';

const reading = (readings: Record<string, number | boolean>) => ({ ts: 1, tsSource: 'device' as const, seq: 1, readings });

describe('TwinCore', () => {
  it('shows a device by its worst open alarm and returns it to normal when closed', () => {
    const core = new TwinCore(bundledIndex(), bundledRules(), false);
    const events = core.reading('gas-a1-301', reading({ gas_lel: 40 }), 1000);
    expect(events.map((e) => e.kind)).toEqual(['alarm', 'task', 'task', 'device']); // a grid worker and a fire crew are sent
    expect(core.displayOf('gas-a1-301')).toEqual({ display: 'alarm_unacked', level: 'I' }); // II, and she lives alone
    const id = core.openAlarms()[0]!.id;
    core.acknowledge(id, { id: 'test', name: 'op' }, 2000);
    expect(core.displayOf('gas-a1-301').display).toBe('alarm_acked');
    core.reading('gas-a1-301', reading({ gas_lel: 0 }), 3000);
    const closing = core.tick(3000 + 30_000); // gas clears after its 30 s off-delay
    expect(closing).toContainEqual({ kind: 'device', deviceId: 'gas-a1-301', display: 'normal', level: '' });
    expect(core.abnormalDevices()).toEqual([]);
  });

  it('a last will raises a device fault alarm and shows the device in alarm; display changes only are reported', () => {
    const core = new TwinCore(bundledIndex(), bundledRules(), false);
    const events = core.status('mh-s-1', { online: false, battery: 80 }, 1);
    expect(events.filter((e) => e.kind === 'alarm').map((e) => (e as { alarm: { kind: string } }).alarm.kind)).toEqual(['device_offline']);
    expect(events).toContainEqual({ kind: 'device', deviceId: 'mh-s-1', display: 'alarm_unacked', level: 'IV' });
    expect(core.status('mh-s-1', { online: false, battery: 79 }, 2)).toEqual([]);
    expect(core.devices.get('mh-s-1')).toMatchObject({ online: false, battery: 79 });
  });

  it('keeps the last value of each quantity', () => {
    const core = new TwinCore(bundledIndex(), bundledRules(), false);
    core.reading('crane-d1', reading({ load_kg: 1000, wind_mps: 3 }), 1);
    core.reading('crane-d1', reading({ wind_mps: 5 }), 2);
    expect(core.devices.get('crane-d1')?.readings).toEqual({ load_kg: 1000, wind_mps: 5 });
  });

  it('moves elevators, cranes and flood water from their devices\' readings', () => {
    const core = new TwinCore(bundledIndex(), bundledRules(), false);
    expect(core.reading('elv-c1-1', reading({ floor: 7, door_open: false }), 1)).toContainEqual({ kind: 'elevator', elevatorId: 'el-c1-1', floor: 7, doorOpen: false });
    expect(core.reading('elv-c1-1', reading({ floor: 7, door_open: false }), 2).filter((e) => e.kind === 'elevator')).toEqual([]);
    const crane = core.reading('crane-d1', reading({ load_kg: 2000, moment_pct: 100, slew_speed_dps: 0 }), 3).find((e) => e.kind === 'crane');
    expect(crane).toMatchObject({ kind: 'crane', craneId: 'tc-d1', loadKg: 2000 });
    expect((crane as { radiusM: number }).radiusM).toBeCloseTo(39);
    expect(core.reading('lvl-s-underpass', reading({ level_m: 0.4 }), 4)).toContainEqual({ kind: 'flood', zoneId: 'fz-underpass', depthM: 0.4 });
  });

  it('keeps the last samples of each device in order, bounded', () => {
    const core = new TwinCore(bundledIndex(), bundledRules(), false);
    for (let i = 0; i < 130; i++) core.reading('gas-a1-301', { ts: i, tsSource: 'device', seq: i, readings: { gas_lel: i % 5 } }, i);
    const series = core.devices.seriesOf('gas-a1-301');
    expect(series).toHaveLength(120);
    expect(series[0]!.ts).toBe(10);
    expect(series.at(-1)!.ts).toBe(129);
    expect(series.every((s, i) => i === 0 || s.ts === series[i - 1]!.ts + 1)).toBe(true);
    expect(series.map((s) => s.readings.gas_lel)).toEqual(series.map((s) => s.ts % 5));
  });

  it('keeps each sample as it came: true and false as themselves, a quantity a sample lacked left out', () => {
    const core = new TwinCore(bundledIndex(), bundledRules(), false);
    const at = (i: number, readings: Record<string, number | boolean>) => core.reading('smk-a1-602', { ts: i, tsSource: 'device', seq: i, readings }, i);
    at(1, { smoke_obscuration_pct_m: 0.5, alarm: false });
    at(2, { alarm: true });
    at(3, { smoke_obscuration_pct_m: 2.5 });
    expect(core.devices.seriesOf('smk-a1-602')).toEqual([
      { ts: 1, readings: { smoke_obscuration_pct_m: 0.5, alarm: false } },
      { ts: 2, readings: { alarm: true } },
      { ts: 3, readings: { smoke_obscuration_pct_m: 2.5 } },
    ]);
  });
});
