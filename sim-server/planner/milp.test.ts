// Chama's own tests are the reference: its Net3 data (test/fixtures/chama-net3, BSD, see SOURCE.md).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { solveGreedy } from './greedy';
import { impactLowerBound } from './lagrangian';
import { solveMilp } from './milp';
import { evaluate, type PlanProblem } from '../../twin-assets/placement';
import { problemFromTables } from './tables';

const dir = join(__dirname, '../../test/fixtures/chama-net3');
const net3 = () => problemFromTables({
  impact: { file: 'impact.csv', text: readFileSync(join(dir, 'impact.csv'), 'utf8') },
  scenarios: { file: 'scenarios.csv', text: readFileSync(join(dir, 'scenarios.csv'), 'utf8') },
});

describe('the impact formulation on Chama\'s Net3 data', () => {
  it('gives the selection and objective Chama\'s test expects (5 sensors): 16, 21, 28, 38, 65 and 8655.80', async () => {
    const p = net3();
    expect([p.scenarios.length, p.sensors.length]).toEqual([236, 91]);
    const r = await solveMilp(p, { objective: 'impact', budget: 5 });
    expect(r.sensors).toEqual(['16', '21', '28', '38', '65']);
    expect(Math.abs(r.value - 8655.80) / 8655.80).toBeLessThan(0.01);
    expect(r.gapPct).toBeLessThan(1e-3);
    expect(r.bound).toBeLessThanOrEqual(r.value + 1e-6);
    // The reported value is what the placement really gives, scenario by scenario.
    expect(evaluate(p, new Set(r.sensors.map((id) => p.sensors.findIndex((s) => s.id === id))), { objective: 'impact' }).value).toBeCloseTo(r.value, 3);
    expect(r.gains.at(-1)!.valueAfter).toBeCloseTo(r.value, 3);
  }, 60_000);

  it('with scenario probabilities, as Chama\'s test sets them: 16, 19, 38, 65, 68 and 9146.646', async () => {
    const base = net3();
    const p: PlanProblem = { ...base, scenarios: base.scenarios.map((s, i) => ({ ...s, probability: 0.0041, ...(s.id === '165' ? { undetected: 30000 } : {}), _i: i })) };
    const rest = 1 - p.scenarios.filter((s) => s.id !== '165').reduce((sum, s) => sum + s.probability!, 0);
    p.scenarios.find((s) => s.id === '165')!.probability = rest;
    const plain = await solveMilp(p, { objective: 'impact', budget: 5 });
    expect(plain.sensors).toEqual(['16', '21', '28', '38', '65']);
    expect(Math.abs(plain.value - 8760.59) / 8760.59).toBeLessThan(0.01);
    const weighted = await solveMilp(p, { objective: 'impact', budget: 5, useProbability: true });
    expect(weighted.sensors).toEqual(['16', '19', '38', '65', '68']);
    expect(Math.abs(weighted.value - 9146.646) / 9146.646).toBeLessThan(0.01);
  }, 60_000);
});

describe('budgets, costs, fixed sensors and coverage', () => {
  // Three scenarios, three sensors: A sees s1 and s2, B sees s2, C sees s3 (late).
  const small = (): PlanProblem => ({
    scenarios: [{ id: 's1', undetected: 100, probability: null }, { id: 's2', undetected: 100, probability: null }, { id: 's3', undetected: 100, probability: null }],
    sensors: [{ id: 'A', cost: 2 }, { id: 'B', cost: 1 }, { id: 'C', cost: 1 }],
    detections: [[{ sensor: 0, impact: 10 }], [{ sensor: 0, impact: 20 }, { sensor: 1, impact: 5 }], [{ sensor: 2, impact: 50 }]],
  });

  it.each<[number, string[]]>([
    [1, ['A']], [2, ['A', 'C']], [3, ['A', 'B', 'C']],
  ])('budget %s (each sensor costs 1) → %o', async (budget, sensors) => {
    const p = small();
    p.sensors.forEach((s) => { s.cost = 1; });
    expect((await solveMilp(p, { objective: 'impact', budget })).sensors).toEqual(sensors);
  });

  it('costs count against the budget: with A at 3, a budget of 2 buys B and C', async () => {
    const p = small();
    p.sensors[0]!.cost = 3;
    const r = await solveMilp(p, { objective: 'impact', budget: 2 });
    expect(r.sensors).toEqual(['B', 'C']);
    expect(r.totalCost).toBe(2);
  });

  it('a fixed sensor stays, and its cost is spent', async () => {
    const r = await solveMilp(small(), { objective: 'impact', budget: 3, fixed: ['C'] });
    expect(r.sensors).toEqual(['A', 'C']);
  });

  it('coverage counts the scenarios detected at all', async () => {
    const r = await solveMilp(small(), { objective: 'coverage', budget: 2 });
    expect(r.value).toBe(2);
    expect(r.sensors).toEqual(['B', 'C']);
    expect(r.scenarios.map((s) => s.detected)).toEqual([false, true, true]);
  });
});

