import { describe, expect, it } from 'vitest';
import { bundledIndex } from '../../test/helpers/fixtures';
import { gasImpactTable, secondsToAlarm, UNDETECTED_AFTER_S } from './gasTable';

describe('the gas impact table from the district', () => {
  it('times detection with the gas model: a loose hose alarms in about ten minutes, a pinhole never reaches the alarm level', () => {
    const hose = secondsToAlarm({ leakM3PerH: 0.6, roomM3: 20, airChangesPerH: 0.5, windowsOpenAirChangesPerH: 0.5 })!;
    // well mixed: C(t) = q/(V·n)·(1 − e^(−n·t)); 10 %LEL is 0.5 % methane by volume
    expect(Math.abs(hose - (3600 * -Math.log(1 - 0.005 / (0.6 / (20 * 0.5)))) / 0.5)).toBeLessThanOrEqual(1);
    expect(secondsToAlarm({ leakM3PerH: 0.05, roomM3: 20, airChangesPerH: 0.5, windowsOpenAirChangesPerH: 0.5 })).toBeNull();
  });

  it('has a leak per kitchen size and per riser, candidates sited by GB 50028, names a person reads, and the district\'s detectors fixed', () => {
    const d = bundledIndex().district;
    const t = gasImpactTable(d);
    expect(t.problem.scenarios.length).toBe(d.households.length * 3 + new Set(d.households.map((h) => h.buildingId)).size);
    for (const c of t.candidates) {
      const b = d.buildings.find((x) => x.id === c.buildingId)!;
      const ceiling = c.kind === 'riser' ? b.floors * b.floorHeight : (c.kind === 'landing' ? c.floor! : d.households.find((h) => h.id === c.householdId)!.floor) * b.floorHeight;
      expect(ceiling - c.z).toBeLessThanOrEqual(0.3); // within 0.3 m of the ceiling: natural gas rises
      expect(t.names[c.id]).toMatch(/[\u4e00-\u9fff].* \/ /);
      expect(c.floor).not.toBeNull();
    }
    expect(t.fixed.sort()).toEqual(d.devices.filter((x) => x.type === 'gas' && x.householdId).map((x) => `kitchen:${x.householdId}`).sort());
    // someone over 70 living alone weighs 3: Wang Xiulan's hose leak, undetected, is 3 × an hour
    expect(t.problem.scenarios.find((s) => s.id === 'leak:hh-a1-301:hose')!.undetected).toBe(3 * UNDETECTED_AFTER_S / 60);
    expect(t.names['leak:hh-a1-301:hose']).toMatch(/厨房软管脱落 \/ loose hose in the kitchen/);
    // Every floor's landing of each stair unit with homes is a candidate; what reaches them is the multizone model's.
    expect(t.candidates.filter((c) => c.kind === 'landing' && c.buildingId === 'b-a1').map((c) => c.id)).toEqual(expect.arrayContaining([1, 2, 3, 4, 5, 6].map((f) => `landing:b-a1:1:${f}`)));
    // A riser leak half-way up Block 1: the riser's detector first; the gas seeps out onto the landings and, lighter
    // than air, rises to the top floor's, within the hour; never down to the ground floor's.
    const riser = t.problem.scenarios.findIndex((x) => x.id === 'leak:b-a1:riser');
    const seen = new Map(t.problem.detections[riser]!.map((x, i) => [t.problem.sensors[x.sensor]!.id, t.seconds[riser]![i]!]));
    expect(seen.get('riser:b-a1')).toBeLessThan(seen.get('landing:b-a1:1:6')!);
    expect(seen.get('landing:b-a1:1:6')).toBeLessThan(UNDETECTED_AFTER_S);
    expect(seen.has('landing:b-a1:1:1')).toBe(false);
  });
});
