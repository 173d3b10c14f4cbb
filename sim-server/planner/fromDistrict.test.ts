import { describe, expect, it } from 'vitest';
import { bundledIndex } from '../../test/helpers/fixtures';
import { seededRng } from '../../twin-assets/random';
import { gasImpactTable, secondsToAlarm, UNDETECTED_AFTER_S } from './fromDistrict';
import { plan } from './plan';
import { evaluate } from '../../twin-assets/placement';

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
      const ceiling = c.kind === 'riser' ? b.floors * b.floorHeight : d.households.find((h) => h.id === c.householdId)!.floor * b.floorHeight;
      expect(ceiling - c.z).toBeLessThanOrEqual(0.3); // within 0.3 m of the ceiling: natural gas rises
      expect(t.names[c.id]).toMatch(/[\u4e00-\u9fff].* \/ /);
    }
    expect(t.fixed.sort()).toEqual(d.devices.filter((x) => x.type === 'gas' && x.householdId).map((x) => `kitchen:${x.householdId}`).sort());
    // someone over 70 living alone weighs 3: Wang Xiulan's hose leak, undetected, is 3 × an hour
    expect(t.problem.scenarios.find((s) => s.id === 'leak:hh-a1-301:hose')!.undetected).toBe(3 * UNDETECTED_AFTER_S / 60);
  });

  it('the optimiser beats every random placement of the same budget over 100 seeds (or ties it, when chance finds an optimum too)', async () => {
    const t = gasImpactTable(bundledIndex().district);
    const budget = t.fixed.length + 3;
    const best = await plan(t.problem, { objective: 'impact', budget, fixed: t.fixed });
    expect(best.gapPct).toBeLessThan(1e-3);
    const free = t.problem.sensors.map((_, i) => i).filter((i) => !t.fixed.includes(t.problem.sensors[i]!.id));
    let strictlyBeaten = 0;
    for (let seed = 1; seed <= 100; seed++) {
      const rng = seededRng(seed);
      const pool = [...free];
      const chosen = new Set(t.fixed.map((id) => t.problem.sensors.findIndex((s) => s.id === id)));
      while (chosen.size < budget) chosen.add(pool.splice(Math.floor(rng() * pool.length), 1)[0]!);
      const random = evaluate(t.problem, chosen, { objective: 'impact' }).value;
      expect(best.value).toBeLessThanOrEqual(random + 1e-9);
      if (best.value < random - 1e-9) strictlyBeaten++;
    }
    expect(strictlyBeaten).toBeGreaterThanOrEqual(80);
  });
});
