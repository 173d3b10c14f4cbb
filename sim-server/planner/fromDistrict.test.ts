import { describe, expect, it } from 'vitest';
import { bundledIndex, bundledRules } from '../../test/helpers/fixtures';
import { seededRng } from '../../twin-assets/random';
import { evaluate, PLANNED_TYPES } from '../../twin-assets/placement';
import { placementTable } from './fromDistrict';
import { plan } from './plan';

describe.each(PLANNED_TYPES)('placing %s sensors on the default district', (type) => {
  it('the optimiser beats every random placement of the same budget over 100 seeds (or ties it, when chance finds an optimum too)', async () => {
    const t = placementTable(type, bundledIndex().district, bundledRules());
    const budget = t.fixed.length + 2;
    const opts = { objective: 'impact' as const, useProbability: t.useProbability };
    const best = await plan(t.problem, { ...opts, budget, fixed: t.fixed });
    expect(best.gapPct).toBeLessThan(1e-3);
    const fixed = new Set(t.fixed.map((id) => t.problem.sensors.findIndex((s) => s.id === id)));
    const free = t.problem.sensors.map((_, i) => i).filter((i) => !fixed.has(i));
    let strictlyBeaten = 0;
    for (let seed = 1; seed <= 100; seed++) {
      const rng = seededRng(seed);
      const pool = [...free];
      const chosen = new Set(fixed);
      while (chosen.size < budget) chosen.add(pool.splice(Math.floor(rng() * pool.length), 1)[0]!);
      const random = evaluate(t.problem, chosen, opts).value;
      expect(best.value).toBeLessThanOrEqual(random + 1e-9);
      if (best.value < random - 1e-9) strictlyBeaten++;
    }
    // With few candidates left (3 manholes for 2 gauges) chance often finds the best too (31 of 100 seeds do not);
    // with more, it almost never does (gas 98, smoke 99 of 100 strictly beaten).
    expect(strictlyBeaten).toBeGreaterThanOrEqual(free.length > 5 ? 80 : 20);
  });

  it('names every candidate and incident in Chinese and English, and places every incident', () => {
    const t = placementTable(type, bundledIndex().district, bundledRules());
    for (const id of [...t.candidates.map((c) => c.id), ...t.problem.scenarios.map((s) => s.id)]) expect(t.names[id], id).toMatch(/^[^/]*[\u4e00-\u9fff][^/]* \/ [A-Za-z0-9]/);
    expect(new Set(Object.values(t.names)).size).toBe(Object.keys(t.names).length);
    expect(t.where).toHaveLength(t.problem.scenarios.length);
    expect(t.seconds.map((s) => s.length)).toEqual(t.problem.detections.map((d) => d.length));
  });
});
