// The impact (p-median) and coverage formulations as Chama states them, solved as MILPs by HiGHS
// (WebAssembly). Impact: minimise Σ_a w_a Σ_i d_ai x_ai subject to Σ_i x_ai = 1 for each scenario (a
// "dummy" sensor at no cost stands for "undetected", at the undetected impact), x_ai ≤ y_i, Σ c_i y_i ≤ B.
// Coverage: maximise Σ_a w_a z_a subject to z_a ≤ Σ_{i detects a} y_i, Σ c_i y_i ≤ B.
// Rows are built as CSR arrays, so a large problem is never written out as LP text.
import loadHighs from 'highs';
import { byName, evaluate, gainsOf, gapPct, weights, type PlanOptions, type PlanProblem, type PlanResult } from '../../twin-assets/placement';

type Highs = Awaited<ReturnType<typeof loadHighs>>;
let highs: Promise<Highs> | null = null;
const solverOf = () => (highs ??= loadHighs());

interface Rows { lower: number[]; upper: number[]; starts: number[]; indices: number[]; values: number[] }
const rows = (): Rows => ({ lower: [], upper: [], starts: [0], indices: [], values: [] });
function addRow(r: Rows, lower: number, upper: number, entries: [number, number][]): void {
  for (const [col, v] of entries) { r.indices.push(col); r.values.push(v); }
  r.lower.push(lower); r.upper.push(upper); r.starts.push(r.indices.length);
}

/** `start`: a placement (sensor indices) to begin from, so a run stopped by its time limit is never worse than it. */
export async function solveMilp(p: PlanProblem, opts: PlanOptions, relax = false, start?: ReadonlySet<number>): Promise<PlanResult> {
  const t0 = performance.now();
  const h = await solverOf();
  const w = weights(p, opts.useProbability);
  const nY = p.sensors.length;
  const fixed = new Set((opts.fixed ?? []).map((id) => p.sensors.findIndex((s) => s.id === id)).filter((i) => i >= 0));
  const cost: number[] = [], lower: number[] = [], upper: number[] = [], integer: number[] = [];
  for (let i = 0; i < nY; i++) { cost.push(0); lower.push(fixed.has(i) ? 1 : 0); upper.push(1); integer.push(relax ? 0 : 1); }
  const r = rows();
  const budget: [number, number][] = p.sensors.map((s, i) => [i, s.cost]);
  // The columns of each scenario, to turn a starting placement into a full solution.
  const columns: { sensor: number; col: number; impact: number }[][] = p.scenarios.map(() => []);
  const fallback: number[] = [];
  if (opts.objective === 'impact') {
    for (let a = 0; a < p.scenarios.length; a++) {
      const pick: [number, number][] = [];
      for (const d of p.detections[a]!) {
        const x = cost.length;
        columns[a]!.push({ sensor: d.sensor, col: x, impact: d.impact });
        cost.push(w[a]! * Math.min(d.impact, p.scenarios[a]!.undetected)); lower.push(0); upper.push(1); integer.push(0);
        pick.push([x, 1]);
        addRow(r, -Infinity, 0, [[x, 1], [d.sensor, -1]]);
      }
      const dummy = cost.length;
      fallback.push(dummy);
      cost.push(w[a]! * p.scenarios[a]!.undetected); lower.push(0); upper.push(1); integer.push(0);
      pick.push([dummy, 1]);
      addRow(r, 1, 1, pick);
    }
  } else {
    for (let a = 0; a < p.scenarios.length; a++) {
      const z = cost.length;
      fallback.push(z);
      for (const d of p.detections[a]!) columns[a]!.push({ sensor: d.sensor, col: z, impact: d.impact });
      cost.push(opts.useProbability ? w[a]! : 1); lower.push(0); upper.push(1); integer.push(0);
      addRow(r, -Infinity, 0, [[z, 1], ...p.detections[a]!.map((d): [number, number] => [d.sensor, -1])]);
    }
  }
  addRow(r, -Infinity, opts.budget, budget);

  const model = h.createModel({
    numCols: cost.length, numRows: r.lower.length, sense: opts.objective === 'impact' ? h.constants.objectiveSense.minimize : h.constants.objectiveSense.maximize,
    colCost: cost, colLower: lower, colUpper: upper, rowLower: r.lower.map((v) => (v === -Infinity ? -h.infinity : v)), rowUpper: r.upper,
    matrix: { format: 'csr', numRows: r.lower.length, numCols: cost.length, starts: r.starts, indices: r.indices, values: r.values },
    ...(relax ? {} : { integrality: integer as (0 | 1)[] }),
  });
  try {
    model.options.set({ output_flag: false, mip_rel_gap: 1e-6, ...(opts.timeLimitS ? { time_limit: opts.timeLimitS } : {}) });
    if (start && !relax) {
      const x = new Array<number>(cost.length).fill(0);
      for (const i of start) x[i] = 1;
      columns.forEach((cs, a) => {
        if (opts.objective === 'coverage') { x[fallback[a]!] = cs.some((c) => start.has(c.sensor)) ? 1 : 0; return; }
        const best = cs.filter((c) => start.has(c.sensor)).sort((u, v) => u.impact - v.impact)[0];
        x[best && best.impact < p.scenarios[a]!.undetected ? best.col : fallback[a]!] = 1;
      });
      model.setSolution({ colValue: x });
    }
    model.run();
    const status = STATUS[model.getModelStatus()] ?? `status ${model.getModelStatus()}`;
    const col = model.getSolution().colValue;
    const chosen = new Set<number>();
    for (let i = 0; i < nY; i++) if ((col[i] ?? 0) > 0.5) chosen.add(i);
    const value = model.getObjectiveValue();
    const info = model.info;
    const bound = relax ? value : Number(info.get('mip_dual_bound'));
    const { outcomes } = evaluate(p, chosen, opts);
    const sensors = [...chosen].map((i) => p.sensors[i]!.id).sort(byName);
    return {
      objective: opts.objective, value, bound, gapPct: gapPct(value, bound), solver: `HiGHS ${relax ? 'LP' : 'MILP'} (${status})`,
      sensors, totalCost: [...chosen].reduce((s, i) => s + p.sensors[i]!.cost, 0),
      fractionDetected: outcomes.filter((o) => o.detected).length / Math.max(outcomes.length, 1),
      scenarios: outcomes, gains: relax ? [] : gainsOf(p, [...chosen], opts), seconds: (performance.now() - t0) / 1000,
    };
  } finally {
    model.dispose();
  }
}

const STATUS: Record<number, string> = { 7: 'optimal', 13: 'time limit', 14: 'iteration limit', 8: 'infeasible', 17: 'interrupted' };

