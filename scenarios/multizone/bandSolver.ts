// A direct solve for the airflow's Newton systems: the zones renumbered by reverse Cuthill–McKee (a building's
// zones then sit in a narrow band: a landing next to its flats, the floor above next to it), and the symmetric
// positive definite matrix factored as L·Lᵀ within that band. A building's network is nearly a ladder, so the
// band stays a few zones wide and a solve costs n·b² — far below the conjugate gradients it replaces, whose
// iterations grow with the building's height.

export interface BandPlan {
  n: number;
  /** position → zone, and zone → position. */
  order: Int32Array; position: Int32Array;
  bandwidth: number;
}

/** Reverse Cuthill–McKee over the zones' adjacency (`edges` as pairs of zone indices). */
export function bandPlan(n: number, edges: readonly (readonly [number, number])[]): BandPlan {
  const adj: number[][] = Array.from({ length: n }, () => []);
  for (const [a, b] of edges) { adj[a]!.push(b); adj[b]!.push(a); }
  const degree = adj.map((x) => x.length);
  const seen = new Uint8Array(n), cm: number[] = [];
  // Each connected part from its lowest-degree zone, neighbours visited by increasing degree.
  const starts = Array.from({ length: n }, (_, i) => i).sort((a, b) => degree[a]! - degree[b]! || a - b);
  for (const s of starts) {
    if (seen[s]) continue;
    seen[s] = 1;
    const queue = [s];
    for (let q = 0; q < queue.length; q++) {
      const v = queue[q]!;
      cm.push(v);
      for (const w of [...adj[v]!].sort((a, b) => degree[a]! - degree[b]! || a - b)) if (!seen[w]) { seen[w] = 1; queue.push(w); }
    }
  }
  const order = Int32Array.from(cm.reverse());
  const position = new Int32Array(n);
  order.forEach((z, p) => { position[z] = p; });
  let bandwidth = 0;
  for (const [a, b] of edges) bandwidth = Math.max(bandwidth, Math.abs(position[a]! - position[b]!));
  return { n, order, position, bandwidth };
}

/** A symmetric band matrix in the plan's order: lower triangle, row i holding columns i−b … i. */
export class BandMatrix {
  readonly w: number;
  readonly v: Float64Array;
  constructor(readonly plan: BandPlan) {
    this.w = plan.bandwidth + 1;
    this.v = new Float64Array(plan.n * this.w);
  }

  clear(): void { this.v.fill(0); }

  /** Adds x to entry (zone a, zone b) and its mirror. */
  add(a: number, b: number, x: number): void {
    let i = this.plan.position[a]!, j = this.plan.position[b]!;
    if (j > i) [i, j] = [j, i];
    const k = i * this.w + (this.w - 1 - (i - j));
    this.v[k] = this.v[k]! + x;
  }

  /** Factors in place (L·Lᵀ) and solves for `rhs` (by zone), writing `x` (by zone). False when not positive definite. */
  solve(rhs: ArrayLike<number>, x: Float64Array): boolean {
    const { n, order } = this.plan, w = this.w, b = w - 1, L = this.v;
    for (let i = 0; i < n; i++) {
      const row = i * w;
      for (let j = Math.max(0, i - b); j <= i; j++) {
        const rowJ = j * w;
        let sum = L[row + b - (i - j)]!;
        for (let k = Math.max(0, i - b); k < j; k++) sum -= L[row + b - (i - k)]! * L[rowJ + b - (j - k)]!;
        if (i === j) {
          if (!(sum > 0)) return false;
          L[row + b] = Math.sqrt(sum);
        } else L[row + b - (i - j)] = sum / L[rowJ + b]!;
      }
    }
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let sum = rhs[order[i]!]!;
      for (let k = Math.max(0, i - b); k < i; k++) sum -= L[i * w + b - (i - k)]! * y[k]!;
      y[i] = sum / L[i * w + b]!;
    }
    for (let i = n - 1; i >= 0; i--) {
      let sum = y[i]!;
      for (let k = i + 1; k <= Math.min(n - 1, i + b); k++) sum -= L[k * w + b - (k - i)]! * y[k]!;
      y[i] = sum / L[i * w + b]!;
    }
    for (let i = 0; i < n; i++) x[order[i]!] = y[i]!;
    return true;
  }
}
