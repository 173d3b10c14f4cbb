// The airflow solve, as CONTAM does it (User Guide, "Airflow analysis"): unknown zone pressures, found by Newton's
// method so that the mass flows into every zone sum to zero. A path's mass flow is the orifice equation,
// ṁ = Cd·A·√(2ρ|Δp|), or the power law, ṁ = ρ·C·|Δp|ⁿ, laminar (linear) below a tiny Δp so the Jacobian stays
// finite; upwind density. A tall opening (a door, a window) is two half-openings at its upper and lower quarter
// heights, so a hot zone's air leaves through the top while cool air comes in at the bottom (two-way flow).
// Through a horizontal opening (a stairwell between landings, a shaft between floors) a lighter zone below a heavier
// one exchanges air with it even when no net flow passes: Epstein's correlation for buoyancy-driven exchange through
// openings in horizontal partitions (J. Heat Transfer 110, 1988: Q = 0.055·√(g·Δρ/ρ̄·D⁵)), the flow CFAST's
// ceiling vents use; it is added as equal flows both ways, so it carries smoke, heat and a light gas up.
// The Newton system is a weighted graph Laplacian: symmetric and positive definite when every zone reaches the
// outdoors, factored within the band a reverse Cuthill–McKee numbering gives it (bandSolver.ts); conjugate
// gradients over the links themselves are the fallback should a factorisation fail.
import { BandMatrix, bandPlan, type BandPlan } from './bandSolver';
import { G as GRAVITY, OUTDOORS as OUTSIDE, type Network, type Weather } from './network';

// Module-level copies: an imported binding can compile to a getter (tsx, vitest), too slow in the inner loops.
const OUTDOORS = OUTSIDE, G = GRAVITY;

/** Below this |Δp| a path's flow is linear in Δp (Pa). */
const DP_LAMINAR = 1e-3;
/** An opening at least this tall carries two-way flow (m). */
const TWO_WAY_MIN_H = 1;
const MAX_NEWTON = 60;
/** Converged when no zone's mass balance is off by more than this (kg/s). */
const TOLERANCE_KGS = 1e-8;

/** The paths as the solver sees them: tall openings split in two; `coef` is Cd·A for an orifice, C for a leak. */
export interface Links {
  count: number;
  a: Int32Array; b: Int32Array; z: Float64Array;
  orifice: Uint8Array; coef: Float64Array; n: Float64Array; windCp: Float64Array;
  /** An orifice link's open area now, m². */
  area: Float64Array;
  /** The path each link belongs to, and the share of its area. */
  path: Int32Array; share: Float64Array;
  /** A horizontal opening's second link, carrying its buoyant exchange downwards (-1 for the others); the
   * airflow solve leaves these at zero. */
  exchange: Int32Array; isExchange: Uint8Array;
  /** The zones' numbering for the band solve. */
  plan: BandPlan;
}

export function linksOf(net: Network): Links {
  const rows: { a: number; b: number; z: number; orifice: boolean; n: number; windCp: number; path: number; share: number; c: number; exchange: number; isExchange: boolean }[] = [];
  net.paths.forEach((p, i) => {
    const o = p.opening;
    const base = { a: p.from, b: p.to, windCp: p.windCp ?? 0, path: i, exchange: -1, isExchange: false };
    if (o.kind === 'leak') rows.push({ ...base, z: p.z, orifice: false, n: o.n, share: 1, c: o.c });
    else if (o.heightM >= TWO_WAY_MIN_H) for (const dz of [-o.heightM / 4, o.heightM / 4]) rows.push({ ...base, z: p.z + dz, orifice: true, n: 0.5, share: 0.5, c: 0 });
    else {
      rows.push({ ...base, z: p.z, orifice: true, n: 0.5, share: 1, c: 0 });
      if (o.heightM === 0 && p.from !== OUTDOORS && p.to !== OUTDOORS) {
        rows[rows.length - 1]!.exchange = rows.length;
        rows.push({ ...base, a: p.to, b: p.from, z: p.z, orifice: true, n: 0.5, share: 1, c: 0, isExchange: true });
      }
    }
  });
  const count = rows.length;
  const l: Links = {
    count, a: new Int32Array(count), b: new Int32Array(count), z: new Float64Array(count), orifice: new Uint8Array(count),
    coef: new Float64Array(count), area: new Float64Array(count), n: new Float64Array(count), windCp: new Float64Array(count), path: new Int32Array(count), share: new Float64Array(count),
    exchange: new Int32Array(count), isExchange: new Uint8Array(count),
    plan: bandPlan(net.zones.length, rows.filter((r) => !r.isExchange && r.a !== OUTDOORS && r.b !== OUTDOORS).map((r) => [r.a, r.b] as const)),
  };
  rows.forEach((r, k) => {
    l.a[k] = r.a; l.b[k] = r.b; l.z[k] = r.z; l.orifice[k] = r.orifice ? 1 : 0; l.coef[k] = r.c; l.n[k] = r.n; l.windCp[k] = r.windCp; l.path[k] = r.path; l.share[k] = r.share;
    l.exchange[k] = r.exchange; l.isExchange[k] = r.isExchange ? 1 : 0;
  });
  return l;
}

