// A fire in a flat whose smoke goes where the building's air takes it: the fire grows as the kitchen fire does
// (t², kitchenFire.ts), and its heat and soot go into the building's multizone model (multizone/): the flat, its
// landing, the stairwell floor by floor, the other flats and the riser. In old walk-ups people die of the smoke on
// the stairs, not of the flames in the kitchen: with the flat's door open the smoke climbs the stairwell past the
// upper landings' detectors; shut, it stays in the flat. Shutting the door and opening the stair windows clears
// the stairs; opening the flat's windows lets its smoke out. Each device reads its own zone (a household's
// detector its flat, any other its floor's landing); the fire room's detector also feels the ceiling jet.
import { z } from 'zod';
import { CO, SOOT } from '../multizone/network';
import { zoneAir } from '../multizone/readings';
import { round2 } from '../hazardView';
import { airView, initialAir, openingPaths, prepareBuildingAir, setOpen, stepAir, type AirState } from './buildingAir';
import { defineHazard, type Readings } from './define';
import { ALPHA_MEDIUM, ceilingRiseC, FIRE_PARAM_TEXT, flameHeightM, HEAT_OF_COMBUSTION_KJ_PER_G, initialFire, SMOKE_FULL_PCT_M, SMOKE_YIELD, stepFire, type KitchenFireState } from './kitchenFire';

/** The fire's heat that goes into the air (the rest radiates into the room's surfaces). */
const CONVECTIVE = 0.7;
/** Carbon monoxide per gram of fuel burnt in a room fire, g/g (SFPE Handbook's yields for household fuels burning
 * under-ventilated run 0.01–0.2; 0.04 for a flat whose windows are shut), and the air that kills within minutes:
 * 1,200 ppm, NIOSH's immediately dangerous to life or health. */
const CO_YIELD = 0.04, CO_DEADLY_PPM = 1200;

/** `told`: the landings people have spoken of: zone i for its thick smoke, −1 − i for its deadly CO. */
export interface BuildingFireState extends AirState { fire: KitchenFireState; told: number[] }

