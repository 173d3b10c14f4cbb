// What the air carries (CONTAM User Guide, "Contaminant analysis"): for each well-mixed zone,
// M·dc/dt = Σ ṁ_in·c_upwind − Σ ṁ_out·c + S − L·(c − c_ref), stepped by implicit (backward) Euler so a step of any
// length stays stable, and solved by symmetric Gauss–Seidel sweeps (the matrix is diagonally dominant: what
// leaves a zone is at least what comes in from other zones). Every link moves ṁ·c from the zone it leaves to the
// one it enters, so what is carried is conserved exactly: the zones' contents change by the sources less what
// went outdoors. The same step carries heat (c = temperature, with cp folded into the sources and losses).
import type { Links } from './airflow';
import { OUTDOORS as OUTSIDE } from './network';

// A module-level copy: an imported binding can compile to a getter (tsx, vitest), too slow in the inner loops.
const OUTDOORS = OUTSIDE;

export interface ScalarStep {
  /** Each zone's mass of air, kg. */
  mass: ArrayLike<number>;
  /** The value outdoors (what comes in from outside). */
  outdoor: number;
  /** Per zone: added per second (kg/s of a species; W / cp for heat). */
  source?: ArrayLike<number>;
  /** Per zone: a loss towards `lossRef` (kg/s equivalent, e.g. the walls' UA / cp), and the value it tends to. */
  loss?: ArrayLike<number>; lossRef?: ArrayLike<number>;
}

const MAX_SWEEPS = 400;

/** Advances `c` (per zone) by dt seconds under the link flows; returns what left for the outdoors (value·kg). */
export function stepScalar(links: Links, flows: Float64Array, c: Float64Array, dt: number, s: ScalarStep): number {
  const nz = c.length;
  const diag = new Float64Array(nz), rhs = new Float64Array(nz);
  for (let i = 0; i < nz; i++) {
    const hold = s.mass[i]! / dt;
    const loss = s.loss?.[i] ?? 0;
    diag[i] = hold + loss;
    rhs[i] = hold * c[i]! + (s.source?.[i] ?? 0) + loss * (s.lossRef?.[i] ?? 0);
  }
  // Inflows between zones, as lists per receiving zone; outflows add to the leaving zone's diagonal.
  const inCount = new Int32Array(nz + 1);
  for (let k = 0; k < links.count; k++) {
    const m = flows[k]!;
    const from = m >= 0 ? links.a[k]! : links.b[k]!, to = m >= 0 ? links.b[k]! : links.a[k]!;
    const q = Math.abs(m);
    if (from !== OUTDOORS) diag[from] = diag[from]! + q;
    if (to === OUTDOORS) continue;
    if (from === OUTDOORS) rhs[to] = rhs[to]! + q * s.outdoor;
    else inCount[to + 1] = inCount[to + 1]! + 1;
  }
  for (let i = 0; i < nz; i++) inCount[i + 1] = inCount[i + 1]! + inCount[i]!;
  const inFrom = new Int32Array(inCount[nz]!), inFlow = new Float64Array(inCount[nz]!), fill = inCount.slice(0, nz);
  for (let k = 0; k < links.count; k++) {
    const m = flows[k]!;
    const from = m >= 0 ? links.a[k]! : links.b[k]!, to = m >= 0 ? links.b[k]! : links.a[k]!;
    if (from === OUTDOORS || to === OUTDOORS) continue;
    const at = fill[to]!;
    fill[to] = at + 1;
    inFrom[at] = from;
    inFlow[at] = Math.abs(m);
  }
  const sweep = (i: number): number => {
    let v = rhs[i]!;
    for (let j = inCount[i]!; j < inCount[i + 1]!; j++) v += inFlow[j]! * c[inFrom[j]!]!;
    v /= diag[i]!;
    const change = Math.abs(v - c[i]!);
    c[i] = v;
    return change;
  };
  for (let it = 0; it < MAX_SWEEPS; it++) {
    let change = 0, size = 0;
    if (it % 2 === 0) for (let i = 0; i < nz; i++) change = Math.max(change, sweep(i));
    else for (let i = nz - 1; i >= 0; i--) change = Math.max(change, sweep(i));
    for (let i = 0; i < nz; i++) size = Math.max(size, Math.abs(c[i]!));
    if (change <= 1e-13 * size || change === 0) break;
  }
  let out = 0;
  for (let k = 0; k < links.count; k++) {
    const m = flows[k]!;
    if (m > 0 && links.b[k] === OUTDOORS && links.a[k] !== OUTDOORS) out += m * c[links.a[k]!]! * dt;
    else if (m < 0 && links.a[k] === OUTDOORS && links.b[k] !== OUTDOORS) out += -m * c[links.b[k]!]! * dt;
  }
  return out;
}
