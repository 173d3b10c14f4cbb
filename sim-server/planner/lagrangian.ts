// A lower bound for the impact formulation when its LP is too big to solve in time: the Lagrangian
// relaxation of "each scenario is detected by exactly one sensor (or none)", maximised by subgradient
// steps. For any multipliers λ it is a valid bound; its maximum equals the LP relaxation's value (the
// relaxed problem has the integrality property), so it converges to the LP bound (Beasley's p-median
// method). Each step costs one pass over the detections.
import { weights, type PlanOptions, type PlanProblem } from '../../twin-assets/placement';

/** A bound on the lowest (weighted) impact any placement within the budget can reach. */
export function impactLowerBound(p: PlanProblem, opts: Pick<PlanOptions, 'budget' | 'useProbability' | 'fixed'>, upperBound: number, iterations = 400): number {
  const w = weights(p, opts.useProbability);
  const nA = p.scenarios.length, nS = p.sensors.length;
  const undetected = p.scenarios.map((s, a) => w[a]! * s.undetected);
  const flat: { a: number; i: number; c: number }[] = [];
  p.detections.forEach((ds, a) => { for (const d of ds) flat.push({ a, i: d.sensor, c: w[a]! * Math.min(d.impact, p.scenarios[a]!.undetected) }); });
  const fixed = new Set((opts.fixed ?? []).map((id) => p.sensors.findIndex((s) => s.id === id)).filter((i) => i >= 0));
  // Start from each scenario's best possible cost: a good first guess of the multipliers.
  const lambda = undetected.slice();
  for (const { a, c } of flat) lambda[a] = Math.min(lambda[a]!, c);
  const rho = new Float64Array(nS), g = new Float64Array(nA), open = new Uint8Array(nS);
  const order = Array.from({ length: nS }, (_, i) => i);
  let best = -Infinity, theta = 2, sinceBetter = 0;
  for (let it = 0; it < iterations; it++) {
    rho.fill(0);
    for (const { a, i, c } of flat) if (c < lambda[a]!) rho[i]! += c - lambda[a]!;
    // Open the sensors with the most negative reduced cost the budget buys (fixed ones always): a
    // fractional knapsack, itself a lower bound on the exact choice, so the bound stays valid with costs.
    let value = 0, left = opts.budget;
    open.fill(0);
    for (const i of fixed) { open[i] = 1; value += rho[i]!; left -= p.sensors[i]!.cost; }
    order.sort((x, y) => rho[x]! / Math.max(p.sensors[x]!.cost, 1e-9) - rho[y]! / Math.max(p.sensors[y]!.cost, 1e-9));
    for (const i of order) {
      if (open[i] || rho[i]! >= 0 || left <= 0) continue;
      const take = Math.min(1, left / Math.max(p.sensors[i]!.cost, 1e-9));
      value += take * rho[i]!; left -= take * p.sensors[i]!.cost;
      if (take === 1) open[i] = 1;
    }
    for (let a = 0; a < nA; a++) value += lambda[a]! + Math.min(0, undetected[a]! - lambda[a]!);
    if (best === -Infinity || value > best + 1e-9 * Math.abs(best)) { best = value; sinceBetter = 0; } else if (++sinceBetter >= 20) { theta /= 2; sinceBetter = 0; }
    // Subgradient: 1 − (how many times each scenario is "detected" in the relaxed solution).
    for (let a = 0; a < nA; a++) g[a] = 1 - (undetected[a]! < lambda[a]! ? 1 : 0);
    for (const { a, i, c } of flat) if (open[i] && c < lambda[a]!) g[a]! -= 1;
    let norm = 0;
    for (let a = 0; a < nA; a++) norm += g[a]! * g[a]!;
    if (norm === 0 || theta < 1e-4 || upperBound - best <= 1e-9 * Math.abs(upperBound)) break;
    const step = (theta * (upperBound - value)) / norm;
    for (let a = 0; a < nA; a++) lambda[a] = Math.max(0, lambda[a]! + step * g[a]!);
  }
  return best;
}
