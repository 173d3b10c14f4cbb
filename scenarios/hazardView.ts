// What the twin draws of a running hazard, read from its model's state (not from a device's reading, which
// may be late, missing or failed): where it is, how big, how bad. One flat shape for every model, so the
// drill room replicates it as one schema and the client draws it from data.
import type { HazardDef } from './schema';
import { methanePercentLel, plumeConcentration, type Stability } from './hazards/plume';

export interface HazardView {
  id: string;
  model: HazardDef['model'];
  /** Where to draw it, in the district frame (m): the room, the source, the zone's middle, where the person landed. */
  x: number; y: number; z: number;
  /** How bad now, 0–1 (gas: %LEL/100; fire: smoke in the room; flood: depth against 0.5 m; fall: 1 once down). */
  level: number;
  /** The model's measure and its unit: 35 %LEL, 420 kW, 0.28 m, 12 m. */
  value: number; unit: string;
  /** The cloud's length downwind (gas_plume), the room's edge (gas_room, kitchen_fire), the drop (fall). */
  sizeM: number;
  /** The plume's half width at its widest (gas_plume); the flame's height (kitchen_fire). */
  widthM: number;
  /** How high the cloud stands above 10 %LEL (gas_plume). */
  heightM: number;
  /** Where the wind carries the gas (° from north; gas_plume). */
  headingDeg: number;
  /** The flood zone (flood). */
  zoneId: string;
  /** Stopped: the valve shut, the fire out, the pumps on, the e-bike out. */
  safe: boolean;
}

export const PLUME_DRAWN_TO_LEL = 10;
/** Half a metre of water: cars stall, no one walks through it. */
export const FLOOD_FULL_M = 0.5;
/** A room's obscuration (%/m) that is drawn as thick smoke: 20 %/m, where a person can no longer see across it. */
export const SMOKE_FULL_PCT_M = 20;

const r2 = (v: number) => Math.round(v * 100) / 100;

export function view(def: HazardDef, at: { x: number; y: number; z: number }, v: Partial<HazardView>): HazardView {
  return { id: def.id, model: def.model, x: r2(at.x), y: r2(at.y), z: r2(at.z), level: 0, value: 0, unit: '', sizeM: 0, widthM: 0, heightM: 0, headingDeg: 0, zoneId: '', safe: false, ...v, ...(v.level !== undefined ? { level: r2(Math.min(1, Math.max(0, v.level))) } : {}) };
}

/** Where a Gaussian plume is above PLUME_DRAWN_TO_LEL: its length downwind along the ground, its half width and
 * its height at their widest. */
export function plumeExtent(qGps: number, uMps: number, s: Stability, heightM: number): { lengthM: number; halfWidthM: number; heightM: number } {
  const lel = (x: number, y: number, z: number) => methanePercentLel(plumeConcentration(qGps, uMps, s, x, y, z, heightM));
  // Off the axis the concentration only falls: step out until it meets the threshold.
  const reach = (f: (d: number) => number) => { let d = 0; while (d < 500 && f(d + 0.25) >= PLUME_DRAWN_TO_LEL) d += 0.25; return d; };
  let lengthM = 0, halfWidthM = 0, highM = 0;
  for (let x = 0.5; x <= 2000; x *= 1.03) {
    if (lel(x, 0, heightM) < PLUME_DRAWN_TO_LEL) { if (lengthM) break; continue; }
    if (lel(x, 0, 0) >= PLUME_DRAWN_TO_LEL) lengthM = x;
    halfWidthM = Math.max(halfWidthM, reach((y) => lel(x, y, heightM)));
    highM = Math.max(highM, heightM + reach((z) => lel(x, 0, heightM + z)));
  }
  return { lengthM: r2(lengthM), halfWidthM, heightM: highM };
}

/** Heskestad's mean flame height, L = 0.235 Q^(2/5) − 1.02 D (Q in kW, D the fire's diameter in m). */
export const flameHeightM = (kw: number, diameterM = 0.6) => (kw <= 0 ? 0 : Math.max(0, 0.235 * kw ** 0.4 - 1.02 * diameterM));