describe('lazy greedy with the LP bound, for problems too big for the MILP', () => {
  it('on Net3 it lands within a few percent of the MILP, and its bound is the LP relaxation\'s, below the MILP\'s optimum', async () => {
    const p = net3();
    const milp = await solveMilp(p, { objective: 'impact', budget: 5 });
    const lp = await solveMilp(p, { objective: 'impact', budget: 5 }, true);
    const greedy = solveGreedy(p, { objective: 'impact', budget: 5 }, lp.value);
    expect(lp.value).toBeLessThanOrEqual(milp.value + 1e-6);
    expect(greedy.bound).toBe(lp.value);
    expect(greedy.value).toBeGreaterThanOrEqual(milp.value - 1e-6);
    expect(greedy.value).toBeLessThan(milp.value * 1.05);
    expect(greedy.gapPct).toBeCloseTo(((greedy.value - lp.value) / greedy.value) * 100, 6);
    expect(greedy.sensors).toHaveLength(5);
    expect(greedy.gains.map((g) => g.valueAfter)).toEqual([...greedy.gains.map((g) => g.valueAfter)].sort((a, b) => b - a)); // each sensor lowers the impact
  }, 60_000);

  it('greedy coverage obeys costs and the budget, and keeps fixed sensors', () => {
    const p: PlanProblem = {
      scenarios: ['s1', 's2', 's3', 's4'].map((id) => ({ id, undetected: 1, probability: null })),
      sensors: [{ id: 'big', cost: 3 }, { id: 'a', cost: 1 }, { id: 'b', cost: 1 }, { id: 'c', cost: 1 }],
      detections: [[{ sensor: 0, impact: 0 }, { sensor: 1, impact: 0 }], [{ sensor: 0, impact: 0 }, { sensor: 2, impact: 0 }], [{ sensor: 0, impact: 0 }], [{ sensor: 3, impact: 0 }]],
    };
    const r = solveGreedy(p, { objective: 'coverage', budget: 3, fixed: ['c'] }, null);
    expect(r.sensors).toEqual(['a', 'b', 'c']);
    expect(r.totalCost).toBe(3);
    expect(r.value).toBe(3);
    expect(r.bound).toBe(4); // every scenario has some sensor that sees it
  });
});

describe('the Lagrangian bound for the impact formulation', () => {
  it('is below the optimum and close to the LP relaxation\'s value on Net3', async () => {
    const p = net3();
    for (const budget of [2, 5, 10]) {
      const milp = await solveMilp(p, { objective: 'impact', budget });
      const lp = await solveMilp(p, { objective: 'impact', budget }, true);
      const bound = impactLowerBound(p, { budget }, solveGreedy(p, { objective: 'impact', budget }, null).value);
      expect(bound).toBeLessThanOrEqual(lp.value + 1e-6);
      expect(bound).toBeGreaterThan(lp.value * 0.97);
      expect(bound).toBeLessThanOrEqual(milp.value + 1e-6);
    }
  }, 60_000);
});

describe('a MILP started from a placement', () => {
  it('stopped by its time limit, is never worse than where it started', async () => {
    const p = net3();
    const greedy = solveGreedy(p, { objective: 'impact', budget: 10 }, null);
    const start = new Set(greedy.sensors.map((id) => p.sensors.findIndex((s) => s.id === id)));
    const r = await solveMilp(p, { objective: 'impact', budget: 10, timeLimitS: 0.05 }, false, start);
    expect(r.value).toBeLessThanOrEqual(greedy.value + 1e-6);
    expect(r.sensors.length).toBeGreaterThan(0);
  }, 60_000);
});
