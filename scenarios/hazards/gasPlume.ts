// A ruptured gas main in the street: a Gaussian plume (plume.ts) carried by the scenario's wind to the
// outdoor detectors downwind. Shutting the main stops the release; the last gas passes each point once the
// wind has carried it there.
import { z } from 'zod';
import type { DistrictIndex } from '../../twin-assets/districtIndex';
import { round2 } from '../hazardView';
import { defineHazard, type Entry, type Prepared } from './define';
import { methanePercentLel, plumeConcentration, windFrame, type Stability } from './plume';

/** The plume is drawn where it is above this %LEL. */
export const PLUME_DRAWN_TO_LEL = 10;

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
  return { lengthM: round2(lengthM), halfWidthM, heightM: highM };
}

const params = z.object({
  source: z.object({ x: z.number(), y: z.number() }),
  releaseGps: z.number().positive().max(10_000),
  heightM: z.number().min(0).max(100).default(0),
  /** Where the wind blows to, in degrees (0 north, 90 east); its speed and stability come from `initial.weather`. */
  windToDeg: z.number().min(0).max(360),
});
interface PlumeEnv { u: number; stability: Stability; extent: ReturnType<typeof plumeExtent>; index: DistrictIndex }
type Plume = Prepared<Entry<'gas_plume', z.output<typeof params>>, PlumeEnv>;

export const gasPlume = defineHazard({
  model: 'gas_plume',
  names: { zh: '燃气管道破裂扩散', en: 'Gas main rupture' },
  params,
  paramText: { source: ['m', '泄漏点', 'Release point'], releaseGps: ['g/s', '泄漏速率', 'Release rate'], heightM: ['m', '泄漏高度', 'Release height'], windToDeg: ['°', '下风方向', 'Wind blows to'] },
  devices: { note: 'Outdoor detectors (and any device with a gas reading) downwind of a ruptured main.' },
  sensedBy: ['gas'],
  makesSafe: 'shut_valve',
  drawing: 'plume',
  prepare: (def, { weather, index }): PlumeEnv => {
    const u = Math.max(weather.windMps, 0.5); // a Gaussian plume needs some wind; calmer air is taken as 0.5 m/s
    return { u, stability: weather.stability, extent: plumeExtent(def.params.releaseGps, u, weather.stability, def.params.heightM), index };
  },
  init: () => ({ shutAt: null as number | null }),
  read: (s, h, deviceId, tS) => ({ gas_lel: round2(lelAt(s, h, deviceId, tS)) }),
  on: { shut_valve: (s, tS) => (s.shutAt === null ? { shutAt: tS } : s) },
  safe: (s) => s.shutAt !== null,
  measure: (s, h, tS) => Math.max(...h.def.deviceIds.map((id) => lelAt(s, h, id, tS))),
  view: (s, { def, env }, tS) => {
    // The cloud reaches as far as the wind has carried the gas, and drifts off once the main is shut.
    const since = tS - def.startAfterS;
    const reach = since <= 0 ? 0 : Math.min(env.extent.lengthM, env.u * since);
    const gone = s.shutAt === null ? 0 : env.u * (tS - s.shutAt);
    const lengthM = Math.max(0, reach - gone);
    const peak = lengthM > 0 ? methanePercentLel(plumeConcentration(def.params.releaseGps, env.u, env.stability, Math.max(1, gone), 0, 0, def.params.heightM)) : 0;
    return { at: { ...def.params.source, z: def.params.heightM }, level: peak / 100, value: round2(peak), unit: '%LEL', sizeM: round2(lengthM), widthM: env.extent.halfWidthM, heightM: env.extent.heightM, headingDeg: def.params.windToDeg, safe: s.shutAt !== null };
  },
});

/** %LEL at a device at tS: after the release stops, the last gas passes a point once the wind has carried it there. */
function lelAt(s: { shutAt: number | null }, { def, env }: Plume, deviceId: string, tS: number): number {
  const device = env.index.devices.get(deviceId);
  if (!device) return 0;
  const p = windFrame(def.params.source, device.position, def.params.windToDeg);
  if (s.shutAt !== null && tS - s.shutAt > Math.max(p.x, 0) / env.u) return 0;
  return methanePercentLel(plumeConcentration(def.params.releaseGps, env.u, env.stability, p.x, p.y, device.position.z, def.params.heightM));
}
