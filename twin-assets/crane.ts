// What a crane's data says about it.
import type { CraneDef } from './districtSchema';

/** The load-moment limit: the largest radius × rated load on the crane's curve (kg·m). */
export function ratedMomentKgM(crane: CraneDef): number {
  return Math.max(...crane.loadMomentCurve.map((p) => p.radiusM * p.maxLoadKg));
}