export const buildingFire = defineHazard({
  model: 'building_fire',
  names: { zh: '住宅楼火灾（烟气蔓延）', en: 'Fire in a block of flats (smoke spread)' },
  params: z.object({
    alphaKwPerS2: z.number().positive().max(1).default(ALPHA_MEDIUM),
    peakKw: z.number().positive().max(20_000),
    ceilingM: z.number().positive().max(20).default(2.8),
    indoorC: z.number().min(-40).max(50).default(20),
    /** How far the flat's door stands open at the start, 0 (shut) … 1 (wide open): a resident who fled. */
    doorOpen: z.number().min(0).max(1).default(0),
    /** The stair windows at the start, 0 (shut) … 1 (open). */
    stairWindowsOpen: z.number().min(0).max(1).default(0),
  }),
  paramText: {
    ...FIRE_PARAM_TEXT, indoorC: ['°C', '楼内温度', 'Indoor temperature'],
    doorOpen: ['0–1', '户门开启程度', 'Flat door open'], stairWindowsOpen: ['0–1', '楼梯间窗户开启程度', 'Stair windows open'],
  },
  devices: { note: 'The fire flat\'s smoke detector first, then any other detectors of the building (landings, other flats).' },
  sensedBy: ['smoke'],
  editor: {
    placedOn: 'home',
    params: () => ({ alphaKwPerS2: ALPHA_MEDIUM, peakKw: 1000, ceilingM: 2.8, indoorC: 20, doorOpen: 1, stairWindowsOpen: 0 }),
    resolve: (hazard) => ({ hazard, afterAction: ['extinguish', 'shut_door', 'open_stair_windows'] }),
  },
  makesSafe: 'extinguish',
  drawing: 'fire',
  prepare: (def, setting) => prepareBuildingAir(def.id, def.deviceIds, setting, [SOOT, CO]),
  init: ({ def, env }): BuildingFireState => ({
    fire: initialFire(), told: [],
    ...initialAir(env, def.params.indoorC, [{ paths: [env.door], f: def.params.doorOpen }, { paths: env.stairWindows, f: def.params.stairWindowsOpen }]),
  }),
  step: (s, { def, env }, _tS, dtS) => {
    const fire = stepFire({ ...def.params, roomM3: env.bz.net.zones[env.source]!.volumeM3, airChangesPerH: 0, ambientC: def.params.indoorC }, s.fire, dtS);
    const burntKgS = fire.kw / HEAT_OF_COMBUSTION_KJ_PER_G / 1000;
    return { ...stepAir(env, s, dtS, { releases: [{ species: 0, zone: env.source, kgS: burntKgS * SMOKE_YIELD }, { species: 1, zone: env.source, kgS: burntKgS * CO_YIELD }], heat: [{ zone: env.source, watts: CONVECTIVE * fire.kw * 1000 }] }), fire };
  },
  read: (s, { def, env }, deviceId): Readings => {
    const zone = env.zoneOf.get(deviceId) ?? -1;
    if (zone < 0) return {};
    const air = zoneAir(env.model, s.air, zone);
    const jet = zone === env.source ? def.params.indoorC + ceilingRiseC(s.fire.kw, def.params.ceilingM) : -Infinity;
    return { smoke_obscuration_pct_m: air.smoke_obscuration_pct_m, temperature_c: round2(Math.min(150, Math.max(air.temperature_c, jet))) };
  },
  on: {
    extinguish: (s) => ({ ...s, fire: { ...s.fire, out: true } }),
    open_windows: (s, _tS, { env }) => setOpen(s, env.windows, 1),
    shut_door: (s, _tS, { env }) => setOpen(s, [env.door], 0),
    open_stair_windows: (s, _tS, { env }) => setOpen(s, env.stairWindows, 1),
  },
  opening: (s, what, f, { env }) => setOpen(s, openingPaths(env, what), f),
  safe: (s) => s.fire.out,
  news: (s, { env }) => {
    // Residents on the stairs tell of thick smoke, once per landing; the responders' meters, of deadly CO.
    const said: { zh: string; en: string }[] = [];
    const told = s.told.slice();
    env.bz.zones.forEach((z, i) => {
      if (z.kind !== 'landing') return;
      const air = zoneAir(env.model, s.air, i);
      if (!told.includes(i) && air.smoke_obscuration_pct_m >= SMOKE_FULL_PCT_M) {
        told.push(i);
        said.push({ zh: `${env.building.zh}${z.unit}单元${z.floor}层楼梯间浓烟弥漫`, en: `Thick smoke on the stairs of ${env.building.en}, unit ${z.unit}, floor ${z.floor}` });
      }
      if (!told.includes(-1 - i) && air.co_ppm >= CO_DEADLY_PPM) {
        told.push(-1 - i);
        said.push({ zh: `${env.building.zh}${z.unit}单元${z.floor}层楼梯间一氧化碳达${air.co_ppm} ppm，无防护不得进入`, en: `Carbon monoxide at ${air.co_ppm} ppm on the stairs of ${env.building.en}, unit ${z.unit}, floor ${z.floor}: no entry without breathing apparatus` });
      }
    });
    return { state: said.length ? { ...s, told } : s, said };
  },
  view: (s, { def, env }) => ({
    at: { x: env.first.x, y: env.first.y, z: env.first.z - def.params.ceilingM },
    level: zoneAir(env.model, s.air, env.source).smoke_obscuration_pct_m / SMOKE_FULL_PCT_M, value: Math.round(s.fire.kw), unit: 'kW',
    sizeM: round2(Math.cbrt(env.bz.net.zones[env.source]!.volumeM3)), widthM: round2(Math.min(def.params.ceilingM, flameHeightM(s.fire.kw))), safe: s.fire.out,
    ...airView(env, s, (a) => a.smoke_obscuration_pct_m / SMOKE_FULL_PCT_M),
  }),
});
