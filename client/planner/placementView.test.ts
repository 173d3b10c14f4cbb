import { describe, expect, it } from 'vitest';
import { placementTable } from '../../sim-server/planner/fromDistrict';
import { bundledIndex, bundledRules } from '../../test/helpers/fixtures';
import { candidateHeat, placementPatch, placementStats, solverText } from './placementView';

describe('the planner page\'s figures', () => {
  const d = bundledIndex().district;
  const t = placementTable('smoke', d, bundledRules());

  it('finds more, sooner, with a detector in every room, and the heat is only where nothing detects', () => {
    const now = placementStats(t, new Set(t.fixed));
    const all = placementStats(t, new Set(t.candidates.map((c) => c.id)));
    expect(all.detectedPct).toBe(100);
    expect(all.unwatched).toHaveLength(0);
    expect(all.heat).toHaveLength(0);
    expect(now.detectedPct).toBeLessThan(100); // hh-b2-101 has no detector
    expect(now.heat).toHaveLength(now.unwatched.length);
    expect(now.unwatched.every((u) => u.id.startsWith('fire:hh-b2-101:'))).toBe(true);
    // every fire seen by its own room's detector: the fastest there is
    expect(all.meanMinutes!).toBeLessThan(now.meanMinutes!);
    // the candidates that would catch what is open are the hottest: those in the unwatched home
    const heat = candidateHeat(t, now.unwatched);
    t.candidates.forEach((c, i) => { if (c.householdId === 'hh-b2-101') expect(heat[i]).toBeGreaterThan(0); else if (c.kind === 'room') expect(heat[i]).toBe(0); });
  });

  it('exports a patch adding only the planned sensors, with ids the district does not use', () => {
    const chosen = new Set([...t.fixed, 'room:hh-b2-101:kitchen', 'room:hh-b2-101:bedroom']);
    const p = placementPatch(d, t, chosen, 'bundled');
    expect(p.patch[0]).toEqual({ op: 'test', path: '/id', value: d.id });
    const added = p.patch.slice(1).map((op) => (op as { value: { id: string; householdId: string; room: string; type: string } }).value);
    expect(added.map((x) => [x.householdId, x.room, x.type])).toEqual([['hh-b2-101', 'kitchen', 'smoke'], ['hh-b2-101', 'bedroom', 'smoke']]);
    expect(added.every((x) => !d.devices.some((dev) => dev.id === x.id))).toBe(true);
  });
});

describe('how a plan was solved, in words', () => {
  it('names the solver and its status in the reader\'s language, never the API\'s code', () => {
    expect(solverText('HiGHS MILP (optimal)', 'zh')).toBe('整数规划精确求解 · 最优解');
    expect(solverText('HiGHS MILP (time limit)', 'en')).toBe('Exact integer programme · time limit reached');
    expect(solverText('HiGHS LP (optimal)', 'zh')).toBe('线性规划松弛 · 最优解');
    expect(solverText('lazy greedy, bound from the Lagrangian', 'zh')).toBe('贪心算法（附误差上界）');
    expect(solverText('HiGHS MILP (status 99)', 'zh')).toBe('整数规划精确求解 · 求解结束');
  });
});
