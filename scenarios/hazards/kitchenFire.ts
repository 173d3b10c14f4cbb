// A kitchen fire: heat release grows as t² (NFPA 72 Annex B: a "medium" fire reaches 1,055 kW in
// 300 s, α = 0.01172 kW/s²) up to a peak; the ceiling jet over it is Alpert's correlation,
// ΔT = 16.9 Q^(2/3) / H^(5/3) (Q in kW, H in m, near the plume axis); smoke fills the room from the
// fuel burnt (yield 0.015 g/g, heat of combustion 20 kJ/g) with a mass extinction coefficient of
// 7.6 m²/g (flaming), so obscuration is 100·(1 − e^(−k)) per metre. Put out, the smoke clears with the air changes.
export const ALPHA_MEDIUM = 0.01172;
const SMOKE_YIELD = 0.015, HEAT_OF_COMBUSTION_KJ_PER_G = 20, EXTINCTION_M2_PER_G = 7.6;

export interface KitchenFireParams { alphaKwPerS2: number; peakKw: number; ceilingM: number; roomM3: number; airChangesPerH: number; ambientC: number }
export interface KitchenFireState { burningS: number; out: boolean; smokeG: number; kw: number }

export const initialFire = (): KitchenFireState => ({ burningS: 0, out: false, smokeG: 0, kw: 0 });

export function stepFire(p: KitchenFireParams, s: KitchenFireState, dtS: number): KitchenFireState {
  const burningS = s.out ? s.burningS : s.burningS + dtS;
  const kw = s.out ? 0 : Math.min(p.peakKw, p.alphaKwPerS2 * burningS ** 2);
  const produced = (kw * dtS * SMOKE_YIELD) / HEAT_OF_COMBUSTION_KJ_PER_G;
  const vented = Math.exp((-p.airChangesPerH * dtS) / 3600);
  return { burningS, out: s.out, kw, smokeG: s.smokeG * vented + produced };
}

/** Alpert's ceiling-jet temperature rise near the plume axis (r/H ≤ 0.18). */
export const ceilingRiseC = (kw: number, ceilingM: number) => (kw <= 0 ? 0 : (16.9 * kw ** (2 / 3)) / ceilingM ** (5 / 3));

export function smokeDetectorSees(p: KitchenFireParams, s: KitchenFireState): { smoke_obscuration_pct_m: number; temperature_c: number } {
  const k = (EXTINCTION_M2_PER_G * s.smokeG) / p.roomM3;
  const r = (v: number) => Math.round(v * 100) / 100;
  return { smoke_obscuration_pct_m: r(Math.min(100, 100 * (1 - Math.exp(-k)))), temperature_c: r(Math.min(150, p.ambientC + ceilingRiseC(s.kw, p.ceilingM))) };
}
