// Lazy greedy for problems too big for the MILP in the time allowed: both objectives are submodular, so
// a sensor's gain only falls as others are added, and a stale gain on top of the heap that is still on
// top once recomputed is the best (Minoux's lazy evaluation). With costs, gain per unit of cost. The
// answer's quality is proven by a bound: the LP relaxation's, or failing that, every scenario detected
// by its best sensor.
import { byName, evaluate, gapPct, weights, type PlanOptions, type PlanProblem, type PlanResult } from '../../twin-assets/placement';

/** A max-heap of [priority, sensor]. */
class Heap {
  private readonly a: [number, number][] = [];
  get size(): number { return this.a.length; }
  push(item: [number, number]): void {
    const a = this.a;
    a.push(item);
    for (let i = a.length - 1; i > 0;) { const p = (i - 1) >> 1; if (a[p]![0] >= a[i]![0]) break; [a[p], a[i]] = [a[i]!, a[p]!]; i = p; }
  }
  pop(): [number, number] | undefined {
    const a = this.a, top = a[0], last = a.pop();
    if (a.length && last) {
      a[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < a.length && a[l]![0] > a[m]![0]) m = l;
        if (r < a.length && a[r]![0] > a[m]![0]) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!]; i = m;
      }
    }
    return top;
  }
}

/** A greedy placement's proven quality: its bound, the gap, and where the bound came from. */
export const boundedBy = (value: number, bound: number, source: string) => ({ bound, gapPct: gapPct(value, bound), solver: `lazy greedy, bound from ${source}` });

export function solveGreedy(p: PlanProblem, opts: PlanOptions, lpBound: number | null, onProgress?: (chosen: number) => void): PlanResult {
  const t0 = performance.now();
  const w = weights(p, opts.useProbability);
  const impact = opts.objective === 'impact';
  // Per sensor, the scenarios it detects and the impact then.
  const bySensor: { a: number; d: number }[][] = p.sensors.map(() => []);
  p.detections.forEach((ds, a) => { for (const d of ds) bySensor[d.sensor]!.push({ a, d: Math.min(d.impact, p.scenarios[a]!.undetected) }); });
  const cur = p.scenarios.map((s) => (impact ? s.undetected : 0)); // impact now / covered (0|1)
  const gain = (i: number) => {
    let g = 0;
    for (const { a, d } of bySensor[i]!) g += impact ? w[a]! * Math.max(0, cur[a]! - d) : cur[a] ? 0 : (opts.useProbability ? w[a]! : 1);
    return g;
  };
  const gains: { sensor: string; valueAfter: number }[] = [];
  const take = (i: number) => {
    for (const { a, d } of bySensor[i]!) cur[a] = impact ? Math.min(cur[a]!, d) : 1;
    gains.push({ sensor: p.sensors[i]!.id, valueAfter: cur.reduce((s, v, a) => s + (impact ? w[a]! * v : v * (opts.useProbability ? w[a]! : 1)), 0) });
  };
  const chosen: number[] = [];
  let spent = 0;
  for (const id of opts.fixed ?? []) {
    const i = p.sensors.findIndex((s) => s.id === id);
    if (i >= 0 && !chosen.includes(i)) { chosen.push(i); spent += p.sensors[i]!.cost; take(i); }
  }
  const ratio = (i: number) => gain(i) / Math.max(p.sensors[i]!.cost, 1e-9);
  const heap = new Heap();
  for (let i = 0; i < p.sensors.length; i++) if (!chosen.includes(i)) heap.push([ratio(i), i]);
  while (heap.size) {
    const [stale, i] = heap.pop()!;
    if (stale <= 0) break; // a stale gain is an upper bound: nothing left gains anything
    if (spent + p.sensors[i]!.cost > opts.budget + 1e-9) continue; // never affordable again: spending only grows
    const fresh = ratio(i);
    if (fresh <= 0) continue;
    if (heap.size && fresh < stale - 1e-12) { heap.push([fresh, i]); continue; }
    chosen.push(i); spent += p.sensors[i]!.cost; take(i);
    onProgress?.(chosen.length);
  }
  const set = new Set(chosen);
  const { value, outcomes } = evaluate(p, set, opts);
  // Without the LP: every scenario at its best sensor's impact (or covered if anything can see it).
  const trivial = impact
    ? p.scenarios.reduce((s, sc, a) => s + w[a]! * Math.min(sc.undetected, ...p.detections[a]!.map((d) => d.impact)), 0)
    : p.scenarios.reduce((s, _sc, a) => s + (p.detections[a]!.length ? (opts.useProbability ? w[a]! : 1) : 0), 0);
  return {
    ...boundedBy(value, lpBound ?? trivial, lpBound !== null ? 'the LP relaxation (HiGHS)' : 'every scenario at its best sensor'),
    objective: opts.objective, value, sensors: chosen.map((i) => p.sensors[i]!.id).sort(byName), totalCost: spent,
    fractionDetected: outcomes.filter((o) => o.detected).length / Math.max(outcomes.length, 1),
    scenarios: outcomes, gains, seconds: (performance.now() - t0) / 1000,
  };
}
