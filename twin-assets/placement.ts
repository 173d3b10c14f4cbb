// A sensor-placement problem as Chama states it, shared by the planner on the server and its view in the
// browser: scenarios (each with the impact it has if nothing detects it, and optionally a probability),
// candidate sensors (with a cost), and for each scenario the impact at the moment each sensor that can
// detect it does (time to detection × severity, people exposed, …). Indices, not names, so the solvers
// work on arrays.

export interface PlanProblem {
  scenarios: { id: string; undetected: number; probability: number | null }[];
  sensors: { id: string; cost: number }[];
  /** For each scenario, the sensors that detect it and the impact then. */
  detections: { sensor: number; impact: number }[][];
}

export const PLANNED_TYPES = ['gas', 'smoke', 'water_level'] as const;
export type PlannedType = (typeof PLANNED_TYPES)[number];

/** A place a sensor may go, where the siting rule puts it: in a home (`householdId`), a building, or outdoors. */
export const CANDIDATE_KINDS = ['kitchen', 'riser', 'room', 'landing', 'low_point', 'manhole'] as const;
export interface Candidate {
  id: string; x: number; y: number; z: number;
  kind: (typeof CANDIDATE_KINDS)[number];
  buildingId: string | null; householdId: string | null; floor: number | null; room: string | null;
  /** The clause it is sited by. */
  rule: string;
}

/** The planner's table for a device type: the problem, its candidates, those installed, and names a person reads. */
export interface PlacementTable {
  type: PlannedType;
  problem: PlanProblem;
  candidates: Candidate[];
  fixed: string[];
  /** "zh / en" for every candidate and scenario id. */
  names: Record<string, string>;
  /** Seconds to detection, beside each entry of `problem.detections`. */
  seconds: number[][];
  /** Scenarios carry probabilities (storms by return period) and the objective weighs by them. */
  useProbability: boolean;
  /** Where each scenario happens, for the heat map over the ground. */
  where: { x: number; y: number }[];
}

export interface PlanOptions {
  objective: 'impact' | 'coverage';
  /** Total cost allowed (with every cost 1: the number of sensors). */
  budget: number;
  /** Weigh each scenario by its probability (else equally: the mean impact, as Chama does). */
  useProbability?: boolean;
  /** Sensors already installed: always in the placement; their cost counts against the budget. */
  fixed?: string[];
  timeLimitS?: number;
}

export interface ScenarioOutcome { scenario: string; sensor: string | null; impact: number; detected: boolean }

export interface PlanResult {
  objective: 'impact' | 'coverage';
  /** Impact: the (weighted) mean impact; coverage: the (weighted) number of scenarios covered. */
  value: number;
  /** A proven bound on the best value: below it for impact, above it for coverage. */
  bound: number;
  /** How far the value may be from the best, in percent of the value. */
  gapPct: number;
  solver: string;
  sensors: string[];
  totalCost: number;
  fractionDetected: number;
  scenarios: ScenarioOutcome[];
  /** What each sensor adds, in the order a greedy pass over the placement would add them. */
  gains: { sensor: string; valueAfter: number }[];
  seconds: number;
}

/** The weight of each scenario in the objective. */
export function weights(p: PlanProblem, useProbability = false): number[] {
  if (!useProbability) return p.scenarios.map(() => (p.scenarios.length ? 1 / p.scenarios.length : 0));
  return p.scenarios.map((s) => s.probability ?? 0);
}

/** How each scenario comes out with a placement: the sensor that detects it with the least impact, or none. */
export function evaluate(p: PlanProblem, chosen: ReadonlySet<number>, opts: Pick<PlanOptions, 'objective' | 'useProbability'>): { value: number; outcomes: ScenarioOutcome[] } {
  const w = weights(p, opts.useProbability);
  let value = 0;
  const outcomes = p.scenarios.map((s, a): ScenarioOutcome => {
    let best: { sensor: number; impact: number } | null = null;
    for (const d of p.detections[a]!) if (chosen.has(d.sensor) && (best === null || d.impact < best.impact)) best = d;
    const impact = best ? Math.min(best.impact, s.undetected) : s.undetected;
    value += opts.objective === 'impact' ? w[a]! * impact : best ? (opts.useProbability ? w[a]! : 1) : 0;
    return { scenario: s.id, sensor: best ? p.sensors[best.sensor]!.id : null, impact, detected: best !== null };
  });
  return { value, outcomes };
}

/** The order a greedy pass would add the chosen sensors in, and the value after each. */
export function gainsOf(p: PlanProblem, chosen: number[], opts: Pick<PlanOptions, 'objective' | 'useProbability'>): { sensor: string; valueAfter: number }[] {
  const w = weights(p, opts.useProbability);
  const impact = opts.objective === 'impact';
  const sees = new Map<number, { a: number; d: number }[]>(chosen.map((i) => [i, []]));
  p.detections.forEach((ds, a) => { for (const d of ds) sees.get(d.sensor)?.push({ a, d: Math.min(d.impact, p.scenarios[a]!.undetected) }); });
  const cur = p.scenarios.map((s) => (impact ? s.undetected : 0));
  let value = impact ? cur.reduce((s, v, a) => s + w[a]! * v, 0) : 0;
  const gain = (i: number) => sees.get(i)!.reduce((g, { a, d }) => g + (impact ? w[a]! * Math.max(0, cur[a]! - d) : cur[a] ? 0 : (opts.useProbability ? w[a]! : 1)), 0);
  const left = new Set(chosen), out: { sensor: string; valueAfter: number }[] = [];
  while (left.size) {
    let pick = -1, best = -Infinity;
    for (const i of left) { const g = gain(i); if (g > best) { best = g; pick = i; } }
    left.delete(pick);
    for (const { a, d } of sees.get(pick)!) cur[a] = impact ? Math.min(cur[a]!, d) : 1;
    value += impact ? -best : best;
    out.push({ sensor: p.sensors[pick]!.id, valueAfter: value });
  }
  return out;
}

/** How far a value may be from the best, in percent of the value, given a proven bound. */
export const gapPct = (value: number, bound: number) => (value === bound ? 0 : (Math.abs(value - bound) / Math.max(Math.abs(value), 1e-9)) * 100);

/** Sensor names in Chama's order (Python's sorted() on strings). */
export const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Why a budget cannot be planned: below what the sensors kept in place already cost. Null when it can. */
export function budgetShortfall(p: PlanProblem, fixed: readonly string[], budget: number): string | null {
  const kept = p.sensors.filter((s) => fixed.includes(s.id));
  const cost = kept.reduce((sum, s) => sum + s.cost, 0);
  return budget < cost ? `the budget (${budget}) is below the cost of the ${kept.length} detector(s) already installed (${cost}): give at least ${cost}` : null;
}