/** Sets each orifice link's Cd·A from its path's opening: `open[i]` in 0…1 (shut … wide open). */
export function setOpenings(net: Network, links: Links, open: ArrayLike<number>): void {
  for (let k = 0; k < links.count; k++) {
    const o = net.paths[links.path[k]!]!.opening;
    if (o.kind !== 'orifice') continue;
    const f = Math.min(1, Math.max(0, open[links.path[k]!] ?? 0));
    links.area[k] = (o.shutAreaM2 + f * (o.openAreaM2 - o.shutAreaM2)) * links.share[k]!;
    links.coef[k] = o.cd * links.area[k]!;
  }
}

export interface AirflowInput {
  /** Each zone's air density, kg/m³, and its floor's elevation. */
  rho: ArrayLike<number>; floorZ: ArrayLike<number>;
  weather: Weather; outdoorRho: number;
  /** Air added to a zone, kg/s (a fan; a fire's expansion). */
  supply?: ArrayLike<number>;
}

export interface AirflowResult { iterations: number; residualKgS: number }

/** Solves the zone pressures (`p`, Pa relative to the outdoors at the ground; its values are the first guess) and
 * writes each link's mass flow, kg/s, positive from `a` to `b`, into `flows`. */
export function solveAirflow(links: Links, p: Float64Array, flows: Float64Array, input: AirflowInput): AirflowResult {
  const nz = p.length;
  const { rho, floorZ, weather, outdoorRho, supply } = input;
  const windQ = 0.5 * outdoorRho * weather.windMs ** 2;
  const F = new Float64Array(nz), diag = new Float64Array(nz), slope = new Float64Array(links.count);
  const trial = new Float64Array(nz), delta = new Float64Array(nz);
  const band = new BandMatrix(links.plan);

  // Flows and residuals at pressures q; the slopes (dṁ/dΔp) too when asked.
  const evaluate = (q: Float64Array, withSlopes: boolean): number => {
    F.fill(0);
    if (supply) for (let i = 0; i < nz; i++) F[i] = supply[i]!;
    if (withSlopes) diag.fill(0);
    for (let k = 0; k < links.count; k++) {
      if (links.isExchange[k]) { flows[k] = 0; continue; }
      const a = links.a[k]!, b = links.b[k]!, z = links.z[k]!;
      const pa = a === OUTDOORS ? -outdoorRho * G * z + links.windCp[k]! * windQ : q[a]! - rho[a]! * G * (z - floorZ[a]!);
      const pb = b === OUTDOORS ? -outdoorRho * G * z + links.windCp[k]! * windQ : q[b]! - rho[b]! * G * (z - floorZ[b]!);
      const dp = pa - pb;
      const up = dp >= 0 ? (a === OUTDOORS ? outdoorRho : rho[a]!) : (b === OUTDOORS ? outdoorRho : rho[b]!);
      const K = links.orifice[k] ? links.coef[k]! * Math.sqrt(2 * up) : links.coef[k]! * up;
      const n = links.n[k]!, adp = Math.abs(dp);
      let m: number, d: number;
      if (adp < DP_LAMINAR) { d = K * DP_LAMINAR ** (n - 1); m = d * dp; }
      else { const mag = K * adp ** n; m = dp >= 0 ? mag : -mag; d = (n * mag) / adp; }
      flows[k] = m;
      if (a !== OUTDOORS) F[a] = F[a]! - m;
      if (b !== OUTDOORS) F[b] = F[b]! + m;
      if (withSlopes) {
        slope[k] = d;
        if (a !== OUTDOORS) diag[a] = diag[a]! + d;
        if (b !== OUTDOORS) diag[b] = diag[b]! + d;
      }
    }
    let worst = 0;
    for (let i = 0; i < nz; i++) worst = Math.max(worst, Math.abs(F[i]!));
    return worst;
  };

  let residual = evaluate(p, true);
  let it = 0;
  for (; it < MAX_NEWTON && residual > TOLERANCE_KGS; it++) {
    band.clear();
    for (let i = 0; i < nz; i++) band.add(i, i, diag[i]!);
    for (let k = 0; k < links.count; k++) {
      const a = links.a[k]!, b = links.b[k]!;
      if (a !== OUTDOORS && b !== OUTDOORS && !links.isExchange[k]) band.add(a, b, -slope[k]!);
    }
    if (!band.solve(F, delta)) conjugateGradients(links, slope, diag, F, delta);
    // Backtrack while the step makes the balance worse (far from the solution, the orifice's √ overshoots).
    let lambda = 1;
    for (let tries = 0; ; tries++) {
      for (let i = 0; i < nz; i++) trial[i] = p[i]! + lambda * delta[i]!;
      const r = evaluate(trial, false);
      if (r < residual || tries >= 8) break;
      lambda /= 2;
    }
    p.set(trial);
    residual = evaluate(p, true);
  }
  addExchange(links, flows, rho, floorZ);
  return { iterations: it, residualKgS: residual };
}

