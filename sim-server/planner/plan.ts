// One entry point for a placement: the MILP when the problem fits in the time allowed, else lazy
// greedy with the LP relaxation's bound; either way the answer states its value, its bound and the gap.
import { solveGreedy } from './greedy';
import { solveMilp } from './milp';
import type { PlanOptions, PlanProblem, PlanResult } from './problem';

/** Past this many scenario–sensor pairs the MILP is not tried: its LP alone would take minutes on 2 cores. */
export const MILP_MAX_PAIRS = 300_000;

export async function plan(p: PlanProblem, opts: PlanOptions, progress: (line: string) => void = () => {}): Promise<PlanResult> {
  const pairs = p.detections.reduce((s, d) => s + d.length, 0);
  const timeLimitS = opts.timeLimitS ?? 60;
  if (pairs <= MILP_MAX_PAIRS) {
    progress(`${p.scenarios.length} scenarios × ${p.sensors.length} candidate sensors, ${pairs} detections: solving the ${opts.objective} MILP with HiGHS (time limit ${timeLimitS} s)`);
    const milp = await solveMilp(p, { ...opts, timeLimitS });
    // A MILP stopped by its time limit may hold a poorer placement than greedy's: keep the better, with the MILP's bound.
    if (milp.gapPct > 0.01) {
      const greedy = solveGreedy(p, opts, milp.bound);
      if (opts.objective === 'impact' ? greedy.value < milp.value : greedy.value > milp.value) return { ...greedy, solver: `lazy greedy (better than the MILP stopped at ${timeLimitS} s), bound from the MILP` };
    }
    return milp;
  }
  progress(`${p.scenarios.length} scenarios × ${p.sensors.length} candidate sensors, ${pairs} detections: too big for the MILP; the LP relaxation for a bound (time limit ${timeLimitS} s), then lazy greedy`);
  const lp = await solveMilp(p, { ...opts, timeLimitS }, true).catch(() => null);
  const bound = lp && /optimal/.test(lp.solver) ? lp.value : null;
  return solveGreedy(p, opts, bound, (n) => { if (n % 50 === 0) progress(`  ${n} sensors placed`); });
}
