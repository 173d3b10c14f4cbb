// What a detector in a zone reads from the zone's air: a smoke detector its obscuration (the soot's mass
// extinction, 7.6 m²/g for flaming fires, Mulholland and Croarkin, Fire and Materials 24, 2000) and temperature,
// a gas detector the fuel gas as %LEL; the air's carbon monoxide in ppm (what kills on smoky stairs). One home for
// these conversions: the single-room hazards use them too.
import { M_AIR, type Species } from './network';
import type { MultizoneModel, MultizoneState } from './model';

export const EXTINCTION_M2_PER_G = 7.6;
/** Obscuration per metre, %, of air holding this much soot, g/m³. */
export const obscurationPctM = (sootGPerM3: number) => Math.min(100, 100 * (1 - Math.exp(-EXTINCTION_M2_PER_G * sootGPerM3)));
/** A gas's volume fraction from its mass fraction in air. */
export const volumeFraction = (massFraction: number, s: Species) => massFraction / s.molarMass / (massFraction / s.molarMass + (1 - massFraction) / M_AIR);

export interface ZoneAir { smoke_obscuration_pct_m: number; temperature_c: number; gas_lel: number; co_ppm: number }

export function zoneAir(model: MultizoneModel, s: MultizoneState, zone: number): ZoneAir {
  const rho = model.density(s, zone);
  const r2 = (v: number) => Math.round(v * 100) / 100;
  let soot = 0, lel = 0, co = 0;
  model.species.forEach((sp, k) => {
    const w = s.w[k]![zone]!;
    if (sp.id === 'soot') soot += w * rho * 1000;
    else if (sp.id === 'co') co += volumeFraction(w, sp) * 1e6;
    else if (sp.lel) lel += (volumeFraction(w, sp) / sp.lel) * 100;
  });
  return { smoke_obscuration_pct_m: r2(obscurationPctM(soot)), temperature_c: r2(s.tK[zone]! - 273.15), gas_lel: r2(Math.min(100, lel)), co_ppm: Math.round(co) };
}
