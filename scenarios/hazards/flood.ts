// A low-lying zone under a storm: rain falls at an intensity that rises to a peak and falls away
// (a triangular hyetograph); the zone's catchment drains into it, its drains and pumps take water
// away. Depth changes at (rain · runoff · catchment/zone − drainage) per hour, never below zero.
import { z } from 'zod';
import type { Text } from '../../twin-assets/labels';
import { insidePolygon } from '../../twin-assets/geo';
import { id } from '../fields';
import { round2 } from '../hazardView';
import { defineHazard, type Readings } from './define';

export interface FloodParams {
  peakRainMmPerH: number; stormS: number; peakAtS: number;
  /** Catchment area draining into the zone, as a multiple of the zone's own area, and its runoff coefficient. */
  catchmentRatio: number; runoff: number;
  drainageMmPerH: number; pumpMmPerH: number;
}
export interface FloodState { depthM: number; pumping: boolean; peakDepthM: number }

export const initialFlood = (): FloodState => ({ depthM: 0, pumping: false, peakDepthM: 0 });

export function rainAt(p: FloodParams, tS: number): number {
  if (tS <= 0 || tS >= p.stormS) return 0;
  return tS <= p.peakAtS ? (p.peakRainMmPerH * tS) / p.peakAtS : (p.peakRainMmPerH * (p.stormS - tS)) / (p.stormS - p.peakAtS);
}

export function stepFlood(p: FloodParams, s: FloodState, tS: number, dtS: number): FloodState {
  const inflow = rainAt(p, tS) * p.runoff * (1 + p.catchmentRatio);
  const outflow = p.drainageMmPerH + (s.pumping ? p.pumpMmPerH : 0);
  const depthM = Math.max(0, s.depthM + ((inflow - outflow) / 1000) * (dtS / 3600));
  return { ...s, depthM, peakDepthM: Math.max(s.peakDepthM, depthM) };
}

/** A manhole in the zone is under water once the depth tops its cover. */
export const manholeSubmerged = (s: FloodState) => s.depthM > 0.05;

/** Half a metre of water: cars stall, no one walks through it. */
export const FLOOD_FULL_M = 0.5;
/** Water above the knee: an elderly or disabled resident can no longer get out alone. */
const STRANDED_AT_M = 0.3;

export const flood = defineHazard({
  model: 'flood',
  names: { zh: '内涝积水', en: 'Flooding' },
  params: z.object({
    peakRainMmPerH: z.number().positive().max(300), stormS: z.number().positive(), peakAtS: z.number().positive(),
    catchmentRatio: z.number().min(0).max(1000), runoff: z.number().min(0).max(1),
    drainageMmPerH: z.number().min(0), pumpMmPerH: z.number().min(0),
  }),
  paramText: {
    peakRainMmPerH: ['mm/h', '峰值雨强', 'Peak rainfall'], stormS: ['s', '降雨历时', 'Storm length'], peakAtS: ['s', '雨峰时刻', 'Peak at'],
    catchmentRatio: ['×', '汇水面积比', 'Catchment ratio'], runoff: ['', '径流系数', 'Runoff coefficient'],
    drainageMmPerH: ['mm/h', '排水能力', 'Drainage'], pumpMmPerH: ['mm/h', '泵排能力', 'Pumping'],
  },
  /** The district's flood zone: its ground-floor homes are where residents get stranded. */
  extra: { zoneId: id.optional() },
  devices: { note: "The zone's water-level gauge and manholes." },
  sensedBy: ['water_level', 'manhole'],
  editor: {
    placedOn: 'zone',
    params: () => ({ peakRainMmPerH: 80, stormS: 7200, peakAtS: 2400, catchmentRatio: 5, runoff: 0.8, drainageMmPerH: 30, pumpMmPerH: 600 }),
    resolve: (hazard) => ({ hazard, belowLevelM: 0.05 }),
    curve: { of: rainAt, spanS: (p) => p.stormS, peak: (p) => Math.max(p.peakRainMmPerH, 1), unit: 'mm/h', caption: { zh: '降雨过程线', en: 'Rainfall over the storm' } },
  },
  makesSafe: 'deploy_pump',
  drawing: 'water',
  prepare: (def, { index, first }) => {
    // Ground-floor homes of the zone: stranded once the water is knee-deep, until they are evacuated.
    const zone = def.zoneId ? index.district.floodZones.find((z) => z.id === def.zoneId) : undefined;
    const homes = zone ? index.district.households.filter((h) => h.floor <= 1 && insidePolygon(index.buildings.get(h.buildingId), zone.polygon)) : [];
    const people = homes.flatMap((h) => h.residents);
    const vulnerable = people.filter((r) => (r.livingAlone && r.age >= 70) || r.disabled);
    // The zone drawn: the one named, else the one its gauge reports on.
    const drawn = zone ?? index.district.floodZones.find((z) => z.gaugeDeviceId !== null && def.deviceIds.includes(z.gaugeDeviceId));
    const middle = drawn ? { x: drawn.polygon.reduce((a, p) => a + p.x, 0) / drawn.polygon.length, y: drawn.polygon.reduce((a, p) => a + p.y, 0) / drawn.polygon.length, z: 0 } : first;
    const manholes = new Set(def.deviceIds.filter((d) => index.devices.get(d)?.type === 'manhole'));
    return { homes: homes.length, people: people.length, vulnerable, drawnZoneId: drawn?.id ?? '', middle, manholes };
  },
  init: () => ({ flood: initialFlood(), stranded: false, evacuated: false, told: { stranded: false, evacuated: false } }),
  step: (s, { def }, tS, dtS) => ({ ...s, flood: stepFlood(def.params, s.flood, tS - def.startAfterS, dtS) }),
  read: (s, { env }, deviceId): Readings => (env.manholes.has(deviceId) ? { submerged: manholeSubmerged(s.flood), tilt_deg: 0.5 } : { level_m: round2(s.flood.depthM) }),
  on: { deploy_pump: (s) => ({ ...s, flood: { ...s.flood, pumping: true } }), evacuate: (s) => ({ ...s, evacuated: true }) },
  safe: (s) => s.flood.pumping,
  measure: (s) => s.flood.depthM,
  news: (s, { env }) => {
    const said: Text[] = [];
    let { stranded, told } = s;
    if (!stranded && !s.evacuated && env.people && s.flood.depthM > STRANDED_AT_M) stranded = true;
    if (stranded && !told.stranded) {
      told = { ...told, stranded: true };
      said.push({
        en: `${env.people} resident(s) stranded on the ground floor of ${env.homes} home(s), ${env.vulnerable.length} vulnerable: ${env.vulnerable.map((r) => `${r.name} (${r.age})`).join(', ')}`,
        zh: `${env.homes}户一楼住户共${env.people}人被困，其中${env.vulnerable.length}人需重点关照：${env.vulnerable.map((r) => `${r.name}（${r.age}岁）`).join('、')}`,
      });
    }
    if (s.evacuated && env.people && !told.evacuated) { told = { ...told, evacuated: true }; said.push({ en: `${env.people} resident(s) moved out of the ground-floor homes`, zh: `一楼${env.people}名住户已全部转移` }); }
    return { state: { ...s, stranded, told }, said };
  },
  view: (s, { env }) => ({ at: env.middle, level: s.flood.depthM / FLOOD_FULL_M, value: round2(s.flood.depthM), unit: 'm', zoneId: env.drawnZoneId, safe: s.flood.pumping }),
});
