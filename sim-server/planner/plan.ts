// One entry point for a placement: the MILP when the problem fits in the time allowed, else lazy
// greedy with a proven bound; either way the answer states its value, its bound and the gap.
import { boundedBy, solveGreedy } from './greedy';
import { impactLowerBound } from './lagrangian';
import { solveMilp } from './milp';
import type { PlanOptions, PlanProblem, PlanResult } from '../../twin-assets/placement';

/** Past this many scenario–sensor pairs the MILP is not tried (its LP alone takes minutes on 2 cores):
 * the impact formulation has a row per pair, coverage only one per scenario. */
export const MILP_MAX_PAIRS = { impact: 50_000, coverage: 300_000 };

export async function plan(p: PlanProblem, opts: PlanOptions, progress: (line: string) => void = () => {}): Promise<PlanResult> {
  const pairs = p.detections.reduce((s, d) => s + d.length, 0);
  const timeLimitS = opts.timeLimitS ?? 60;
  const size = `${p.scenarios.length} scenarios × ${p.sensors.length} candidate sensors, ${pairs} detections`;
  if (pairs <= MILP_MAX_PAIRS[opts.objective]) {
    progress(`${size}: solving the ${opts.objective} MILP with HiGHS from the greedy placement (time limit ${timeLimitS} s)`);
    // Started from greedy's placement, a MILP stopped by its time limit is never worse than greedy.
    const greedy = solveGreedy(p, opts, null);
    return solveMilp(p, { ...opts, timeLimitS }, false, new Set(greedy.sensors.map((id) => p.sensors.findIndex((s) => s.id === id))));
  }
  progress(`${size}: too big for the MILP in ${timeLimitS} s; lazy greedy, with a bound`);
  const placed = (n: number) => { if (n % 100 === 0) progress(`  ${n} sensors placed`); };
  const t0 = performance.now();
  if (opts.objective === 'impact') {
    // The Lagrangian's steps are sized by the distance to a known placement: greedy's, so it comes first.
    const greedy = solveGreedy(p, opts, null, placed);
    const bound = impactLowerBound(p, opts, greedy.value);
    return { ...greedy, ...boundedBy(greedy.value, bound, 'the Lagrangian relaxation (→ the LP bound)'), seconds: (performance.now() - t0) / 1000 };
  }
  const lp = await solveMilp(p, { ...opts, timeLimitS }, true).catch(() => null);
  const greedy = solveGreedy(p, opts, lp && /optimal/.test(lp.solver) ? lp.value : null, placed);
  return { ...greedy, seconds: (performance.now() - t0) / 1000 };
}
