// A storm floods an underground space through its entrance: the street zone at the ramp fills as a flood zone does
// (rain against its drains, flood.ts), and once the water tops the ramp's crest it pours down the ramp as over a
// broad-crested weir (Q = 1.705·b·H^1.5 m³/s, b the ramp's width, H the head over the crest; the textbook weir of
// open-channel hydraulics), leaving the street and filling the car park over its floor area. A flood barrier at
// the entrance (sandbags, a flood gate) raises the crest; the car park's pumps take water out; people in it must be
// got out before it is knee-deep, and cars drown at half a metre. Zhengzhou, 20 July 2021: the underground spaces
// filled in minutes once the water found the ramps.
import { z } from 'zod';
import type { Text } from '../../twin-assets/labels';
import { signedArea } from '../../twin-assets/geo';
import { id } from '../fields';
import { round2 } from '../hazardView';
import { defineHazard, type Readings } from './define';
import { FLOOD_FULL_M, initialFlood, stepFlood, type FloodState } from './flood';

/** How far a flood barrier raises the ramp's crest (a row of sandbags, a flood gate), m. */
export const BARRIER_M = 0.6;
/** A broad-crested weir's coefficient in SI units: Q = C·b·H^1.5, m³/s. */
const WEIR_C = 1.705;
/** Knee-deep: people can no longer wade out; a car's doors will not open against half a metre. */
const TRAPPED_AT_M = 0.3, CARS_DROWN_M = 0.5;

export interface UndergroundFloodState {
  street: FloodState; depthM: number; barrier: boolean; pumping: boolean; evacuated: boolean;
  told: { inflow: boolean; trapped: boolean; cars: boolean; out: boolean };
}

/** The weir flow over the ramp's crest, m³/s, for this much water in the street. */
export const rampInflow = (streetDepthM: number, crestM: number, widthM: number) => (streetDepthM > crestM ? WEIR_C * widthM * (streetDepthM - crestM) ** 1.5 : 0);

export const undergroundFlood = defineHazard({
  model: 'underground_flood',
  names: { zh: '地下空间进水', en: 'Underground space flooding' },
  params: z.object({
    peakRainMmPerH: z.number().positive().max(300), stormS: z.number().positive(), peakAtS: z.number().positive(),
    catchmentRatio: z.number().min(0).max(1000), runoff: z.number().min(0).max(1), drainageMmPerH: z.number().min(0),
    rampWidthM: z.number().positive().max(50).default(7), crestM: z.number().min(0).max(2).default(0.15),
    pumpM3PerH: z.number().min(0).max(10_000).default(300),
    people: z.number().int().min(0).max(10_000).default(0), cars: z.number().int().min(0).max(10_000).default(0),
  }),
  paramText: {
    peakRainMmPerH: ['mm/h', '坡道口峰值雨强', 'Peak rainfall at the ramp'], stormS: ['s', '暴雨历时', 'Storm duration'], peakAtS: ['s', '雨强峰值时刻', 'Rain peaks at'],
    catchmentRatio: ['×', '坡道口汇水面积比', 'Ramp catchment ratio'], runoff: ['', '地面径流系数', 'Ground runoff coefficient'],
    drainageMmPerH: ['mm/h', '坡道口排水能力', 'Ramp drainage'], rampWidthM: ['m', '坡道宽度', 'Ramp width'], crestM: ['m', '坡道驼峰高度', 'Ramp crest height'],
    pumpM3PerH: ['m³/h', '车库排水泵能力', 'Car park pumps'], people: ['人', '车库内人数', 'People inside'], cars: ['辆', '车库内车辆', 'Cars inside'],
  },
  /** The flood zone at the ramp's entrance: the street water that pours down it. */
  extra: { zoneId: id },
  devices: { note: 'A water-level gauge in the underground space first (its building is the space), then any in the street zone.' },
  sensedBy: ['water_level'],
  makesSafe: 'block_ramp',
  drawing: 'water',
  prepare: (def, { index, first }) => {
    const gauge = index.devices.get(def.deviceIds[0]!);
    const space = gauge?.buildingId ? index.buildings.get(gauge.buildingId) : undefined;
    const zone = index.district.floodZones.find((z) => z.id === def.zoneId);
    if (!space?.underground || !zone) throw new Error(`${def.id}: its first device must be in an underground building, and zoneId a flood zone`);
    return {
      name: space.name, floorM2: Math.abs(signedArea(space.footprint)), zoneM2: Math.abs(signedArea(zone.polygon)),
      inside: new Set(def.deviceIds.filter((d) => index.devices.get(d)?.buildingId === space.id)),
      spaceId: space.id, first, floorZ: -space.floors * space.floorHeight,
    };
  },
  init: (): UndergroundFloodState => ({ street: initialFlood(), depthM: 0, barrier: false, pumping: false, evacuated: false, told: { inflow: false, trapped: false, cars: false, out: false } }),
  step: (s, { def, env }, tS, dtS) => {
    const p = def.params;
    const street = stepFlood({ ...p, pumpMmPerH: 0 }, s.street, tS - def.startAfterS, dtS);
    const crest = p.crestM + (s.barrier ? BARRIER_M : 0);
    // What pours down the ramp leaves the street: no more than the street holds above the crest.
    const poured = Math.min(rampInflow(street.depthM, crest, p.rampWidthM) * dtS, Math.max(0, street.depthM - crest) * env.zoneM2);
    const pumped = s.pumping ? (p.pumpM3PerH / 3600) * dtS : 0;
    return { ...s, street: { ...street, depthM: street.depthM - poured / env.zoneM2 }, depthM: Math.max(0, s.depthM + (poured - pumped) / env.floorM2) };
  },
  read: (s, { env }, deviceId): Readings => ({ level_m: round2(env.inside.has(deviceId) ? s.depthM : s.street.depthM) }),
  on: {
    block_ramp: (s) => ({ ...s, barrier: true }),
    deploy_pump: (s) => ({ ...s, pumping: true }),
    evacuate: (s) => ({ ...s, evacuated: true }),
  },
  safe: (s) => s.barrier,
  measure: (s) => s.depthM,
  news: (s, { def, env }) => {
    const said: Text[] = [];
    const told = { ...s.told };
    const { people, cars } = def.params;
    if (!told.inflow && s.depthM > 0.02) { told.inflow = true; said.push({ zh: `雨水正沿坡道灌入${env.name.zh}`, en: `Water is pouring down the ramp into ${env.name.en}` }); }
    if (!told.trapped && !s.evacuated && people > 0 && s.depthM > TRAPPED_AT_M) { told.trapped = true; said.push({ zh: `${env.name.zh}积水已没过膝盖，仍有${people}人被困`, en: `Knee-deep water in ${env.name.en}: ${people} people still inside` }); }
    if (!told.cars && cars > 0 && s.depthM > CARS_DROWN_M) { told.cars = true; said.push({ zh: `${env.name.zh}内${cars}辆车被淹`, en: `${cars} cars under water in ${env.name.en}` }); }
    if (!told.out && s.evacuated && people > 0) { told.out = true; said.push({ zh: `${env.name.zh}内${people}人已全部撤出`, en: `All ${people} people are out of ${env.name.en}` }); }
    return { state: said.length ? { ...s, told } : s, said };
  },
  // The water in the space, over its floor (the scene draws it on the underground building's footprint).
  view: (s, { env }) => ({ at: { ...env.first, z: env.floorZ }, level: s.depthM / FLOOD_FULL_M, value: round2(s.depthM), unit: 'm', buildingId: env.spaceId, safe: s.barrier }),
});
