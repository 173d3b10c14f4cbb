// Sensor placement at the scale of the full street: 10,000 incidents × 10,000 candidate positions, a
// budget of 300. Incidents and candidates are spread over the street's 2 km square; a candidate detects
// an incident within its reach, the impact growing with the distance (time to detection × severity).
import { placementTable } from '../../sim-server/planner/fromDistrict';
import { plan } from '../../sim-server/planner/plan';
import type { District } from '../../twin-assets/districtSchema';
import { PLANNED_TYPES, type PlanProblem } from '../../twin-assets/placement';
import type { RuleSet } from '../../twin-assets/rulesSchema';
import { seededRng } from '../../twin-assets/random';

export function syntheticStreet(incidents: number, candidates: number, seed = 1): PlanProblem {
  const rng = seededRng(seed);
  const side = 2000, reachM = 45, cell = reachM;
  const sensors = Array.from({ length: candidates }, (_, i) => ({ id: `c${i}`, cost: 1, x: rng() * side, y: rng() * side }));
  const grid = new Map<string, number[]>();
  sensors.forEach((s, i) => { const k = `${Math.floor(s.x / cell)},${Math.floor(s.y / cell)}`; (grid.get(k) ?? grid.set(k, []).get(k)!).push(i); });
  const scenarios: PlanProblem['scenarios'] = [], detections: PlanProblem['detections'] = [];
  for (let a = 0; a < incidents; a++) {
    const x = rng() * side, y = rng() * side, severity = 1 + rng() * 4;
    const undetected = severity * 1800; // found by someone after half an hour
    const ds: { sensor: number; impact: number }[] = [];
    const cx = Math.floor(x / cell), cy = Math.floor(y / cell);
    for (let gx = cx - 1; gx <= cx + 1; gx++) for (let gy = cy - 1; gy <= cy + 1; gy++) {
      for (const i of grid.get(`${gx},${gy}`) ?? []) {
        const d = Math.hypot(sensors[i]!.x - x, sensors[i]!.y - y);
        if (d <= reachM) ds.push({ sensor: i, impact: Math.round(severity * (30 + d * 8)) });
      }
    }
    scenarios.push({ id: `s${a}`, undetected, probability: null });
    detections.push(ds);
  }
  return { scenarios, sensors: sensors.map(({ id, cost }) => ({ id, cost })), detections };
}

/** Each device type's table of a whole street from its hazard model, and its placement with a budget of 300 more. */
export async function benchStreetTables(district: District, rules: RuleSet) {
  const out: Record<string, unknown> = {};
  for (const type of PLANNED_TYPES) {
    const t0 = performance.now();
    const t = placementTable(type, district, rules);
    const built = performance.now() - t0;
    const r = await plan(t.problem, { objective: 'impact', budget: t.fixed.length + 300, fixed: t.fixed, useProbability: t.useProbability, timeLimitS: 55 });
    out[type] = { incidents: t.problem.scenarios.length, candidates: t.candidates.length, pairs: t.problem.detections.reduce((s, d) => s + d.length, 0), tableMs: Math.round(built), solveSeconds: Math.round(r.seconds * 10) / 10, gapPct: Math.round(r.gapPct * 1000) / 1000, solver: r.solver, detected: Math.round(r.fractionDetected * 1000) / 1000 };
  }
  return out;
}

export async function benchPlanner(size = 10_000, budget = 300) {
  const t0 = performance.now();
  const p = syntheticStreet(size, size);
  const built = { ms: Math.round(performance.now() - t0), pairs: p.detections.reduce((s, d) => s + d.length, 0) };
  const out: Record<string, unknown> = { incidents: size, candidates: size, budget, table: built };
  for (const objective of ['coverage', 'impact'] as const) {
    const r = await plan(p, { objective, budget, timeLimitS: 55 }, (line) => process.stdout.write(`  ${line}\n`));
    out[objective] = { seconds: Math.round(r.seconds * 10) / 10, value: Math.round(r.value * 100) / 100, bound: Math.round(r.bound * 100) / 100, gapPct: Math.round(r.gapPct * 100) / 100, solver: r.solver, sensors: r.sensors.length, fractionDetected: Math.round(r.fractionDetected * 1000) / 1000 };
  }
  return out;
}
