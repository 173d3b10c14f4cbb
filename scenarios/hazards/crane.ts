// A tower crane in rising wind: the wind ramps from one speed to another; a lift that is too heavy
// for its radius drives the load moment past its limit; the jib weathervanes faster as the wind
// grows. Stopping the crane (load set down, slewing brake on) makes it safe.
import { ratedMomentKgM } from '../../twin-assets/crane';
import type { CraneDef } from '../../twin-assets/districtSchema';

export interface CraneHazardParams { windFromMps: number; windToMps: number; rampS: number; liftKg: number; liftAtS: number; radiusM: number }


/** Wind that makes the jib turn by itself: above 10 m/s it adds 0.3 °/s for each 1 m/s. */
export const WEATHERVANE_FROM_MPS = 10;

export function craneReading(c: CraneDef, p: CraneHazardParams, sinceStartS: number, stopped: boolean): Record<string, number> {
  const wind = p.windFromMps + (p.windToMps - p.windFromMps) * Math.min(1, Math.max(0, sinceStartS / p.rampS));
  const load = !stopped && sinceStartS >= p.liftAtS ? p.liftKg : 0;
  const momentPct = Math.min(400, (load * Math.min(p.radiusM, c.jibLengthM)) / ratedMomentKgM(c) * 100);
  const slew = stopped ? 0 : 1.2 + Math.max(0, wind - WEATHERVANE_FROM_MPS) * 0.3;
  const r = (v: number) => Math.round(v * 100) / 100;
  return { wind_mps: r(wind), load_kg: load, moment_pct: r(momentPct), slew_speed_dps: r(Math.min(slew, 90)) };
}
