// A fall from height: a person drops from a scaffold, a crane or a chair onto the ground. The drop is
// simulated once, up front, under rapier (fallPhysics.ts) and sampled: fall time, impact speed, and what
// the devices around would report.
import { z } from 'zod';
import { QUANTITY_LABELS } from '../../twin-assets/labels';
import { defineHazard } from './define';

export const G = 9.81;

export interface FallTrace { fallTimeS: number; impactSpeedMps: number; heightM: number }

/** Analytic free fall, for comparison. */
export const freeFall = (h: number) => ({ fallTimeS: Math.sqrt((2 * h) / G), impactSpeedMps: Math.sqrt(2 * G * h) });

/** What a wrist bracelet reports around a fall: free fall, then an impact, then a person lying still. */
export function braceletAfterFall(trace: FallTrace, sinceStartS: number): Record<string, number | boolean> {
  if (sinceStartS < trace.fallTimeS) return { fall_detected: false, heart_rate_bpm: 88 };
  return { fall_detected: true, heart_rate_bpm: trace.impactSpeedMps > 7 ? 128 : 104 };
}

export interface SiteAtFall { craneLoadKg: number; craneMomentPct: number; windMps: number; ambientC: number }

/** The crane was lifting the dismantled scaffold; on the shout the operator stops slewing and holds the load.
 * Its monitor shows that, and nothing it would alarm on: a fall is not a crane fault. */
export function craneAroundFall(trace: FallTrace, site: SiteAtFall, sinceStartS: number): Record<string, number | boolean> {
  const stopped = sinceStartS >= trace.fallTimeS;
  return { load_kg: site.craneLoadKg, moment_pct: site.craneMomentPct, slew_speed_dps: stopped ? 0 : 0.6, wind_mps: site.windMps };
}

/** A thermal camera over the site: its hottest pixel is sunlit steel until a warm body lies on the
 * ground in view (skin ≈ 33 °C under work clothes). Far below a fire's hot spot: it does not alarm. */
export function thermalCameraAroundFall(trace: FallTrace, site: SiteAtFall, sinceStartS: number): Record<string, number | boolean> {
  const scene = site.ambientC + 6;
  return { max_temp_c: sinceStartS >= trace.fallTimeS ? Math.max(scene, 33) : scene };
}

export const fall = defineHazard({
  model: 'fall',
  names: { zh: '脚手架高处坠落', en: 'Fall from scaffolding' },
  params: z.object({
    heightM: z.number().positive().max(300),
    /** What the site's crane holds on its hook when the worker falls. */
    craneLoadKg: z.number().min(0).max(100_000).default(800),
    craneMomentPct: z.number().min(0).max(200).default(35),
  }),
  paramText: { heightM: ['m', '坠落高度', 'Fall height'], craneLoadKg: ['kg', '吊重', 'Load on the hook'], craneMomentPct: ['%', QUANTITY_LABELS.moment_pct!.zh, QUANTITY_LABELS.moment_pct!.en] },
  devices: { note: 'The bracelet worn by the person who falls, and any crane monitor or thermal camera on the site.' },
  sensedBy: ['bracelet', 'crane', 'thermal_camera'],
  editor: {
    placedOn: 'scaffold',
    // From up to the building's height: a scaffold stands to about six tenths of it, and 45 m at most.
    params: (d, where) => {
      const site = d.buildings.find((b) => b.id === where.buildingId);
      return { heightM: site ? Math.min(Math.round(site.floors * site.floorHeight * 0.6), 45) : 12 };
    },
    resolve: (hazard) => ({ hazard, afterAction: 'handover_120' }),
  },
  makesSafe: null,
  drawing: 'fall',
  prepare: async (def, { weather, index, first }) => {
    const { simulateFall } = await import('./fallPhysics');
    const sees = { crane: craneAroundFall, thermal_camera: thermalCameraAroundFall } as const;
    const models = new Map(def.deviceIds.map((id) => {
      const type = index.devices.get(id)?.type;
      return [id, type === 'crane' || type === 'thermal_camera' ? sees[type] : null] as const;
    }));
    return { trace: await simulateFall(def.params.heightM), site: { ...def.params, windMps: weather.windMps, ambientC: weather.tempC }, models, first };
  },
  init: () => ({}),
  read: (_s, { def, env }, deviceId, tS) => {
    const model = env.models.get(deviceId);
    return model ? model(env.trace, env.site, tS - def.startAfterS) : braceletAfterFall(env.trace, tS - def.startAfterS);
  },
  safe: () => false,
  // Where the person lies: below the bracelet's last place, once the fall is over.
  view: (_s, { def, env }, tS) => ({ at: { x: env.first.x, y: env.first.y, z: 0 }, level: tS - def.startAfterS >= env.trace.fallTimeS ? 1 : 0, value: def.params.heightM, unit: 'm', sizeM: def.params.heightM }),
});
