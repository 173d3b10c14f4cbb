// What the twin draws of a running hazard, read from its model's state (not from a device's reading, which
// may be late, missing or failed): where it is, how big, how bad. One flat shape for every model, so the
// drill room replicates it as one schema and the client draws it from data; each model's `view` says what
// its fields mean for it, and its `drawing` which renderer draws it.
import type { HazardDef } from './schema';

export interface HazardView {
  id: string;
  model: HazardDef['model'];
  /** Where to draw it, in the district frame (m): the room, the source, the zone's middle, where the person landed. */
  x: number; y: number; z: number;
  /** How bad now, 0–1 (for gas, %LEL/100). */
  level: number;
  /** The model's measure and its unit: 35 %LEL, 420 kW, 0.28 m, 12 m. */
  value: number; unit: string;
  /** Its size: a cloud's length downwind, a room's edge, the drop. */
  sizeM: number;
  /** A cloud's half width at its widest; a flame's height. */
  widthM: number;
  /** How high a cloud stands. */
  heightM: number;
  /** Where the wind carries it (° from north). */
  headingDeg: number;
  /** The district's zone it covers (water). */
  zoneId: string;
  /** A building hazard's building, and how bad the air is in each of its zones (multizone/zoneBoxes.ts gives their
   * boxes): one base-36 digit per zone, 0 clear … z (35) at the drawing's full level. Empty for other hazards. */
  buildingId: string; air: string;
  /** Stopped: the model's `safe`. */
  safe: boolean;
}

/** To the centimetre, the hundredth of a %LEL: what readings and views carry. */
export const round2 = (v: number) => Math.round(v * 100) / 100;

export function view(def: HazardDef, at: { x: number; y: number; z: number }, v: Partial<HazardView>): HazardView {
  return { id: def.id, model: def.model, x: round2(at.x), y: round2(at.y), z: round2(at.z), level: 0, value: 0, unit: '', sizeM: 0, widthM: 0, heightM: 0, headingDeg: 0, zoneId: '', buildingId: '', air: '', safe: false, ...v, ...(v.level !== undefined ? { level: round2(Math.min(1, Math.max(0, v.level))) } : {}) };
}

/** Levels 0–1 as the view's `air` digits. */
export const airDigits = (levels: Iterable<number>) => Array.from(levels, (l) => Math.round(Math.min(1, Math.max(0, l)) * 35).toString(36)).join('');
/** The view's `air` digits back as levels 0–1. */
export const airLevels = (air: string) => Array.from(air, (c) => parseInt(c, 36) / 35);
