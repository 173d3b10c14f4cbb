// A kitchen fire: heat release grows as t² (NFPA 72 Annex B: a "medium" fire reaches 1,055 kW in
// 300 s, α = 0.01172 kW/s²) up to a peak; the ceiling jet over it is Alpert's correlation,
// ΔT = 16.9 Q^(2/3) / H^(5/3) (Q in kW, H in m, near the plume axis); smoke fills the room from the
// fuel burnt (yield 0.015 g/g, heat of combustion 20 kJ/g) with a mass extinction coefficient of
// 7.6 m²/g (flaming), so obscuration is 100·(1 − e^(−k)) per metre. Put out, the smoke clears with the air changes.
import { z } from 'zod';
import { ROOM_PARAM_TEXT } from '../../twin-assets/labels';
import { round2 } from '../hazardView';
import { obscurationPctM } from '../multizone/readings';
import { defineHazard } from './define';

export const ALPHA_MEDIUM = 0.01172;
/** Soot per gram of fuel burnt, and the heat each gram gives. */
export const SMOKE_YIELD = 0.015, HEAT_OF_COMBUSTION_KJ_PER_G = 20;

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
  const r = (v: number) => Math.round(v * 100) / 100;
  return { smoke_obscuration_pct_m: r(obscurationPctM(s.smokeG / p.roomM3)), temperature_c: r(Math.min(150, p.ambientC + ceilingRiseC(s.kw, p.ceilingM))) };
}

/** Heskestad's mean flame height, L = 0.235 Q^(2/5) − 1.02 D (Q in kW, D the fire's diameter in m). */
export const flameHeightM = (kw: number, diameterM = 0.6) => (kw <= 0 ? 0 : Math.max(0, 0.235 * kw ** 0.4 - 1.02 * diameterM));
/** A room's obscuration (%/m) that is drawn as thick smoke: 20 %/m, where a person can no longer see across it. */
export const SMOKE_FULL_PCT_M = 20;
/** Air changes of a room once its windows are opened. */
const AIRED_CHANGES_PER_H = 10;

/** The fire's own parameters, as the editor names them (the building fire has them too). */
export const FIRE_PARAM_TEXT = {
  alphaKwPerS2: ['kW/s²', '火灾增长系数', 'Fire growth α'], peakKw: ['kW', '最大热释放速率', 'Peak heat release'],
  ceilingM: ['m', '顶棚高度', 'Ceiling height'],
} as const;

export const kitchenFire = defineHazard({
  model: 'kitchen_fire',
  names: { zh: '住宅火灾', en: 'Home fire' },
  params: z.object({
    /** t² growth (NFPA 72: slow 0.00293, medium 0.01172, fast 0.0469 kW/s²). */
    alphaKwPerS2: z.number().positive().max(1).default(ALPHA_MEDIUM),
    peakKw: z.number().positive().max(20_000),
    ceilingM: z.number().positive().max(20),
    roomM3: z.number().positive().max(10_000),
    airChangesPerH: z.number().positive().max(60).default(0.5),
    ambientC: z.number().min(-40).max(50).default(20),
  }),
  paramText: {
    ...FIRE_PARAM_TEXT, roomM3: ROOM_PARAM_TEXT.roomM3,
    airChangesPerH: ROOM_PARAM_TEXT.airChangesPerH, ambientC: ['°C', '室温', 'Room temperature'],
  },
  devices: { note: 'The smoke detectors in the room.' },
  sensedBy: ['smoke'],
  editor: {
    placedOn: 'home',
    params: () => ({ alphaKwPerS2: ALPHA_MEDIUM, peakKw: 1000, ceilingM: 2.8, roomM3: 25, airChangesPerH: 0.5, ambientC: 20 }),
    resolve: (hazard) => ({ hazard, afterAction: ['extinguish', 'open_windows'] }),
  },
  makesSafe: 'extinguish',
  drawing: 'fire',
  prepare: (_def, { first }) => ({ first }),
  init: () => ({ fire: initialFire(), aired: false }),
  step: (s, { def }, _tS, dtS) => ({ ...s, fire: stepFire({ ...def.params, airChangesPerH: s.aired ? AIRED_CHANGES_PER_H : def.params.airChangesPerH }, s.fire, dtS) }),
  read: (s, { def }) => smokeDetectorSees(def.params, s.fire),
  on: { extinguish: (s) => ({ ...s, fire: { ...s.fire, out: true } }), open_windows: (s) => ({ ...s, aired: true }) },
  safe: (s) => s.fire.out,
  view: (s, { def, env }) => ({
    // The flame stands on the floor of the room, a ceiling's height below its detector.
    at: { x: env.first.x, y: env.first.y, z: env.first.z - def.params.ceilingM },
    level: smokeDetectorSees(def.params, s.fire).smoke_obscuration_pct_m / SMOKE_FULL_PCT_M, value: Math.round(s.fire.kw), unit: 'kW',
    sizeM: round2(Math.cbrt(def.params.roomM3)), widthM: round2(Math.min(def.params.ceilingM, flameHeightM(s.fire.kw))), safe: s.fire.out,
  }),
});