/** Epstein's exchange through each horizontal opening whose lower zone is the lighter, both ways. */
function addExchange(links: Links, flows: Float64Array, rho: ArrayLike<number>, floorZ: ArrayLike<number>): void {
  for (let k = 0; k < links.count; k++) {
    const x = links.exchange[k]!;
    if (x < 0) continue;
    const a = links.a[k]!, b = links.b[k]!;
    const [lower, upper] = floorZ[a]! <= floorZ[b]! ? [a, b] : [b, a];
    const drho = rho[upper]! - rho[lower]!;
    if (drho <= 0) continue;
    const mean = (rho[upper]! + rho[lower]!) / 2;
    const d = Math.sqrt((4 * links.area[k]!) / Math.PI);
    const m = mean * 0.055 * Math.sqrt((G * drho * d ** 5) / mean);
    // Up through the link itself (its net flow plus the exchange), down through its twin.
    const up = lower === a ? 1 : -1;
    flows[k] = flows[k]! + up * m;
    flows[x] = (lower === a ? 1 : -1) * m;
  }
}

/** Solves A·x = r, A the Laplacian of the links' slopes (plus their outdoor ends on its diagonal). */
function conjugateGradients(links: Links, slope: Float64Array, diag: Float64Array, r0: Float64Array, x: Float64Array): void {
  const n = r0.length;
  const r = Float64Array.from(r0), z = new Float64Array(n), d = new Float64Array(n), Ad = new Float64Array(n);
  x.fill(0);
  const inv = diag.map((v) => (v > 0 ? 1 / v : 1));
  for (let i = 0; i < n; i++) { z[i] = r[i]! * inv[i]!; d[i] = z[i]!; }
  let rz = 0, r0norm = 0;
  for (let i = 0; i < n; i++) { rz += r[i]! * z[i]!; r0norm += r[i]! ** 2; }
  const stop = r0norm * 1e-24;
  for (let it = 0; it < 4 * n + 20 && rz !== 0; it++) {
    for (let i = 0; i < n; i++) Ad[i] = diag[i]! * d[i]!;
    for (let k = 0; k < links.count; k++) {
      const a = links.a[k]!, b = links.b[k]!;
      if (a === OUTDOORS || b === OUTDOORS) continue;
      Ad[a] = Ad[a]! - slope[k]! * d[b]!;
      Ad[b] = Ad[b]! - slope[k]! * d[a]!;
    }
    let dAd = 0;
    for (let i = 0; i < n; i++) dAd += d[i]! * Ad[i]!;
    if (dAd <= 0) break;
    const alpha = rz / dAd;
    let rr = 0;
    for (let i = 0; i < n; i++) { x[i] = x[i]! + alpha * d[i]!; r[i] = r[i]! - alpha * Ad[i]!; rr += r[i]! ** 2; }
    if (rr <= stop) break;
    let rzNew = 0;
    for (let i = 0; i < n; i++) { z[i] = r[i]! * inv[i]!; rzNew += r[i]! * z[i]!; }
    const beta = rzNew / rz;
    rz = rzNew;
    for (let i = 0; i < n; i++) d[i] = z[i]! + beta * d[i]!;
  }
}
